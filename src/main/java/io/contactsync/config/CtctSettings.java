package io.contactsync.config;

import java.net.URI;
import java.time.Duration;

import static io.contactsync.config.ConfigCatalogue.*;

/**
 * How to reach Constant Contact. {@code clientSecret} and {@code refreshToken} come from the environment and
 * are masked in {@link #toString()}. {@code refreshToken} is null when none is configured: the state store then
 * holds the tokens (stored by {@code contact-sync authorize}, rotated by every refresh).
 *
 * @param importMaxBytes encoded body size an import may reach; under Constant Contact's 4 MB cut with a margin
 * @param authorizeUrl   where {@code contact-sync authorize} sends the browser
 * @param exportMaxRows  the largest account whose contacts are read back through one export file
 */
public record CtctSettings(URI apiUrl, URI tokenUrl, String clientId, String clientSecret, String refreshToken,
                           double requestsPerSecond, int dailyQuota, int maxRetries, Duration backoffInitial,
                           Duration backoffMax, Duration activityPollInitial, Duration activityPollMax,
                           Duration activityTimeout, int importMaxBytes, int importMaxRows, int pageSize,
                           Duration tokenRefreshMargin, URI authorizeUrl, int exportMaxRows) {

    /** Constant Contact cuts import bodies at 4 MB (4,194,304 bytes) and silently drops the rest. */
    public static final int CTCT_IMPORT_BYTE_LIMIT = 4 * 1024 * 1024;
    public static final int CTCT_IMPORT_ROW_LIMIT = 40_000;

    static CtctSettings read(ConfigReader r) {
        URI api = r.httpUrl(CTCT_API_URL);
        URI token = r.httpUrl(CTCT_TOKEN_URL);
        URI authorize = r.httpUrl(CTCT_AUTHORIZE_URL);
        String clientId = r.string(CTCT_CLIENT_ID);
        String secret = r.secret(CTCT_CLIENT_SECRET);
        String refresh = r.secret(CTCT_REFRESH_TOKEN);
        int rps = r.integer(CTCT_REQUESTS_PER_SECOND);
        int quota = r.integer(CTCT_DAILY_QUOTA);
        int retries = r.integer(CTCT_MAX_RETRIES);
        Duration b0 = r.duration(CTCT_BACKOFF_INITIAL);
        Duration b1 = r.duration(CTCT_BACKOFF_MAX);
        Duration p0 = r.duration(CTCT_ACTIVITY_POLL_INITIAL);
        Duration p1 = r.duration(CTCT_ACTIVITY_POLL_MAX);
        Duration pt = r.duration(CTCT_ACTIVITY_TIMEOUT);
        int maxBytes = r.integer(CTCT_IMPORT_MAX_BYTES);
        int maxRows = r.integer(CTCT_IMPORT_MAX_ROWS);
        int pageSize = r.integer(CTCT_PAGE_SIZE);
        Duration margin = r.duration(CTCT_TOKEN_REFRESH_MARGIN);
        int exportMaxRows = r.integer(CTCT_EXPORT_MAX_ROWS);
        if (b0 != null && b1 != null && b1.compareTo(b0) < 0) {
            r.problem("sync.ctct.backoff-max", "must not be smaller than sync.ctct.backoff-initial (" + b0 + ")");
        }
        if (p0 != null && p1 != null && p1.compareTo(p0) < 0) {
            r.problem("sync.ctct.activity-poll-max", "must not be smaller than sync.ctct.activity-poll-initial (" + p0 + ")");
        }
        return new CtctSettings(api, token, clientId, secret, refresh, rps, quota, retries, b0, b1, p0, p1, pt,
                maxBytes, maxRows, pageSize, margin, authorize, exportMaxRows);
    }

    @Override
    public String toString() {
        return "CtctSettings[apiUrl=" + apiUrl + ", tokenUrl=" + tokenUrl + ", clientId=" + clientId
                + ", clientSecret=****, refreshToken=" + (refreshToken == null ? "none" : "****")
                + ", requestsPerSecond=" + requestsPerSecond + ", dailyQuota=" + dailyQuota + "]";
    }
}
