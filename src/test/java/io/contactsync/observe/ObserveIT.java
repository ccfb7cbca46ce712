package io.contactsync.observe;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.state.ApiUsage;
import io.contactsync.sync.Counter;
import io.contactsync.sync.Flow;
import io.contactsync.sync.SyncSummary;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health and metrics of the service ({@code run}) over real HTTP on the admin server, against the sandbox, with the
 * CRM and the state store on H2 files.
 */
class ObserveIT {

    private static final String TOKEN = "observe-admin-token-5678";
    private static final int CONTACTS = 12;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** One sample line of the Prometheus text format: name, labels, value. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @TempDir
    Path dir;
    Testbed bed;
    int port;

    record Reply(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    record Sample(String name, Map<String, String> labels, double value) {
    }

    @BeforeEach
    void start() throws IOException {
        bed = Testbed.start(dir);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        bed.set("sync.admin.port", Integer.toString(port))
                .set("sync.schedule.crm-to-ctct", "")
                .set("sync.schedule.ctct-to-crm", "")
                .asService();
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    @Test
    void should_answer_liveness_without_a_token_when_no_admin_token_is_set_and_keep_the_admin_routes_off() {
        bed.engine();

        Reply live = get("/observe/health/live", null);
        Reply admin = get("/admin/status", null);

        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json().path("status").asText()).isEqualTo("UP");
        assertThat(names(live.json())).contains("context");
        assertThat(admin.status()).as("admin routes are off without SYNC_ADMIN_TOKEN").isEqualTo(404);
        assertThat(get("/observe/metrics", null).status()).as("metrics need the token").isEqualTo(401);
        assertThat(send("POST", "/observe/health/live").status()).isEqualTo(405);
    }

    @Test
    void should_be_ready_when_all_is_well_and_show_details_only_with_the_token() {
        bed.env("SYNC_ADMIN_TOKEN", TOKEN).engine();
        bed.seed(CONTACTS);
        bed.createTierField();

        Reply ready = awaitReady(r -> r.status() == 200, TOKEN);
        Reply anonymous = get("/observe/health/ready", null);

        assertThat(ready.json().path("status").asText()).isEqualTo("UP");
        assertThat(names(ready.json())).contains("state-store", "crm", "constant-contact", "api-budget",
                "flow-crm-to-ctct", "flow-ctct-to-crm", "context");
        assertThat(check(ready.json(), "api-budget").path("details").path("limit").asLong()).isEqualTo(10_000);
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.body()).as("no details without the token").doesNotContain("details").doesNotContain("message");
        assertThat(get("/observe/health/live", null).status()).isEqualTo(200);
    }

