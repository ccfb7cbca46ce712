package io.contactsync.app;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

import io.contactsync.admin.ProgressLine;
import io.contactsync.state.RunProgress;
import io.contactsync.sync.Flow;
import io.contactsync.sync.RunProgressListener;

/**
 * The CLI's progress line on a terminal: one line per flow, rewritten with {@code \r} after each committed page
 * ({@link ProgressLine#format}), ended with a newline when the flow ends. Counts only: no personal data.
 */
final class ProgressPrinter implements RunProgressListener {

    private final PrintWriter err;
    private int width;

    ProgressPrinter(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void committed(Flow flow, RunProgress p) {
        String line = ProgressLine.format(flow.id(), p, Duration.between(p.startedAt(), Instant.now()));
        // Pad over a longer previous line so no tail of it is left behind.
        String pad = line.length() < width ? " ".repeat(width - line.length()) : "";
        width = line.length();
        err.print("\r" + line + pad);
        err.flush();
    }

    /** The flow ended: the next line starts afresh. */
    synchronized void end() {
        if (width > 0) {
            err.println();
            err.flush();
            width = 0;
        }
    }
}
