package io.coverclaims.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress of a long read, on stderr: on a terminal a live bar redrawn in place (done, records/s, time left),
 * cleared when the read ends; elsewhere (a pipe, a log, a CI job) a plain line every {@link #PLAIN_EVERY_NANOS}, and
 * nothing for a read shorter than that. Progress is measured in offsets (what is left to read), speed in records.
 */
final class ProgressBar {

    static final long PLAIN_EVERY_NANOS = 10_000_000_000L;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long FIRST_DRAW_NANOS = 300_000_000L;
    private static final int WIDTH = 24;

    private final String what;
    private final PrintStream err;
    private final boolean terminal;
    private final LongSupplier nanos;
    private long total;
    private long started;
    private long lastShown;
    private boolean drawn;
    private boolean finished;

    ProgressBar(String what, PrintStream err, boolean terminal) {
        this(what, err, terminal, System::nanoTime);
    }

    ProgressBar(String what, PrintStream err, boolean terminal, LongSupplier nanos) {
        this.what = what;
        this.err = err;
        this.terminal = terminal;
        this.nanos = nanos;
    }

    /** For the invocation's stderr. */
    static ProgressBar of(String what, Invocation io) {
        return new ProgressBar(what, io.err(), io.errIsTerminal());
    }

    void start(long totalOffsets) {
        total = totalOffsets;
        started = nanos.getAsLong();
        lastShown = started;
    }

    /** {@code done} offsets of the total covered, {@code records} records read so far. */
    void update(long done, long records) {
        if (finished) {
            return;
        }
        long now = nanos.getAsLong();
        if (terminal) {
            if (now - started >= FIRST_DRAW_NANOS && now - lastShown >= REDRAW_NANOS) {
                err.print("\r" + line(what, done, total, records, now - started) + "\033[K");
                err.flush();
                drawn = true;
                lastShown = now;
            }
        } else if (now - lastShown >= PLAIN_EVERY_NANOS) {
            err.println(what + ": " + line(null, done, total, records, now - started));
            lastShown = now;
        }
    }

    /** Clears the bar (a terminal); idempotent. */
    void finish() {
        if (!finished && drawn) {
            err.print("\r\033[K");
            err.flush();
        }
        finished = true;
    }

    /**
     * One progress line: with {@code what}, a bar ({@code reading pool.events [#####·····] 45 %}), else the plain form;
     * then the counts, records/s and the estimated time left.
     */
    static String line(String what, long done, long total, long records, long elapsedNanos) {
        double fraction = total <= 0 ? 1 : Math.min(1, (double) done / total);
        double seconds = elapsedNanos / 1e9;
        long perSecond = seconds <= 0 ? 0 : Math.round(records / seconds);
        String eta;
        if (done <= 0 || seconds <= 0) {
            eta = "ETA …";
        } else {
            eta = "ETA " + clock(Math.round((total - done) * (seconds / done)));
        }
        String counts = String.format(
                Locale.ROOT,
                "%d %% · %,d of %,d records · %,d records/s · %s",
                Math.round(fraction * 100),
                Math.min(done, total),
                total,
                perSecond,
                eta);
        if (what == null) {
            return counts;
        }
        int filled = (int) Math.round(fraction * WIDTH);
        return what + " [" + "#".repeat(filled) + "·".repeat(WIDTH - filled) + "] " + counts;
    }

    /** 75 → "1:15", 3725 → "1:02:05". */
    static String clock(long seconds) {
        long s = Math.max(0, seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
