package io.coverclaims.cli;

import io.coverclaims.platform.streams.WireMetadata;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.serde.AvroSingleObjectDeserializer;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One event read from a {@code <ctx>.events} topic: where it is, when the broker took it, and the event decoded with
 * the schemas' single-object encoding, its {@code metadata} (event id, aggregate id and version, causation,
 * correlation, occurred-at, actor) apart.
 */
record LoggedEvent(
        String topic,
        int partition,
        long offset,
        long timestamp,
        String key,
        SpecificRecord event,
        EventMetadata metadata) {

    /** The record decoded; an exception (with where it is) when it is not an event of a published schema. */
    static LoggedEvent decode(ConsumerRecord<String, byte[]> record, AvroSingleObjectDeserializer avro) {
        SpecificRecord event;
        EventMetadata metadata;
        try {
            event = avro.deserialize(record.topic(), record.value());
            metadata = WireMetadata.ofEvent(event);
        } catch (RuntimeException e) {
            throw new Undecodable(
                    position(record.topic(), record.partition(), record.offset()) + ": " + e.getMessage());
        }
        return new LoggedEvent(
                record.topic(), record.partition(), record.offset(), record.timestamp(), record.key(), event, metadata);
    }

    /** A record of an events topic that is no event of a published schema. */
    static final class Undecodable extends RuntimeException {
        Undecodable(String message) {
            super(message);
        }
    }

    /** {@code pool.events-2@17}: topic, partition, offset. */
    static String position(String topic, int partition, long offset) {
        return topic + "-" + partition + "@" + offset;
    }

    String position() {
        return position(topic, partition, offset);
    }

    /** The event's simple type name, e.g. {@code CapitalDeposited}. */
    String type() {
        return event.getSchema().getName();
    }

    Instant occurredAt() {
        return metadata.getOccurredAt();
    }

    String aggregateId() {
        return metadata.getAggregateId();
    }

    long version() {
        return metadata.getAggregateVersion();
    }
}
