package io.coverclaims.platform.streams;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.logging.Logger;

/**
 * A {@link ProcessManager} that runs as a Streams application of its own ({@code <application name>-<suffix>},
 * exactly once, stateless) rather than as a {@link TopologyContribution} of the service's topology: for an input
 * topic that already feeds the service's main topology, e.g. governance.events into the kernel's global store of pause
 * flags and parameters, since Kafka Streams lets a topic feed only one source of a topology ("Topic … has already been
 * registered by another source"). Its commands go to the context's commands topic and are decided by the service's own
 * command processor as any other; the command ids derive from the event, so the two applications committing
 * independently never decide a command twice.
 *
 * <p>It has the service's client security settings ({@code kafka-streams.security.protocol}, {@code sasl.*},
 * {@code ssl.*}), static membership ({@code <coverclaims.instance-id>-<suffix>}) and leaves its group on close. A
 * failed stream thread is replaced. Alive (liveness {@code <suffix>-alive}) unless the application has failed for
 * good. Not a CDI bean: the service's thin bean starts it on StartupEvent, closes it on ShutdownEvent and reports
 * {@link #liveness()} as its {@code @Liveness} check.
 */
public final class SideProcessManager {

    private static final Logger LOG = Logger.getLogger(SideProcessManager.class);

    private final String suffix;
    private final String name;
    private final String eventTopic;
    private final ProcessManager manager;
    private final String label;
    private volatile KafkaStreams streams;

    /**
     * @param suffix      of the application id, the instance id and the liveness check, e.g. "governance-actions"
     * @param name        the process manager's node names, e.g. "claim-governance"
     * @param eventTopic  the events it follows
     * @param manager     event → this context's commands
     */
    public SideProcessManager(String suffix, String name, String eventTopic, ProcessManager manager) {
        this.suffix = suffix;
        this.name = name;
        this.eventTopic = eventTopic;
        this.manager = manager;
        this.label = suffix.replace('-', ' ');
    }

    /** The process manager's topology on the given event topic; also for tests on topics of their own. */
    public Topology topology(BoundedContext context, String events) {
        return ProcessManagerTopology.addTo(new Topology(), name, context, List.of(events), manager);
    }

    /** Starts the application; the service's Kafka settings come from {@code config}. */
    public void start(Config config, BoundedContext context) {
        String application = config.getValue("quarkus.application.name", String.class);
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, application + "-" + suffix);
        properties.put(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.getValue("kafka.bootstrap.servers", String.class));
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        properties.put(
                StreamsConfig.STATE_DIR_CONFIG,
                config.getOptionalValue("kafka-streams.state.dir", String.class)
                        .orElse(System.getProperty("java.io.tmpdir") + "/coverclaims-streams/" + application));
        // a restarted instance takes its partitions back at once (static membership, as the service's own application)
        config.getOptionalValue("coverclaims.instance-id", String.class)
                .ifPresent(
                        id -> properties.put(StreamsConfig.mainConsumerPrefix("group.instance.id"), id + "-" + suffix));
        properties.put(StreamsConfig.mainConsumerPrefix("internal.leave.group.on.close"), true);
        // the clients' security settings, as the service's own Streams application has them
        for (String property : config.getPropertyNames()) {
            if (property.startsWith("kafka-streams.")) {
                String key = property.substring("kafka-streams.".length());
                if (key.equals("security.protocol") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                    config.getOptionalValue(property, String.class).ifPresent(value -> properties.put(key, value));
                }
            }
        }
        KafkaStreams started = new KafkaStreams(topology(context, eventTopic), properties);
        started.setUncaughtExceptionHandler(e -> {
            LOG.errorf(e, "%s: stream thread failed; replacing it", label);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        started.start();
        streams = started;
        LOG.infof("%s: following %s into %s", label, eventTopic, context.commandsTopic());
    }

    /** Closes the application (leaving its group); a no-op before {@link #start}. */
    public void close() {
        KafkaStreams current = streams;
        if (current != null) {
            current.close(Duration.ofSeconds(10));
        }
    }

    /** {@code <suffix>-alive}: up unless the application has failed for good (up before it is started). */
    public HealthCheckResponse liveness() {
        KafkaStreams current = streams;
        KafkaStreams.State state = current == null ? KafkaStreams.State.CREATED : current.state();
        boolean alive = switch (state) {
            case CREATED, REBALANCING, RUNNING, PENDING_SHUTDOWN -> true;
            case NOT_RUNNING, PENDING_ERROR, ERROR -> false;
        };
        return HealthCheckResponse.named(suffix + "-alive")
                .status(alive)
                .withData("state", state.name())
                .build();
    }
}
