package io.contactsync.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsync.constantcontact.CtctContact;
import io.contactsync.vocabulary.Vocabulary;

/**
 * Decides what the read-back after a page's imports calls for. Pure: no I/O, so every consent rule here is
 * unit-tested.
 *
 * <ul>
 *   <li>A new record the import did not create is failed transiently (re-driven), with the errors that named no row
 *       as a hint.</li>
 *   <li>A new record the CRM opted out that was imported (its fields did not fit one create-unsubscribed POST, or
 *       the POST met an existing e-mail) becomes an unsubscribe of the contact the import created (the import
 *       itself cannot unsubscribe), unless Constant Contact already has it unsubscribed. The read-back holds the
 *       whole contact, so that unsubscribe is one PUT.</li>
 *   <li>Consent is a one-way door: a contact Constant Contact already had unsubscribed stays so, and the CRM is
 *       told (its opt-out flag set, the snapshot says unsubscribed) — the engine never re-subscribes anyone.</li>
 * </ul>
 */
public final class ImportFollowUpPlanner {

    /**
     * A new contact to unsubscribe because the CRM opted it out.
     *
     * @param current the contact as the read-back returned it
     * @param whole   whether {@code current} holds every core field (read from a contact resource): then the PUT
     *                needs no GET first. A contact learned from an export file holds only its id, e-mail and
     *                permission, and a PUT built from it would blank the rest: it is read first.
     */
    public record Unsubscribe(String crmId, CtctContact current, boolean whole) {
        public Unsubscribe(String crmId, CtctContact current) {
            this(crmId, current, true);
        }

        public String contactId() {
            return current.contactId();
        }
    }

    /**
     * @param failed        records that cannot be committed as synced, with the reason
     * @param unsubscribes  new contacts to unsubscribe
     * @param crmCorrections vocabulary fields to write to a CRM record (by CRM id)
     * @param snapshotFixes vocabulary fields that override a record's planned snapshot
     */
    public record FollowUps(Map<String, Failure> failed, List<Unsubscribe> unsubscribes,
                            Map<String, Map<String, String>> crmCorrections, Map<String, Map<String, String>> snapshotFixes) {
        public FollowUps {
            failed = Map.copyOf(failed);
            unsubscribes = List.copyOf(unsubscribes);
            crmCorrections = Map.copyOf(crmCorrections);
            snapshotFixes = Map.copyOf(snapshotFixes);
        }
    }

    private ImportFollowUpPlanner() {
    }

    /**
     * @param plans        the page's plans
     * @param readBack     contacts read back after the imports, by lower-case e-mail
     * @param failed       records already failed (they get no follow-up)
     * @param unattributed import errors that named no row
     */
    public static FollowUps decide(List<RecordPlan> plans, Map<String, CtctContact> readBack, Map<String, Failure> failed,
                                   List<String> unattributed) {
        return decide(plans, readBack, readBack.keySet(), failed, unattributed);
    }

    /**
     * As {@link #decide(List, Map, Map, List)}, knowing which read-back contacts are whole.
     *
     * @param whole lower-case e-mails whose read-back contact holds every core field
     */
    public static FollowUps decide(List<RecordPlan> plans, Map<String, CtctContact> readBack, Set<String> whole,
                                   Map<String, Failure> failed, List<String> unattributed) {
        Map<String, Failure> newlyFailed = new LinkedHashMap<>();
        List<Unsubscribe> unsubscribes = new ArrayList<>();
        Map<String, Map<String, String>> corrections = new LinkedHashMap<>();
        Map<String, Map<String, String>> fixes = new LinkedHashMap<>();
        String hint = Reasons.errorsSuffix(unattributed);
        for (RecordPlan p : plans) {
            if (failed.containsKey(p.crmId())) {
                continue;
            }
            CtctContact found = p.importRow() == null ? null : readBack.get(p.email());
            if (p.importRow() != null && found == null && p.isNew()) {
                // The row was accepted but no contact came of it: try again later rather than lose the record.
                newlyFailed.put(p.crmId(), Failure.transientFailure("the import did not create the contact" + hint));
                continue;
            }
            Map<String, String> tell = new HashMap<>(p.tellCrm());
            if (found != null && found.unsubscribed()) {
                if (!Vocabulary.UNSUBSCRIBED.equals(p.snapshot().get(Vocabulary.PERMISSION_TO_SEND))) {
                    // The e-mail was already in Constant Contact, unsubscribed: it stays so, and the CRM learns it.
                    tell.put(Vocabulary.PERMISSION_TO_SEND, Vocabulary.UNSUBSCRIBED);
                    fixes.put(p.crmId(), Map.of(Vocabulary.PERMISSION_TO_SEND, Vocabulary.UNSUBSCRIBED));
                }
            } else if (found != null && p.isNew() && p.unsubscribe()) {
                unsubscribes.add(new Unsubscribe(p.crmId(), found, whole.contains(p.email())));
            }
            if (!tell.isEmpty()) {
                corrections.put(p.crmId(), tell);
            }
        }
        return new FollowUps(newlyFailed, unsubscribes, corrections, fixes);
    }
}
