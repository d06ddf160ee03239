package dev.mapper.cli;

import java.io.PrintWriter;

/**
 * A one-line progress report on stderr for steps that take more than two seconds: rows done, rows
 * per second and the time left, rewritten in place. Only on a terminal (a log file or a pipe gets
 * nothing), and never with --quiet.
 */
final class ProgressLine {
    private static final long QUIET_NANOS = 2_000_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private boolean shown;

    ProgressLine(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** Whether stderr is a terminal; {@code System.console()} is null when either stream is redirected. */
    static boolean terminal() {
        return System.console() != null;
    }

    boolean enabled() {
        return enabled;
    }

    void update(String table, long rows, long total, long startNanos) {
        long elapsed = System.nanoTime() - startNanos;
        if (!enabled || elapsed < QUIET_NANOS) {
            return;
        }
        long perSecond = rows * 1_000_000_000L / Math.max(1, elapsed);
        String eta = total > rows && perSecond > 0 ? ", about " + (total - rows) / perSecond + " s left" : "";
        err.print("\r" + table + ": " + rows + (total > 0 ? " of " + total : "") + " rows, " + perSecond + " rows/s" + eta + "   ");
        err.flush();
        shown = true;
    }

    /** Ends the line, so the next output starts on a fresh one. */
    void done() {
        if (shown) {
            err.println();
            err.flush();
            shown = false;
        }
    }
}
