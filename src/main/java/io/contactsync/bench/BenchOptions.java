package io.contactsync.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * What to measure.
 *
 * @param contacts          N, the size of the synthetic CRM and account
 * @param dir               the work folder (made or emptied by the harness)
 * @param phases            phases to run, in the order of {@link #ALL}
 * @param realLimits        sandbox and engine at Constant Contact's 4 requests/s and 10,000 requests/day
 * @param baselineContacts  contacts the per-contact baseline sends (0 = no baseline)
 * @param engineHeap        {@code -Xmx} of the engine's JVM ("256m")
 * @param mapping           the engine's mapping file, or null for the configured default ({@code mappings/contacts.yaml})
 */
public record BenchOptions(int contacts, Path dir, List<String> phases, boolean realLimits, int baselineContacts,
                           String engineHeap, Path mapping) {

    public static final List<String> ALL = List.of("push", "pull", "twoway", "incremental", "noop");

    public BenchOptions {
        phases = ALL.stream().filter(phases::contains).toList();
    }

    public BenchOptions(int contacts, Path dir, List<String> phases, boolean realLimits, int baselineContacts,
                        String engineHeap) {
        this(contacts, dir, phases, realLimits, baselineContacts, engineHeap, null);
    }
}
