package io.contactsync.mapping;

import java.util.List;
import java.util.stream.Collectors;

import io.contactsync.ContactSyncException;

/** A mapping file that cannot be used; carries every problem found, not just the first. */
public final class MappingException extends ContactSyncException {

    private final transient List<MappingProblem> problems;

    public MappingException(List<MappingProblem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in file order where lines are known. Never empty. */
    public List<MappingProblem> problems() {
        return problems;
    }

    private static String describe(List<MappingProblem> problems) {
        String header = problems.size() == 1 ? "1 problem in the mapping:" : problems.size() + " problems in the mapping:";
        return problems.stream().map(MappingProblem::toString).collect(Collectors.joining("\n", header + "\n", ""));
    }
}
