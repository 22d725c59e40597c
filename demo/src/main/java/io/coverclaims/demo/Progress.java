package io.coverclaims.demo;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a person watching sees: groups of steps, each ticked with its elapsed time and the total time since the
 * command (m:ss), followed by the lines that prove it (events, transactions). On a terminal the running step is a live
 * line (a spinner, its elapsed time, what it waits for); elsewhere (CI, a pipe) a waiting step says so every 30 s.
 */
final class Progress {

    private static final String[] SPINNER = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
    private static final int TITLE_WIDTH = 72;

    private final PrintStream out;
    private final boolean live;
    private final boolean unicode;
    private final long invokedAtMillis;
    private final Object lock = new Object();
    private Step current;
    private int frame;
    private volatile boolean closed;

    Progress(Options options) {
        String encoding =
                System.getProperty("stdout.encoding", Charset.defaultCharset().name());
        Charset charset;
        try {
            charset = Charset.forName(encoding);
        } catch (RuntimeException e) {
            charset = Charset.defaultCharset();
        }
        this.out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, charset);
        this.unicode = charset.newEncoder().canEncode("✔✘⠋…·→");
        this.live = options.tty();
        this.invokedAtMillis = options.invokedAtMillis();
        if (live) {
            Thread ticker = new Thread(this::tick, "demo-progress");
            ticker.setDaemon(true);
            ticker.start();
        }
    }

    String ok() {
        return paint("32", unicode ? "✔" : "ok");
    }

    String failed() {
        return paint("31", unicode ? "✘" : "FAILED");
    }

    /** "→" or "->": what follows from what. */
    String arrow() {
        return unicode ? "→" : "->";
    }

    /** Milliseconds since the command was typed. */
    long sinceCommand() {
        return System.currentTimeMillis() - invokedAtMillis;
    }

    void line(String text) {
        synchronized (lock) {
            if (closed) {
                return; // stopping: the launcher says so itself
            }
            clearLive();
            out.println(text);
            drawLive();
        }
    }

    void blank() {
        line("");
    }

    void group(String title) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            clearLive();
            out.println();
            out.println(paint("1", title));
            drawLive();
        }
    }

    Step step(String title) {
        Step step = new Step(title);
        synchronized (lock) {
            current = step;
            drawLive();
        }
        return step;
    }

    /** A step that ran alongside others (a service starting), ticked now with its own elapsed time. */
    void tick(String title, long elapsedMillis, List<String> details) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            clearLive();
            printStep(ok(), title, elapsedMillis, details, null);
            drawLive();
        }
    }

    private void printStep(String mark, String title, long elapsedMillis, List<String> details, String why) {
        String padded = title.length() >= TITLE_WIDTH
                ? title + " "
                : title + " " + (unicode ? "·" : ".").repeat(TITLE_WIDTH - title.length()) + " ";
        out.println("  " + mark + " " + padded + String.format(Locale.ROOT, "%8s", duration(elapsedMillis)) + "  ("
                + clock(sinceCommand()) + ")");
        for (String detail : details) {
            out.println("      " + detail);
        }
        if (why != null) {
            for (String whyLine : why.split("\n")) {
                out.println("      " + paint("31", whyLine));
            }
        }
        out.flush();
    }

    /** Stops the live line (before the launcher exits or the shutdown hook prints). */
    void close() {
        synchronized (lock) {
            clearLive();
            current = null;
            closed = true;
        }
    }

    static String duration(long millis) {
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = Math.round(millis / 1000.0);
        return seconds / 60 + " min " + seconds % 60 + " s";
    }

    static String clock(long millis) {
        long seconds = millis / 1000;
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    private String paint(String code, String text) {
        return live ? "\033[" + code + "m" + text + "\033[0m" : text;
    }

    private void tick() {
        while (!closed) {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (lock) {
                frame++;
                drawLive();
            }
        }
    }

    private void clearLive() {
        if (live && current != null) {
            out.print("\r\033[K");
        }
    }

    private void drawLive() {
        if (!live || current == null || closed) {
            return;
        }
        String spinner = unicode ? SPINNER[frame % SPINNER.length] : "-\\|/".substring(frame % 4, frame % 4 + 1);
        String status = current.status == null ? "" : "  " + current.status;
        String text = "  " + spinner + " " + current.title + "  " + duration(current.elapsed()) + status;
        out.print("\r\033[K" + text);
        out.flush();
    }

    /** One step: ticked (with its proof lines) when done, crossed when it failed. */
    final class Step {
        private final String title;
        private final long startedNanos = System.nanoTime();
        private final List<String> details = new ArrayList<>();
        private volatile String status;
        private long lastPrintedStatus = System.nanoTime();

        private Step(String title) {
            this.title = title;
        }

        String title() {
            return title;
        }

        long elapsed() {
            return (System.nanoTime() - startedNanos) / 1_000_000;
        }

        /** A line printed under the step's tick: the event, transaction or view that proves it. */
        Step detail(String text) {
            synchronized (lock) {
                details.add(text);
            }
            return this;
        }

        /** What the step is doing right now (the live line; every 30 s a line when not on a terminal). */
        void status(String text) {
            status = text;
            if (!live && System.nanoTime() - lastPrintedStatus > 30_000_000_000L) {
                lastPrintedStatus = System.nanoTime();
                line("      … " + text + " (" + duration(elapsed()) + ")");
            }
        }

        void done() {
            finish(ok(), null);
        }

        void fail(String why) {
            finish(failed(), why);
        }

        /** Ends the step without a line of its own (its parts were ticked one by one). */
        void discard() {
            synchronized (lock) {
                clearLive();
                if (current == this) {
                    current = null;
                }
            }
        }

        private void finish(String mark, String why) {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                clearLive();
                if (current == this) {
                    current = null;
                }
                printStep(mark, title, elapsed(), details, why);
            }
        }
    }
}
