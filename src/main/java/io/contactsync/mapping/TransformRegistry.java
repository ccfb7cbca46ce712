package io.contactsync.mapping;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Named {@link TransformFactory transform factories}: what a mapping file may write under {@code transforms:}.
 * Immutable; {@link #with} returns an extended copy, so a deployment can add its own transforms.
 */
public final class TransformRegistry {

    public static final String OPT_OUT_FLAG = "opt-out-flag";

    private static final TransformRegistry STANDARD = new TransformRegistry(Map.of())
            .with("trim", noArgument("trim", TextTransform.TRIM))
            .with("lowercase", noArgument("lowercase", TextTransform.LOWERCASE))
            .with("uppercase", noArgument("uppercase", TextTransform.UPPERCASE))
            .with("titlecase", noArgument("titlecase", TextTransform.TITLECASE))
            .with("phone", noArgument("phone", PhoneTransform.INSTANCE))
            .with(OPT_OUT_FLAG, noArgument(OPT_OUT_FLAG, OptOutFlagTransform.INSTANCE))
            .with("map", ValueMapTransform::of)
            .with("default", DefaultTransform::of)
            .with("truncate", TruncateTransform::of)
            .with("date", DateTransform::of);

    private final Map<String, TransformFactory> factories;

    private TransformRegistry(Map<String, TransformFactory> factories) {
        this.factories = Map.copyOf(factories);
    }

    /** trim, lowercase, uppercase, titlecase, phone, opt-out-flag, map, default, truncate, date. */
    public static TransformRegistry standard() {
        return STANDARD;
    }

    /** A copy with {@code name} bound to {@code factory} (replacing an existing binding). */
    public TransformRegistry with(String name, TransformFactory factory) {
        Map<String, TransformFactory> copy = new LinkedHashMap<>(factories);
        copy.put(name, factory);
        return new TransformRegistry(copy);
    }

    public Optional<TransformFactory> factory(String name) {
        return Optional.ofNullable(factories.get(name));
    }

    public Set<String> names() {
        return factories.keySet();
    }

    /** A factory for a transform written as a bare name; it rejects any argument. */
    public static TransformFactory noArgument(String name, ValueTransform transform) {
        return argument -> {
            if (argument != null) {
                throw new IllegalArgumentException("'" + name + "' takes no argument: write it as a plain name");
            }
            return transform;
        };
    }
}
