package io.contactsync.bench;

import java.util.Map;

/**
 * What one benchmark phase measured. Calls are the sandbox's own request counts (every {@code /v3} request the
 * engine made during the phase, by endpoint template), not the engine's claim. {@code -1} means "not measured".
 *
 * @param phase          push, pull, twoway, incremental or noop
 * @param contacts       the contacts the phase is about (what "per contact" divides by)
 * @param wallMs         wall time of the engine process, JVM start to exit
 * @param engineMs       the engine's own {@code duration_ms} from its JSON summary (-1 when it printed none)
 * @param calls          {@code /v3} requests the sandbox answered during the phase
 * @param byEndpoint     those requests by endpoint template ("POST /v3/activities/contacts_json_import")
 * @param tokenRequests  requests to the OAuth token endpoint during the phase
 * @param imports        import calls, rows and bytes the sandbox accepted during the phase
 * @param peakHeapBytes  the engine JVM's peak used heap (from its GC log), -1 unknown
 * @param peakRssBytes   the engine process's peak resident set ({@code VmHWM}), -1 unknown
 * @param engineStatus   the engine's run status ("succeeded", ...) or null
 * @param error          why the phase failed, or null
 */
public record PhaseResult(String phase, long contacts, long wallMs, long engineMs, long calls, Map<String, Long> byEndpoint,
                          long tokenRequests, Imports imports, long peakHeapBytes, long peakRssBytes, String engineStatus,
                          String error) {

    /** Import activity of a phase: the sandbox's accepted {@code contacts_json_import} requests. */
    public record Imports(long calls, long rows, long bytes, long maxRows, long maxBytes) {
        public static final Imports NONE = new Imports(0, 0, 0, 0, 0);
    }

    public PhaseResult {
        byEndpoint = Map.copyOf(byEndpoint);
    }

    public static PhaseResult failed(String phase, long contacts, long wallMs, String error) {
        return new PhaseResult(phase, contacts, wallMs, -1, 0, Map.of(), 0, Imports.NONE, -1, -1, null, error);
    }

    public boolean ok() {
        return error == null;
    }

    public PhaseResult withError(String why) {
        return new PhaseResult(phase, contacts, wallMs, engineMs, calls, byEndpoint, tokenRequests, imports, peakHeapBytes,
                peakRssBytes, engineStatus, why);
    }
}
