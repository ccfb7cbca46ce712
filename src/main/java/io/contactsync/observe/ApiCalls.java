package io.contactsync.observe;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import io.contactsync.constantcontact.observer.CtctCallObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The Constant Contact client's observer: counts every request by endpoint template and status
 * ({@code contactsync_api_calls_total}) and 429s by {@code error_key} ({@code contactsync_api_rate_limited_total}),
 * and remembers what the latest answers said, so the health check knows whether Constant Contact is authorized and
 * reachable without sending a request of its own.
 */
public final class ApiCalls implements CtctCallObserver {

    /** An {@code error_key} as Constant Contact writes them ({@code throttled}, {@code quota_exceeded}); else "other". */
    private static final Pattern ERROR_KEY = Pattern.compile("[a-z][a-z0-9_.]{0,40}");

    /** What the client last learnt: any answer, an authorization failure, a transport failure. */
    public record Signals(Instant lastAnswerAt, int lastStatus, Instant lastOkAt, Instant authFailedAt,
                          String authFailure, Instant unreachableAt) {
        static final Signals NONE = new Signals(null, 0, null, null, null, null);
    }

    private final MeterRegistry registry;
    private final Clock clock;
    private final AtomicReference<Signals> signals = new AtomicReference<>(Signals.NONE);

    public ApiCalls(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public void answered(String method, String path, int status, String errorKey) {
        Counter.builder("contactsync.api.calls")
                .description("HTTP requests to the Constant Contact V3 API (retries included), by endpoint template and status")
                .tag("endpoint", EndpointTemplates.of(method, path))
                .tag("status", status == 0 ? "io_error" : Integer.toString(status))
                .register(registry).increment();
        if (status == 429) {
            Counter.builder("contactsync.api.rate.limited")
                    .description("429 answers of the Constant Contact API, by error_key")
                    .tag("error_key", errorKeyLabel(errorKey))
                    .register(registry).increment();
        }
        Instant now = clock.instant();
        signals.updateAndGet(s -> {
            if (status == 0) {
                return new Signals(s.lastAnswerAt(), s.lastStatus(), s.lastOkAt(), s.authFailedAt(), s.authFailure(), now);
            }
            boolean reached = status < 500;
            boolean authorized = status != 401 && status != 403;
            return new Signals(now, status, reached && authorized ? now : s.lastOkAt(),
                    authorized ? s.authFailedAt() : now, authorized ? s.authFailure() : "the API answered " + status,
                    reached ? null : now);
        });
    }

    @Override
    public void authorizationFailed(String reason) {
        Instant now = clock.instant();
        signals.updateAndGet(s -> new Signals(s.lastAnswerAt(), s.lastStatus(), s.lastOkAt(), now, reason,
                s.unreachableAt()));
    }

    public Signals signals() {
        return signals.get();
    }

    static String errorKeyLabel(String errorKey) {
        if (errorKey == null || errorKey.isBlank()) {
            return "none";
        }
        String k = errorKey.trim().toLowerCase(Locale.ROOT);
        return ERROR_KEY.matcher(k).matches() ? k : "other";
    }
}
