package io.contactsync.crm.jdbc;

import java.nio.file.Path;

/** Runs when CONTACTSYNC_TEST_PG_URL (and _USER, _PASSWORD) name a PostgreSQL database; skipped otherwise. */
class JdbcCrmConnectorReadsPostgresIT extends JdbcCrmConnectorReadsContract {
    @Override
    TestDatabase openDatabase(Path dir) {
        return TestDatabase.postgres();
    }
}
