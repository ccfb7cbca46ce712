package io.contactsync.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.contactsync.vocabulary.Vocabulary;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Compiles the {@code lists:} section: {@code create-missing}, {@code default} list names and {@code rules}. */
final class ListsCompiler {

    private static final Set<String> LIST_KEYS = Set.of("create-missing", "default", "rules");
    private static final Set<String> RULE_KEYS = Set.of("field", "list", "equals", "in", "matches", "not-empty");
    private static final List<String> CONDITIONS = List.of("equals", "in", "matches", "not-empty");
    /** ListInput.name maxLength. */
    static final int MAX_LIST_NAME = 255;
    /** ContactResource.list_memberships maxItems. */
    static final int MAX_LISTS = 50;

    /** @param alwaysRule a rule that every synced contact passes ({@code not-empty} on the e-mail field) */
    record Lists(Set<String> defaults, List<ListRule> rules, boolean createMissing, boolean alwaysRule) {
    }

    private final Problems problems;
    private boolean alwaysRule;
    private final Map<String, FieldMapping> towardsCtctByCrm = new LinkedHashMap<>();

    private ListsCompiler(List<FieldMapping> fields, Problems problems) {
        this.problems = problems;
        fields.stream().filter(f -> f.direction().toCtct()).forEach(f -> towardsCtctByCrm.putIfAbsent(f.crm(), f));
    }

    static Lists compile(Node node, List<FieldMapping> fields, Problems problems) {
        return new ListsCompiler(fields, problems).compile(node);
    }

    private Lists compile(Node node) {
        if (node == null) {
            return new Lists(Set.of(), List.of(), true, false);
        }
        if (!(node instanceof MappingNode map)) {
            problems.add("lists", node, "'lists:' must be a mapping with create-missing, default and rules");
            return new Lists(Set.of(), List.of(), true, false);
        }
        Map<String, Node> keys = YamlEntries.entries(map, LIST_KEYS, "lists", problems);
        boolean createMissing = createMissing(keys.get("create-missing"));
        Set<String> defaults = defaults(keys.get("default"));
        List<ListRule> rules = rules(keys.get("rules"));
        Set<String> all = new LinkedHashSet<>(defaults);
        rules.forEach(rule -> all.add(rule.list()));
        if (all.size() > MAX_LISTS) {
            problems.add("lists", node, all.size() + " list names, more than " + MAX_LISTS
                    + ": a Constant Contact contact belongs to at most " + MAX_LISTS + " lists");
        }
        return new Lists(defaults, List.copyOf(rules), createMissing, alwaysRule);
    }

    private boolean createMissing(Node node) {
        if (node == null) {
            return true;
        }
        String value = YamlEntries.text(node, "create-missing", "lists", problems);
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean(value);
        }
        if (value != null) {
            problems.add("lists", node, "'create-missing' must be true or false, not '" + value + "'");
        }
        return true;
    }

    private Set<String> defaults(Node node) {
        Set<String> names = new LinkedHashSet<>();
        if (node == null) {
            return names;
        }
        List<Node> items = node instanceof SequenceNode sequence ? sequence.getValue() : List.of(node);
        for (int i = 0; i < items.size(); i++) {
            String name = listName(items.get(i), "default", "lists.default[" + i + "]");
            if (name != null) {
                names.add(name);
            }
        }
        return names;
    }

    private List<ListRule> rules(Node node) {
        List<ListRule> rules = new ArrayList<>();
        if (node == null) {
            return rules;
        }
        if (!(node instanceof SequenceNode sequence)) {
            problems.add("lists.rules", node, "'rules:' must be a list of rules");
            return rules;
        }
        for (int i = 0; i < sequence.getValue().size(); i++) {
            ListRule rule = rule(i, sequence.getValue().get(i));
            if (rule != null) {
                rules.add(rule);
            }
        }
        return rules;
    }

    private ListRule rule(int index, Node node) {
        String entry = "lists.rules[" + index + "]";
        if (!(node instanceof MappingNode map)) {
            problems.add(entry, node, "a rule must be a mapping with field, a condition and list");
            return null;
        }
        Map<String, Node> keys = YamlEntries.entries(map, RULE_KEYS, entry, problems);
        if (keys.get("list") instanceof ScalarNode listNode && !listNode.getValue().isBlank()) {
            entry += " (list: " + listNode.getValue().strip() + ")";
        }
        String list = keys.containsKey("list") ? listName(keys.get("list"), "list", entry) : null;
        if (!keys.containsKey("list")) {
            problems.add(entry, node, "'list:' is missing: name the list the rule adds contacts to");
        }
        FieldMapping field = field(keys.get("field"), entry, node);
        List<String> conditions = CONDITIONS.stream().filter(keys::containsKey).toList();
        if (conditions.size() != 1) {
            problems.add(entry, node, "a rule needs exactly one condition of equals, in, matches, not-empty; found "
                    + (conditions.isEmpty() ? "none" : String.join(", ", conditions)));
            return null;
        }
        Predicate<String> condition = condition(conditions.get(0), keys.get(conditions.get(0)), entry);
        if (condition != null && field != null && list != null && "not-empty".equals(conditions.get(0))
                && Vocabulary.EMAIL.equals(field.ctct())) {
            alwaysRule = true;
        }
        return list == null || field == null || condition == null ? null : new ListRule(field, condition, list);
    }

    private FieldMapping field(Node node, String entry, Node ruleNode) {
        if (node == null) {
            problems.add(entry, ruleNode, "'field:' is missing: name the CRM column the rule tests");
            return null;
        }
        String crm = YamlEntries.text(node, "field", entry, problems);
        FieldMapping field = crm == null ? null : towardsCtctByCrm.get(crm);
        if (crm != null && field == null) {
            problems.add(entry, node, "rule field '" + crm + "' is not a CRM column mapped towards Constant Contact "
                    + "in 'fields:'");
        }
        return field;
    }

    private Predicate<String> condition(String kind, Node node, String entry) {
        switch (kind) {
            case "equals" -> {
                String expected = YamlEntries.text(node, "equals", entry, problems);
                return expected == null ? null : expected::equals;
            }
            case "in" -> {
                Set<String> values = new LinkedHashSet<>();
                if (!(node instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
                    problems.add(entry, node, "'in:' must be a non-empty list of values");
                    return null;
                }
                sequence.getValue().forEach(item -> values.add(YamlEntries.text(item, "in", entry, problems)));
                return values.contains(null) ? null : Set.copyOf(values)::contains;
            }
            case "matches" -> {
                String regex = YamlEntries.text(node, "matches", entry, problems);
                try {
                    return regex == null ? null : Pattern.compile(regex).asMatchPredicate();
                } catch (PatternSyntaxException e) {
                    problems.add(entry, node, "bad regular expression '" + regex + "': " + e.getDescription());
                    return null;
                }
            }
            default -> {
                String value = YamlEntries.text(node, "not-empty", entry, problems);
                if (!"true".equals(value)) {
                    if (value != null) {
                        problems.add(entry, node, "'not-empty' only takes true, not '" + value + "'");
                    }
                    return null;
                }
                return text -> !text.isEmpty();
            }
        }
    }

    private String listName(Node node, String key, String entry) {
        String name = YamlEntries.text(node, key, entry, problems);
        if (name != null && name.length() > MAX_LIST_NAME) {
            problems.add(entry, node, "list name is longer than " + MAX_LIST_NAME + " characters");
            return null;
        }
        return name;
    }
}
