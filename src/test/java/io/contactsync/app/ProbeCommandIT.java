package io.contactsync.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;

import io.contactsync.sandbox.SandboxConfig;
import io.contactsync.sandbox.SandboxServer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code probe}, the containers' healthcheck, against the real sandbox over HTTP. */
class ProbeCommandIT {

    @Test
    void should_exit_0_only_on_a_2xx_answer() throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxConfig.defaults().withPort(0))) {
            String base = "http://127.0.0.1:" + sandbox.port();
            assertThat(probe(base + "/sandbox/stats")).isZero();
            assertThat(probe(base + "/v3/contacts")).as("401 without a token").isEqualTo(1);
            assertThat(probe(base + "/no/such/path")).isEqualTo(1);
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThat(probe("http://127.0.0.1:" + closed + "/observe/health/live")).as("nothing listening").isEqualTo(1);
        assertThat(probe("ftp://127.0.0.1/")).as("not http").isEqualTo(1);
    }

    private static int probe(String url) {
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new ContactSyncMain());
        cmd.setOut(new PrintWriter(out));
        int exit = cmd.execute("probe", "--timeout", "3", url);
        assertThat(out.toString()).startsWith(url);
        return exit;
    }
}
