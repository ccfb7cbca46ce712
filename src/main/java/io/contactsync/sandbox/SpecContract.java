package io.contactsync.sandbox;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Body;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates {@code /v3} requests against Constant Contact's official swagger file, loaded from the classpath and
 * repaired by {@link SpecPatches}. Thread-safe: the underlying validator is immutable once built.
 */
public final class SpecContract {
    /** Next to this class: only the sandbox reads the spec, so it lives on the sandbox side of the jar. */
    static final String SPEC_RESOURCE = "/io/contactsync/sandbox/v3-openapi.yaml";

    /** A validation problem: the validator's key and its human-readable message. */
    public record Violation(String key, String message) {
    }

    private final OpenApiInteractionValidator validator;

    private SpecContract(OpenApiInteractionValidator validator) {
        this.validator = validator;
    }

    private static volatile SpecContract shared;

    /** One contract per JVM: it is immutable and takes seconds to build, so every sandbox instance shares it. */
    public static SpecContract shared() {
        SpecContract c = shared;
        if (c == null) {
            synchronized (SpecContract.class) {
                c = shared;
                if (c == null) {
                    c = load();
                    shared = c;
                }
            }
        }
        return c;
    }

    /** Loads, patches and compiles the spec (takes a second or two: the file is 700 KB). */
    public static SpecContract load() {
        return new SpecContract(OpenApiInteractionValidator
                .createForInlineApiSpecification(patchedSpecJson())
                .withLevelResolver(LevelResolver.create()
                        // Security is checked by the sandbox itself (401 before validation); a spec without a
                        // declared response for a status is not the client's fault.
                        .withLevel("validation.request.security", ValidationReport.Level.IGNORE)
                        .build())
                .build());
    }

    /** The patched spec as JSON text (also used by tests to validate responses). */
    static String patchedSpecJson() {
        try (InputStream in = SpecContract.class.getResourceAsStream(SPEC_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + SPEC_RESOURCE);
            }
            ObjectNode spec = (ObjectNode) new ObjectMapper(new YAMLFactory()).readTree(in);
            return SandboxJson.MAPPER.writeValueAsString(SpecPatches.apply(spec));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Validates one request. {@code parsedBody} is the body already parsed by the caller (null when there is none),
     * so a 4 MB import is parsed once, not twice.
     */
    public List<Violation> validate(SandboxRequest request, JsonNode parsedBody) {
        var builder = new SimpleRequest.Builder(Request.Method.valueOf(request.method()), request.path());
        request.headers().forEach((name, values) -> builder.withHeader(name, values));
        request.query().forEach((name, values) -> builder.withQueryParam(name, values));
        if (parsedBody != null) {
            builder.withBody(new ParsedBody(parsedBody));
        }
        ValidationReport report = validator.validateRequest(builder.build());
        List<Violation> out = new ArrayList<>();
        for (ValidationReport.Message m : report.getMessages()) {
            if (m.getLevel() == ValidationReport.Level.ERROR) {
                out.add(new Violation(m.getKey(), m.getMessage()));
            }
        }
        return out;
    }

    /** Lets the validator reuse the tree the handler parsed. */
    private record ParsedBody(JsonNode node) implements Body {
        @Override
        public boolean hasBody() {
            return true;
        }

        @Override
        public JsonNode toJsonNode() {
            return node;
        }

        @Override
        public String toString(Charset charset) {
            return SandboxJson.text(node);
        }
    }

    static Map<String, String> describe(List<Violation> violations) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        violations.forEach(v -> out.merge(v.key(), v.message(), (a, b) -> a + "; " + b));
        return out;
    }
}
