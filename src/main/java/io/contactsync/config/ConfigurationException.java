package io.contactsync.config;

import java.util.List;

import io.contactsync.ContactSyncException;

/** Every configuration problem found at start, reported at once. Messages never contain secret values. */
public final class ConfigurationException extends ContactSyncException {
    private final List<String> problems;

    public ConfigurationException(List<String> problems) {
        super("Configuration has " + problems.size() + " problem(s):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
