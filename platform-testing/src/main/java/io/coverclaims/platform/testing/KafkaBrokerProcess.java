package io.coverclaims.platform.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A real single-node KRaft Kafka broker (the deploy module's {@code io.coverclaims.deploy.kafka.LocalKafkaBroker})
 * in its own JVM, for tests. Plain Java, no Kafka dependency: it only spawns and stops the process.
 *
 * <p>The broker's class path comes from {@code classpath.txt} in the directory named by the system property
 * {@code coverclaims.broker.home} (the root pom's surefire configuration sets it to
 * {@code deploy/target/kafka-broker}); without that property, the current directory and its parents are searched
 * for {@code deploy/target/kafka-broker/classpath.txt}. The topics of the class path resource
 * {@code topic-catalogue.json} (from the schemas module), when present, are created before the broker reports ready.
 *
 * <p>The broker watches this JVM's pid and exits when it dies, so a killed test JVM leaves no broker behind.
 */
public final class KafkaBrokerProcess {

    /** System property: a directory holding the broker's {@code classpath.txt}. */
    public static final String BROKER_HOME_PROPERTY = "coverclaims.broker.home";
    /** The catalogue resource, copied to a file and handed to the broker. */
    public static final String CATALOGUE_RESOURCE = "topic-catalogue.json";

    static final String MAIN_CLASS = "io.coverclaims.deploy.kafka.LocalKafkaBroker";
    static final String READY_PREFIX = "KAFKA_READY bootstrap=";
    static final String BROKER_HOME_RELATIVE = "deploy/target/kafka-broker";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final String BUILD_HINT = "build the deploy module first: ./mvnw -pl deploy process-classes";

    private static KafkaBrokerProcess shared;

    private final Process process;
    private final String bootstrapServers;
    private final Duration startupTime;
    private final Path logFile;
    private final Path scratchDir;
    private final Thread shutdownHook;
    private boolean stopped;

    private KafkaBrokerProcess(
            Process process, String bootstrapServers, Duration startupTime, Path logFile, Path scratchDir) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.startupTime = startupTime;
        this.logFile = logFile;
        this.scratchDir = scratchDir;
        this.shutdownHook = new Thread(this::stop, "kafka-broker-process-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * The broker of this JVM: started (temporary data folder, free ports, the catalogue's topics) on the first
     * call, reused afterwards, stopped by a shutdown hook when the JVM exits. Started again if it has died.
     */
    public static synchronized KafkaBrokerProcess shared() {
        if (shared == null || !shared.isAlive()) {
            shared = start(null, 0);
        }
        return shared;
    }

    /**
     * Starts a broker and waits (up to 60 s) until it reports ready.
     *
     * @param dataDir persistent data folder (formatted the first time, reused afterwards; the broker's stderr is
     *                appended to {@code broker.log} in it), or {@code null} for a temporary one deleted at exit
     * @param port    client port on 127.0.0.1, or 0 for a free one
     */
    public static KafkaBrokerProcess start(Path dataDir, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("not a port: " + port);
        }
        List<String> classpath = brokerClasspath(
                locateBrokerHome(System.getProperty(BROKER_HOME_PROPERTY), Path.of(System.getProperty("user.dir"))));
        // A free port is picked by the broker and could, rarely, be taken before it binds it: one more try then.
        int attempts = port == 0 ? 2 : 1;
        for (int attempt = 1; ; attempt++) {
            try {
                return launch(classpath, dataDir, port);
            } catch (IllegalStateException e) {
                if (attempt >= attempts || !String.valueOf(e.getMessage()).contains("exited")) {
                    throw e;
                }
            }
        }
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** From launching the JVM to its ready line. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Where the broker's stderr (WARN+ logging, start-up and shutdown notes) goes. */
    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Stops the broker: SIGTERM (clean shutdown), up to 10 s, then a forcible kill. Idempotent. */
    public void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        destroy(process);
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs or has run anyway
            }
        }
        if (scratchDir != null) {
            deleteRecursively(scratchDir);
        }
    }

    @Override
    public String toString() {
        return "KafkaBrokerProcess[pid " + process.pid() + ", " + bootstrapServers + (isAlive() ? "" : ", stopped")
                + "]";
    }

    // ---------------------------------------------------------------------------------------------- launching

    private static KafkaBrokerProcess launch(List<String> classpath, Path dataDir, int port) {
        Path scratch = null;
        Process process = null;
        try {
            scratch = Files.createTempDirectory("coverclaims-broker-");
            Path logFile;
            if (dataDir != null) {
                Files.createDirectories(dataDir);
                logFile = dataDir.resolve("broker.log");
            } else {
                logFile = scratch.resolve("broker.log");
            }
            Path catalogue = copyCatalogue(scratch);

            List<String> command = new ArrayList<>();
            command.add(javaBinary());
            command.add("-Xmx512m");
            // start-up is class-loading bound, and a test broker carries little load: C1 and SerialGC are
            // the quickest to start and the lightest on a small machine
            command.add("-XX:TieredStopAtLevel=1");
            command.add("-XX:+UseSerialGC");
            if (Runtime.version().feature() >= 23) {
                command.add("--sun-misc-unsafe-memory-access=allow"); // kafka-clients' buffer unmapper
            }
            command.add("-cp");
            command.add(String.join(java.io.File.pathSeparator, classpath));
            command.add(MAIN_CLASS);
            command.add("--port");
            command.add(String.valueOf(port));
            command.add("--parent-pid");
            command.add(String.valueOf(ProcessHandle.current().pid()));
            if (dataDir != null) {
                command.add("--data");
                command.add(dataDir.toAbsolutePath().toString());
            }
            if (catalogue != null) {
                command.add("--catalogue");
                command.add(catalogue.toString());
            }

            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectOutput(ProcessBuilder.Redirect.PIPE);
            long t0 = System.nanoTime();
            Process started = builder.start();
            process = started;
            started.getOutputStream().close();
            CompletableFuture<String> ready = new CompletableFuture<>();
            Thread reader = new Thread(() -> readStdout(started, ready), "kafka-broker-stdout-" + started.pid());
            reader.setDaemon(true);
            reader.start();

            String bootstrap;
            try {
                bootstrap = ready.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                destroy(process);
                throw new IllegalStateException("the Kafka broker did not report ready within "
                        + READY_TIMEOUT.toSeconds() + " s" + logTail(logFile));
            } catch (ExecutionException e) {
                boolean exited = process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                destroy(process);
                throw new IllegalStateException("the Kafka broker exited before it was ready"
                        + (exited ? " (exit code " + process.exitValue() + ")" : "") + logTail(logFile));
            }
            Duration startup = Duration.ofNanos(System.nanoTime() - t0);
            return new KafkaBrokerProcess(process, bootstrap, startup, logFile, scratch);
        } catch (IOException e) {
            if (process != null) {
                destroy(process);
            }
            deleteQuietly(scratch);
            throw new UncheckedIOException("cannot launch the Kafka broker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                destroy(process);
            }
            deleteQuietly(scratch);
            throw new IllegalStateException("interrupted while starting the Kafka broker", e);
        } catch (RuntimeException e) {
            deleteQuietly(scratch);
            throw e;
        }
    }

    /** Completes {@code ready} with the bootstrap address of the ready line; drains stdout until the end. */
    private static void readStdout(Process process, CompletableFuture<String> ready) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!ready.isDone() && line.startsWith(READY_PREFIX)) {
                    ready.complete(line.substring(READY_PREFIX.length()).trim());
                }
            }
        } catch (IOException e) {
            // the process went away; handled below
        }
        ready.completeExceptionally(new IllegalStateException("the broker's stdout ended"));
    }

    private static Path copyCatalogue(Path dir) throws IOException {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        InputStream fromContext = context == null ? null : context.getResourceAsStream(CATALOGUE_RESOURCE);
        InputStream resource = fromContext != null
                ? fromContext
                : KafkaBrokerProcess.class.getClassLoader().getResourceAsStream(CATALOGUE_RESOURCE);
        if (resource == null) {
            return null;
        }
        Path file = dir.resolve(CATALOGUE_RESOURCE);
        try (InputStream in = resource) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    static String javaBinary() {
        String command = ProcessHandle.current().info().command().orElse(null);
        if (command != null && Files.isExecutable(Path.of(command))) {
            return command;
        }
        for (String home : new String[] {System.getenv("JAVA_HOME"), System.getProperty("java.home")}) {
            if (home != null && !home.isBlank()) {
                Path java = Path.of(home, "bin", "java");
                if (Files.isExecutable(java)) {
                    return java.toString();
                }
            }
        }
        return "java";
    }

    // ------------------------------------------------------------------------------------- locating the broker

    /**
     * The directory holding {@code classpath.txt}: the one the property names, else the first
     * {@code deploy/target/kafka-broker} found walking up from {@code start}.
     */
    static Path locateBrokerHome(String property, Path start) {
        List<String> looked = new ArrayList<>();
        if (property != null && !property.isBlank()) {
            Path home = Path.of(property.trim());
            if (Files.isRegularFile(home.resolve("classpath.txt"))) {
                return home;
            }
            looked.add(home.resolve("classpath.txt") + " (" + BROKER_HOME_PROPERTY + ")");
        }
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path home = dir.resolve(BROKER_HOME_RELATIVE);
            if (Files.isRegularFile(home.resolve("classpath.txt"))) {
                return home;
            }
        }
        looked.add(BROKER_HOME_RELATIVE + "/classpath.txt in "
                + start.toAbsolutePath().normalize() + " and its parents");
        throw new IllegalStateException(
                "Kafka broker class path not found (looked for " + String.join("; ", looked) + "): " + BUILD_HINT);
    }

    static List<String> brokerClasspath(Path home) {
        Path file = home.resolve("classpath.txt");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + BUILD_HINT, e);
        }
        List<String> entries = new ArrayList<>();
        for (String entry : text.split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(entry.trim());
            }
        }
        List<String> missing =
                entries.stream().filter(e -> !Files.exists(Path.of(e))).toList();
        if (entries.isEmpty() || !missing.isEmpty()) {
            throw new IllegalStateException(file + " is empty or stale (missing: " + missing + "): " + BUILD_HINT);
        }
        return entries;
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static void destroy(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The end of the broker's log, for exception messages. */
    static String logTail(Path logFile) {
        try {
            if (!Files.exists(logFile)) {
                return " (no broker log at " + logFile + ")";
            }
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            List<String> tail = lines.subList(Math.max(0, lines.size() - 40), lines.size());
            String text = String.join("\n", tail);
            if (text.length() > 6000) {
                text = text.substring(text.length() - 6000);
            }
            return "; broker log " + logFile + " ends with:\n" + text;
        } catch (IOException | UncheckedIOException e) {
            return " (cannot read the broker log " + logFile + ": " + e + ")";
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir != null) {
            deleteRecursively(dir);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }
}
