package io.contactsync.sync;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A flow's dry run: the entries it planned went to the sink as each batch was planned; this is what is left at the
 * end. Nothing of it was written anywhere.
 *
 * @param planned        contacts with planned writes
 * @param unchanged      contacts read that need nothing
 * @param parked         records the cycle would park (the mapping or a limit refuses them), with nothing written
 * @param estimatedCalls Constant Contact requests the writes would cost (crm-to-ctct; ctct-to-crm writes only the CRM)
 * @param readCalls      the requests the dry run itself spent reading (a real run reads the same again)
 * @param held           the blast-radius guard's breaches, when the real run would be held; empty otherwise
 * @param notes          what else a real run would do (e.g. create a list the account lacks)
 */
public record FlowPreview(Flow flow, long planned, long unchanged, long parked, long estimatedCalls, long readCalls,
                          List<String> held, List<String> notes) {

    public FlowPreview {
        held = List.copyOf(held);
        notes = List.copyOf(notes);
    }

    /** The summary as the plan file and {@code POST /admin/plan} show it. */
    public java.util.Map<String, Object> summary() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("flow", flow.id());
        m.put("planned", planned);
        m.put("unchanged", unchanged);
        m.put("parked", parked);
        m.put("estimated_calls", estimatedCalls);
        m.put("read_calls", readCalls);
        m.put("held", held);
        m.put("notes", notes);
        return m;
    }

    /** What a dry-run cycle gathers across its batches. */
    static final class Gathering {
        final Consumer<List<PlanPreview.Entry>> sink;
        long planned;
        long parked;
        long estimatedCalls;
        long callsAtStart;
        final Set<String> held = new LinkedHashSet<>();
        final List<String> notes = new ArrayList<>();

        Gathering(Consumer<List<PlanPreview.Entry>> sink) {
            this.sink = sink;
        }

        void add(List<PlanPreview.Entry> entries, long parkedOnes, BlastRadius.Verdict verdict) {
            sink.accept(entries);
            planned += entries.size();
            parked += parkedOnes;
            if (verdict.held()) {
                verdict.breaches().forEach(b -> held.add(b.describe()));
            }
        }

        FlowPreview result(Flow flow, long callsNow, long unchangedTotal) {
            return new FlowPreview(flow, planned, unchangedTotal, parked, estimatedCalls, callsNow - callsAtStart,
                    new ArrayList<>(held), notes);
        }
    }
}
