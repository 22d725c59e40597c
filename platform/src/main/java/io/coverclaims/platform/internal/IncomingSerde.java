package io.coverclaims.platform.internal;

import io.coverclaims.platform.streams.Incoming;
import io.coverclaims.schemas.serde.AvroSingleObjectDeserializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Decodes without ever throwing, so one undecodable record cannot stop a stream: failures become an
 * {@link Incoming} that the processor routes to the dead-letter topic inside its transaction.
 */
public final class IncomingSerde implements Serde<Incoming> {

    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();

    @Override
    public Serializer<Incoming> serializer() {
        return (topic, incoming) -> incoming == null ? null : incoming.raw();
    }

    @Override
    public Deserializer<Incoming> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return Incoming.undecodable(null, "null value (tombstone) where a record was expected");
            }
            try {
                SpecificRecord value = avro.deserialize(topic, bytes);
                return Incoming.decoded(value, bytes);
            } catch (RuntimeException e) {
                return Incoming.undecodable(bytes, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        };
    }
}
