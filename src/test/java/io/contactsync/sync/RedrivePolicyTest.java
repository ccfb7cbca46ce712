package io.contactsync.sync;

import java.time.Duration;
import java.time.Instant;

import io.contactsync.state.FailureKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedrivePolicyTest {

    private static final Instant T = Instant.parse("2026-11-01T10:00:00Z");
    private final RedrivePolicy policy = new RedrivePolicy(4, Duration.ofMinutes(1), Duration.ofMinutes(3));

    @Test
    void should_retry_a_transient_failure_after_a_backoff_that_doubles_up_to_the_cap() {
        assertThat(policy.nextAttempt(FailureKind.TRANSIENT, 1, T)).contains(T.plusSeconds(60));
        assertThat(policy.nextAttempt(FailureKind.TRANSIENT, 2, T)).contains(T.plusSeconds(120));
        assertThat(policy.nextAttempt(FailureKind.TRANSIENT, 3, T)).as("capped").contains(T.plusSeconds(180));
    }

    @Test
    void should_stop_retrying_when_the_attempts_are_used_up() {
        assertThat(policy.nextAttempt(FailureKind.TRANSIENT, 4, T)).isEmpty();
        assertThat(policy.nextAttempt(FailureKind.TRANSIENT, 40, T)).isEmpty();
    }

    @Test
    void should_never_retry_a_permanent_failure_by_itself() {
        assertThat(policy.nextAttempt(FailureKind.PERMANENT, 1, T)).isEmpty();
    }

    @Test
    void should_retry_at_once_when_the_backoff_is_zero() {
        RedrivePolicy now = new RedrivePolicy(3, Duration.ZERO, Duration.ZERO);
        assertThat(now.nextAttempt(FailureKind.TRANSIENT, 2, T)).contains(T);
    }
}
