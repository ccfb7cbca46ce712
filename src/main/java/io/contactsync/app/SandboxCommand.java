package io.contactsync.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.contactsync.sandbox.SandboxConfig;
import io.contactsync.sandbox.SandboxLibraries;
import io.contactsync.sandbox.SandboxServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code contact-sync sandbox}: runs the Constant Contact V3 sandbox until Ctrl-C or SIGTERM. Prints one line with
 * the address and where state lives; never prints tokens (the client secret is a sandbox value).
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Run the stateful Constant Contact V3 API sandbox (see docs/sandbox.md).")
public final class SandboxCommand implements Callable<Integer> {
    private static final SandboxConfig D = SandboxConfig.defaults();

    @Option(names = "--port", description = "TCP port (0 = any free port). Default: ${DEFAULT-VALUE}")
    int port = D.port();
    @Option(names = "--host", description = "Interface to bind. Default: ${DEFAULT-VALUE}")
    String host = D.host();
    @Option(names = "--data", paramLabel = "DIR", description = "Keep state in an H2 database under DIR (default: memory)")
    Path data;
    @Option(names = "--client-id", description = "OAuth2 client id. Default: ${DEFAULT-VALUE}")
    String clientId = D.clientId();
    @Option(names = "--client-secret", description = "OAuth2 client secret. Default: ${DEFAULT-VALUE}")
    String clientSecret = D.clientSecret();
    @Option(names = "--refresh-token", description = "Initial refresh token. Default: ${DEFAULT-VALUE}")
    String refreshToken = D.initialRefreshToken();
    @Option(names = "--long-lived-refresh-tokens", description = "Reuse refresh tokens instead of rotating them")
    boolean longLived;
    @Option(names = "--refresh-token-grace", paramLabel = "SECONDS",
            description = "How long a rotated refresh token still works (Okta's grace period; Okta's default is 30). Default: ${DEFAULT-VALUE}")
    long refreshTokenGrace = D.refreshTokenGracePeriod().toSeconds();
    @Option(names = "--token-ttl", paramLabel = "SECONDS", description = "Access token lifetime. Default: ${DEFAULT-VALUE}")
    long tokenTtl = D.tokenTtlSeconds();
    @Option(names = "--no-rate-limit", description = "Turn off every limit (per second, per day, queue, token endpoint)")
    boolean noRateLimit;
    @Option(names = "--requests-per-second", description = "Per-client requests per second. Default: ${DEFAULT-VALUE}")
    int requestsPerSecond = D.requestsPerSecond();
    @Option(names = "--daily-quota", description = "Per-client requests per UTC day. Default: ${DEFAULT-VALUE}")
    int dailyQuota = D.dailyQuota();
    @Option(names = "--max-queued-activities", description = "Queued activities before 429. Default: ${DEFAULT-VALUE}")
    int maxQueued = D.maxQueuedActivities();
    @Option(names = "--activity-millis", description = "How long an activity takes. Default: ${DEFAULT-VALUE}")
    long activityMillis = D.activityProcessingMillis();

    @Override
    public Integer call() throws InterruptedException {
        SandboxLibraries.require();
        SandboxConfig config = D.withPort(port).withHost(host).withDataDir(data).withClientId(clientId)
                .withClientSecret(clientSecret).withInitialRefreshToken(refreshToken).withRotateRefreshTokens(!longLived)
                .withRefreshTokenGracePeriod(Duration.ofSeconds(refreshTokenGrace))
                .withTokenTtlSeconds(tokenTtl).withRateLimited(!noRateLimit).withRequestsPerSecond(requestsPerSecond)
                .withDailyQuota(dailyQuota).withMaxQueuedActivities(maxQueued).withActivityProcessingMillis(activityMillis);
        SandboxServer server = SandboxServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        System.out.printf("Constant Contact sandbox listening on %s (state: %s)%n", server.baseUri(),
                data == null ? "memory" : data.toAbsolutePath());
        System.out.printf("client id %s, client secret %s, initial refresh token %s%n", clientId, clientSecret, refreshToken);
        System.out.flush();
        stopped.await();
        return 0;
    }
}
