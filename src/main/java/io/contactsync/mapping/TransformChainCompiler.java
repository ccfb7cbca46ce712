package io.contactsync.mapping;

import java.util.ArrayList;
import java.util.List;

import io.contactsync.vocabulary.Vocabulary;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Compiles one entry's {@code transforms:} list. Each item is a bare name ({@code trim}) or a one-key mapping
 * ({@code truncate: 50}). Also enforces the consent rule: {@code permission_to_send} may only flow towards
 * Constant Contact through {@code opt-out-flag}, as the last step, and {@code opt-out-flag} only feeds it.
 */
final class TransformChainCompiler {

    private final TransformRegistry registry;
    private final Problems problems;
    private final String entry;
    private final Node entryNode;

    TransformChainCompiler(TransformRegistry registry, Problems problems, String entry, Node entryNode) {
        this.registry = registry;
        this.problems = problems;
        this.entry = entry;
        this.entryNode = entryNode;
    }

    /** The chain, or null when a problem was reported. {@code ctct} and {@code direction} may be null (invalid). */
    ValueTransform[] compile(Node node, String ctct, Direction direction) {
        List<Node> items = items(node);
        if (items == null) {
            return null;
        }
        List<ValueTransform> chain = new ArrayList<>();
        String lastName = null;
        boolean ok = true;
        for (Node item : items) {
            lastName = null;
            ValueTransform transform = transform(item);
            if (transform == null) {
                ok = false;
                continue;
            }
            lastName = name(item);
            if (TransformRegistry.OPT_OUT_FLAG.equals(lastName) && ctct != null
                    && !Vocabulary.PERMISSION_TO_SEND.equals(ctct)) {
                problems.add(entry, item, "'opt-out-flag' only applies to permission_to_send, not '" + ctct + "'");
                ok = false;
            }
            chain.add(transform);
        }
        boolean consentTowardsCtct = Vocabulary.PERMISSION_TO_SEND.equals(ctct) && direction != null
                && direction.toCtct();
        if (ok && consentTowardsCtct && !TransformRegistry.OPT_OUT_FLAG.equals(lastName)) {
            problems.add(entry, node == null ? entryNode : node, "permission_to_send towards Constant Contact needs "
                    + "'opt-out-flag' as its last transform: the engine never opts anyone in");
            ok = false;
        }
        return ok ? chain.toArray(ValueTransform[]::new) : null;
    }

    private List<Node> items(Node node) {
        if (node == null) {
            return List.of();
        }
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        if (node instanceof ScalarNode scalar && scalar.getValue().isBlank()) {
            return List.of();
        }
        problems.add(entry, node, "'transforms:' must be a list, e.g. [trim, lowercase]");
        return null;
    }

    private static String name(Node item) {
        if (item instanceof ScalarNode scalar) {
            return scalar.getValue().strip();
        }
        if (item instanceof MappingNode map && map.getValue().size() == 1
                && map.getValue().get(0).getKeyNode() instanceof ScalarNode key) {
            return key.getValue().strip();
        }
        return null;
    }

    private ValueTransform transform(Node item) {
        String name = name(item);
        if (name == null) {
            problems.add(entry, item, "a transform is a name or a one-key mapping such as {truncate: 50}");
            return null;
        }
        var factory = registry.factory(name);
        if (factory.isEmpty()) {
            problems.add(entry, item, "unknown transform '" + name + "' (known: "
                    + String.join(", ", registry.names().stream().sorted().toList()) + ")");
            return null;
        }
        Object argument = null;
        if (item instanceof MappingNode map) {
            NodeTuple tuple = map.getValue().get(0);
            argument = YamlEntries.plain(tuple.getValueNode());
        }
        try {
            return factory.get().create(argument);
        } catch (IllegalArgumentException e) {
            problems.add(entry, item, "bad argument for transform '" + name + "': " + e.getMessage());
            return null;
        }
    }
}
