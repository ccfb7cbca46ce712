package io.contactsync.admin;

import java.util.List;
import java.util.Locale;

import io.contactsync.sync.Flow;

/**
 * Turns an operator's {@code direction} ({@code crm-to-ctct}, {@code ctct-to-crm} or {@code both}) into the flows
 * to run, in order. The one place that knows the order of {@code both}: the CLI and the admin HTTP endpoints use it.
 */
public final class Flows {

    public static final String BOTH = "both";

    private Flows() {
    }

    /** The order of a two-way run, as the sync package defines it ({@link Flow#bothInSafeOrder()}). */
    public static List<Flow> order() {
        return Flow.bothInSafeOrder();
    }

    /**
     * @param direction null or blank means {@code both}
     * @throws IllegalArgumentException naming the accepted values
     */
    public static List<Flow> parse(String direction) {
        if (direction == null || direction.isBlank() || BOTH.equals(direction.trim().toLowerCase(Locale.ROOT))) {
            return order();
        }
        try {
            return List.of(Flow.of(direction.trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown direction '" + direction + "': use crm-to-ctct, ctct-to-crm or both");
        }
    }
}
