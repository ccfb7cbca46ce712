package io.contactsync.crm.jdbc;

import java.nio.file.Path;

class JdbcCrmConnectorReadsH2IT extends JdbcCrmConnectorReadsContract {
    @Override
    TestDatabase openDatabase(Path dir) {
        return TestDatabase.h2(dir);
    }
}
