package io.contactsync.state;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The state store contract on a real H2 file, opened the way the engine opens it. */
class JdbcStateStoreH2IT extends StateStoreContract {

    @TempDir
    Path dir;

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("state") + ";AUTO_SERVER=FALSE";
    }

    @Override
    public JdbcStateStore openStore() {
        return JdbcStateStore.open(url(), "sa", "");
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), "sa", "");
    }
}
