package io.contactsync.sync;

import java.util.ArrayList;
import java.util.List;

import io.contactsync.constantcontact.CtctClient;
import io.contactsync.constantcontact.transport.CtctApiException;
import io.contactsync.state.PageCommit;
import io.contactsync.state.PendingActivity;
import io.contactsync.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a crash left in crm-to-ctct's outbox. An activity posted before a crash may still be running: wait for it, so
 * that the page it belonged to (read again, since its checkpoint never moved) is not imported twice at once. Its
 * effects are then redone by that page, which is idempotent: imports match by e-mail.
 */
final class Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private Outbox() {
    }

    static void settle(String flow, StateStore state, CtctClient ctct) {
        List<Long> settled = new ArrayList<>();
        for (PendingActivity p : state.pendingActivities(flow)) {
            if (p.activityId() != null) {
                try {
                    ctct.awaitActivity(p.activityId());
                } catch (CtctApiException e) {
                    if (e.kind() != CtctApiException.Kind.PERMANENT) {
                        throw e;
                    }
                    LOG.warn("Outbox activity {} is unknown to Constant Contact ({}); redoing its page", p.activityId(), e.status());
                }
            }
            settled.add(p.id());
        }
        if (!settled.isEmpty()) {
            LOG.info("Settled {} activities left by an interrupted cycle", settled.size());
            state.commit(new PageCommit(List.of(), List.of(), List.of(), List.of(), List.of(), settled, null));
        }
    }
}
