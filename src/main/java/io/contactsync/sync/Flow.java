package io.contactsync.sync;

import java.util.List;
import java.util.Locale;

/** The two flows; {@link #id()} names their checkpoints, runs and {@code direct:} routes. */
public enum Flow {
    CRM_TO_CTCT("crm-to-ctct"),
    CTCT_TO_CRM("ctct-to-crm");

    private final String id;

    Flow(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public String endpoint() {
        return "direct:" + id;
    }

    /** The dry run's route (routes/dry-run.camel.yaml): read, map and plan, writing nothing. */
    public String previewEndpoint() {
        return "direct:" + id + "-preview";
    }

    /**
     * The safe order for a two-way cycle: Constant Contact's changes first, so that the merge sees both sides and
     * records conflicts before the CRM's changes are pushed (and so that opt-outs reach the CRM first).
     */
    public static List<Flow> bothInSafeOrder() {
        return List.of(CTCT_TO_CRM, CRM_TO_CTCT);
    }

    public static Flow of(String id) {
        for (Flow f : values()) {
            if (f.id.equals(id.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown direction '" + id + "': use both, crm-to-ctct or ctct-to-crm");
    }
}
