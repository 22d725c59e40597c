package io.coverclaims.platform.view;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.jboss.logging.Logger;

/**
 * Runs read models: one Kafka Streams application holding only their global stores (Kafka Streams runs such a
 * "global-only" topology with no stream thread and no consumer group: one global thread reads every model's topic).
 * It is separate from the service's own application because a topic can be the source of only one node of a
 * topology, and the services' own topologies already read the topics their views fold (policy-service's scheduler
 * reads policy.events, its saga pool.events).
 *
 * <p>{@link #start()} first waits for the topics, then checks that the local state was built from these very topics
 * (their topic ids, recorded beside the state): state built from another cluster or from a topic since deleted and
 * created again is wiped rather than read. Then Kafka Streams restores every store (through the models' processors)
 * from its checkpoint to the end of the topic, and only then is RUNNING: {@link #ready()}.
 */
public final class ReadModelRuntime implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReadModelRuntime.class);
    private static final String TOPICS_FILE = "read-models.topics";

    private final List<ReadModel> models;
    private final Properties config;
    private final KafkaStreams streams;
    private final Path appDir;
    private volatile boolean closed;

    private ReadModelRuntime(List<ReadModel> models, Properties config) {
        this.models = List.copyOf(models);
        this.config = config;
        Topology topology = new Topology();
        models.forEach(model -> model.addTo(topology));
        this.streams = new KafkaStreams(topology, config);
        this.appDir = Path.of(config.getProperty(StreamsConfig.STATE_DIR_CONFIG))
                .resolve(config.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
        models.forEach(model -> model.bind(streams));
    }

    /**
     * A runtime of {@code models}, not started. {@code config} needs {@code application.id}, {@code bootstrap.servers}
     * and {@code state.dir}; global consumers read committed records only unless it says otherwise.
     */
    public static ReadModelRuntime create(List<ReadModel> models, Properties config) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no read model to run");
        }
        var names = new HashSet<String>();
        var topics = new HashSet<String>();
        for (ReadModel model : models) {
            if (!names.add(model.name())) {
                throw new IllegalArgumentException("two read models named " + model.name());
            }
            if (!topics.add(model.topic())) {
                throw new IllegalArgumentException("two read models of " + model.topic()
                        + ": a topic feeds one global store; make it one model with several tables");
            }
        }
        for (String required : List.of(
                StreamsConfig.APPLICATION_ID_CONFIG,
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
                StreamsConfig.STATE_DIR_CONFIG)) {
            Objects.requireNonNull(config.getProperty(required), required);
        }
        Properties effective = new Properties();
        effective.putAll(config);
        effective.putIfAbsent(StreamsConfig.GLOBAL_CONSUMER_PREFIX + "isolation.level", "read_committed");
        // how often the global thread may checkpoint; Kafka Streams writes a checkpoint only after 10,000 records
        effective.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 10_000);
        effective.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
        return new ReadModelRuntime(models, effective);
    }

    public List<ReadModel> models() {
        return models;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Every model caught up: the application is RUNNING. */
    public boolean ready() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /**
     * Waits for the topics, wipes local state built from other topics, and starts: returns once every store is
     * restored (Kafka Streams' global thread restores before it starts), which may take long after a wipe.
     */
    public void start() {
        Map<String, String> topicIds = awaitTopics();
        if (closed) {
            return;
        }
        guardTopics(topicIds);
        streams.start();
        LOG.infof(
                "read models %s: %s, from %s",
                models.stream().map(ReadModel::name).toList(),
                streams.state(),
                config.getProperty(StreamsConfig.STATE_DIR_CONFIG));
    }

    private Map<String, String> awaitTopics() {
        Map<String, Object> adminConfig = new HashMap<>();
        config.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains((String) key)) {
                adminConfig.put((String) key, value);
            }
        });
        List<String> topics = models.stream().map(ReadModel::topic).toList();
        long started = System.nanoTime();
        long lastLog = 0;
        try (Admin admin = Admin.create(adminConfig)) {
            while (!closed) {
                try {
                    Map<String, TopicDescription> found =
                            admin.describeTopics(topics).allTopicNames().get();
                    Map<String, String> ids = new TreeMap<>();
                    found.forEach((name, description) ->
                            ids.put(name, description.topicId().toString()));
                    return ids;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        LOG.warnf("read models: cannot describe %s yet: %s", topics, e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + topics, e);
                }
                long waited = Duration.ofNanos(System.nanoTime() - started).toSeconds();
                if (waited - lastLog >= 10) {
                    lastLog = waited;
                    LOG.infof("read models wait for their topics %s (%d s)", topics, waited);
                }
                sleep(500);
            }
        }
        return Map.of();
    }

    /** State built from other topics (another cluster, a topic created again) is wiped: the stores rebuild. */
    private void guardTopics(Map<String, String> topicIds) {
        Path file = appDir.resolve(TOPICS_FILE);
        Map<String, String> recorded = read(file);
        boolean built = Files.isDirectory(appDir.resolve("global")); // where Kafka Streams keeps global stores
        if (built && !recorded.equals(topicIds)) {
            LOG.infof(
                    "read models: the local state in %s was built from topics %s, the cluster has %s: wiping it",
                    appDir, recorded.isEmpty() ? "(not recorded)" : recorded, topicIds);
            streams.cleanUp();
        }
        write(file, topicIds);
    }

    private static Map<String, String> read(Path file) {
        if (!Files.exists(file)) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            return Map.of();
        }
        Map<String, String> ids = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> ids.put(name, properties.getProperty(name)));
        return ids;
    }

    private static void write(Path file, Map<String, String> topicIds) {
        Properties properties = new Properties();
        properties.putAll(topicIds);
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file)) {
                properties.store(out, "the topics (name=topic id) these read models were built from");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the read models' topics in " + file, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the application: its global thread checkpoints where it got to, so the next start reads only what follows. */
    @Override
    public void close() {
        closed = true;
        streams.close(Duration.ofSeconds(30));
    }
}
