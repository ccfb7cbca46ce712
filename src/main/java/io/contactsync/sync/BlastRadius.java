package io.contactsync.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.contactsync.state.LinkedContact;
import io.contactsync.vocabulary.Vocabulary;

/**
 * The blast-radius guard's decisions, pure: which effects of a batch's plans remove or destroy something
 * (unsubscribes, deletes, list removals, field blankings), and whether their counts — added to what the cycle's
 * earlier batches already wrote — stay within the limits. Opt-outs carried from Constant Contact to the CRM are no
 * effect at all: consent must flow. A decision about a held plan (approve, reject) is matched effect by effect:
 * an approved effect goes through uncounted, a record carrying a rejected effect is parked with the reason.
 */
public final class BlastRadius {

    private BlastRadius() {
    }

    /** The kinds of destructive effect, each with its own limits. */
    public enum Kind {
        UNSUBSCRIBE("unsubscribe"), DELETE("delete"), LIST_REMOVAL("list-removal"), BLANK("blank");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Kind of(String id) {
            for (Kind k : values()) {
                if (k.id.equals(id)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown effect kind " + id);
        }

        /** How the kind reads in a sentence: "would unsubscribe 300 contacts". */
        String verb(String detail) {
            return switch (this) {
                case UNSUBSCRIBE -> "unsubscribe";
                case DELETE -> "delete";
                case LIST_REMOVAL -> "remove from list " + detail;
                case BLANK -> "blank " + detail + " on";
            };
        }
    }

    /** One destructive effect on one record; {@code detail} is the field or list id ("" for unsubscribe, delete). */
    public record Effect(String crmId, Kind kind, String detail) {
        public Effect {
            detail = detail == null ? "" : detail;
        }

        /** The group its count is limited in: per kind, and per field or list. */
        String group() {
            return kind.id() + (detail.isEmpty() ? "" : ":" + detail);
        }
    }

    /** One kind's limits: held above {@code maxPercent} % of the linked contacts or above {@code maxCount}. */
    public record Limit(int maxPercent, int maxCount) {
        public Limit {
            if (maxPercent < 0 || maxPercent > 100 || maxCount < 0) {
                throw new IllegalArgumentException("limit out of range: " + maxPercent + " %, " + maxCount);
            }
        }
    }

    /**
     * The guard's limits. A kind (per field, per list) is over its limit when its count exceeds
     * {@code max(minCount, min(maxCount, maxPercent % of the linked contacts))}: so 5 % of a large account, at
     * most 500, and never fewer than {@code minCount} (a small account is not held for a handful).
     */
    public record Limits(boolean enabled, int minCount, Map<Kind, Limit> perKind) {
        public static final Limits DEFAULT = uniform(true, 10, new Limit(5, 500));
        public static final Limits OFF = uniform(false, 10, new Limit(5, 500));

        public Limits {
            perKind = Map.copyOf(perKind);
            for (Kind k : Kind.values()) {
                if (!perKind.containsKey(k)) {
                    throw new IllegalArgumentException("no limit for " + k.id());
                }
            }
        }

        public static Limits uniform(boolean enabled, int minCount, Limit limit) {
            Map<Kind, Limit> all = new LinkedHashMap<>();
            for (Kind k : Kind.values()) {
                all.put(k, limit);
            }
            return new Limits(enabled, minCount, all);
        }

        public long limit(Kind kind, long linked) {
            Limit l = perKind.get(kind);
            long percent = linked * l.maxPercent() / 100;
            return Math.max(minCount, Math.min(l.maxCount(), percent));
        }
    }

    /** A group over its limit: {@code count} (this cycle so far, this batch included) against {@code limit}. */
    public record Breach(Kind kind, String detail, long count, long limit) {
        public String describe() {
            return "would " + kind.verb(detail) + " " + count + " contact" + (count == 1 ? "" : "s") + " (limit " + limit + ")";
        }
    }

    /** A decision about an earlier held plan of the flow, with that plan's effects. */
    public record Decision(long runId, boolean approved, Set<Effect> effects) {
        public Decision {
            effects = Set.copyOf(effects);
        }
    }

    /**
     * The guard's answer for a batch.
     *
     * @param breaches what is over its limit: when any, the batch is held and nothing of it written
     * @param counted  the effects counted against the limits (neither approved nor on a rejected record)
     * @param rejected records to park instead of writing, by CRM id, with the reason
     * @param applied  the decisions this batch used
     */
    public record Verdict(List<Breach> breaches, List<Effect> counted, Map<String, String> rejected, Set<Long> applied) {
        public Verdict {
            breaches = List.copyOf(breaches);
            counted = List.copyOf(counted);
            rejected = Map.copyOf(rejected);
            applied = Set.copyOf(applied);
        }

        public boolean held() {
            return !breaches.isEmpty();
        }

        /** The breaches in one line (kinds, counts, fields, list ids; never a value). */
        public String summary() {
            return String.join("; ", breaches.stream().map(Breach::describe).toList());
        }
    }

    /**
     * The destructive effects of crm-to-ctct plans on contacts already linked: an unsubscribe of a contact the
     * snapshot holds subscribed, a delete, each list removal, and each import field sent empty where the snapshot
     * held a value. A new contact (even one created unsubscribed) removes nothing.
     */
    public static List<Effect> ofPush(Collection<RecordPlan> plans, Map<String, LinkedContact> links) {
        List<Effect> effects = new ArrayList<>();
        for (RecordPlan p : plans) {
            LinkedContact prior = links.get(p.crmId());
            if (p.isNew() || prior == null) {
                continue;
            }
            Map<String, String> before = prior.snapshot();
            if (p.delete()) {
                effects.add(new Effect(p.crmId(), Kind.DELETE, ""));
                continue;
            }
            if (p.unsubscribe() && !Vocabulary.UNSUBSCRIBED.equals(before.get(Vocabulary.PERMISSION_TO_SEND))) {
                effects.add(new Effect(p.crmId(), Kind.UNSUBSCRIBE, ""));
            }
            for (String list : p.removeFromLists()) {
                effects.add(new Effect(p.crmId(), Kind.LIST_REMOVAL, list));
            }
            if (p.importRow() != null) {
                new TreeMap<>(p.importRow()).forEach((field, value) -> {
                    if (blanks(value, before.get(field))) {
                        effects.add(new Effect(p.crmId(), Kind.BLANK, field));
                    }
                });
            }
        }
        return effects;
    }

    /**
     * The destructive effects of ctct-to-crm plans on existing CRM records: a delete (by the CRM delete policy), and
     * each CRM field written empty where the record held a value ({@code crmBefore}: the record's vocabulary as read,
     * by CRM id). The opt-out flag set from Constant Contact is never an effect: a person's choice always flows.
     */
    public static List<Effect> ofPull(Collection<CtctChangePlanner.Plan> plans, Map<String, Map<String, String>> crmBefore) {
        List<Effect> effects = new ArrayList<>();
        for (CtctChangePlanner.Plan p : plans) {
            if (p.create()) {
                continue;
            }
            if (p.delete()) {
                effects.add(new Effect(p.crmId(), Kind.DELETE, ""));
                continue;
            }
            Map<String, String> before = crmBefore.getOrDefault(p.crmId(), Map.of());
            new TreeMap<>(p.crmWrites()).forEach((field, value) -> {
                if (!isConsent(field) && blanks(value, before.get(field))) {
                    effects.add(new Effect(p.crmId(), Kind.BLANK, field));
                }
            });
        }
        return effects;
    }

    private static boolean isConsent(String field) {
        return field.toLowerCase(Locale.ROOT).startsWith("permission") || field.equals(Vocabulary.LIST_IDS);
    }

    private static boolean blanks(String after, String before) {
        return (after == null || after.isBlank()) && before != null && !before.isBlank();
    }

    /**
     * Judges a batch: decisions first (a record with a rejected effect is parked whole; an approved effect is let
     * through uncounted), then the rest counted, per kind and per field or list, on top of {@code countedSoFar} (the
     * cycle's earlier batches), against the limits computed from {@code linked}.
     */
    public static Verdict assess(List<Effect> effects, Map<String, Long> countedSoFar, long linked, Limits limits,
                                 List<Decision> decisions) {
        if (!limits.enabled()) {
            return new Verdict(List.of(), List.of(), Map.of(), Set.of());
        }
        Map<String, String> rejected = new LinkedHashMap<>();
        Set<Long> applied = new HashSet<>();
        for (Effect e : effects) {
            for (Decision d : decisions) {
                if (!d.approved() && d.effects().contains(e)) {
                    rejected.putIfAbsent(e.crmId(), rejectedReason(d.runId(), e));
                    applied.add(d.runId());
                }
            }
        }
        List<Effect> counted = new ArrayList<>();
        for (Effect e : effects) {
            if (rejected.containsKey(e.crmId())) {
                continue;
            }
            Decision approval = decisions.stream().filter(d -> d.approved() && d.effects().contains(e)).findFirst().orElse(null);
            if (approval != null) {
                applied.add(approval.runId());
            } else {
                counted.add(e);
            }
        }
        Map<String, Long> totals = new TreeMap<>(countedSoFar);
        for (Effect e : counted) {
            totals.merge(e.group(), 1L, Long::sum);
        }
        List<Breach> breaches = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Effect e : counted) {
            if (!seen.add(e.group())) {
                continue;
            }
            long count = totals.get(e.group());
            long limit = limits.limit(e.kind(), linked);
            if (count > limit) {
                breaches.add(new Breach(e.kind(), e.detail(), count, limit));
            }
        }
        return new Verdict(breaches, counted, rejected, applied);
    }

    private static String rejectedReason(long runId, Effect e) {
        String what = switch (e.kind()) {
            case UNSUBSCRIBE -> "unsubscribe this contact";
            case DELETE -> "delete this contact";
            case LIST_REMOVAL -> "remove this contact from list " + e.detail();
            case BLANK -> "blank this contact's " + e.detail();
        };
        return "blast-radius guard: held run " + runId + " was rejected (it would " + what
                + "); fix the cause, then retry this dead letter";
    }

    /** Adds a batch's counted effects to the cycle's running counts (after the batch was let through). */
    public static void addTo(Map<String, Long> countedSoFar, List<Effect> counted) {
        counted.forEach(e -> countedSoFar.merge(e.group(), 1L, Long::sum));
    }
}
