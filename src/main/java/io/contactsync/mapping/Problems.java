package io.contactsync.mapping;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Collects every problem of one mapping file while it is compiled, so that the user sees all of them at once. */
final class Problems {

    private final String file;
    private final List<MappingProblem> found = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    void add(String entry, Node node, String message) {
        add(entry, YamlEntries.line(node), message);
    }

    void add(String entry, int line, String message) {
        found.add(new MappingProblem(file, entry, line, message));
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    /** Throws a {@link MappingException} with every problem, in line order, when there is any. */
    void throwIfAny() {
        if (!found.isEmpty()) {
            throw toException();
        }
    }

    /** Every problem so far, in line order (a stable sort keeps same-line problems in discovery order). */
    MappingException toException() {
        List<MappingProblem> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparingInt(MappingProblem::line));
        return new MappingException(sorted);
    }
}
