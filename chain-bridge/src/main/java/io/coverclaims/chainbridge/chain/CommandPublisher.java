package io.coverclaims.chainbridge.chain;

import io.coverclaims.chainbridge.ChainContext;
import io.coverclaims.chainbridge.domain.deposit.DepositCommand;
import io.coverclaims.chainbridge.domain.deposit.DepositDecider;
import io.coverclaims.chainbridge.domain.poolcontract.PoolContractCommand;
import io.coverclaims.chainbridge.domain.settlement.SettlementCommand;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.serde.AvroSingleObjectSerializer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes the worker's commands to chain.commands (keyed by aggregate id, acks=all, idempotent), synchronously: the
 * domain command as its wire record ({@link ChainContext}'s mapping), with metadata whose command id derives from
 * what was observed, so a repeat is decided once. The price-feed poller sends its wire commands to oracle.commands
 * the same way ({@link #sendTo}).
 */
@ApplicationScoped
public class CommandPublisher {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    BoundedContext context;

    private KafkaProducer<String, SpecificRecord> producer;

    private synchronized KafkaProducer<String, SpecificRecord> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            bootstrap,
                            ProducerConfig.ACKS_CONFIG,
                            "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                            true,
                            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                            4 * 1024 * 1024),
                    new StringSerializer(),
                    new AvroSingleObjectSerializer());
        }
        return producer;
    }

    /** Sends a command to its pool's settlement queue and waits for the broker's acknowledgement. */
    public void send(SettlementCommand command, String idSeed, String correlationId)
            throws InterruptedException, ExecutionException, TimeoutException {
        CommandMetadata metadata = metadata(command.aggregateId(), idSeed, correlationId);
        send(metadata, ChainContext.SETTLEMENT.mapping().writeCommand(command, metadata));
    }

    /**
     * Sends a command to its payment log's aggregate (a deposit or a claim bond) and waits for the broker's
     * acknowledgement.
     */
    public void send(DepositCommand command, String idSeed, String correlationId)
            throws InterruptedException, ExecutionException, TimeoutException {
        String aggregateId = DepositDecider.aggregateId(command.txHash(), command.logIndex());
        CommandMetadata metadata = metadata(aggregateId, idSeed, correlationId);
        send(metadata, ChainContext.DEPOSIT.mapping().writeCommand(command, metadata));
    }

    /** Sends a command to the pool contract's aggregate (the governance executor's reports) and waits for the ack. */
    public void send(PoolContractCommand command, String idSeed, String correlationId)
            throws InterruptedException, ExecutionException, TimeoutException {
        CommandMetadata metadata = metadata(command.aggregateId(), idSeed, correlationId);
        send(metadata, ChainContext.POOL_CONTRACT.mapping().writeCommand(command, metadata));
    }

    private void send(CommandMetadata metadata, SpecificRecord command)
            throws InterruptedException, ExecutionException, TimeoutException {
        sendTo(context.commandsTopic(), metadata, command);
    }

    /**
     * Sends a wire command to another context's command topic (e.g. RecordPriceObservation to oracle.commands), keyed
     * by its metadata's aggregate id, and waits for the broker's acknowledgement.
     */
    public void sendTo(String topic, CommandMetadata metadata, SpecificRecord command)
            throws InterruptedException, ExecutionException, TimeoutException {
        producer()
                .send(new ProducerRecord<>(topic, metadata.getAggregateId(), command))
                .get(30, TimeUnit.SECONDS);
    }

    /** Metadata of a worker command: the id is derived from what was observed, so a repeat is decided once. */
    static CommandMetadata metadata(String aggregateId, String idSeed, String correlationId) {
        return CommandMetadata.newBuilder()
                .setCommandId(UUID.nameUUIDFromBytes(idSeed.getBytes(StandardCharsets.UTF_8))
                        .toString())
                .setAggregateId(aggregateId)
                .setExpectedVersion(null)
                .setCorrelationId(correlationId)
                .setCausationId(null)
                .setIssuedAt(Instant.now())
                .setActor("chain-bridge")
                .build();
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
