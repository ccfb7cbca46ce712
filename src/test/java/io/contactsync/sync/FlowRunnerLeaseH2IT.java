package io.contactsync.sync;

import java.nio.file.Path;

import io.contactsync.state.JdbcStateStore;
import org.junit.jupiter.api.io.TempDir;

/** Two engines' runners on one H2 state file, opened as the engine opens it (AUTO_SERVER added by the store). */
class FlowRunnerLeaseH2IT extends FlowRunnerLeaseContract {

    @TempDir
    Path dir;

    @Override
    protected JdbcStateStore openStore() {
        return JdbcStateStore.open("jdbc:h2:file:" + dir.resolve("state").toAbsolutePath(), "sa", "");
    }
}
