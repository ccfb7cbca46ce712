package io.contactsync.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.contactsync.state.RunProgress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressLineTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static RunProgress progress(long pages, Map<String, Long> counts, long calls, Long total) {
        return new RunProgress(7, "crm-to-ctct", T0, pages, counts, calls, total, T0.plusSeconds(41));
    }

    @Test
    void should_show_pages_counts_calls_elapsed_and_eta_on_one_line_when_the_total_is_known() {
        RunProgress p = progress(4, Map.of("read", 2000L, "created", 1200L, "updated", 750L, "parked", 3L), 14, 3_500L);

        String line = ProgressLine.format("crm-to-ctct", p, Duration.ofSeconds(40));

        assertThat(line).isEqualTo("crm-to-ctct  page 4  · 2,000 read · 1,950 written · 3 parked · 14 API calls"
                + " · 0:40 elapsed · ETA 0:30");
    }

    @Test
    void should_say_eta_unknown_when_no_total_is_known() {
        RunProgress p = progress(1, Map.of("read", 500L, "crm_updated", 20L, "crm_created", 2L), 3, null);

        assertThat(ProgressLine.format("ctct-to-crm", p, Duration.ofMinutes(61).plusSeconds(5)))
                .isEqualTo("ctct-to-crm  page 1  · 500 read · 22 written · 0 parked · 3 API calls · 1:01:05 elapsed"
                        + " · ETA unknown");
    }

    @Test
    void should_extrapolate_the_pace_so_far_when_the_eta_is_asked() {
        assertThat(ProgressLine.eta(1000L, 250, Duration.ofSeconds(10))).contains(Duration.ofSeconds(30));
        assertThat(ProgressLine.eta(1000L, 1000, Duration.ofSeconds(10))).contains(Duration.ZERO);
        assertThat(ProgressLine.eta(1000L, 1200, Duration.ofSeconds(10))).as("more than counted (new changes)")
                .contains(Duration.ZERO);
    }

    @Test
    void should_not_invent_an_eta_when_the_total_is_unknown_or_nothing_is_done_yet() {
        assertThat(ProgressLine.eta(null, 250, Duration.ofSeconds(10))).isEmpty();
        assertThat(ProgressLine.eta(1000L, 0, Duration.ofSeconds(10))).isEmpty();
        assertThat(ProgressLine.eta(1000L, 10, Duration.ofSeconds(-1))).isEmpty();
    }

    @Test
    void should_write_minutes_and_seconds_then_hours_when_a_duration_is_shown() {
        assertThat(ProgressLine.clock(Duration.ZERO)).isEqualTo("0:00");
        assertThat(ProgressLine.clock(Duration.ofMillis(59_999))).isEqualTo("0:59");
        assertThat(ProgressLine.clock(Duration.ofMinutes(12).plusSeconds(3))).isEqualTo("12:03");
        assertThat(ProgressLine.clock(Duration.ofHours(2).plusMinutes(5))).isEqualTo("2:05:00");
    }
}
