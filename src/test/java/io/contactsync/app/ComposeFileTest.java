package io.contactsync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.contactsync.config.ConfigCatalogue;
import io.contactsync.config.ConfigKey;
import io.contactsync.config.ConfigSource;
import io.contactsync.config.SyncSettings;
import io.contactsync.sandbox.SandboxConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * There is no Docker engine in CI, so the properties {@code docker compose up} relies on are checked by reading
 * {@code docker/compose.yaml}, its mounted files, {@code docker/Dockerfile} and {@code .dockerignore}: start order,
 * healthchecks, one image, required secrets, loopback ports, and that every command and config key is real.
 */
class ComposeFileTest {

    private static final Path DOCKER = Path.of("docker");
    private static final Path COMPOSE = DOCKER.resolve("compose.yaml");
    private static final String IMAGE = "contact-sync:local";
    private static final List<String> JAR = List.of("java", "-jar", "/app/contact-sync.jar");
    /** Variables the containers read that are no configuration key: the JVM's own. */
    private static final Set<String> NOT_CONFIG = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "CONTACTSYNC_LOG_LEVEL");
    private static final Pattern REQUIRED = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*):\\?[^}]+}");

    private final JsonNode compose = read(COMPOSE);
    private final JsonNode services = compose.path("services");

    @Test
    void should_run_postgres_the_sandbox_a_one_shot_init_and_the_engine() {
        assertThat(names(services)).containsExactlyInAnyOrder("postgres", "sandbox", "init", "engine");
    }

    @Test
    void should_start_the_engine_only_after_healthy_stores_and_a_successful_init() {
        JsonNode init = services.path("init");
        assertThat(init.path("restart").asText()).as("init runs once").isEqualTo("no");
        for (String s : List.of("init", "engine")) {
            JsonNode depends = services.path(s).path("depends_on");
            assertThat(depends.path("postgres").path("condition").asText()).as(s).isEqualTo("service_healthy");
            assertThat(depends.path("sandbox").path("condition").asText()).as(s).isEqualTo("service_healthy");
        }
        assertThat(services.path("engine").path("depends_on").path("init").path("condition").asText())
                .isEqualTo("service_completed_successfully");
        assertThat(commandLines("init")).extracting(args -> args.get(0)).containsExactly("demo-crm", "validate");
        assertThat(commandLines("init").get(1)).contains("--create-custom-fields");
        assertThat(commandLines("init").get(0)).as("a repeated start adds no contacts").contains("--if-empty");
        assertThat(commandLines("engine")).containsExactly(List.of("run", "--config", "/app/config/compose.properties"));
    }

    @Test
    void should_give_every_service_a_healthcheck_in_exec_form() {
        for (String s : names(services)) {
            JsonNode test = services.path(s).path("healthcheck").path("test");
            assertThat(test.isArray()).as("%s has a healthcheck test list", s).isTrue();
            assertThat(test.get(0).asText()).as(s).isEqualTo("CMD");
        }
        assertThat(healthcheck("engine")).containsSubsequence("probe", "http://127.0.0.1:8080/observe/health/live");
        assertThat(healthcheck("sandbox")).containsSubsequence("probe", "http://127.0.0.1:8089/sandbox/stats");
        assertThat(healthcheck("postgres")).as("over TCP, not the socket of the image's first-start server")
                .contains("pg_isready", "-h", "127.0.0.1");
    }

    @Test
    void should_build_one_image_once_from_a_target_of_the_dockerfile() throws IOException {
        List<String> building = names(services).stream().filter(s -> services.path(s).has("build")).toList();
        assertThat(building).as("services with build:").hasSize(1);
        JsonNode builder = services.path(building.get(0));
        assertThat(builder.path("image").asText()).isEqualTo(IMAGE);
        JsonNode build = builder.path("build");
        Path context = DOCKER.resolve(build.path("context").asText()).normalize();
        Path dockerfile = context.resolve(build.path("dockerfile").asText());
        assertThat(dockerfile).isRegularFile();
        Set<String> targets = dockerTargets(dockerfile);
        assertThat(targets).contains(build.path("target").asText());
        for (String s : List.of("sandbox", "init", "engine")) {
            assertThat(services.path(s).path("image").asText()).as(s).isEqualTo(IMAGE);
            if (!s.equals(building.get(0))) {
                assertThat(services.path(s).path("pull_policy").asText()).as("%s: the image is local, never pulled", s)
                        .isEqualTo("never");
            }
        }
        // What the Dockerfile copies from the context exists there and is not left out by .dockerignore.
        List<String> ignored = Files.readAllLines(context.resolve(".dockerignore")).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(ignored).contains(".git", "target", "data", "docker/.env");
        for (String source : dockerCopySources(dockerfile)) {
            assertThat(context.resolve(source)).as("COPY %s", source).exists();
            assertThat(ignored).as("COPY %s is not ignored", source).doesNotContain(source);
        }
    }

    @Test
    void should_require_the_admin_token_and_every_password_and_ship_no_default_secret() throws IOException {
        Map<String, String> engineEnv = environment("engine");
        assertThat(engineEnv.get("SYNC_ADMIN_TOKEN")).matches(REQUIRED);
        assertThat(environment("postgres").get("POSTGRES_PASSWORD")).matches(REQUIRED);
        for (String s : List.of("init", "engine")) {
            assertThat(environment(s).get("STATE_JDBC_PASSWORD")).as(s).matches(REQUIRED);
            assertThat(environment(s).get("CRM_JDBC_PASSWORD")).as(s).matches(REQUIRED);
            // The only literal credentials are the sandbox's own, public ones.
            SandboxConfig sandbox = SandboxConfig.defaults();
            assertThat(environment(s).get("CTCT_CLIENT_SECRET")).isEqualTo(sandbox.clientSecret());
            assertThat(environment(s).get("CTCT_REFRESH_TOKEN")).isEqualTo(sandbox.initialRefreshToken());
        }
        for (Path file : List.of(COMPOSE, DOCKER.resolve("compose.properties"))) {
            String text = Files.readString(file).toLowerCase();
            assertThat(text).as(file.toString()).doesNotContain("change-me", "changeme", ":-");
        }
    }

    @Test
    void should_publish_ports_on_loopback_only() {
        int published = 0;
        for (String s : names(services)) {
            for (JsonNode port : services.path(s).path("ports")) {
                assertThat(port.asText()).as(s).startsWith("127.0.0.1:");
                published++;
            }
        }
        assertThat(published).isPositive();
        assertThat(services.path("engine").path("ports").get(0).asText()).isEqualTo("127.0.0.1:8080:8080");
    }

    @Test
    void should_give_a_stopping_engine_longer_than_a_pages_confirm() {
        SyncSettings settings = settings("engine");
        Duration grace = composeDuration(services.path("engine").path("stop_grace_period").asText());
        assertThat(grace).isGreaterThan(settings.ctct().activityTimeout());
    }

    @Test
    void should_run_only_real_commands_and_options() {
        CommandLine main = new CommandLine(new ContactSyncMain());
        Set<String> subcommands = main.getSubcommands().keySet();
        List<List<String>> all = new ArrayList<>();
        for (String s : List.of("sandbox", "init", "engine")) {
            all.addAll(commandLines(s));
            List<String> check = healthcheck(s);
            if (check.size() > JAR.size() && check.subList(1, JAR.size() + 1).equals(JAR)) {
                all.add(check.subList(JAR.size() + 1, check.size()));
            }
        }
        assertThat(all).hasSizeGreaterThanOrEqualTo(6);
        for (List<String> args : all) {
            assertThat(subcommands).as("%s", args).contains(args.get(0));
            assertThatCode(() -> new CommandLine(new ContactSyncMain()).parseArgs(args.toArray(String[]::new)))
                    .as("contact-sync %s parses", String.join(" ", args)).doesNotThrowAnyException();
        }
    }

    @Test
    void should_use_only_catalogued_keys_and_variables_and_a_valid_configuration() throws IOException {
        for (String s : List.of("init", "engine")) {
            List<String> mounted = new ArrayList<>();
            services.path(s).path("volumes").forEach(v -> mounted.add(v.asText()));
            assertThat(mounted).as(s).contains("./compose.properties:/app/config/compose.properties:ro");
        }
        ConfigSource file = ConfigSource.load(DOCKER.resolve("compose.properties"), Map.of(), n -> null);
        java.util.Properties props = new java.util.Properties();
        try (var in = Files.newBufferedReader(DOCKER.resolve("compose.properties"))) {
            props.load(in);
        }
        assertThat(props.stringPropertyNames()).isNotEmpty();
        for (String key : props.stringPropertyNames()) {
            assertThat(ConfigCatalogue.find(key)).as("compose.properties: %s is a catalogued key", key).isPresent();
        }
        Set<String> variables = new TreeSet<>();
        for (ConfigKey k : ConfigCatalogue.keys()) {
            if (k.envName() != null) {
                variables.add(k.envName());
            }
            String raw = file.rawValue(k.name());
            Matcher m = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)").matcher(raw == null ? "" : raw);
            while (m.find()) {
                variables.add(m.group(1));
            }
        }
        for (String s : List.of("init", "engine")) {
            for (String name : environment(s).keySet()) {
                assertThat(variables).as("%s sets %s: a variable the configuration reads", s, name)
                        .contains(name);
            }
            SyncSettings settings = settings(s);
            assertThat(settings.state().url()).startsWith("jdbc:postgresql://postgres:5432/");
            assertThat(settings.crm().url()).startsWith("jdbc:postgresql://postgres:5432/");
            assertThat(settings.ctct().apiUrl().toString()).isEqualTo("http://sandbox:8089/v3");
        }
        assertThat(settings("engine").admin().token()).isNotBlank();
        assertThat(settings("engine").admin().host()).as("reachable through the published port").isEqualTo("0.0.0.0");
        assertThat(settings("engine").admin().port()).isEqualTo(8080);
    }

    @Test
    void should_create_the_databases_the_configuration_names() throws IOException {
        SyncSettings settings = settings("engine");
        String stateDb = database(settings.state().url());
        String crmDb = database(settings.crm().url());
        assertThat(stateDb).isNotEqualTo(crmDb);
        assertThat(environment("postgres").get("POSTGRES_DB")).isEqualTo(stateDb);
        assertThat(settings.state().user()).isEqualTo(environment("postgres").get("POSTGRES_USER"));
        List<String> mounts = new ArrayList<>();
        services.path("postgres").path("volumes").forEach(v -> mounts.add(v.asText()));
        String init = mounts.stream().filter(m -> m.contains("/docker-entrypoint-initdb.d/")).findFirst().orElseThrow();
        Path script = DOCKER.resolve(init.substring(0, init.indexOf(':')));
        assertThat(Files.readString(script)).contains("CREATE DATABASE " + crmDb + " OWNER " + settings.crm().user());
    }

    // ---- reading the files

    private static JsonNode read(Path file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private List<String> healthcheck(String service) {
        List<String> out = new ArrayList<>();
        services.path(service).path("healthcheck").path("test").forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * The contact-sync command lines a service runs: its command (after the image's entrypoint, the jar), or each
     * {@code java -jar /app/contact-sync.jar …} of a {@code sh -ec} script joined with {@code &&}.
     */
    private List<List<String>> commandLines(String service) {
        JsonNode s = services.path(service);
        List<String> command = new ArrayList<>();
        s.path("command").forEach(n -> command.add(n.asText()));
        if (!s.has("entrypoint")) {
            return List.of(command);
        }
        List<String> entrypoint = new ArrayList<>();
        s.path("entrypoint").forEach(n -> entrypoint.add(n.asText()));
        assertThat(entrypoint).as(service).isEqualTo(List.of("sh", "-ec"));
        assertThat(command).as(service + ": one script").hasSize(1);
        List<List<String>> out = new ArrayList<>();
        for (String step : command.get(0).split("&&")) {
            List<String> words = List.of(step.trim().split("\\s+"));
            assertThat(words.subList(0, JAR.size())).as(service + ": " + step).isEqualTo(JAR);
            out.add(words.subList(JAR.size(), words.size()));
        }
        return out;
    }

    private Map<String, String> environment(String service) {
        Map<String, String> out = new LinkedHashMap<>();
        services.path(service).path("environment").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        out.keySet().removeAll(NOT_CONFIG);
        return out;
    }

    /** The settings a service's engine command reads: defaults, compose.properties, its environment (secrets stand in). */
    private SyncSettings settings(String service) {
        Map<String, String> env = new HashMap<>();
        environment(service).forEach((k, v) -> env.put(k, REQUIRED.matcher(v).matches() ? "set-by-the-operator" : v));
        return SyncSettings.from(ConfigSource.load(DOCKER.resolve("compose.properties"), Map.of(), env::get));
    }

    private static String database(String jdbcUrl) {
        String rest = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
        rest = rest.substring(rest.indexOf('/') + 1);
        return rest.replaceAll("[?;].*", "");
    }

    private static Set<String> dockerTargets(Path dockerfile) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?im)^FROM\\s+\\S+\\s+AS\\s+(\\S+)").matcher(Files.readString(dockerfile));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Sources of COPY lines that copy from the build context (not --from another stage). */
    private static List<String> dockerCopySources(Path dockerfile) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(dockerfile)) {
            String[] words = line.trim().split("\\s+");
            if (words.length >= 3 && words[0].equals("COPY") && !words[1].startsWith("--")) {
                for (int i = 1; i < words.length - 1; i++) {
                    out.add(words[i]);
                }
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    /** A compose duration: 3m, 90s, 1m30s, 500ms. */
    static Duration composeDuration(String text) {
        Matcher m = Pattern.compile("(\\d+)(ms|h|m|s)").matcher(text);
        Duration d = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMillis(n);
            });
            end = m.end();
        }
        assertThat(end).as("duration '%s'", text).isEqualTo(text.length()).isPositive();
        return d;
    }
}
