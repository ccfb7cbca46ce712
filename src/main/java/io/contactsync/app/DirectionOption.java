package io.contactsync.app;

import java.util.List;

import io.contactsync.admin.Flows;
import io.contactsync.sync.Flow;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

/** A command's {@code --direction}: {@link Flows#parse}, with a bad value reported as a usage error (exit 2). */
final class DirectionOption {

    private DirectionOption() {
    }

    static List<Flow> parse(CommandLine cmd, String direction) {
        try {
            return Flows.parse(direction);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cmd, "--direction: " + e.getMessage());
        }
    }
}
