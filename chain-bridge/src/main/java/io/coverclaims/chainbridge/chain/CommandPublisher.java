package io.coverclaims.chainbridge.bridge;

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

import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.WireMetadata;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.serde.AvroSingleObjectSerializer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Writes the worker's commands to chain.commands (keyed by aggregate id, acks=all, idempotent), synchronously. */
@ApplicationScoped
public class CommandPublisher {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    BoundedContext context;

    private KafkaProducer<String, SpecificRecord> producer;

    private synchronized KafkaProducer<String, SpecificRecord> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024),
                    new StringSerializer(), new AvroSingleObjectSerializer());
        }
        return producer;
    }

    /** Sends and waits for the broker's acknowledgement. */
    public void send(SpecificRecord command) throws InterruptedException, ExecutionException, TimeoutException {
        String key = WireMetadata.ofCommand(command).getAggregateId();
        producer().send(new ProducerRecord<>(context.commandsTopic(), key, command)).get(30, TimeUnit.SECONDS);
    }

    /** Metadata of a worker command: the id is derived from what was observed, so a repeat is decided once. */
    public static CommandMetadata metadata(String aggregateId, String idSeed, String correlationId) {
        return CommandMetadata.newBuilder()
                .setCommandId(UUID.nameUUIDFromBytes(idSeed.getBytes(StandardCharsets.UTF_8)).toString())
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
