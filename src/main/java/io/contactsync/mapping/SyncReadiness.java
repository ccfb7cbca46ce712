package io.contactsync.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.contactsync.vocabulary.Vocabulary;
import org.yaml.snakeyaml.nodes.Node;

/**
 * What a mapping file needs beyond being well formed before the engine may sync with it, and what is allowed but
 * likely to park records. A fragment (a test, a mapping under construction) is compiled without these checks; a file
 * the engine loads ({@link ContactMapping#load}) is not.
 */
final class SyncReadiness {

    /** JsonImportContact fields whose spec maxLength is 50 (email aside: truncating an address makes another one). */
    static final Set<String> FIFTY_CHARACTER_FIELDS = Set.of("first_name", "last_name", "job_title", "company_name",
            "phone", "home_phone", "work_phone", "mobile_phone", "other_phone",
            "city", "state", "zip", "country", "home_city", "home_state", "home_zip", "home_country",
            "work_city", "work_state", "work_zip", "work_country", "other_city", "other_state", "other_zip",
            "other_country");
    static final int FIFTY = 50;

    private SyncReadiness() {
    }

    /**
     * Errors: no entry writes the e-mail towards Constant Contact (every record would be parked); the lists can leave a
     * contact without any list (the JSON import needs at least one, so every cycle would fail on the first such record).
     */
    static void check(List<FieldMapping> fields, ListsCompiler.Lists lists, Node listsNode, Node root, Problems problems) {
        boolean email = fields.stream().anyMatch(f -> Vocabulary.EMAIL.equals(f.ctct()) && f.direction().toCtct());
        if (!email) {
            problems.add("fields", root, "no entry maps the e-mail address (add one with 'ctct: email', direction both"
                    + " or to-ctct): Constant Contact matches and imports contacts by e-mail, so every record would be"
                    + " parked");
        }
        if (lists.defaults().isEmpty() && !lists.alwaysRule()) {
            String why = lists.rules().isEmpty() ? "no list at all" : "rules alone can leave a contact without a list";
            problems.add("lists", listsNode == null ? root : listsNode, why + ": Constant Contact's JSON import needs at"
                    + " least one list per contact; add 'default: [<list name>]' under 'lists:'");
        }
    }

    /** Warnings: a field limited to 50 characters in Constant Contact, mapped towards it with nothing that cuts. */
    static List<MappingProblem> warnings(String source, List<FieldMapping> fields) {
        List<MappingProblem> warnings = new ArrayList<>();
        for (FieldMapping f : fields) {
            if (f.direction().toCtct() && FIFTY_CHARACTER_FIELDS.contains(f.ctct()) && !f.boundedTo(FIFTY)) {
                warnings.add(new MappingProblem(source, f.entry(), f.line(), "Constant Contact keeps at most " + FIFTY
                        + " characters in '" + f.ctct() + "' and refuses a longer value (the record is parked): add"
                        + " {truncate: " + FIFTY + "} to the transforms"));
            }
        }
        return List.copyOf(warnings);
    }
}
