package io.contactsync.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsync.constantcontact.ContactPage;
import io.contactsync.state.LinkedContact;

/** The body that travels through the {@code ctct-to-crm} route: one pass over Constant Contact's changes. */
public final class CtctToCrmCycle {

    RunRecorder.Run run;
    Instant after;
    /** The largest updated_at seen in this pass, in Constant Contact's clock: the next checkpoint. */
    Instant maxSeen;
    String nextHref;
    boolean firstPage = true;
    boolean morePages = true;
    final Counts counts = new Counts();

    // the page in hand
    ContactPage page;
    Map<String, LinkedContact> links = Map.of();
    final List<CtctChangePlanner.Plan> plans = new ArrayList<>();
    final Map<String, String> parked = new LinkedHashMap<>();
    final List<LinkedContact> linked = new ArrayList<>();

    public boolean isMorePages() {
        return morePages;
    }

    void clearPage() {
        page = null;
        links = Map.of();
        plans.clear();
        parked.clear();
        linked.clear();
    }
}
