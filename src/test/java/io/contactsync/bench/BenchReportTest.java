package io.contactsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    private static PhaseResult push() {
        return new PhaseResult("push", 10_000, 4_000, 3_000, 50,
                Map.of("POST /v3/activities/contacts_json_import", 20L, "GET /v3/activities/{activity_id}", 30L), 1,
                new PhaseResult.Imports(20, 10_000, 2_000_000, 500, 120_000), 64L << 20, 200L << 20, "succeeded", null);
    }

    @Test
    void should_project_contacts_per_day_from_the_daily_budget_and_the_calls_per_contact() {
        assertThat(BenchReport.callsPerContact(50, 10_000)).isEqualTo(0.005);
        assertThat(BenchReport.contactsPerDay(50, 10_000)).isEqualTo(2_000_000);
        assertThat(BenchReport.contactsPerDay(3, 1)).isEqualTo(3_333);
        assertThat(BenchReport.contactsPerDay(0, 10_000)).isEqualTo(-1);
    }

    @Test
    void should_give_the_share_of_the_budget_an_idle_cycle_takes_at_five_minute_polling() {
        assertThat(BenchReport.CYCLES_PER_DAY).isEqualTo(288);
        assertThat(BenchReport.idleBudgetPercent(10)).isEqualTo(28.8);
        assertThat(BenchReport.idleBudgetPercent(0)).isZero();
    }

    @Test
    void should_compare_contacts_per_request_with_the_baseline() {
        Baseline baseline = new Baseline(1_000, 1_000, 5_000, null);

        assertThat(BenchReport.ratio(push(), baseline)).isEqualTo(200.0);
        assertThat(BenchReport.ratio(push(), new Baseline(0, 0, 0, "down"))).isEqualTo(-1);
    }

    @Test
    void should_print_every_figure_of_a_phase_in_the_table() {
        String t = BenchReport.table(Map.of("cpus", "2"), List.of(push()), new Baseline(1_000, 1_000, 5_000, null));

        assertThat(t).contains("== push (10,000 contacts)")
                .contains("wall time:          4.0 s (engine's own run: 3.0 s)")
                .contains("contacts/s:         2,500")
                .contains("API calls:          50 (0.00500 per contact)")
                .contains("POST /v3/activities/contacts_json_import")
                .contains("20 calls, 500 rows and 100,000 bytes per call on average; largest 500 rows (1.3 % of 40,000)")
                .contains("engine peak heap:   64 MB   peak RSS: 200 MB")
                .contains("2,000,000 contacts/day inside 10,000 requests")
                .contains("ratio engine/baseline: 200 x fewer requests per contact");
    }

    @Test
    void should_print_a_failed_phase_with_its_error_and_the_idle_budget_for_the_noop() {
        PhaseResult noop = new PhaseResult("noop", 10_000, 2_000, 1_000, 3, Map.of("GET /v3/contacts", 3L), 0,
                PhaseResult.Imports.NONE, -1, -1, "succeeded", null);
        PhaseResult failed = PhaseResult.failed("pull", 10_000, 100, "engine exited 1");
        PhaseResult partial = new PhaseResult("push", 10, 1_000, 900, 5, Map.of(), 0, PhaseResult.Imports.NONE, -1, -1,
                "partial", null);
        assertThat(BenchReport.table(Map.of(), List.of(partial), null)).contains("engine status:      partial")
                .doesNotContain("FAILED");

        String t = BenchReport.table(Map.of(), List.of(failed, noop), null);

        assertThat(t).contains("== pull (10,000 contacts) FAILED").contains("error:              engine exited 1")
                .contains("3 calls; at one cycle per 5 min that is 864 calls/day = 8.6 % of 10,000")
                .contains("engine peak heap:   n/a   peak RSS: n/a").doesNotContain("baseline");
    }

    @Test
    void should_put_every_figure_in_one_json_object() throws Exception {
        JsonNode j = new ObjectMapper().readTree(BenchReport.json(Map.of("cpus", "2"), List.of(push()),
                new Baseline(1_000, 1_000, 5_000, null)));

        JsonNode p = j.at("/phases/0");
        assertThat(j.at("/machine/cpus").asText()).isEqualTo("2");
        assertThat(p.get("calls_per_contact").asDouble()).isEqualTo(0.005);
        assertThat(p.get("contacts_per_day").asLong()).isEqualTo(2_000_000);
        assertThat(p.at("/by_endpoint/GET ~1v3~1activities~1{activity_id}").asLong()).isEqualTo(30);
        assertThat(p.at("/imports/max_bytes").asLong()).isEqualTo(120_000);
        assertThat(p.get("peak_rss_bytes").asLong()).isEqualTo(200L << 20);
        assertThat(j.at("/baseline/ratio_vs_push").asDouble()).isEqualTo(200.0);
    }
}
