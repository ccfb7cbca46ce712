package io.contactsync.crm;

import java.util.List;

/**
 * The connector's configuration does not fit the CRM: every problem found, each naming the configuration key,
 * its value (secrets masked) and the reason, so that one start-up reports them all.
 */
public class CrmConfigurationException extends CrmException {

    private final List<String> problems;

    public CrmConfigurationException(String what, List<String> problems) {
        super(format(what, problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, in the form {@code key = 'value': reason}. */
    public List<String> problems() {
        return problems;
    }

    private static String format(String what, List<String> problems) {
        StringBuilder sb = new StringBuilder(what).append(" has ").append(problems.size())
                .append(problems.size() == 1 ? " problem:" : " problems:");
        problems.forEach(p -> sb.append("\n  - ").append(p));
        return sb.toString();
    }
}
