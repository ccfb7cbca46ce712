package io.contactsync.state;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Times page commits of 5,000 links (with snapshots) on a fresh H2 file: inserting new links, then replacing
 * them. A harness, not a test: run it by hand with the test classpath,
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) io.contactsync.state.StateCommitBenchmark}.
 */
public final class StateCommitBenchmark {

    private static final int LINKS = 5_000;
    private static final int ROUNDS = 8;

    private StateCommitBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("state-bench");
        try (JdbcStateStore store = JdbcStateStore.open("jdbc:h2:file:" + dir.resolve("state"), "sa", "")) {
            for (int round = 0; round < ROUNDS; round++) {
                PageCommit fresh = page(round, "new");
                String insert = time(() -> store.commit(fresh));
                PageCommit again = page(round, "changed");
                String replace = time(() -> store.commit(again));
                System.out.printf("round %d: %,d new links %s, same links replaced %s (links stored: %,d)%n",
                        round, LINKS, insert, replace, store.linkCount());
            }
        }
    }

    private static PageCommit page(int round, String value) {
        Instant now = Instant.now();
        List<LinkedContact> links = IntStream.range(0, LINKS).mapToObj(i -> {
            String id = round + "-" + i;
            Map<String, String> fields = Map.of("email", "user" + id + "@example.org", "first_name", "First " + id,
                    "last_name", "Last " + value, "company_name", "Company " + i, "city", "City", "cf:tier", "gold");
            return new LinkedContact("crm-" + id, "contact-" + id, "user" + id + "@example.org", fields, now, now, now);
        }).toList();
        return new PageCommit(links, List.of(), List.of(), List.of(), List.of(), List.of(),
                new Checkpoint("crm-to-ctct", now, "crm-" + round, null));
    }

    /** Wall-clock milliseconds, and in brackets the CPU milliseconds of this thread (H2 runs in the caller). */
    private static String time(Runnable work) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1_000_000 + " ms (cpu "
                + (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000 + " ms)";
    }
}
