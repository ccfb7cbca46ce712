package io.contactsync.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.contactsync.constantcontact.transport.CtctApiException;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: Constant Contact is authorized and reachable, judged from what the client already knows, so probes do
 * not spend the daily request budget: a refresh token is stored or configured, the latest token refresh or request was
 * not refused (401/403), and the latest request got an answer (not an I/O failure or a 5xx). Only when the client
 * has not heard from the API for {@code sync.observe.ctct-probe-interval} does this check send one light request
 * itself ({@code GET /contact_lists}), and never more often than that: at most 288 requests a day at the default 5m,
 * none while the flows run.
 */
final class CtctCheck extends AbstractHealthCheck {

    private final ApiCalls calls;
    private final BooleanSupplier hasRefreshToken;
    private final Runnable probe;
    private final Duration probeInterval;
    private final Clock clock;
    private Instant lastProbeAt;
    private volatile String lastProbeFailure;
    private volatile boolean probing;

    CtctCheck(ApiCalls calls, BooleanSupplier hasRefreshToken, Runnable probe, Duration probeInterval, Clock clock) {
        super(HealthChecks.GROUP, "constant-contact");
        this.calls = calls;
        this.hasRefreshToken = hasRefreshToken;
        this.probe = probe;
        this.probeInterval = probeInterval;
        this.clock = clock;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected synchronized void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        boolean tokenThere;
        try {
            tokenThere = hasRefreshToken.getAsBoolean();
        } catch (RuntimeException e) {
            builder.down().message("Constant Contact: cannot read the stored tokens: " + e.getMessage());
            return;
        }
        if (!tokenThere) {
            builder.down().message("Constant Contact: not connected (no refresh token stored or configured): "
                    + "run contact-sync authorize");
            return;
        }
        Instant now = clock.instant();
        ApiCalls.Signals s = calls.signals();
        Instant lastHeard = latest(s.lastAnswerAt(), s.unreachableAt(), s.authFailedAt());
        if ((lastHeard == null || Duration.between(lastHeard, now).compareTo(probeInterval) >= 0)
                && (lastProbeAt == null || Duration.between(lastProbeAt, now).compareTo(probeInterval) >= 0)) {
            lastProbeAt = now;
            startProbe();
        }
        builder.detail("last_answer_at", text(s.lastAnswerAt())).detail("last_status", s.lastStatus())
                .detail("last_ok_at", text(s.lastOkAt())).detail("last_probe_at", text(lastProbeAt));
        if (s.authFailedAt() != null && after(s.authFailedAt(), s.lastOkAt())) {
            builder.down().message("Constant Contact: authorization refused at " + s.authFailedAt() + ": "
                    + s.authFailure());
        } else if (s.unreachableAt() != null && after(s.unreachableAt(), s.lastOkAt())) {
            builder.down().message("Constant Contact: unreachable (the latest request, at " + s.unreachableAt()
                    + ", got " + (s.lastStatus() >= 500 && s.lastAnswerAt() != null
                    && !s.lastAnswerAt().isBefore(s.unreachableAt()) ? "a " + s.lastStatus() : "no answer") + ")");
        } else if (s.lastOkAt() == null) {
            // Not ready until Constant Contact was reached once: a fresh engine says so a moment after it started.
            builder.down().message(lastProbeFailure != null ? "Constant Contact: the probe failed: " + lastProbeFailure
                    : "Constant Contact: not reached yet (a probe is under way)");
        } else {
            builder.up();
        }
    }

    /**
     * In the background: the client retries with backoff for minutes when the API is down, and a health probe must
     * answer at once. The probe's requests reach {@link ApiCalls} like any other, so the next call sees the outcome.
     */
    private void startProbe() {
        if (probing) {
            return;
        }
        probing = true;
        Thread t = new Thread(() -> {
            try {
                lastProbeFailure = probeOnce();
            } finally {
                probing = false;
            }
        }, "contactsync-ctct-probe");
        t.setDaemon(true);
        t.start();
    }

    /** Null when the probe got an answer (the observer saw it), else why not. */
    private String probeOnce() {
        try {
            probe.run();
            return null;
        } catch (CtctApiException e) {
            // A spent quota is the budget check's business: the API answered.
            return e.kind() == CtctApiException.Kind.QUOTA_EXCEEDED ? null : e.getMessage();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    private static boolean after(Instant a, Instant b) {
        return b == null || a.isAfter(b) || a.equals(b);
    }

    private static Instant latest(Instant... instants) {
        Instant latest = null;
        for (Instant i : instants) {
            if (i != null && (latest == null || i.isAfter(latest))) {
                latest = i;
            }
        }
        return latest;
    }

    private static String text(Instant i) {
        return i == null ? "never" : i.toString();
    }
}
