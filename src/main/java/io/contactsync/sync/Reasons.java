package io.contactsync.sync;

import java.util.List;

/** How a dead letter's reason quotes the errors Constant Contact gave: the first five, then a count. */
final class Reasons {

    private static final int SHOWN = 5;

    private Reasons() {
    }

    /** {@code ""} for no errors, else {@code ": e1; e2; … (+n more)"}. */
    static String errorsSuffix(List<String> errors) {
        if (errors.isEmpty()) {
            return "";
        }
        List<String> some = errors.size() > SHOWN ? errors.subList(0, SHOWN) : errors;
        return ": " + String.join("; ", some) + (errors.size() > SHOWN ? " (+" + (errors.size() - SHOWN) + " more)" : "");
    }
}
