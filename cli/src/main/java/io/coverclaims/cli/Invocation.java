package io.coverclaims.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Random;

/**
 * What a command runs with besides its arguments: where it prints, the environment, the directory relative paths the
 * caller typed are resolved against (./claims runs from the repository root but passes the caller's directory), the
 * clock and the source of fresh nonces. Tests give their own.
 */
record Invocation(
        PrintStream out, PrintStream err, Map<String, String> env, Path callerDir, Clock clock, Random random) {

    /** The property ./claims sets to the directory it was called from. */
    static final String CALLER_DIR = "coverclaims.cli.caller-dir";

    static Invocation system() {
        return new Invocation(
                System.out,
                System.err,
                System.getenv(),
                Path.of(System.getProperty(CALLER_DIR, "")).toAbsolutePath(),
                Clock.systemUTC(),
                new SecureRandom());
    }

    /** {@code path} as the caller meant it: relative paths against the caller's directory. */
    Path resolve(String path) {
        return callerDir.resolve(path).normalize();
    }
}
