package io.contactsync.app;

import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT (Ctrl-C) as a request to stop, not a JVM shutdown: the first one calls {@code onStop} (the
 * command then lets the page in flight commit, ends its runs {@code stopped} and returns its own exit code); a
 * second one exits at once (143 / 130, as without this). A JVM shutdown would run its hooks while the cycle still
 * writes, and always exit 143. Where the JVM refuses a handler (e.g. -Xrs), the default behaviour stays.
 */
final class StopSignals {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {
    }

    static void install(Runnable onStop) {
        AtomicInteger received = new AtomicInteger();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), s -> {
                    if (received.getAndIncrement() == 0) {
                        LOG.info("SIG{} received: stopping after the page in flight is committed (send it again to"
                                + " quit at once)", s.getName());
                        onStop.run();
                    } else {
                        LOG.warn("SIG{} received again: quitting now; the page in flight is redone by the next run",
                                s.getName());
                        Runtime.getRuntime().halt(128 + s.getNumber());
                    }
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                LOG.debug("Cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
    }
}
