package io.contactsync.sync;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsync.state.LinkedContact;
import io.contactsync.testbed.Convergence;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The convergence scenario of "Nothing lost silently": both sides start with contacts (some the same people), about
 * one request in ten fails (503, 429 throttled, dropped connections) and a few activities fail, while a first
 * two-way sync and then edits on both sides run; once the faults stop, at most two cycles bring both sides in step
 * with nothing lost, nothing duplicated and nobody re-subscribed, without a manual resync.
 *
 * <p>{@code -Dcontactsync.convergence.contacts=N} sets the size (default 2,000: 1,800 in the CRM, 300 signed up in
 * Constant Contact of whom 100 are CRM people too); see docs/reliability.md for the timings.
 */
class ConvergenceIT {

    private static final Logger LOG = LoggerFactory.getLogger(ConvergenceIT.class);
    private static final int CONTACTS = Integer.getInteger("contactsync.convergence.contacts", 2000);
    private static final String MIXED_FAULTS = "["
            + "{\"endpoint\": \"* /v3/*\", \"status\": 503, \"probability\": 0.04},"
            + "{\"endpoint\": \"* /v3/*\", \"status\": 429, \"probability\": 0.04},"
            + "{\"endpoint\": \"* /v3/*\", \"timeout\": true, \"delay_ms\": 50, \"probability\": 0.02},"
            + "{\"activity_outcome\": \"failed\", \"count\": 2}]";

    @TempDir
    Path dir;
    Testbed bed;
    int crmDeletes;

    @AfterEach
    void stop() {
        if (bed != null) {
            try {
                assertThat(bed.stats().path("spec_violations").asLong()).as("spec violations").isZero();
            } finally {
                bed.close();
            }
        }
    }

    @Test
    void should_converge_with_nothing_lost_duplicated_or_re_subscribed_when_a_tenth_of_the_requests_fail() {
        long t0 = System.nanoTime();
        bed = Testbed.start(dir)
                .set("sync.redrive.backoff-initial", "0s").set("sync.redrive.backoff-max", "0s")
                .set("sync.ctct.backoff-initial", "20ms").set("sync.ctct.backoff-max", "200ms");
        int crmCount = CONTACTS * 9 / 10;
        int ctctOnly = CONTACTS / 10;
        int overlap = CONTACTS / 20;
        bed.seed(crmCount);
        bed.createTierField();
        List<Map<String, Object>> rows = Convergence.crmRows(bed);
        Set<String> signedUp = new HashSet<>();
        for (int i = 0; i < overlap; i++) {
            String email = ((String) rows.get(i * 7 % crmCount).get("email")).toLowerCase(java.util.Locale.ROOT);
            bed.control().signUp(email, List.of()).requireOk();
            signedUp.add(email); // after any CRM opt-out of the seed: the sign-up is the newer consent event
        }
        for (int i = 0; i < ctctOnly; i++) {
            bed.control().signUp("ctct.only." + i + "@example.com", List.of()).requireOk();
        }
        Set<String> mustStayUnsubscribed = new HashSet<>(Convergence.unsubscribedNow(bed));
        mustStayUnsubscribed.removeAll(signedUp);
        bed.control().addFaults(MIXED_FAULTS).requireOk();
        List<SyncSummary> runs = new ArrayList<>(Convergence.cycle(bed));

        mustStayUnsubscribed.addAll(editBothSides(rows));
        runs.addAll(Convergence.cycle(bed));
        bed.control().clearFaults().requireOk();
        assertThat(runs).as("a run that parked is not plain success").allSatisfy(s -> {
            if (s.count(Counter.PARKED) > 0) {
                assertThat(s.status()).as(s.line()).isNotEqualTo(io.contactsync.state.RunStatus.SUCCEEDED);
            }
        });

        Convergence.assertConverges(bed, 2, mustStayUnsubscribed);
        assertThat(Convergence.check(bed, mustStayUnsubscribed).parked()).as("every transient failure re-driven").isEmpty();
        // One contact per person (Convergence also checks one per e-mail); a CRM delete of a record whose first import
        // had failed rightly never reaches Constant Contact, hence the lower bound.
        long people = crmCount + ctctOnly + 1L; // + the new CRM contact
        assertThat(bed.stats().path("contacts").path("total").asLong()).as("one contact per person")
                .isBetween(people - crmDeletes, people);
        LOG.info("ConvergenceIT: {} contacts converged in {} s", CONTACTS, (System.nanoTime() - t0) / 1_000_000_000);
    }

    /** Edits about one contact in ten on each side; returns the e-mails the edits unsubscribe. */
    private Set<String> editBothSides(List<Map<String, Object>> rows) {
        Set<String> unsubscribed = new HashSet<>();
        List<Map<String, Object>> live = rows.stream().filter(r -> !Boolean.TRUE.equals(r.get("email_opt_out"))).toList();
        List<String> ids = live.stream().map(r -> (String) r.get("id")).toList();
        Map<String, LinkedContact> links = bed.engine().state().linksByCrmIds(ids);
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            LinkedContact link = links.get(id);
            String email = ((String) live.get(i).get("email")).toLowerCase(java.util.Locale.ROOT);
            switch (i % 50) {
                case 0, 1 -> bed.crm().edit(id, "city", "Edited City " + i);
                case 2, 3 -> { if (link != null) { bed.control().edit(link.contactId(), Map.of("job_title", "Edited " + i)); } }
                case 4 -> { bed.crm().edit(id, "email_opt_out", true); unsubscribed.add(email); }
                case 5 -> { if (link != null) { bed.control().unsubscribe(link.contactId()).requireOk(); unsubscribed.add(email); } }
                case 6 -> bed.crm().edit(id, "email", "changed." + id + "@example.com");
                case 7 -> { bed.crm().delete(id); crmDeletes++; }
                case 8 -> { if (link != null) { bed.control().delete(link.contactId()).requireOk(); } }
                case 9 -> {
                    bed.crm().edit(id, "first_name", "CrmSide");
                    if (link != null) { bed.control().edit(link.contactId(), Map.of("first_name", "CtctSide")); }
                }
                default -> { }
            }
        }
        io.contactsync.testbed.TwoWayScenario.insert(bed, "n000001", "brand.new@example.com", "Brand", false);
        return unsubscribed;
    }
}
