package io.contactsync.crm.jdbc;

import java.nio.file.Path;

class JdbcCrmConnectorWritesH2IT extends JdbcCrmConnectorWritesContract {
    @Override
    TestDatabase openDatabase(Path dir) {
        return TestDatabase.h2(dir);
    }
}
