package io.coverclaims.oracle.saga;

import io.coverclaims.oracle.saga.ProposalActionMapper.Mapping;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.ProcessManagerTopology;
import io.coverclaims.platform.streams.WireMetadata;
import io.coverclaims.schemas.governance.ProposalAction;
import io.coverclaims.schemas.governance.ProposalExecuted;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.jboss.logging.Logger;

/**
 * Oracle-service's process manager over governance.events: a passed and executed proposal's REGISTER_ORACLE_SOURCE
 * actions become RegisterFeedSource commands, issued by {@code governance:<proposalId>} ({@link ProposalActionMapper}).
 * Governance thereby takes over the operator role oracle-admin for sources; the operator endpoint stays for bootstrap.
 * Every command sent is logged with its id; a command the feed's decider refuses (an unknown feed, a bad address or
 * bounds, a source id or reporter in use, k no longer a majority) is answered like any other: its outcome, with the
 * code and field, is on oracle.command-outcomes and at {@code GET /commands/{feedId}/{commandId}}. An action that
 * cannot be made into a command at all is logged and skipped. Neither stops the process manager: the proposal's other
 * actions, and later proposals, are carried out.
 *
 * <p><b>Its own Streams application</b> ({@code <application name>-governance-actions}, exactly once, stateless),
 * not a {@code TopologyContribution}: a governed context's topology already reads governance.events into the kernel's
 * global store of pause flags and parameters, and Kafka Streams lets a topic feed only one source of a topology
 * ("Topic governance.events has already been registered by another source"). The commands are decided by the
 * service's own command processor as any other; the command ids derive from the event, so the two applications
 * committing independently never decide an action twice. Alive (liveness {@code governance-actions-alive}) unless the
 * application has failed for good.
 */
@Liveness
@ApplicationScoped
public class ProposalActions implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(ProposalActions.class);

    public static final String GOVERNANCE_EVENTS = "governance.events";

    @Inject
    BoundedContext context;

    @Inject
    Config config;

    @ConfigProperty(name = "quarkus.application.name")
    String application;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "kafka-streams.state.dir")
    Optional<String> stateDir;

    @ConfigProperty(name = "coverclaims.instance-id")
    Optional<String> instanceId;

    private volatile KafkaStreams streams;

    /** Also used by tests that run the process manager on topics of their own. */
    public static Topology addTo(Topology topology, BoundedContext context, String governanceEvents) {
        return ProcessManagerTopology.addTo(
                topology, "oracle-governance", context, List.of(governanceEvents), ProposalActions::react);
    }

    void start(@Observes StartupEvent ignored) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, application + "-governance-actions");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        properties.put(
                StreamsConfig.STATE_DIR_CONFIG,
                stateDir.orElse(System.getProperty("java.io.tmpdir") + "/coverclaims-streams/" + application));
        // a restarted instance takes its partitions back at once (static membership, as the service's own application)
        instanceId.ifPresent(id ->
                properties.put(StreamsConfig.mainConsumerPrefix("group.instance.id"), id + "-governance-actions"));
        properties.put(StreamsConfig.mainConsumerPrefix("internal.leave.group.on.close"), true);
        // the clients' security settings, as the service's own Streams application has them
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("kafka-streams.")) {
                String key = name.substring("kafka-streams.".length());
                if (key.equals("security.protocol") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                    config.getOptionalValue(name, String.class).ifPresent(value -> properties.put(key, value));
                }
            }
        }
        KafkaStreams started = new KafkaStreams(addTo(new Topology(), context, GOVERNANCE_EVENTS), properties);
        started.setUncaughtExceptionHandler(e -> {
            LOG.errorf(e, "governance actions: stream thread failed; replacing it");
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        started.start();
        streams = started;
        LOG.infof("governance actions: following %s into %s", GOVERNANCE_EVENTS, context.commandsTopic());
    }

    void stop(@Observes ShutdownEvent ignored) {
        KafkaStreams current = streams;
        if (current != null) {
            current.close(Duration.ofSeconds(10));
        }
    }

    @Override
    public HealthCheckResponse call() {
        KafkaStreams current = streams;
        KafkaStreams.State state = current == null ? KafkaStreams.State.CREATED : current.state();
        boolean alive = switch (state) {
            case CREATED, REBALANCING, RUNNING, PENDING_SHUTDOWN -> true;
            case NOT_RUNNING, PENDING_ERROR, ERROR -> false;
        };
        return HealthCheckResponse.named("governance-actions-alive")
                .status(alive)
                .withData("state", state.name())
                .build();
    }

    public static List<SpecificRecord> react(SpecificRecord event) {
        if (!(event instanceof ProposalExecuted executed)) {
            return List.of();
        }
        List<SpecificRecord> commands = new ArrayList<>();
        List<ProposalAction> actions = executed.getActions();
        for (int index = 0; index < actions.size(); index++) {
            ProposalAction action = actions.get(index);
            Mapping mapping = ProposalActionMapper.map(executed.getMetadata(), executed.getProposalId(), index, action);
            switch (mapping) {
                case Mapping.Command command -> {
                    var metadata = WireMetadata.ofCommand(command.command());
                    LOG.infof(
                            "proposal %s action %d (%s %s): %s %s sent as command %s",
                            executed.getProposalId(),
                            index,
                            action.getKind(),
                            action.getTarget(),
                            command.command().getSchema().getName(),
                            metadata.getAggregateId(),
                            metadata.getCommandId());
                    commands.add(command.command());
                }
                case Mapping.Refused refused ->
                    LOG.warnf(
                            "proposal %s action %d (%s %s) not carried out: %s",
                            executed.getProposalId(), index, action.getKind(), action.getTarget(), refused.reason());
                case Mapping.NotOurs ignored -> {}
            }
        }
        return commands;
    }
}
