package io.contactsync.mapping;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsync.vocabulary.Vocabulary;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Turns mapping YAML into a {@link ContactMapping}: walks SnakeYAML's node tree (for line numbers), validates
 * every entry, and collects all problems before failing. Runs once per load; nothing here is used per record.
 */
final class MappingCompiler {

    private static final Set<String> ROOT_KEYS = Set.of("fields", "lists");
    private static final Set<String> FIELD_KEYS = Set.of("crm", "ctct", "direction", "transforms", "conflict");
    /** Engine facts that Constant Contact sets itself; a mapping may only copy them into the CRM. */
    private static final Set<String> READ_ONLY = Set.of(Vocabulary.CONTACT_ID, Vocabulary.UPDATED_AT,
            Vocabulary.STATUS, Vocabulary.LIST_IDS, Vocabulary.TAGS);
    /** CustomFieldRequest.label maxLength; the name is derived from the label. */
    static final int MAX_CUSTOM_FIELD_NAME = 50;

    private final String source;
    private final TransformRegistry registry;
    private final boolean forSync;
    private final Problems problems;

    private MappingCompiler(String source, TransformRegistry registry, boolean forSync) {
        this.source = source;
        this.registry = registry;
        this.forSync = forSync;
        this.problems = new Problems(source);
    }

    /** @param forSync also apply {@link SyncReadiness} (e-mail mapped, every contact gets a list) */
    static ContactMapping compile(String yaml, String source, TransformRegistry registry, boolean forSync) {
        return new MappingCompiler(source, registry, forSync).compile(yaml);
    }

    private ContactMapping compile(String yaml) {
        Node root = parse(yaml);
        if (!(root instanceof MappingNode rootMap)) {
            problems.add("", root, "the mapping must be a YAML mapping with 'fields:' (and optionally 'lists:')");
            throw problems.toException();
        }
        Map<String, Node> sections = YamlEntries.entries(rootMap, ROOT_KEYS, "", problems);
        List<FieldMapping> fields = fields(sections.get("fields"), rootMap);
        checkDuplicateTargets(fields);
        checkCustomFieldCount(fields);
        ListsCompiler.Lists lists = ListsCompiler.compile(sections.get("lists"), fields, problems);
        if (forSync) {
            SyncReadiness.check(fields, lists, sections.get("lists"), rootMap, problems);
        }
        problems.throwIfAny();
        return new ContactMapping(source, fields, lists.defaults(), lists.rules(), lists.createMissing(),
                SyncReadiness.warnings(source, fields));
    }

    private Node parse(String yaml) {
        try {
            Node root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
            if (root != null) {
                return root;
            }
            problems.add("", 1, "the mapping file is empty");
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? e.getContext() + ": " : "";
            problems.add("", line, "YAML syntax error: " + context + problem);
        } catch (YAMLException e) {
            problems.add("", 0, "YAML error: " + e.getMessage());
        }
        throw problems.toException();
    }

    private List<FieldMapping> fields(Node node, Node root) {
        List<FieldMapping> fields = new ArrayList<>();
        if (node == null) {
            problems.add("", root, "'fields:' is missing: a mapping needs at least one field");
        } else if (!(node instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
            problems.add("fields", node, "'fields:' must be a non-empty list of entries");
        } else {
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                FieldMapping field = field(i, items.get(i));
                if (field != null) {
                    fields.add(field);
                }
            }
        }
        return fields;
    }

    private FieldMapping field(int index, Node node) {
        String entry = "fields[" + index + "]";
        if (!(node instanceof MappingNode map)) {
            problems.add(entry, node, "an entry must be a mapping with 'crm:' and 'ctct:'");
            return null;
        }
        entry = label(index, map);
        Map<String, Node> keys = YamlEntries.entries(map, FIELD_KEYS, entry, problems);
        String crm = required(keys, "crm", entry, node);
        String ctct = required(keys, "ctct", entry, node);
        Direction direction = direction(keys.get("direction"), entry);
        ConflictPolicy conflict = conflict(keys.get("conflict"), entry);
        if (ctct != null) {
            checkVocabularyName(ctct, direction, entry, keys.get("ctct"));
        }
        ValueTransform[] chain = new TransformChainCompiler(registry, problems, entry, node)
                .compile(keys.get("transforms"), ctct, direction);
        if (crm == null || ctct == null || direction == null || conflict == null || chain == null) {
            return null;
        }
        return new FieldMapping(crm, ctct, direction, conflict, chain, entry, YamlEntries.line(node));
    }