    @Test
    void should_count_what_the_sync_summary_says_and_keep_ids_and_addresses_out_of_every_label() {
        bed.env("SYNC_ADMIN_TOKEN", TOKEN).engine();
        bed.seed(CONTACTS);
        bed.createTierField();

        SyncSummary s = bed.sync(Flow.CRM_TO_CTCT);
        Reply scrape = get("/observe/metrics", TOKEN);

        assertThat(scrape.status()).isEqualTo(200);
        List<Sample> samples = parse(scrape.body());
        String crmToCtct = "crm-to-ctct";
        long written = CycleMetrics.WRITTEN.stream().mapToLong(s::count).sum();
        assertThat(written).as("the sync wrote every contact").isEqualTo(CONTACTS);
        assertThat(value(samples, "contactsync_records_written_total", Map.of("flow", crmToCtct))).isEqualTo(written);
        assertThat(value(samples, "contactsync_records_read_total", Map.of("flow", crmToCtct))).isEqualTo(s.count(Counter.READ));
        assertThat(value(samples, "contactsync_records_parked_total", Map.of("flow", crmToCtct))).isZero();
        assertThat(value(samples, "contactsync_cycle_records_total", Map.of("flow", crmToCtct, "counter", "created")))
                .isEqualTo(s.count(Counter.CREATED));
        assertThat(value(samples, "contactsync_cycle_duration_seconds_count",
                Map.of("flow", crmToCtct, "status", s.status().id()))).isEqualTo(1);
        // Every request the client sent is counted once, by template and status; the sandbox saw the same imports.
        double allCalls = samples.stream().filter(x -> x.name().equals("contactsync_api_calls_total"))
                .mapToDouble(Sample::value).sum();
        assertThat(allCalls).isEqualTo(bed.engine().ctct().apiCalls());
        assertThat(sum(samples, "contactsync_api_calls_total", Map.of("endpoint", "POST /activities/contacts_json_import")))
                .isEqualTo(bed.requests("POST /v3/activities/contacts_json_import")).isPositive();
        assertThat(sum(samples, "contactsync_api_calls_total", Map.of("endpoint", "POST /contact_custom_fields")))
                .as("createTierField").isEqualTo(1);
        // The shared daily budget, as the state store holds it after the cycle's flush.
        ApiUsage usage = bed.engine().state().apiUsage(Testbed.CLIENT_ID, LocalDate.now(ZoneOffset.UTC));
        assertThat(usage.used()).isPositive();
        assertThat(value(samples, "contactsync_api_budget_used", Map.of())).isEqualTo(usage.used());
        assertThat(value(samples, "contactsync_api_budget_left", Map.of())).isEqualTo(10_000 - usage.used());
        assertThat(value(samples, "contactsync_dead_letters", Map.of("flow", crmToCtct))).isZero();
        // Lag: now minus the checkpoint (the newest change the flow applied; the seeded rows are days old).
        double expectedLag = Duration.between(bed.engine().state().checkpoint(crmToCtct).orElseThrow().position(),
                java.time.Instant.now()).toMillis() / 1000.0;
        assertThat(value(samples, "contactsync_checkpoint_lag_seconds", Map.of("flow", crmToCtct)))
                .isCloseTo(expectedLag, org.assertj.core.data.Offset.offset(30.0)).isPositive();
        assertThat(value(samples, "contactsync_last_success_age_seconds", Map.of("flow", crmToCtct))).isBetween(0.0, 60.0);
        assertThat(value(samples, "contactsync_last_success_age_seconds", Map.of("flow", "ctct-to-crm")))
                .as("never succeeded").isNaN();
        assertThat(samples).as("Camel's own metrics share the registry")
                .anyMatch(x -> x.name().startsWith("camel_"));
        // No label anywhere carries an e-mail address, a CRM id or a Constant Contact id.
        List<String> contactIds = bed.engine().state().linksByCrmIds(crmIds()).values().stream()
                .map(l -> l.contactId()).toList();
        assertThat(contactIds).hasSize(CONTACTS);
        for (Sample x : samples) {
            for (String v : x.labels().values()) {
                assertThat(v).as(x.name() + " " + x.labels()).doesNotContain("@")
                        .doesNotContainPattern("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-")
                        .doesNotContainPattern("c0000\\d\\d");
                contactIds.forEach(id -> assertThat(v).doesNotContain(id));
            }
        }
    }

    @Test
    void should_turn_readiness_down_naming_constant_contact_when_the_api_fails() {
        bed.set("sync.observe.ctct-probe-interval", "1s").env("SYNC_ADMIN_TOKEN", TOKEN).engine();
        awaitReady(r -> r.status() == 200, TOKEN);
        bed.control().addFaults("{\"endpoint\": \"* /v3/*\", \"status\": 503}").requireOk();

        Reply down = awaitReady(r -> r.status() == 503, TOKEN);
        Reply anonymous = get("/observe/health/ready", null);

        assertThat(down.json().path("status").asText()).isEqualTo("DOWN");
        assertThat(check(down.json(), "constant-contact").path("status").asText()).isEqualTo("DOWN");
        assertThat(check(down.json(), "constant-contact").path("message").asText()).contains("unreachable");
        assertThat(check(down.json(), "state-store").path("status").asText()).isEqualTo("UP");
        assertThat(check(anonymous.json(), "constant-contact").path("status").asText()).isEqualTo("DOWN");
        assertThat(get("/observe/health/live", null).status()).as("liveness is not readiness").isEqualTo(200);

        bed.control().clearFaults().requireOk();
        assertThat(awaitReady(r -> r.status() == 200, TOKEN).json().path("status").asText()).as("recovers").isEqualTo("UP");
    }

    @Test
    void should_turn_readiness_down_when_the_sandbox_is_stopped() {
        bed.set("sync.observe.ctct-probe-interval", "1s").env("SYNC_ADMIN_TOKEN", TOKEN).engine();
        awaitReady(r -> r.status() == 200, TOKEN);
        bed.sandbox().close();

        Reply down = awaitReady(r -> r.status() == 503, TOKEN);

        assertThat(check(down.json(), "constant-contact").path("message").asText()).contains("unreachable");
    }

    @Test
    void should_turn_readiness_down_when_the_refresh_token_is_refused() {
        bed.env("CTCT_REFRESH_TOKEN", "a-refresh-token-the-sandbox-never-issued").env("SYNC_ADMIN_TOKEN", TOKEN).engine();

        Reply down = awaitReady(r -> r.status() == 503
                && check(r.json(), "constant-contact").path("message").asText().contains("authorization refused"), TOKEN);

        assertThat(check(down.json(), "constant-contact").path("status").asText()).isEqualTo("DOWN");
        assertThat(down.body()).doesNotContain("a-refresh-token-the-sandbox-never-issued");
    }

