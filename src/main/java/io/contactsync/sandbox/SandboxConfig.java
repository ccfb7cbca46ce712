package io.contactsync.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of one sandbox instance. Start from {@link #defaults()} and change what you need with the
 * {@code withX} copy methods. A {@code port} of 0 binds a free port; a null {@code dataDir} keeps state in memory.
 *
 * @param host                     interface to bind (loopback by default)
 * @param port                     TCP port, 0 for any free port
 * @param dataDir                  directory of the H2 database, or null for in-memory state
 * @param clientId                 OAuth2 client id (also the key of the rate limits, as Constant Contact counts per API key)
 * @param clientSecret             OAuth2 client secret (a sandbox value, not a secret worth hiding)
 * @param initialRefreshToken      refresh token that is valid right after the first start
 * @param rotateRefreshTokens      true: each refresh token works once (Constant Contact's default); false: long-lived
 * @param tokenTtlSeconds          access token lifetime
 * @param rateLimited              false turns every limit off (throttle, daily quota, queue cap, token endpoint)
 * @param requestsPerSecond        per-client requests per second on /v3
 * @param dailyQuota               per-client requests per UTC day on /v3
 * @param maxQueuedActivities      activities not yet in a final state before the /activities POSTs answer 429
 * @param tokenRequestsPerSecond   requests per second on the token endpoint
 * @param activityProcessingMillis how long an activity takes from creation to its final state
 * @param refreshTokenGracePeriod  with rotation: how long a rotated refresh token still works (Okta's "grace period
 *                                 for token rotation", 30 s by default at Okta; what Constant Contact configures is
 *                                 not documented). The sandbox defaults to zero, the strictest case
 */
public record SandboxConfig(String host, int port, Path dataDir, String clientId, String clientSecret,
                            String initialRefreshToken, boolean rotateRefreshTokens, long tokenTtlSeconds,
                            boolean rateLimited, int requestsPerSecond, int dailyQuota, int maxQueuedActivities,
                            int tokenRequestsPerSecond, long activityProcessingMillis, Duration refreshTokenGracePeriod) {

    public SandboxConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(initialRefreshToken, "initialRefreshToken");
        Objects.requireNonNull(refreshTokenGracePeriod, "refreshTokenGracePeriod");
        if (refreshTokenGracePeriod.isNegative()) {
            throw new IllegalArgumentException("the refresh token grace period must not be negative");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (tokenTtlSeconds <= 0 || requestsPerSecond <= 0 || dailyQuota <= 0 || maxQueuedActivities <= 0
                || tokenRequestsPerSecond <= 0 || activityProcessingMillis < 0) {
            throw new IllegalArgumentException("token TTL, limits and activity time must be positive");
        }
    }

    /**
     * The documented defaults: 127.0.0.1:8089, in memory, Constant Contact's limits, rotating refresh tokens without a
     * grace period.
     */
    public static SandboxConfig defaults() {
        return new SandboxConfig("127.0.0.1", 8089, null, "sandbox-client", "sandbox-secret",
                "sandbox-refresh-token", true, 86_400, true, 4, 10_000, 1_000, 1, 150, Duration.ZERO);
    }

    public SandboxConfig withHost(String v) {
        return new SandboxConfig(v, port, dataDir, clientId, clientSecret, initialRefreshToken, rotateRefreshTokens,
                tokenTtlSeconds, rateLimited, requestsPerSecond, dailyQuota, maxQueuedActivities, tokenRequestsPerSecond,
                activityProcessingMillis, refreshTokenGracePeriod);
    }

    public SandboxConfig withPort(int v) {
        return new SandboxConfig(host, v, dataDir, clientId, clientSecret, initialRefreshToken, rotateRefreshTokens,
                tokenTtlSeconds, rateLimited, requestsPerSecond, dailyQuota, maxQueuedActivities, tokenRequestsPerSecond,
                activityProcessingMillis, refreshTokenGracePeriod);
    }

    public SandboxConfig withDataDir(Path v) {
        return new SandboxConfig(host, port, v, clientId, clientSecret, initialRefreshToken, rotateRefreshTokens,
                tokenTtlSeconds, rateLimited, requestsPerSecond, dailyQuota, maxQueuedActivities, tokenRequestsPerSecond,
                activityProcessingMillis, refreshTokenGracePeriod);
    }

    public SandboxConfig withClientId(String v) {
        return new SandboxConfig(host, port, dataDir, v, clientSecret, initialRefreshToken, rotateRefreshTokens,
                tokenTtlSeconds, rateLimited, requestsPerSecond, dailyQuota, maxQueuedActivities, tokenRequestsPerSecond,
                activityProcessingMillis, refreshTokenGracePeriod);
    }

    public SandboxConfig withClientSecret(String v) {
        return new SandboxConfig(host, port, dataDir, clientId, v, initialRefreshToken, rotateRefreshTokens,
                tokenTtlSeconds, rateLimited, requestsPerSecond, dailyQuota, maxQueuedActivities, tokenRequestsPerSecond,
                activityProcessingMillis, refreshTokenGracePeriod);
    }

    public SandboxConfig withInitialRefreshToken(String v) {
        return new SandboxConfig(host, port, dataDir, clientId, clientSecret, v, rotateRefreshTokens,
                tokenTtlSeconds, rateLimited, requestsPerSecond, dailyQuota, maxQueuedActivities, tokenRequestsPerSecond,
                activityProcessingMillis, refreshTokenGracePeriod);
    }

    public SandboxConfig withRotateRefreshTokens(boolean v) {
        return new SandboxConfig(host, port, dataDir, clientId, clientSecret, initialRefreshToken, v,
                tokenTtlSeconds, rateLimited, requestsPerSecond, dailyQuota, maxQueuedActivities, tokenRequestsPerSecond,
                activityProcessingMillis, refreshTokenGracePeriod);
    }

    public SandboxConfig withTokenTtlSeconds(long v) {
        return new SandboxConfig(host, port, dataDir, clientId, clientSecret, initialRefreshToken, rotateRefreshTokens,
                v, rateLimited, requestsPerSecond, dailyQuota, maxQueuedActivities, tokenRequestsPerSecond,
                activityProcessingMillis, refreshTokenGracePeriod);
    }

    public SandboxConfig withRateLimited(boolean v) {
        return new SandboxConfig(host, port, dataDir, clientId, clientSecret, initialRefreshToken, rotateRefreshTokens,
                tokenTtlSeconds, v, requestsPerSecond, dailyQuota, maxQueuedActivities, tokenRequestsPerSecond,
                activityProcessingMillis, refreshTokenGracePeriod);
    }

    public SandboxConfig withRequestsPerSecond(int v) {
        return new SandboxConfig(host, port, dataDir, clientId, clientSecret, initialRefreshToken, rotateRefreshTokens,
                tokenTtlSeconds, rateLimited, v, dailyQuota, maxQueuedActivities, tokenRequestsPerSecond,
                activityProcessingMillis, refreshTokenGracePeriod);
    }

    public SandboxConfig withDailyQuota(int v) {
        return new SandboxConfig(host, port, dataDir, clientId, clientSecret, initialRefreshToken, rotateRefreshTokens,
                tokenTtlSeconds, rateLimited, requestsPerSecond, v, maxQueuedActivities, tokenRequestsPerSecond,
                activityProcessingMillis, refreshTokenGracePeriod);
    }

    public SandboxConfig withMaxQueuedActivities(int v) {
        return new SandboxConfig(host, port, dataDir, clientId, clientSecret, initialRefreshToken, rotateRefreshTokens,
                tokenTtlSeconds, rateLimited, requestsPerSecond, dailyQuota, v, tokenRequestsPerSecond,
                activityProcessingMillis, refreshTokenGracePeriod);
    }

    public SandboxConfig withTokenRequestsPerSecond(int v) {
        return new SandboxConfig(host, port, dataDir, clientId, clientSecret, initialRefreshToken, rotateRefreshTokens,
                tokenTtlSeconds, rateLimited, requestsPerSecond, dailyQuota, maxQueuedActivities, v,
                activityProcessingMillis, refreshTokenGracePeriod);
    }

    public SandboxConfig withActivityProcessingMillis(long v) {
        return new SandboxConfig(host, port, dataDir, clientId, clientSecret, initialRefreshToken, rotateRefreshTokens,
                tokenTtlSeconds, rateLimited, requestsPerSecond, dailyQuota, maxQueuedActivities, tokenRequestsPerSecond,
                v, refreshTokenGracePeriod);
    }

    public SandboxConfig withRefreshTokenGracePeriod(Duration v) {
        return new SandboxConfig(host, port, dataDir, clientId, clientSecret, initialRefreshToken, rotateRefreshTokens,
                tokenTtlSeconds, rateLimited, requestsPerSecond, dailyQuota, maxQueuedActivities, tokenRequestsPerSecond,
                activityProcessingMillis, v);
    }
}
