package io.contactsync.app;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.contactsync.config.SyncSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code run}: the long-running service. Quartz triggers per flow ({@code sync.schedule.*}) and, with
 * {@code SYNC_ADMIN_TOKEN} set, the admin HTTP endpoints. Blocks until SIGTERM or Ctrl-C, then stops cleanly
 * (Camel lets a running cycle finish its step before the state store closes).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run as a service: scheduled cycles and the admin HTTP endpoints, until stopped (SIGTERM/Ctrl-C).")
public final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        SyncSettings settings = config.settings();
        Engine engine = Engine.start(settings, config.source(), EngineParts.forService());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Stopping contact-sync");
            try {
                engine.close();
            } finally {
                stopped.countDown();
            }
        }, "contact-sync-shutdown"));
        LOG.info("contact-sync is running; stop with SIGTERM or Ctrl-C");
        stopped.await();
        return 0;
    }
}
