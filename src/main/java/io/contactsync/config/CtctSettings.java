package io.contactsync.config;

import java.net.URI;
import java.time.Duration;

/**
 * How to reach Constant Contact. {@code clientSecret} and {@code refreshToken} come from the environment and
 * are masked in {@link #toString()}.
 *
 * @param importMaxBytes encoded body size an import may reach; under Constant Contact's 4 MB cut with a margin
 */
public record CtctSettings(URI apiUrl, URI tokenUrl, String clientId, String clientSecret, String refreshToken,
                           double requestsPerSecond, int dailyQuota, int maxRetries, Duration backoffInitial,
                           Duration backoffMax, Duration activityPollInitial, Duration activityPollMax,
                           Duration activityTimeout, int importMaxBytes, int importMaxRows, int pageSize,
                           Duration tokenRefreshMargin) {

    /** Constant Contact cuts import bodies at 4 MB (4,194,304 bytes) and silently drops the rest. */
    public static final int CTCT_IMPORT_BYTE_LIMIT = 4 * 1024 * 1024;
    public static final int CTCT_IMPORT_ROW_LIMIT = 40_000;

    static CtctSettings read(ConfigReader r) {
        URI api = r.httpUrl("sync.ctct.api-url", "https://api.cc.email/v3");
        URI token = r.httpUrl("sync.ctct.token-url", "https://authz.constantcontact.com/oauth2/default/v1/token");
        String clientId = r.required("sync.ctct.client-id");
        String secret = r.secret("sync.ctct.client-secret", "CTCT_CLIENT_SECRET", true);
        String refresh = r.secret("sync.ctct.refresh-token", "CTCT_REFRESH_TOKEN", false);
        int rps = r.intIn("sync.ctct.requests-per-second", 4, 1, 100);
        int quota = r.intIn("sync.ctct.daily-quota", 10_000, 1, 10_000_000);
        int retries = r.intIn("sync.ctct.max-retries", 6, 0, 50);
        Duration b0 = r.duration("sync.ctct.backoff-initial", Duration.ofMillis(500));
        Duration b1 = r.duration("sync.ctct.backoff-max", Duration.ofSeconds(30));
        Duration p0 = r.duration("sync.ctct.activity-poll-initial", Duration.ofMillis(200));
        Duration p1 = r.duration("sync.ctct.activity-poll-max", Duration.ofSeconds(5));
        Duration pt = r.duration("sync.ctct.activity-timeout", Duration.ofMinutes(30));
        int maxBytes = r.intIn("sync.ctct.import-max-bytes", 3_800_000, 10_000, CTCT_IMPORT_BYTE_LIMIT - 1);
        int maxRows = r.intIn("sync.ctct.import-max-rows", CTCT_IMPORT_ROW_LIMIT, 1, CTCT_IMPORT_ROW_LIMIT);
        int pageSize = r.intIn("sync.ctct.page-size", 500, 1, 500);
        Duration margin = r.duration("sync.ctct.token-refresh-margin", Duration.ofMinutes(5));
        if (b0 != null && b1 != null && b1.compareTo(b0) < 0) {
            r.problem("sync.ctct.backoff-max", "must not be smaller than sync.ctct.backoff-initial (" + b0 + ")");
        }
        if (p0 != null && p1 != null && p1.compareTo(p0) < 0) {
            r.problem("sync.ctct.activity-poll-max", "must not be smaller than sync.ctct.activity-poll-initial (" + p0 + ")");
        }
        return new CtctSettings(api, token, clientId, secret, refresh, rps, quota, retries, b0, b1, p0, p1, pt,
                maxBytes, maxRows, pageSize, margin);
    }

    @Override
    public String toString() {
        return "CtctSettings[apiUrl=" + apiUrl + ", tokenUrl=" + tokenUrl + ", clientId=" + clientId
                + ", clientSecret=****, refreshToken=" + (refreshToken == null ? "none" : "****")
                + ", requestsPerSecond=" + requestsPerSecond + ", dailyQuota=" + dailyQuota + "]";
    }
}
