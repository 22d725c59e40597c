package io.coverclaims.governance;

import io.coverclaims.governance.domain.parameter.ParameterCatalogue;
import io.coverclaims.governance.domain.parameter.ParameterCommand.InitializeParameter;
import io.coverclaims.governance.domain.parameter.ParameterSpec;
import io.coverclaims.governance.domain.parameter.ParameterValue;
import io.coverclaims.governance.domain.pause.GuardianSet;
import io.coverclaims.governance.domain.pause.PauseCommand.SetGuardians;
import io.coverclaims.governance.domain.pause.PauseDecider;
import io.coverclaims.platform.auth.DevelopmentKeys;
import io.coverclaims.platform.auth.TypedData;
import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.streams.WireMetadata;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.serde.AvroSingleObjectSerializer;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.web3j.crypto.ECKeyPair;
import org.web3j.utils.Numeric;

/**
 * Genesis, at every start: InitializeParameter for every catalogue parameter (its default, or the deployment's
 * {@code coverclaims.governance.genesis."<name>"=<value>}), and SetGuardians from {@code coverclaims.governance.
 * guardians} and {@code guardian-threshold} with no proposal. The command ids are name-based UUIDs of
 * {@code genesis/<name>} and {@code genesis/guardians}, so a restart sends the same commands again: the processor
 * answers them as duplicates, or (past its idempotency window) refuses them harmlessly: ALREADY_INITIALIZED and
 * GUARDIANS_ALREADY_SET. A genesis value is the operator's and is not held to the catalogue's bounds (a demo may vote
 * for 20 s); proposals are.
 */
@ApplicationScoped
public class GovernanceGenesis {

    private static final Logger LOG = Logger.getLogger(GovernanceGenesis.class);

    public static final String ACTOR = "governance-service/genesis";

    static final String GENESIS_PREFIX = "coverclaims.governance.genesis.";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    GovernanceParameters parameters;

    private KafkaProducer<String, SpecificRecord> producer;

    void onStart(@Observes StartupEvent ignored) {
        if (!parameters.genesisEnabled()) {
            return;
        }
        List<SpecificRecord> commands = commands(
                GovernanceCatalogue.get(),
                parameters.genesis(),
                guardians(parameters.guardians()),
                parameters.guardianThreshold(),
                Instant.now());
        Thread.ofVirtual().name("governance-genesis").start(() -> send(commands));
    }

    /** The genesis commands: one InitializeParameter per catalogue parameter, then SetGuardians. */
    static List<SpecificRecord> commands(
            ParameterCatalogue catalogue,
            Map<String, String> overrides,
            List<String> guardians,
            int threshold,
            Instant now) {
        for (String name : overrides.keySet()) {
            if (catalogue.spec(name).isEmpty()) {
                throw new IllegalStateException(GENESIS_PREFIX + "\"" + name + "\": no such governed parameter");
            }
        }
        List<SpecificRecord> commands = new ArrayList<>();
        for (ParameterSpec spec : catalogue.specs()) {
            String override = overrides.get(spec.name());
            ParameterValue value = override == null
                    ? spec.defaultParameterValue()
                    : spec.parse(override.trim())
                            .orElseThrow(() -> new IllegalStateException(GENESIS_PREFIX + "\"" + spec.name() + "\"="
                                    + override + " is no " + spec.type().name().toLowerCase() + " value"));
            spec.check(value)
                    .ifPresent(problem -> LOG.warnf(
                            "genesis value of %s is outside the catalogue: %s (allowed at genesis only)",
                            spec.name(), problem.message()));
            CommandMetadata metadata = metadata(spec.name(), "genesis/" + spec.name(), now);
            commands.add(GovernanceContext.PARAMETER
                    .mapping()
                    .writeCommand(new InitializeParameter(spec.name(), value, spec.description(), now), metadata));
        }
        GuardianSet.check(guardians, threshold).ifPresent(invalid -> {
            throw new IllegalStateException(
                    "coverclaims.governance.guardians / guardian-threshold: " + invalid.message());
        });
        commands.add(GovernanceContext.PAUSE_FLAGS
                .mapping()
                .writeCommand(
                        new SetGuardians(guardians, threshold, null, now),
                        metadata(PauseDecider.AGGREGATE_ID, "genesis/guardians", now)));
        return commands;
    }

    /** Addresses as configured: {@code dev:N} is development key N's address; others are canonical addresses. */
    static List<String> guardians(List<String> configured) {
        List<String> guardians = new ArrayList<>();
        for (String entry : configured) {
            String trimmed = entry.trim();
            if (trimmed.startsWith("dev:")) {
                String key = DevelopmentKeys.key(Integer.parseInt(trimmed.substring(4)));
                guardians.add(TypedData.address(ECKeyPair.create(Numeric.toBigInt(key))));
            } else if (Ids.isAddress(trimmed)) {
                guardians.add(Ids.canonical(trimmed));
            } else {
                throw new IllegalStateException(
                        "coverclaims.governance.guardians: " + trimmed + " is neither an address nor dev:N");
            }
        }
        return guardians;
    }

    static CommandMetadata metadata(String aggregateId, String idName, Instant now) {
        String commandId =
                UUID.nameUUIDFromBytes(idName.getBytes(StandardCharsets.UTF_8)).toString();
        return CommandMetadata.newBuilder()
                .setCommandId(commandId)
                .setAggregateId(aggregateId)
                .setExpectedVersion(null)
                .setCorrelationId(commandId)
                .setCausationId(null)
                .setIssuedAt(now)
                .setActor(ACTOR)
                .build();
    }

    private void send(List<SpecificRecord> commands) {
        for (int attempt = 1; ; attempt++) {
            try {
                for (SpecificRecord command : commands) {
                    CommandMetadata metadata = WireMetadata.ofCommand(command);
                    producer()
                            .send(new ProducerRecord<>(
                                    GovernanceContext.CONTEXT.commandsTopic(), metadata.getAggregateId(), command))
                            .get(30, TimeUnit.SECONDS);
                }
                LOG.infof(
                        "genesis: %d commands sent to %s", commands.size(), GovernanceContext.CONTEXT.commandsTopic());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warnf("genesis: sending failed (attempt %d), retrying: %s", attempt, e.getMessage());
                try {
                    Thread.sleep(Math.min(10_000, 500L * attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private synchronized KafkaProducer<String, SpecificRecord> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            bootstrap,
                            ProducerConfig.ACKS_CONFIG,
                            "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                            true),
                    new StringSerializer(),
                    new AvroSingleObjectSerializer());
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
