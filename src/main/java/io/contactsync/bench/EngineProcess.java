package io.contactsync.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs the engine as a real child JVM ({@code ContactSyncMain sync --json}) on this process's class path, and
 * measures it from outside: peak RSS by polling {@code /proc/<pid>/status} ({@code VmHWM}, the kernel's own high-water
 * mark, so a poll between peaks loses nothing) and peak used heap from the child's GC log ({@code -Xlog:gc,gc+heap+exit}:
 * the heap before each collection, and the heap at exit).
 */
public final class EngineProcess {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GC_BEFORE = Pattern.compile("(\\d+)([KMG])->\\d+[KMG]\\(\\d+[KMG]\\)");
    private static final Pattern EXIT_USED = Pattern.compile("total \\d+K, used (\\d+)K");
    private static final Pattern HWM = Pattern.compile("VmHWM:\\s+(\\d+) kB");

    /**
     * The JVM options of the engine beside {@code -Xmx}: those of the Docker image ({@code docker/Dockerfile}), so the
     * RSS measured is the one a deployment gets. With {@code ExitOnOutOfMemoryError} a heap too small ends the run
     * at once with {@link #OUT_OF_MEMORY} on stderr instead of leaving it to limp on.
     */
    static final List<String> JVM_OPTIONS = List.of("-XX:MaxMetaspaceSize=128m", "-XX:ReservedCodeCacheSize=64m",
            "-XX:MaxDirectMemorySize=64m", "-Xss512k", "-XX:+ExitOnOutOfMemoryError");
    /** What the JVM prints on stderr when {@code ExitOnOutOfMemoryError} ends it. */
    static final String OUT_OF_MEMORY = "Terminating due to java.lang.OutOfMemoryError";

    /**
     * What the child did: exit code, wall time, its JSON summary (or null), peaks (-1 unknown), stderr's tail, and
     * whether it ran out of heap.
     */
    public record Outcome(int exit, long wallMs, JsonNode summary, long peakHeapBytes, long peakRssBytes, String errTail,
                          boolean outOfMemory) {
    }

    private EngineProcess() {
    }

    public static Outcome sync(Path dir, String name, String direction, Path config, String heap, Map<String, String> env,
                               long timeoutSeconds) throws IOException, InterruptedException {
        Path gcLog = dir.resolve(name + ".gc.log");
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap));
        cmd.addAll(JVM_OPTIONS);
        cmd.addAll(List.of("-Xlog:gc,gc+heap+exit:file=" + gcLog, "-cp", System.getProperty("java.class.path"),
                "io.contactsync.app.ContactSyncMain", "sync", "--direction", direction, "--json", "--config", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        long peakRss = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
            peakRss = Math.max(peakRss, hwm(status));
            if (System.nanoTime() > deadline) {
                p.destroyForcibly().waitFor();
                break;
            }
        }
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        int exit = p.exitValue();
        return new Outcome(exit, wallMs, lastJson(out), peakHeap(gcLog), peakRss, tail(err), outOfMemory(err));
    }

    /** Peak used heap in bytes from a {@code -Xlog:gc,gc+heap+exit} log; -1 when the log holds no figure. */
    static long peakHeap(String log) {
        long peak = -1;
        Matcher m = GC_BEFORE.matcher(log);
        while (m.find()) {
            long v = Long.parseLong(m.group(1));
            peak = Math.max(peak, switch (m.group(2)) {
                case "K" -> v * 1024;
                case "M" -> v * 1024 * 1024;
                default -> v * 1024 * 1024 * 1024;
            });
        }
        Matcher e = EXIT_USED.matcher(log);
        while (e.find()) {
            peak = Math.max(peak, Long.parseLong(e.group(1)) * 1024);
        }
        return peak;
    }

    private static long peakHeap(Path gcLog) throws IOException {
        return Files.exists(gcLog) ? peakHeap(Files.readString(gcLog, StandardCharsets.UTF_8)) : -1;
    }

    /** {@code VmHWM} of a {@code /proc/<pid>/status} text in bytes; -1 when absent. */
    static long hwm(String statusText) {
        Matcher m = HWM.matcher(statusText);
        return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    }

    private static long hwm(Path status) {
        try {
            return hwm(Files.readString(status));
        } catch (IOException | RuntimeException e) {
            return -1; // not Linux, or the process just ended
        }
    }

    /** The JSON summary: from the last line that opens an object at column 0 to the end (it may be pretty-printed). */
    static JsonNode lastJson(String stdout) {
        int at = stdout.startsWith("{") ? 0 : -1;
        int nl = stdout.lastIndexOf("\n{");
        if (nl >= 0) {
            at = nl + 1;
        }
        if (at < 0) {
            return null;
        }
        try {
            return JSON.readTree(stdout.substring(at));
        } catch (IOException notJson) {
            return null;
        }
    }

    private static JsonNode lastJson(Path out) throws IOException {
        return lastJson(Files.readString(out, StandardCharsets.UTF_8));
    }

    /** Whether the child's stderr says it ran out of heap (any OutOfMemoryError, reported or ending the JVM). */
    static boolean outOfMemory(String stderr) {
        return stderr.contains(OUT_OF_MEMORY) || stderr.contains("java.lang.OutOfMemoryError");
    }

    private static boolean outOfMemory(Path err) throws IOException {
        return outOfMemory(Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String tail(Path err) throws IOException {
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }
}
