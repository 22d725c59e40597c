package io.coverclaims.deploy.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A real single-node Apache Kafka 4.4 broker in KRaft combined mode (broker and controller in one process),
 * for local runs and for other modules' tests, which launch it in its own JVM (see the platform module's
 * {@code KafkaBrokerProcess}).
 *
 * <pre>
 * java -cp "$(cat deploy/target/kafka-broker/classpath.txt)" io.coverclaims.deploy.kafka.LocalKafkaBroker \
 *      [--port N] [--controller-port N] [--data DIR] [--catalogue FILE] [--parent-pid PID]
 * </pre>
 *
 * <ul>
 *   <li>{@code --port N}: client listener on 127.0.0.1:N; 0 or absent picks a free port.</li>
 *   <li>{@code --controller-port N}: KRaft controller listener on 127.0.0.1:N; 0 or absent picks a free port.</li>
 *   <li>{@code --data DIR}: persistent data folder, formatted only the first time (cluster id kept in
 *       {@code DIR/cluster.id}), reused afterwards; absent: a temporary folder deleted at exit.</li>
 *   <li>{@code --catalogue FILE}: topic catalogue JSON ({@code {"topics":[{"name","partitions","cleanupPolicy",
 *       "retentionMs",...}]}}); every topic of it that does not exist yet is created (replication factor 1).</li>
 *   <li>{@code --parent-pid PID}: exit when that process dies; default the parent of this JVM; 0 = never.</li>
 * </ul>
 *
 * When the broker is up and the catalogue topics exist, exactly one line is printed to stdout:
 * {@code KAFKA_READY bootstrap=127.0.0.1:<port>}. Everything else (Kafka's WARN+ logging, the measured start
 * time) goes to stderr. SIGTERM or the parent's death shut the broker down cleanly.
 */
public final class LocalKafkaBroker {

    public static final String READY_PREFIX = "KAFKA_READY bootstrap=";
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String LOG_CONFIG = "coverclaims-broker-log4j2.xml";

    private final Options options;
    private final PrintStream err;
    private Path dataDir;
    private boolean temporaryData;
    private KafkaRaftServer server;
    private boolean stopped;
    /** Start-up phases (name, ms since JVM start), reported on stderr with the ready time. */
    private final List<String> phases = new ArrayList<>();

    private final long jvmStart;

    private LocalKafkaBroker(Options options, PrintStream err, long jvmStart) {
        this.options = options;
        this.err = err;
        this.jvmStart = jvmStart;
    }

    private void phase(String name) {
        phases.add(name + " " + (System.currentTimeMillis() - jvmStart));
    }

