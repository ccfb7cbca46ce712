package io.contactsync.app;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import io.contactsync.config.SyncSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code run}: the long-running service. Quartz triggers per flow ({@code sync.schedule.*}) and, with
 * {@code SYNC_ADMIN_TOKEN} set, the admin HTTP endpoints. Blocks until SIGTERM or Ctrl-C, then stops cleanly and
 * exits 0: a cycle in flight finishes its page and commits (its run ends {@code stopped}), queued runs do not start,
 * then Camel and the state store close. A second signal quits at once. Should the cycle not end within
 * {@link #STOP_WAIT}, the service closes anyway (the page in flight is redone by the next run, as after a crash).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run as a service: scheduled cycles and the admin HTTP endpoints, until stopped (SIGTERM/Ctrl-C:"
                + " the page in flight is committed, then exit 0).")
public final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    static final Duration STOP_WAIT = Duration.ofSeconds(60);

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        SyncSettings settings = config.settings();
        Engine engine = Engine.start(settings, config.source(), EngineParts.forService());
        CountDownLatch signalled = new CountDownLatch(1);
        AtomicBoolean closed = new AtomicBoolean();
        StopSignals.install(signalled::countDown);
        // Any other JVM shutdown (SIGHUP, System.exit elsewhere): the same orderly stop; the hook waits for it.
        Thread hook = new Thread(() -> stop(engine, closed), "contact-sync-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        LOG.info("contact-sync is running; stop with SIGTERM or Ctrl-C");
        signalled.await();
        stop(engine, closed);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        return 0;
    }

    private static void stop(Engine engine, AtomicBoolean closed) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Stopping contact-sync: a cycle in flight commits its page first");
        engine.runner().requestStop();
        try {
            if (!engine.runner().awaitIdle(STOP_WAIT)) {
                LOG.warn("A cycle did not end within {}; closing anyway (its page in flight is redone by the next run)",
                        STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        engine.close();
        LOG.info("contact-sync stopped");
    }
}
