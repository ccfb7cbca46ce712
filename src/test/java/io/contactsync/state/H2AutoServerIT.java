package io.contactsync.state;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The default H2 state file shared by two JVMs, as {@code run} and a command line next to it share it: the first
 * process serves the file (AUTO_SERVER, on loopback), the second reads and writes through it, the lease refuses
 * it the flow the first one holds, and once the first is killed its lease expires and its run is marked abandoned.
 */
class H2AutoServerIT {

    private static final Duration TTL = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private Process other;

    @AfterEach
    void killTheOtherProcess() throws InterruptedException {
        if (other != null && other.isAlive()) {
            other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void should_serve_the_file_to_a_second_jvm_and_refuse_it_the_flow_the_first_holds() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath();
        long run = startTheOtherProcess(url, "other-host/1#first");

        // Without the mixed mode the second process cannot even open the file: the problem this fixes.
        assertThatThrownBy(() -> DriverManager.getConnection(url + ";AUTO_SERVER=FALSE", "sa", "").close())
                .isInstanceOf(SQLException.class);
        int port = Integer.parseInt(lockFileServer().replaceAll(".*:", ""));
        assertThat(listensOn(InetAddress.getLoopbackAddress(), port)).isTrue();
        for (InetAddress outside : nonLoopbackAddresses()) {
            assertThat(listensOn(outside, port)).as("AUTO_SERVER port on %s", outside).isFalse();
        }

        try (JdbcStateStore second = JdbcStateStore.open(url, "sa", "")) {
            assertThat(second.lease("crm-to-ctct")).hasValueSatisfying(l -> {
                assertThat(l.holder()).isEqualTo("other-host/1#first");
                assertThat(l.runId()).isEqualTo(run);
            });
            assertThat(second.tryAcquireLease("crm-to-ctct", "this-host/2#second", TTL, Instant.now()))
                    .isInstanceOfSatisfying(LeaseOutcome.Held.class,
                            h -> assertThat(h.current().holder()).isEqualTo("other-host/1#first"));
            assertThat(second.tryAcquireLease("ctct-to-crm", "this-host/2#second", TTL, Instant.now()))
                    .isInstanceOf(LeaseOutcome.Acquired.class);
            assertThat(second.addApiUsage("client", LocalDate.now(), 3, 0, null).used()).isEqualTo(3);
            assertThat(second.apiUsage("client", LocalDate.now()).used()).isEqualTo(3);

            // A crash: the holder is gone without releasing anything.
            other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Instant afterTtl = Instant.now().plus(TTL).plusSeconds(1);

            LeaseOutcome taken = second.tryAcquireLease("crm-to-ctct", "this-host/2#second", TTL, afterTtl);

            assertThat(taken).isInstanceOfSatisfying(LeaseOutcome.Acquired.class, a -> {
                assertThat(a.previous().holder()).isEqualTo("other-host/1#first");
                assertThat(a.abandonedRuns()).containsExactly(run);
            });
            List<RunRecord> runs = second.lastRuns(10);
            assertThat(runs).filteredOn(r -> r.id() == run).singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.ABANDONED));
        }
    }

    private long startTheOtherProcess(String url, String holder) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LeaseHolderProcess.class.getName(), url, holder, String.valueOf(TTL.toMillis()))
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> held = CompletableFuture.supplyAsync(() -> {
            try {
                StringBuilder seen = new StringBuilder();
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("HELD ")) {
                        return line;
                    }
                    seen.append(line).append('\n');
                }
                throw new IllegalStateException("the other process ended without holding the lease:\n" + seen);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        String line = held.get(60, TimeUnit.SECONDS);
        // Keep draining its output so it never blocks on a full pipe.
        CompletableFuture.runAsync(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (IOException e) {
                // the process was killed
            }
        });
        return Long.parseLong(line.substring("HELD ".length()).trim());
    }

    private static boolean listensOn(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
        return NetworkInterface.networkInterfaces().filter(i -> {
            try {
                return i.isUp() && !i.isLoopback();
            } catch (SocketException e) {
                return false;
            }
        }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address).toList();
    }

    /** Where the serving process listens, as H2 wrote it into the lock file for other processes. */
    private String lockFileServer() throws IOException {
        Properties lock = new Properties();
        try (var in = Files.newInputStream(dir.resolve("state.lock.db"))) {
            lock.load(in);
        }
        return lock.getProperty("server", "");
    }
}