    /** {@code fields[3] (crm: tier)}, so that a user finds the entry without counting. */
    private static String label(int index, MappingNode map) {
        for (String key : List.of("crm", "ctct")) {
            for (var tuple : map.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)
                        && tuple.getValueNode() instanceof ScalarNode v && !v.getValue().isBlank()) {
                    return "fields[" + index + "] (" + key + ": " + v.getValue().strip() + ")";
                }
            }
        }
        return "fields[" + index + "]";
    }

    private String required(Map<String, Node> keys, String key, String entry, Node entryNode) {
        Node value = keys.get(key);
        if (value == null) {
            problems.add(entry, entryNode, "'" + key + ":' is missing");
            return null;
        }
        return YamlEntries.text(value, key, entry, problems);
    }

    private Direction direction(Node node, String entry) {
        if (node == null) {
            return Direction.BOTH;
        }
        String value = YamlEntries.text(node, "direction", entry, problems);
        Direction direction = value == null ? null : Direction.fromYaml(value).orElse(null);
        if (value != null && direction == null) {
            problems.add(entry, node, "bad direction '" + value + "' (expected both, to-ctct or to-crm)");
        }
        return direction;
    }

    private ConflictPolicy conflict(Node node, String entry) {
        if (node == null) {
            return ConflictPolicy.NEWEST;
        }
        String value = YamlEntries.text(node, "conflict", entry, problems);
        ConflictPolicy policy = value == null ? null : ConflictPolicy.fromYaml(value).orElse(null);
        if (value != null && policy == null) {
            problems.add(entry, node, "bad conflict policy '" + value + "' (expected newest, crm or ctct)");
        }
        return policy;
    }

    private void checkVocabularyName(String ctct, Direction direction, String entry, Node node) {
        if (ctct.startsWith(Vocabulary.CUSTOM_FIELD_PREFIX)) {
            String name = ctct.substring(Vocabulary.CUSTOM_FIELD_PREFIX.length());
            if (name.isEmpty()) {
                problems.add(entry, node, "custom field name after 'cf:' is empty");
            } else if (name.length() > MAX_CUSTOM_FIELD_NAME) {
                problems.add(entry, node, "custom field name '" + name + "' is longer than "
                        + MAX_CUSTOM_FIELD_NAME + " characters");
            } else if (name.chars().anyMatch(Character::isWhitespace)) {
                problems.add(entry, node, "custom field name '" + name
                        + "' contains blanks: use the field's name, where Constant Contact replaces blanks with '_'");
            }
        } else if (!Vocabulary.isKnown(ctct)) {
            problems.add(entry, node, "unknown vocabulary name '" + ctct
                    + "' (a Constant Contact import field, an engine fact or cf:<custom field>)");
        } else if (READ_ONLY.contains(ctct) && direction != null && direction.toCtct()) {
            problems.add(entry, node, "'" + ctct + "' is read-only in Constant Contact: use direction: to-crm");
        }
    }

    private void checkDuplicateTargets(List<FieldMapping> fields) {
        Map<String, FieldMapping> towardsCtct = new HashMap<>();
        Map<String, FieldMapping> towardsCrm = new HashMap<>();
        for (FieldMapping field : fields) {
            if (field.direction().toCtct()) {
                FieldMapping first = towardsCtct.putIfAbsent(field.ctct(), field);
                if (first != null) {
                    problems.add(field.entry(), field.line(), "duplicate target: '" + field.ctct()
                            + "' is already written towards Constant Contact by " + first.entry()
                            + " (line " + first.line() + ")");
                }
            }
            if (field.direction().toCrm()) {
                FieldMapping first = towardsCrm.putIfAbsent(field.crm(), field);
                if (first != null) {
                    problems.add(field.entry(), field.line(), "duplicate target: CRM column '" + field.crm()
                            + "' is already written towards the CRM by " + first.entry()
                            + " (line " + first.line() + ")");
                }
            }
        }
    }

    private void checkCustomFieldCount(List<FieldMapping> fields) {
        Set<String> names = new LinkedHashSet<>();
        FieldMapping firstTooMany = null;
        for (FieldMapping field : fields) {
            if (Vocabulary.isCustomField(field.ctct()) && names.add(field.ctct())
                    && names.size() == Vocabulary.MAX_CUSTOM_FIELDS + 1) {
                firstTooMany = field;
            }
        }
        if (firstTooMany != null) {
            problems.add(firstTooMany.entry(), firstTooMany.line(), names.size() + " custom fields mapped, more than "
                    + Vocabulary.MAX_CUSTOM_FIELDS + ": Constant Contact keeps at most "
                    + Vocabulary.MAX_CUSTOM_FIELDS + " per contact");
        }
    }
}
