package io.contactsync.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

/**
 * The heap bounds of the image and of compose (docs/benchmarks.md, "Memory"): the engine at 256 MB of heap (its RSS
 * target is 512 MB), the sandbox at 2 GB (1,000,000 contacts), and a JVM out of memory exits rather than limps on.
 * Read from the files, as no Docker engine runs in CI.
 */
class DockerHeapBoundsTest {
    private static final long MB = 1024L * 1024;
    private static final Pattern XMX = Pattern.compile("-Xmx(\\d+)([kKmMgG]?)");

    @Test
    void should_bound_the_engine_heap_at_256m_and_the_sandbox_heap_at_2g_when_built_from_the_dockerfile() throws IOException {
        Map<String, String> options = stageOptions(Files.readString(Path.of("docker", "Dockerfile")));

        assertThat(options).containsKeys("engine", "sandbox");
        assertThat(xmx(options.get("engine"))).isEqualTo(256 * MB);
        assertThat(xmx(options.get("sandbox"))).isEqualTo(2048 * MB);
        assertThat(options.values()).allSatisfy(o -> assertThat(o).contains("-XX:+ExitOnOutOfMemoryError", "-XX:MaxMetaspaceSize="));
    }

    @Test
    void should_give_each_compose_service_its_own_heap_bound_below_its_memory_limit() throws IOException {
        JsonNode services = new ObjectMapper(new YAMLFactory()).readTree(Path.of("docker", "compose.yaml").toFile()).path("services");

        for (String engine : new String[] {"init", "engine"}) {
            assertThat(xmx(services.path(engine).path("environment").path("JDK_JAVA_OPTIONS").asText()))
                    .as("%s runs the engine, in the sandbox target's image", engine).isEqualTo(256 * MB);
        }
        assertThat(xmx(services.path("sandbox").path("environment").path("JDK_JAVA_OPTIONS").asText())).isEqualTo(2048 * MB);
        assertThat(bytes(services.path("engine").path("mem_limit").asText())).as("room for the JVM beside its heap")
                .isGreaterThanOrEqualTo(512 * MB + 256 * MB);
        assertThat(bytes(services.path("sandbox").path("mem_limit").asText())).isGreaterThan(2048 * MB + 512 * MB);
    }

    /** Stage name → its {@code ENV JDK_JAVA_OPTIONS} value (a stage inherits its base's unless it sets its own). */
    static Map<String, String> stageOptions(String dockerfile) {
        Map<String, String> out = new LinkedHashMap<>();
        String stage = null;
        for (String line : dockerfile.split("\n")) {
            Matcher from = Pattern.compile("^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?", Pattern.CASE_INSENSITIVE).matcher(line);
            if (from.find()) {
                stage = from.group(2);
                if (stage != null && out.containsKey(from.group(1))) {
                    out.put(stage, out.get(from.group(1)));
                }
                continue;
            }
            Matcher env = Pattern.compile("^ENV\\s+JDK_JAVA_OPTIONS=\"([^\"]*)\"").matcher(line);
            if (env.find() && stage != null) {
                out.put(stage, env.group(1));
            }
        }
        return out;
    }

    static long xmx(String options) {
        Matcher m = XMX.matcher(options);
        assertThat(m.find()).as("-Xmx in '%s'", options).isTrue();
        return bytes(m.group(1) + m.group(2));
    }

    static long bytes(String size) {
        Matcher m = Pattern.compile("(\\d+)([kKmMgG]?)").matcher(size.trim());
        assertThat(m.matches()).as("a size: '%s'", size).isTrue();
        long v = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase()) {
            case "k" -> v * 1024;
            case "m" -> v * MB;
            case "g" -> v * 1024 * MB;
            default -> v;
        };
    }
}
