package io.contactsync.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sandbox's stored contact: every ContactResource property, flattened for easy mutation and persisted as JSON.
 * Guarded by the {@link Account} lock; never handed out of it (responses are rendered by {@link ContactView}).
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
    public Map<String, String> customFields = new LinkedHashMap<>();
    public Set<String> lists = new LinkedHashSet<>();
    public Set<String> taggings = new LinkedHashSet<>();
    public List<Note> notes = new ArrayList<>();

    /** A phone number subresource. */
    public static final class Phone {
        public String id;
        public String kind;
        public String number;
        public String createSource;
        public String updateSource;
        public Instant createdAt;
        public Instant updatedAt;
    }

    /** A street address subresource; {@code street} may hold two lines joined by a newline (import street2). */
    public static final class Address {
        public String id;
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