    @Test
    void should_turn_readiness_down_when_the_last_run_failed_and_name_the_flow() {
        bed.env("SYNC_ADMIN_TOKEN", TOKEN).engine();
        bed.seed(CONTACTS);
        bed.createTierField();
        bed.control().addFaults("{\"endpoint\": \"GET /v3/contact_custom_fields*\", \"status\": 400}").requireOk();

        SyncSummary s = bed.sync(Flow.CRM_TO_CTCT);
        Reply down = awaitReady(r -> r.status() == 503, TOKEN);

        assertThat(s.status().id()).isEqualTo("failed");
        JsonNode flow = check(down.json(), "flow-crm-to-ctct");
        assertThat(flow.path("status").asText()).isEqualTo("DOWN");
        assertThat(flow.path("message").asText()).contains("crm-to-ctct").contains("failed");
        assertThat(check(down.json(), "flow-ctct-to-crm").path("status").asText()).isEqualTo("UP");
        Reply scrape = get("/observe/metrics", TOKEN);
        assertThat(value(parse(scrape.body()), "contactsync_cycle_duration_seconds_count",
                Map.of("flow", "crm-to-ctct", "status", "failed"))).isEqualTo(1);
    }

    @Test
    void should_turn_readiness_down_with_the_reset_time_when_the_daily_quota_is_spent() {
        bed.env("SYNC_ADMIN_TOKEN", TOKEN).engine();
        bed.seed(CONTACTS);
        bed.createTierField();
        bed.control().addFaults("{\"endpoint\": \"* /v3/*\", \"status\": 429, \"error_key\": \"quota_exceeded\"}").requireOk();

        SyncSummary s = bed.sync(Flow.CRM_TO_CTCT);
        Reply down = awaitReady(r -> r.status() == 503
                && check(r.json(), "api-budget").path("status").asText().equals("DOWN"), TOKEN);

        assertThat(s.status().id()).isEqualTo("stopped");
        String reset = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        assertThat(check(down.json(), "api-budget").path("message").asText()).contains("quota exceeded")
                .contains("resets at " + reset);
        assertThat(check(down.json(), "flow-crm-to-ctct").path("status").asText()).as("stopped is not failed")
                .isEqualTo("UP");
        List<Sample> samples = parse(get("/observe/metrics", TOKEN).body());
        assertThat(value(samples, "contactsync_api_rate_limited_total", Map.of("error_key", "quota_exceeded")))
                .isPositive();
        assertThat(value(samples, "contactsync_cycle_duration_seconds_count",
                Map.of("flow", "crm-to-ctct", "status", "stopped"))).isEqualTo(1);
    }

    // ---- helpers

    private List<String> crmIds() {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= CONTACTS; i++) {
            ids.add(String.format("c%06d", i));
        }
        return ids;
    }

    private Reply awaitReady(Predicate<Reply> condition, String token) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Reply last = null;
        while (System.nanoTime() < deadline) {
            last = get("/observe/health/ready", token);
            if (condition.test(last)) {
                return last;
            }
            sleep(250);
        }
        throw new AssertionError("readiness never got there; last: " + (last == null ? "none" : last.status() + " " + last.body()));
    }

    private static List<String> names(JsonNode health) {
        List<String> names = new ArrayList<>();
        health.path("checks").forEach(c -> names.add(c.path("name").asText()));
        return names;
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode c : health.path("checks")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }

    static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line.trim());
            assertThat(m.matches()).as("a sample line: " + line).isTrue();
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        return samples;
    }

    private static double value(List<Sample> samples, String name, Map<String, String> labels) {
        List<Sample> found = samples.stream().filter(x -> x.name().equals(name) && x.labels().equals(labels)).toList();
        assertThat(found).as(name + labels + " in " + samples.stream().filter(x -> x.name().equals(name)).toList())
                .hasSize(1);
        return found.get(0).value();
    }

    private static double sum(List<Sample> samples, String name, Map<String, String> subset) {
        return samples.stream().filter(x -> x.name().equals(name)
                && x.labels().entrySet().containsAll(subset.entrySet())).mapToDouble(Sample::value).sum();
    }

    private Reply get(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return call(b.build());
    }

    private Reply send(String method, String path) {
        return call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    private static Reply call(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new AssertionError(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
