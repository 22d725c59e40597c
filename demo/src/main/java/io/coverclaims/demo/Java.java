package io.coverclaims.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The JVM the children run on: the launcher's own (./claims found a JDK 21 or newer). */
final class Java {

    private Java() {}

    static String binary() {
        Optional<String> current = ProcessHandle.current().info().command();
        if (current.isPresent() && Files.isExecutable(Path.of(current.get()))) {
            return current.get();
        }
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** kafka-clients unmaps buffers through sun.misc.Unsafe, which JDK 23+ warns about unless allowed. */
    static List<String> unsafeMemoryAccess() {
        return Runtime.version().feature() >= 23 ? List.of("--sun-misc-unsafe-memory-access=allow") : List.of();
    }
}
