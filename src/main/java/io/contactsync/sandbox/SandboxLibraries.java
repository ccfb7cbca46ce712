package io.contactsync.sandbox;

/**
 * Tells whether the sandbox's own libraries (the OpenAPI validator and its dependencies, shipped in
 * {@code lib/sandbox/} next to {@code contact-sync.jar}) are on the class path. An engine-only installation, such as
 * the runtime Docker image, leaves that folder out; the JVM silently skips the manifest's {@code lib/sandbox/…}
 * entries, and without this check the first request would die with a {@link NoClassDefFoundError}.
 *
 * <p>References no library class itself, so it loads wherever the engine loads.
 */
public final class SandboxLibraries {
    /** A class of swagger-request-validator-core, the root of the sandbox-only dependencies. */
    static final String MARKER_CLASS = "com.atlassian.oai.validator.OpenApiInteractionValidator";

    private SandboxLibraries() {
    }

    public static boolean present() {
        try {
            Class.forName(MARKER_CLASS, false, SandboxLibraries.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** @throws IllegalStateException with one sentence for the user when the sandbox's libraries are missing */
    public static void require() {
        if (!present()) {
            throw new IllegalStateException("the Constant Contact sandbox is not part of this installation "
                    + "(its libraries in lib/sandbox/ next to contact-sync.jar are missing); use a build or image that includes it");
        }
    }
}
