package io.contactsync.admin.page;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.state.DeadLetter;
import io.contactsync.state.DeadLetterEntry;
import io.contactsync.state.DeadLetterPage;
import io.contactsync.state.FailureKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The status page's templates, rendered without an engine: escaping, sections, forms and their CSRF fields. */
class StatusPageRenderingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private static JsonNode report() throws Exception {
        return JSON.readTree("""
                {"flows": {"ctct-to-crm": {"running": false, "lease": null,
                                           "checkpoint": {"position": "2026-12-01T11:57:30Z", "tie_breaker": "", "saved_at": "2026-12-01T11:58:00Z"}},
                           "crm-to-ctct": {"running": true, "lease": {"holder": "host/42#1", "since": "2026-12-01T11:59:00Z", "expired": false},
                                           "checkpoint": null,
                                           "current_run": {"run_id": 7, "flow": "crm-to-ctct", "trigger": "page", "status": "running",
                                                           "started_at": "2026-12-01T11:59:00Z",
                                                           "progress": {"pages": 3, "read": 1500, "written": 1480, "parked": 2,
                                                                        "api_calls": 9, "elapsed_ms": 60000,
                                                                        "expected_total": 3000, "eta_seconds": 60}},
                                           "queued_runs": [8]}},
                 "runs": [{"id": 7, "flow": "crm-to-ctct", "status": "running", "started_at": "2026-12-01T11:59:00Z",
                           "finished_at": null, "duration_ms": 0, "api_calls": 3, "counts": {"read": 40, "parked": 0}},
                          {"id": 6, "flow": "ctct-to-crm", "status": "failed", "started_at": "2026-12-01T11:00:00Z",
                           "finished_at": "2026-12-01T11:00:02Z", "duration_ms": 2000, "api_calls": 1, "counts": {},
                           "error": "GET /v3/contacts answered 500 <b>bold</b>"}],
                 "conflicts": {"count": 0, "recent": []},
                 "dead_letters": 1, "parked": [], "links": 12,
                 "api_budget": {"day": "2026-12-01", "used": 2500, "left": 7500, "daily_quota": 10000, "throttled": 0,
                                "quota_exceeded_at": null, "resets_at": "2026-12-02T00:00:00Z"}}""");
    }

    private static DeadLetterPage onePage(String reason) {
        DeadLetter d = new DeadLetter("crm-to-ctct", "c000003", null, reason, 2, NOW.minusSeconds(60),
                FailureKind.PERMANENT, null);
        return new DeadLetterPage(List.of(new DeadLetterEntry(41, d, NOW.minusSeconds(120), null)), 1, 20, 1);
    }

    private static String render(DeadLetterPage dl, String csrf) throws Exception {
        return new PageView().page(PageModel.of(report(), dl, Map.of("crm-to-ctct", "0 */5 * * * ?", "ctct-to-crm", "off"),
                NOW, csrf, "started: sync of both", true));
    }

    @Test
    void should_show_a_reason_holding_markup_as_text_not_as_markup() throws Exception {
        String html = render(onePage("email: <script>alert(1)</script> is not an address"), "csrf-1");

        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html).as("an error text too").doesNotContain("<b>bold</b>").contains("&lt;b&gt;bold&lt;/b&gt;");
    }

    @Test
    void should_render_every_section_with_schedules_lag_running_run_budget_and_dead_letter_buttons() throws Exception {
        String html = render(onePage("tier: not in the value map"), "csrf-1");

        assertThat(html).contains("<meta name=\"viewport\"").contains("http-equiv=\"refresh\"")
                .doesNotContain("<script").doesNotContain("<link").doesNotContain("src=\"http");
        assertThat(html).contains("0 */5 * * * ?").contains(">off<").contains("2m 30s");
        assertThat(html).contains("id=\"running\"").contains("Run 7").contains("started by page")
                .contains("page 3 · 1500 read of 3000 · 1480 written · 2 parked · 9 API calls · 1m 0s elapsed · ETA 1m 0s")
                .contains("Queued behind it: runs [8]");
        assertThat(html).contains("data-run-id=\"6\"").contains("status-failed").contains("answered 500");
        assertThat(html).contains("2500").contains("7500").contains("10000");
        assertThat(html).contains("action=\"/status/deadletters/41/retry\"").contains("action=\"/status/deadletters/41/discard\"")
                .contains("never (fix the record)").contains("tier: not in the value map");
        assertThat(html).contains("id=\"sync-now\"").contains("id=\"resync-full\"").contains("started: sync of both");
        int forms = html.split("method=\"post\"").length - 1;
        int csrfFields = html.split("name=\"csrf\" value=\"csrf-1\"").length - 1;
        // logout, sync, resync, dry run and the two dead-letter buttons; the explain box is a GET form, without one
        assertThat(csrfFields).as("every POST form carries the CSRF token").isEqualTo(forms).isEqualTo(6);
    }

    @Test
    void should_show_no_action_forms_when_opened_read_only_with_a_bearer_header() throws Exception {
        String html = render(onePage("x"), null);

        assertThat(html).doesNotContain("<form").contains("Read-only");
    }

    @Test
    void should_render_the_login_form_with_the_error_escaped() {
        String html = new PageView().login("wrong <token>");

        assertThat(html).contains("action=\"/status/login\"").contains("type=\"password\"").contains("wrong &lt;token&gt;");
    }

    @Test
    void should_decode_urlencoded_form_fields() {
        Map<String, String> form = StatusPage.form("token=a%2Bb%3D&csrf=x+y&csrf=second&bad=%zz");

        assertThat(form).containsEntry("token", "a+b=").containsEntry("csrf", "x y");
    }

    @Test
    void should_say_the_lag_for_people() {
        assertThat(PageModel.lag("2026-12-01T11:00:00Z", NOW)).isEqualTo("1h 0m");
        assertThat(PageModel.lag("2026-11-29T12:00:00Z", NOW)).isEqualTo("2d 0h");
        assertThat(PageModel.lag("not an instant", NOW)).isEmpty();
    }
}
