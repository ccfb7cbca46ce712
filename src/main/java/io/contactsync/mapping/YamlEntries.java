package io.contactsync.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads SnakeYAML nodes (which keep line numbers) into plain values, reporting shape errors to {@link Problems}. */
final class YamlEntries {

    private YamlEntries() {
    }

    static int line(Node node) {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /**
     * The keys of a mapping node with their value nodes. Reports duplicate keys, non-scalar keys and keys outside
     * {@code allowed}; those are left out of the result.
     */
    static Map<String, Node> entries(MappingNode node, Set<String> allowed, String entry, Problems problems) {
        Map<String, Node> result = new LinkedHashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                problems.add(entry, tuple.getKeyNode(), "keys must be plain names");
                continue;
            }
            String key = keyNode.getValue();
            if (result.containsKey(key)) {
                problems.add(entry, keyNode, "duplicate key '" + key + "'");
            } else if (!allowed.contains(key)) {
                problems.add(entry, keyNode, "unknown key '" + key + "' (expected one of: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            } else {
                result.put(key, tuple.getValueNode());
            }
        }
        return result;
    }

    /** The non-blank text of a scalar node, or null after reporting that it is missing, blank or not a scalar. */
    static String text(Node node, String key, String entry, Problems problems) {
        if (!(node instanceof ScalarNode scalar)) {
            problems.add(entry, node, "'" + key + "' must be a single value");
            return null;
        }
        String value = scalar.getValue().strip();
        // Tag.NULL: a bare `key:`, `~` or `null`; a quoted "null" is a real value.
        if (value.isEmpty() || Tag.NULL.equals(scalar.getTag())) {
            problems.add(entry, node, "'" + key + "' must not be empty");
            return null;
        }
        return value;
    }

    /** A node as plain Java: scalar → String, sequence → List, mapping → Map (for transform arguments). */
    static Object plain(Node node) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        if (node instanceof SequenceNode sequence) {
            List<Object> items = new ArrayList<>();
            sequence.getValue().forEach(item -> items.add(plain(item)));
            return items;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            map.put(String.valueOf(plain(tuple.getKeyNode())), plain(tuple.getValueNode()));
        }
        return map;
    }
}
