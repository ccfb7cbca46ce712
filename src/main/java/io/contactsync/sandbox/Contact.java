package io.contactsync.sandbox;

import com.fasterxml.jackson.annotation.JsonGetter;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The sandbox's stored contact: every ContactResource property, flattened for easy mutation and persisted as JSON.
 * Guarded by the {@link Account} lock; never handed out of it (responses are rendered by {@link ContactView}).
 * Kept in a compact form between requests ({@link #compact}): about 1 KB a contact with its indexes, so the sandbox
 * holds 1,000,000 of them within a 2 GB heap.
 */
final class Contact {
    /** Insertion sequence: the stable order of GET /contacts and the keyset of its cursors. */
    public long seq;
    public String contactId;
    public String email;
    public String permissionToSend;
    public String optInSource;
    public Instant optInDate;
    public String optOutSource;
    public Instant optOutDate;
    public String optOutReason;
    public String confirmStatus;
    public Instant emailCreatedAt;
    public Instant emailUpdatedAt;
    public String firstName;
    public String lastName;
    public String jobTitle;
    public String companyName;
    public Integer birthdayMonth;
    public Integer birthdayDay;
    public String anniversary;
    public String createSource;
    public String updateSource;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant deletedAt;
    public List<Phone> phones = new ArrayList<>();
    public List<Address> addresses = new ArrayList<>();
    /** custom_field_id → value, in the order they were first set. */
    @JsonDeserialize(as = CompactMap.class)
    public Map<String, String> customFields = new CompactMap();
    @JsonDeserialize(as = CompactSet.class)
    public Set<String> lists = new CompactSet();
    @JsonDeserialize(as = CompactSet.class)
    public Set<String> taggings = new CompactSet();
    public List<Note> notes = new ArrayList<>();

    /**
     * A subresource id (a random UUID) held as its two halves: 16 bytes where its 36-character string takes 80, at
     * 1,000,000 contacts with a phone and an address about 100 MB. Persisted and rendered as the usual string.
     */
    public abstract static class Part {
        private long idHigh;
        private long idLow;

        @JsonGetter("id")
        public String id() {
            return new UUID(idHigh, idLow).toString();
        }

        @JsonSetter("id")
        public void id(String id) {
            UUID u = UUID.fromString(id);
            idHigh = u.getMostSignificantBits();
            idLow = u.getLeastSignificantBits();
        }
    }

    /** A phone number subresource. */
    public static final class Phone extends Part {
        public String kind;
        public String number;
        public String createSource;
        public String updateSource;
        public Instant createdAt;
        public Instant updatedAt;
    }

    /** A street address subresource; {@code street} may hold two lines joined by a newline (import street2). */
    public static final class Address extends Part {
        public String kind;
        public String street;
        public String city;
        public String state;
        public String postalCode;
        public String country;
        public Instant createdAt;
        public Instant updatedAt;

        boolean isEmpty() {
            return street == null && city == null && state == null && postalCode == null && country == null;
        }
    }

    /** A note subresource. */
    public static final class Note {
        public String noteId;
        public String content;
        public Instant createdAt;
    }

    /**
     * Shrinks this contact in place: collections replaced by exactly-sized ones, repeated values shared through the
     * pool. Unique values (contact id, e-mail, phone numbers, streets, note texts) stay as they are.
     */
    void compact(StringPool pool) {
        permissionToSend = pool.string(permissionToSend);
        optInSource = pool.string(optInSource);
        optInDate = pool.instant(optInDate);
        optOutSource = pool.string(optOutSource);
        optOutDate = pool.instant(optOutDate);
        optOutReason = pool.string(optOutReason);
        confirmStatus = pool.string(confirmStatus);
        emailCreatedAt = pool.instant(emailCreatedAt);
        emailUpdatedAt = pool.instant(emailUpdatedAt);
        firstName = pool.string(firstName);
        lastName = pool.string(lastName);
        jobTitle = pool.string(jobTitle);
        companyName = pool.string(companyName);
        anniversary = pool.string(anniversary);
        createSource = pool.string(createSource);
        updateSource = pool.string(updateSource);
        createdAt = pool.instant(createdAt);
        updatedAt = pool.instant(updatedAt);
        deletedAt = pool.instant(deletedAt);
        for (Phone p : phones) {
            p.kind = pool.string(p.kind);
            p.createSource = pool.string(p.createSource);
            p.updateSource = pool.string(p.updateSource);
            p.createdAt = pool.instant(p.createdAt);
            p.updatedAt = pool.instant(p.updatedAt);
        }
        for (Address a : addresses) {
            a.kind = pool.string(a.kind);
            a.city = pool.string(a.city);
            a.state = pool.string(a.state);
            a.postalCode = pool.string(a.postalCode);
            a.country = pool.string(a.country);
            a.createdAt = pool.instant(a.createdAt);
            a.updatedAt = pool.instant(a.updatedAt);
        }
        phones = trimmed(phones);
        addresses = trimmed(addresses);
        notes = trimmed(notes);
        CompactMap fields = customFields instanceof CompactMap m ? m : new CompactMap(customFields);
        fields.intern(pool);
        customFields = fields;
        CompactSet memberships = lists instanceof CompactSet s ? s : new CompactSet(lists);
        memberships.intern(pool);
        lists = memberships;
        CompactSet tagged = taggings instanceof CompactSet s ? s : new CompactSet(taggings);
        tagged.intern(pool);
        taggings = tagged;
    }

    /** An exactly-sized mutable copy (an {@link ArrayList} grown by one add holds ten slots). */
    private static <T> List<T> trimmed(List<T> list) {
        ArrayList<T> copy = list instanceof ArrayList<T> a ? a : new ArrayList<>(list);
        copy.trimToSize();
        return copy;
    }

    boolean isDeleted() {
        return deletedAt != null;
    }

    boolean isUnsubscribed() {
        return "unsubscribed".equals(permissionToSend);
    }

    /** The GET /contacts {@code status} this contact matches: deleted wins over its e-mail permission. */
    String status() {
        if (isDeleted()) {
            return "deleted";
        }
        return switch (permissionToSend == null ? "not_set" : permissionToSend) {
            case "explicit", "implicit" -> "active";
            case "unsubscribed" -> "unsubscribed";
            case "pending_confirmation" -> "pending_confirmation";
            case "temp_hold" -> "temp_hold";
            default -> "not_set";
        };
    }

    Phone phone(String kind) {
        return phones.stream().filter(p -> kind.equals(p.kind)).findFirst().orElse(null);
    }

    Address address(String kind) {
        return addresses.stream().filter(a -> kind.equals(a.kind)).findFirst().orElse(null);
    }

    /** Marks the contact as unsubscribed at {@code now} by {@code source} (Contact or Account). */
    void unsubscribe(Instant now, String source, String reason) {
        if (!isUnsubscribed()) {
            permissionToSend = "unsubscribed";
            optOutDate = now;
            optOutSource = source;
            optOutReason = reason;
            emailUpdatedAt = now;
        }
        updatedAt = now;
    }
}