    public static void main(String[] args) {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        // Before any Kafka/slf4j class is touched: our logging configuration (WARN+, stderr only).
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIG);
        }
        // stdout is reserved for the ready line; anything else that prints to System.out lands on stderr.
        PrintStream readyOut = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = System.err;
        System.setOut(err);

        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("LocalKafkaBroker: " + e.getMessage());
            err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            err.println(Options.USAGE);
            return;
        }

        LocalKafkaBroker broker = new LocalKafkaBroker(options, err, jvmStart);
        broker.phase("main");
        watchParent(options.parentPid, err);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "local-kafka-broker-shutdown"));
        try {
            int port = broker.start();
            long readyMillis = System.currentTimeMillis() - jvmStart;
            readyOut.println(READY_PREFIX + HOST + ":" + port);
            readyOut.flush();
            err.printf(
                    "LocalKafkaBroker: ready in %d ms since JVM start (bootstrap %s:%d, data %s%s; ms at end of: %s)%n",
                    readyMillis,
                    HOST,
                    port,
                    broker.dataDir,
                    broker.temporaryData ? ", temporary" : "",
                    String.join(", ", broker.phases));
        } catch (Throwable e) {
            err.println("LocalKafkaBroker: start-up failed: " + e);
            e.printStackTrace(err);
            System.exit(1);
            return;
        }
        broker.awaitShutdown();
    }

    /** Exits the JVM (running the shutdown hook) when the given process ends; pid 0 or less: no watch. */
    private static void watchParent(long parentPid, PrintStream err) {
        ProcessHandle parent;
        if (parentPid == Options.DEFAULT_PARENT) {
            parent = ProcessHandle.current().parent().orElse(null);
        } else if (parentPid <= 0) {
            return;
        } else {
            parent = ProcessHandle.of(parentPid).orElse(null);
        }
        if (parent == null || !parent.isAlive()) {
            err.println("LocalKafkaBroker: parent process " + (parentPid > 0 ? parentPid : "(own parent)")
                    + " is not running; exiting");
            System.exit(3);
        }
        long pid = parent.pid();
        parent.onExit().thenRun(() -> {
            err.println("LocalKafkaBroker: parent process " + pid + " ended; shutting down");
            System.exit(0);
        });
    }

    /** Formats (if needed) and starts the broker, creates the catalogue topics; returns the client port. */
    private int start() throws Exception {
        int port = options.port > 0 ? options.port : freePort();
        int controllerPort = options.controllerPort > 0 ? options.controllerPort : freePort(port);
        synchronized (this) {
            if (options.dataDir == null) {
                dataDir = Files.createTempDirectory("coverclaims-kafka-");
                temporaryData = true;
            } else {
                dataDir = options.dataDir.toAbsolutePath();
                Files.createDirectories(dataDir);
            }
        }
        Path logDir = dataDir.resolve("kafka-logs");
        Files.createDirectories(logDir);

        Properties props = brokerProperties(port, controllerPort, logDir);
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        phase("config");
        formatIfNeeded(config, logDir);
        phase("format");

        synchronized (this) {
            if (stopped) {
                throw new IllegalStateException("shut down while starting");
            }
            server = new KafkaRaftServer(config, Time.SYSTEM);
        }
        server.startup();
        phase("startup");

        String bootstrap = HOST + ":" + port;
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000,
                AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            awaitUnfenced(admin, deadline);
            phase("unfenced");
            if (options.catalogue != null) {
                createCatalogueTopics(admin, readCatalogue(options.catalogue), deadline);
                phase("topics");
            }
        }
        return port;
    }

    private Properties brokerProperties(int port, int controllerPort, Path logDir) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        // Static single-voter quorum: the voter set lives in the configuration, not in the metadata log,
        // so a persistent data folder can be restarted on other (free) ports.
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());

        // one node: every internal topic with replication factor 1, few partitions (fast start)
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("num.partitions", "1");
        // topics come from the catalogue (Kafka Streams creates its internal topics through the admin API)
        p.put("auto.create.topics.enable", "false");
        p.put("group.initial.rebalance.delay.ms", "0");

        // faster registration/unfencing and shutdown of the single node
        p.put("broker.heartbeat.interval.ms", "200");
        p.put("broker.session.timeout.ms", "6000");
        p.put("controller.quorum.election.timeout.ms", "500");
        p.put("controller.quorum.fetch.timeout.ms", "1000");
        p.put("controlled.shutdown.enable", "true");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        return p;
    }

    /** Formats the storage the first time only; the cluster id is kept in DATA/cluster.id. */
    private void formatIfNeeded(KafkaConfig config, Path logDir) throws Exception {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        Path clusterIdFile = dataDir.resolve("cluster.id");
        String clusterId;
        if (Files.exists(clusterIdFile)) {
            clusterId = Files.readString(clusterIdFile, StandardCharsets.UTF_8).trim();
        } else {
            clusterId = Uuid.randomUuid().toString();
            Files.writeString(clusterIdFile, clusterId + "\n", StandardCharsets.UTF_8);
        }
        // what `kafka-storage.sh format -t <id> -c <config>` does for a combined node with static voters
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(config.nodeId())
                .setWriteBootstrapSnapshot(true)
                .setClusterId(clusterId)
                .setUnstableFeatureVersionsEnabled(false)
                .setIgnoreFormatted(true)
                .setControllerListenerName(config.controllerListenerNames().get(0))
                .setMetadataLogDirectory(config.metadataLogDir())
                .setHasDynamicQuorum(false);
        List<String> dirs = new ArrayList<>(config.logDirs());
        dirs.forEach(formatter::addDirectory);
        if (!dirs.contains(config.metadataLogDir())) {
            formatter.addDirectory(config.metadataLogDir());
        }
        formatter.run();
        err.println("LocalKafkaBroker: formatted " + logDir + " (cluster id " + clusterId + ")");
    }

    /** Waits until the broker is registered and unfenced (the metadata response only lists unfenced brokers). */
    private static void awaitUnfenced(Admin admin, long deadline) throws Exception {
        while (true) {
            try {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("broker did not become available", e);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("broker did not become available (no unfenced broker)");
            }
            Thread.sleep(50);
        }
    }

    record TopicSpec(String name, int partitions, Map<String, String> configs) {}

    static List<TopicSpec> readCatalogue(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        JsonNode topics = root == null ? null : root.get("topics");
        if (topics == null || !topics.isArray()) {
            throw new IllegalArgumentException("catalogue " + file + ": no \"topics\" array");
        }
        List<TopicSpec> specs = new ArrayList<>();
        for (JsonNode t : topics) {
            String name = t.path("name").asText("");
            if (name.isBlank()) {
                throw new IllegalArgumentException("catalogue " + file + ": a topic without \"name\": " + t);
            }
            int partitions = t.path("partitions").asInt(1);
            if (partitions < 1) {
                throw new IllegalArgumentException("catalogue " + file + ": topic " + name + ": partitions < 1");
            }
            Map<String, String> configs = new LinkedHashMap<>();
            JsonNode cleanup = t.get("cleanupPolicy");
            if (cleanup != null && !cleanup.isNull()) {
                configs.put("cleanup.policy", cleanup.asText());
            }
            JsonNode retention = t.get("retentionMs");
            if (retention != null && !retention.isNull()) {
                configs.put("retention.ms", String.valueOf(retention.asLong()));
            }
            specs.add(new TopicSpec(name, partitions, configs));
        }
        return specs;
    }

    /** Creates every catalogue topic that does not exist yet (replication factor 1). */
    private void createCatalogueTopics(Admin admin, List<TopicSpec> specs, long deadline) throws Exception {
        while (true) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec spec : specs) {
                if (!existing.contains(spec.name())) {
                    missing.add(new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.configs()));
                }
            }
            if (missing.isEmpty()) {
                warnOnPartitionMismatch(admin, specs);
                return;
            }
            boolean retry = false;
            Throwable last = null;
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof TopicExistsException) {
                        continue;
                    }
                    if (cause instanceof RetriableException || cause instanceof InvalidReplicationFactorException) {
                        retry = true;
                        last = cause;
                    } else {
                        throw new IllegalStateException("cannot create topic " + entry.getKey() + ": " + cause, cause);
                    }
                }
            }
            if (!retry) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cannot create the catalogue topics: " + last, last);
            }
            Thread.sleep(100);
        }
    }

    private void warnOnPartitionMismatch(Admin admin, List<TopicSpec> specs) {
        try {
            Map<String, TopicDescription> descriptions = admin.describeTopics(
                            specs.stream().map(TopicSpec::name).toList())
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            for (TopicSpec spec : specs) {
                TopicDescription d = descriptions.get(spec.name());
                if (d != null && d.partitions().size() != spec.partitions()) {
                    err.printf(
                            "LocalKafkaBroker: WARN topic %s has %d partitions, the catalogue says %d (left as is)%n",
                            spec.name(), d.partitions().size(), spec.partitions());
                }
            }
        } catch (Exception e) {
            err.println("LocalKafkaBroker: WARN could not compare partition counts: " + e);
        }
    }

    private void awaitShutdown() {
        KafkaRaftServer s;
        synchronized (this) {
            s = server;
        }
        if (s != null) {
            s.awaitShutdown();
        }
    }

    /** Shutdown hook: stops the broker, then deletes a temporary data folder. Idempotent. */
    private void stop() {
        KafkaRaftServer s;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            s = server;
        }
        long t0 = System.nanoTime();
        if (s != null) {
            try {
                s.shutdown();
                s.awaitShutdown();
            } catch (Throwable e) {
                err.println("LocalKafkaBroker: error during shutdown: " + e);
            }
        }
        Path dir;
        boolean temp;
        synchronized (this) {
            dir = dataDir;
            temp = temporaryData;
        }
        if (temp && dir != null) {
            deleteRecursively(dir);
        }
        err.printf("LocalKafkaBroker: stopped in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        err.flush();
    }

    private void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            err.println("LocalKafkaBroker: could not delete " + dir + ": " + e);
        }
    }

    private static int freePort(int... avoid) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
                int port = socket.getLocalPort();
                boolean clash = false;
                for (int a : avoid) {
                    clash |= a == port;
                }
                if (!clash || attempt > 10) {
                    return port;
                }
            }
        }
    }

    /** Command-line options. */
    static final class Options {
        static final long DEFAULT_PARENT = Long.MIN_VALUE;
        static final String USAGE = """
                usage: LocalKafkaBroker [--port N] [--controller-port N] [--data DIR] [--catalogue FILE] [--parent-pid PID]
                  --port N             client listener port on 127.0.0.1 (0 or absent: a free port)
                  --controller-port N  KRaft controller port on 127.0.0.1 (0 or absent: a free port)
                  --data DIR           persistent data folder (formatted the first time, reused afterwards);
                                       absent: a temporary folder deleted at exit
                  --catalogue FILE     topic catalogue JSON; missing topics are created at start
                  --parent-pid PID     exit when that process ends (default: this JVM's parent; 0: never)
                prints one line to stdout when ready: KAFKA_READY bootstrap=127.0.0.1:<port>""";

        int port;
        int controllerPort;
        Path dataDir;
        Path catalogue;
        long parentPid = DEFAULT_PARENT;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    value = arg.substring(eq + 1);
                    arg = arg.substring(0, eq);
                }
                if (arg.equals("--help") || arg.equals("-h")) {
                    o.help = true;
                    continue;
                }
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("missing value for " + arg);
                    }
                    value = args[++i];
                }
                switch (arg) {
                    case "--port" -> o.port = port(arg, value);
                    case "--controller-port" -> o.controllerPort = port(arg, value);
                    case "--data" -> o.dataDir = Path.of(value);
                    case "--catalogue" -> {
                        o.catalogue = Path.of(value);
                        if (!Files.isReadable(o.catalogue)) {
                            throw new IllegalArgumentException("catalogue not readable: " + value);
                        }
                    }
                    case "--parent-pid" -> o.parentPid = number(arg, value);
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (o.port > 0 && o.port == o.controllerPort) {
                throw new IllegalArgumentException("--port and --controller-port must differ");
            }
            return o;
        }

        private static int port(String arg, String value) {
            long n = number(arg, value);
            if (n < 0 || n > 65535) {
                throw new IllegalArgumentException(arg + ": not a port: " + value);
            }
            return (int) n;
        }

        private static long number(String arg, String value) {
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(arg + ": not a number: " + value);
            }
        }
    }
}
