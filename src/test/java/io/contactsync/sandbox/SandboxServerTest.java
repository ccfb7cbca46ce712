package io.contactsync.sandbox;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxServerTest {

    @Test
    void should_turn_on_tcp_nodelay_for_the_jdk_http_server_when_started() {
        try (SandboxServer server = SandboxServer.start(SandboxClient.testConfig())) {
            assertThat(server.port()).isPositive();
            // Whoever starts the sandbox (CLI, demo, tests) gets answers without Nagle's ~40 ms delay.
            assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
        }
    }
}
