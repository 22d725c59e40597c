package io.coverclaims.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Random;

/**
 * What a command runs with besides its arguments: where it prints, the environment, the directory relative paths the
 * caller typed are resolved against (./claims runs from the repository root but passes the caller's directory), the
 * clock and the source of fresh nonces, what the operator types (a confirmation), and whether stderr is a terminal
 * (a live progress bar) or not (an occasional progress line). Tests give their own.
 */
record Invocation(
        PrintStream out,
        PrintStream err,
        Map<String, String> env,
        Path callerDir,
        Clock clock,
        Random random,
        BufferedReader in,
        boolean errIsTerminal) {

    /** The property ./claims sets to the directory it was called from. */
    static final String CALLER_DIR = "coverclaims.cli.caller-dir";

    /** The property ./claims sets to true when stderr is a terminal ({@code [[ -t 2 ]]}). */
    static final String ERR_IS_TERMINAL = "coverclaims.cli.stderr-tty";

    /** No operator at a keyboard: nothing to read, stderr no terminal. */
    Invocation(PrintStream out, PrintStream err, Map<String, String> env, Path callerDir, Clock clock, Random random) {
        this(out, err, env, callerDir, clock, random, new BufferedReader(new StringReader("")), false);
    }

    static Invocation system() {
        return new Invocation(
                System.out,
                System.err,
                System.getenv(),
                Path.of(System.getProperty(CALLER_DIR, "")).toAbsolutePath(),
                Clock.systemUTC(),
                new SecureRandom(),
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                Boolean.getBoolean(ERR_IS_TERMINAL));
    }

    /** The same, reading what the operator types from {@code input}. */
    Invocation typing(Reader input) {
        return new Invocation(out, err, env, callerDir, clock, random, new BufferedReader(input), errIsTerminal);
    }

    /** {@code path} as the caller meant it: relative paths against the caller's directory. */
    Path resolve(String path) {
        return callerDir.resolve(path).normalize();
    }
}
