package io.contactsync.admin;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResyncModeTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void should_refuse_an_instant_in_the_future_when_parsing_since() {
        assertThatThrownBy(() -> ResyncMode.parseInstant("2099-01-01T00:00:00Z", CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'2099-01-01T00:00:00Z' is in the future")
                .hasMessageContaining("2026-12-01T10:00:00Z");
        assertThatThrownBy(() -> ResyncMode.parseInstant("2026-12-01T10:01:01Z", CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_accept_past_instants_and_small_clock_skew_when_parsing_since() {
        assertThat(ResyncMode.parseInstant("2024-05-01T02:00:00+02:00", CLOCK)).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
        assertThat(ResyncMode.parseInstant("2026-12-01T10:00:59Z", CLOCK)).isEqualTo(Instant.parse("2026-12-01T10:00:59Z"));
    }

    @Test
    void should_refuse_a_future_instant_when_the_system_clock_is_used() {
        assertThatThrownBy(() -> ResyncMode.parseInstant("2999-01-01T00:00:00Z"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is in the future");
    }

    @Test
    void should_refuse_a_future_instant_when_building_a_since_mode() {
        assertThatThrownBy(() -> ResyncMode.since(Instant.parse("2099-01-01T00:00:00Z"), CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is in the future");
        assertThat(ResyncMode.since(NOW.minusSeconds(5), CLOCK).since()).isEqualTo(NOW.minusSeconds(5));
    }
}
