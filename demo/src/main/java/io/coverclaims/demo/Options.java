package io.coverclaims.demo;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * The launcher's command line: {@code [--once] [--fresh] [--state DIR] [--root DIR] [--no-build]}. {@code ./claims
 * demo} passes its own arguments through; it handles {@code --no-build} itself (the launcher accepts and ignores it).
 */
record Options(Path root, Path state, boolean once, boolean fresh, boolean help, long invokedAtMillis, boolean tty) {

    static final String USAGE = """
            usage: ./claims demo [--once] [--fresh] [--state DIR] [--no-build]
              (no option)   start everything, run the scenario and its verification, then keep the system up until Ctrl-C
              --once        exit after the verification: status 0 when every step and check passed, 1 otherwise
              --fresh       start from nothing: delete the demo's state (broker data, chain, service state, logs) first
              --state DIR   where the demo keeps its state and logs (default .local/demo)
              --no-build    do not build (./claims demo otherwise builds what changed, quietly)""";

    static Options parse(String[] args) {
        Path root = Path.of("").toAbsolutePath();
        Path state = null;
        boolean once = false;
        boolean fresh = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--once" -> once = true;
                case "--fresh" -> fresh = true;
                case "--no-build" -> {
                    // handled by ./claims
                }
                case "--help", "-h" -> help = true;
                case "--state", "--root" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(args[i] + " needs a directory");
                    }
                    Path value = Path.of(args[++i]);
                    if (args[i - 1].equals("--state")) {
                        state = value;
                    } else {
                        root = value.toAbsolutePath().normalize();
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (state == null) {
            state = root.resolve(".local/demo");
        }
        String callerDir = System.getProperty("coverclaims.demo.caller-dir");
        if (!state.isAbsolute()) {
            state = (callerDir == null ? root : Path.of(callerDir)).resolve(state);
        }
        return new Options(root, state.normalize(), once, fresh, help, detectInvokedAt(), detectTty());
    }

    /** When ./claims demo was typed (it passes the time), else when this JVM started. */
    private static long detectInvokedAt() {
        String passed = System.getProperty("coverclaims.demo.invoked-at", "");
        if (passed.matches("[0-9]{10,16}")) {
            return Long.parseLong(passed);
        }
        return ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    /** Whether stdout is a terminal (./claims tells; System.console() is not reliable for that on JDK 22+). */
    private static boolean detectTty() {
        String passed = System.getProperty("coverclaims.demo.tty");
        if (passed != null) {
            return Boolean.parseBoolean(passed);
        }
        return System.console() != null && Runtime.version().feature() < 22;
    }
}
