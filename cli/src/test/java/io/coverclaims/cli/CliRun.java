package io.coverclaims.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** One run of the command line in the test's JVM: its exit status and what it printed. */
record CliRun(int status, String out, String err) {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    static CliRun run(String... argv) {
        return run(Map.of(), Path.of("").toAbsolutePath(), argv);
    }

    /** A run whose operator types {@code input} (e.g. an answer to a confirmation). */
    static CliRun typing(String input, String... argv) {
        return runTyping(Map.of(), Path.of("").toAbsolutePath(), input, argv);
    }

    static CliRun run(Map<String, String> env, Path callerDir, String... argv) {
        return runTyping(env, callerDir, "", argv);
    }

    static CliRun runTyping(Map<String, String> env, Path callerDir, String input, String[] argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Cli.run(
                List.of(argv),
                new Invocation(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        env,
                        callerDir,
                        Clock.fixed(NOW, ZoneOffset.UTC),
                        new Random(7),
                        new java.io.BufferedReader(new java.io.StringReader(input)),
                        false));
        return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
