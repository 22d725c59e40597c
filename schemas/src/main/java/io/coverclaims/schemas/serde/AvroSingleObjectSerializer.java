package io.coverclaims.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a generated record in Avro single-object encoding: C3 01, the writer schema's 8-byte CRC-64-AVRO
 * fingerprint (little endian), then the binary body. Refuses a record whose schema is not published, because
 * no reader could resolve it. Thread-safe.
 */
public class AvroSingleObjectSerializer implements Serializer<SpecificRecord> {

    private final SchemaStore published;
    private final Map<Class<?>, BinaryMessageEncoder<SpecificRecord>> encoders = new ConcurrentHashMap<>();

    public AvroSingleObjectSerializer() {
        this(PublishedSchemas.get());
    }

    public AvroSingleObjectSerializer(SchemaStore published) {
        this.published = published;
    }

    @Override
    public byte[] serialize(String topic, SpecificRecord record) {
        if (record == null) {
            return null;
        }
        BinaryMessageEncoder<SpecificRecord> encoder =
                encoders.computeIfAbsent(record.getClass(), type -> encoderFor(type, record.getSchema()));
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            encoder.encode(record, out);
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "cannot encode " + record.getSchema().getFullName() + " for topic " + topic + ": " + e.getMessage(),
                    e);
        }
    }

    private BinaryMessageEncoder<SpecificRecord> encoderFor(Class<?> type, Schema schema) {
        long fingerprint = PublishedSchemas.fingerprint(schema);
        if (published.findByFingerprint(fingerprint) == null) {
            throw new SerializationException(String.format(
                    "schema %s (fingerprint 0x%016x) is not published; run ./claims publish-schemas",
                    schema.getFullName(), fingerprint));
        }
        return new BinaryMessageEncoder<>(SpecificModels.forClass(type), schema);
    }
}
