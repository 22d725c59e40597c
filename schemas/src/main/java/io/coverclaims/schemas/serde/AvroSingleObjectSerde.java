package io.coverclaims.schemas.serde;

import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Single-object encoding both ways, for Kafka Streams. */
public class AvroSingleObjectSerde implements Serde<SpecificRecord> {

    private final AvroSingleObjectSerializer serializer;
    private final AvroSingleObjectDeserializer deserializer;

    public AvroSingleObjectSerde() {
        this(PublishedSchemas.get());
    }

    public AvroSingleObjectSerde(SchemaStore published) {
        this.serializer = new AvroSingleObjectSerializer(published);
        this.deserializer = new AvroSingleObjectDeserializer(published);
    }

    @Override
    public Serializer<SpecificRecord> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<SpecificRecord> deserializer() {
        return deserializer;
    }
}
