package io.contactsync.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import io.contactsync.ContactSyncException;
import io.contactsync.bench.BenchHarness;
import io.contactsync.bench.BenchOptions;
import io.contactsync.bench.BenchReport;
import io.contactsync.bench.PhaseResult;
import io.contactsync.sandbox.SandboxLibraries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: the shipped benchmark. Exit 0 when every phase ran, 1 when a phase (or the baseline) failed, 2 for
 * bad options, 3 when the push phase's calls per contact exceed {@code --max-calls-per-contact} (the CI's gate).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the engine against an in-process sandbox: initial push, initial pull, first two-way sync,"
                + " 1 %% incremental, no-op; wall time, API calls per contact by endpoint, imports vs the limits, peak heap"
                + " and RSS, projected contacts/day, and a per-contact baseline (0 = ok, 1 = a phase failed, 2 = usage,"
                + " 3 = push calls per contact above --max-calls-per-contact).")
public final class BenchCommand implements Callable<Integer> {

    static final String MARKER = ".contact-sync-bench";

    @Option(names = "--contacts", defaultValue = "10000", description = "N: contacts in the synthetic CRM and account. Default: ${DEFAULT-VALUE}")
    int contacts;

    @Option(names = "--dir", description = "Work folder: new, empty, or made by an earlier bench (emptied first). Default: a new temporary folder.")
    Path dir;

    @Option(names = "--phases", defaultValue = "push,pull,twoway,incremental,noop", split = ",",
            description = "Phases to run (push, pull, twoway, incremental, noop). Default: all")
    List<String> phases;

    @Option(names = "--real-limits", description = "Sandbox and engine at Constant Contact's 4 requests/s and 10,000 requests/day.")
    boolean realLimits;

    @Option(names = "--baseline-contacts", description = "Contacts the per-contact baseline sends (0: none). Default: min(N, 1000)")
    Integer baselineContacts;

    @Option(names = "--engine-heap", defaultValue = "256m", description = "-Xmx of the engine's JVM. Default: ${DEFAULT-VALUE}")
    String engineHeap;

    @Option(names = "--mapping", description = "The engine's mapping file (e.g. mappings/contacts-without-address.yaml,"
            + " whose pulls can read one contact export). Default: the configured mappings/contacts.yaml")
    Path mapping;

    @Option(names = "--json", description = "Print one JSON object with every figure instead of the tables.")
    boolean json;

    @Option(names = "--max-calls-per-contact", description = "Exit 3 when the push phase needs more API calls per contact than this.")
    Double maxCallsPerContact;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (contacts < 2) {
            throw new ParameterException(spec.commandLine(), "--contacts must be at least 2, got " + contacts);
        }
        for (String p : phases) {
            if (!BenchOptions.ALL.contains(p)) {
                throw new ParameterException(spec.commandLine(), "--phases: unknown phase '" + p + "' (one of " + BenchOptions.ALL + ")");
            }
        }
        if (maxCallsPerContact != null && !phases.contains("push")) {
            throw new ParameterException(spec.commandLine(), "--max-calls-per-contact gates the push phase: add push to --phases");
        }
        if (!engineHeap.matches("\\d+[kKmMgG]?")) {
            throw new ParameterException(spec.commandLine(), "--engine-heap: a -Xmx size such as 256m, got '" + engineHeap + "'");
        }
        if (mapping != null && !Files.isRegularFile(mapping)) {
            throw new ParameterException(spec.commandLine(), "--mapping: no such file " + mapping);
        }
        SandboxLibraries.require();
        Path work = prepare(dir);
        int baseline = baselineContacts == null ? Math.min(contacts, 1000) : baselineContacts;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchHarness.Outcome o = new BenchHarness(new BenchOptions(contacts, work, phases, realLimits, Math.max(0, baseline),
                engineHeap, mapping), err).run();
        Map<String, String> machine = machine(work);
        out.print(json ? BenchReport.json(machine, o.phases(), o.baseline()) + "\n" : BenchReport.table(machine, o.phases(), o.baseline()));
        out.flush();
        boolean failed = o.phases().stream().anyMatch(p -> !p.ok()) || (o.baseline() != null && o.baseline().error() != null);
        if (failed) {
            return 1;
        }
        if (maxCallsPerContact != null) {
            PhaseResult push = o.phases().stream().filter(p -> p.phase().equals("push")).findFirst().orElseThrow();
            double cpc = BenchReport.callsPerContact(push.calls(), push.contacts());
            if (cpc > maxCallsPerContact) {
                err.println(String.format(Locale.ROOT, "bench: push needed %.5f calls per contact, above the gate of %s",
                        cpc, maxCallsPerContact));
                err.flush();
                return 3;
            }
        }
        return 0;
    }

    private static Map<String, String> machine(Path work) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("java", System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("dir", work.toString());
        return m;
    }

    /** The work folder: a fresh temporary one, or {@code --dir} when new, empty or made by an earlier bench (emptied). */
    static Path prepare(Path dir) throws IOException {
        if (dir == null) {
            Path t = Files.createTempDirectory("contact-sync-bench-");
            Files.writeString(t.resolve(MARKER), "made by contact-sync bench\n");
            return t;
        }
        Path target = dir.toAbsolutePath().normalize();
        if (Path.of("").toAbsolutePath().normalize().startsWith(target)) {
            throw new ContactSyncException("--dir " + dir + " holds the working directory; give the bench a folder of its own");
        }
        if (Files.isDirectory(target) && !Files.exists(target.resolve(MARKER))) {
            try (Stream<Path> entries = Files.list(target)) {
                if (entries.findAny().isPresent()) {
                    throw new ContactSyncException("--dir " + dir + " is not empty and was not made by the bench; it is left"
                            + " untouched: choose a new or empty folder");
                }
            }
        }
        if (Files.exists(target)) {
            try (Stream<Path> files = Files.walk(target)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(target)).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(target);
        Files.writeString(target.resolve(MARKER), "made by contact-sync bench; the bench empties this folder when it runs\n");
        return target;
    }
}
