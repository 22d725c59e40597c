package io.coverclaims.schemas.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Avro single-object encoding: finds the writer schema by its fingerprint among the published versions
 * and resolves the data into the current generated class of the same full name. Thread-safe.
 */
public class AvroSingleObjectDeserializer implements Deserializer<SpecificRecord> {

    private static final int HEADER_LENGTH = 10;

    private final SchemaStore published;
    private final Map<Long, Reader> readers = new ConcurrentHashMap<>();

    private record Reader(Schema writer, BinaryMessageDecoder<SpecificRecord> decoder) {}

    public AvroSingleObjectDeserializer() {
        this(PublishedSchemas.get());
    }

    public AvroSingleObjectDeserializer(SchemaStore published) {
        this.published = published;
    }

    @Override
    public SpecificRecord deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < HEADER_LENGTH || data[0] != (byte) 0xC3 || data[1] != (byte) 0x01) {
            throw new SerializationException(
                    "not Avro single-object encoding (bad header, " + data.length + " bytes) on topic " + topic);
        }
        long fingerprint =
                ByteBuffer.wrap(data, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Reader reader = readers.computeIfAbsent(fingerprint, this::readerFor);
        try {
            return reader.decoder().decode(data);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "cannot decode " + reader.writer().getFullName() + " on topic " + topic + ": " + e, e);
        }
    }

    private Reader readerFor(long fingerprint) {
        Schema writer = published.findByFingerprint(fingerprint);
        if (writer == null) {
            throw new SerializationException(
                    String.format("unknown schema fingerprint 0x%016x (not a published schema version)", fingerprint));
        }
        Class<?> type;
        try {
            type = SpecificModels.generatedClass(SpecificData.getClassName(writer));
        } catch (ClassNotFoundException | LinkageError e) {
            throw new SerializationException("no generated class for schema " + writer.getFullName(), e);
        }
        if (!SpecificRecord.class.isAssignableFrom(type)) {
            throw new SerializationException(type.getName() + " is not a generated Avro record");
        }
        SpecificData model = SpecificModels.forClass(type);
        return new Reader(writer, new BinaryMessageDecoder<>(model, model.getSchema(type), published));
    }
}
