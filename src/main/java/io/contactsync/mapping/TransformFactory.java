package io.contactsync.mapping;

/**
 * Builds a {@link ValueTransform} from its argument in the mapping file, once, at load time.
 */
@FunctionalInterface
public interface TransformFactory {

    /**
     * @param argument the YAML argument as plain Java ({@code String}, {@code List<Object>},
     *                 {@code Map<String, Object>}), or null when the transform was written without one
     * @throws IllegalArgumentException with a message for the user when the argument is missing or wrong
     */
    ValueTransform create(Object argument);
}
