package io.coverclaims.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coverclaims.schemas.Samples;
import io.coverclaims.schemas.claim.ClaimSubmitted;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.policy.BuyCover;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSingleObjectSerdeTest {

    private final AvroSingleObjectSerde serde = new AvroSingleObjectSerde();

    @Test
    void round_trips_a_record_through_the_published_schemas() {
        ClaimSubmitted event = Samples.claimSubmitted();

        byte[] bytes = serde.serializer().serialize("claim.events", event);
        SpecificRecord read = serde.deserializer().deserialize("claim.events", bytes);

        assertThat(read).isInstanceOf(ClaimSubmitted.class).isEqualTo(event);
        assertThat(((ClaimSubmitted) read).getIncidentAt()).isEqualTo(Samples.AT);
    }

    @Test
    void writes_the_single_object_header_and_the_schema_fingerprint() {
        byte[] bytes = serde.serializer().serialize("policy.commands", Samples.buyCover());

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint =
                ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint).isEqualTo(PublishedSchemas.fingerprint(BuyCover.getClassSchema()));
    }

    @Test
    void keeps_optional_logical_types() {
        BuyCover command = Samples.buyCover();

        BuyCover read = (BuyCover)
                serde.deserializer().deserialize("t", serde.serializer().serialize("t", command));

        assertThat(read.getStartAt()).isEqualTo(Samples.AT.plusSeconds(3600));
        assertThat(read.getPremiumPaymentRef()).isNull();
    }

    @Test
    void null_is_null_both_ways() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void reads_a_record_written_with_an_older_version_into_the_current_class() throws Exception {
        Schema current = ClaimSubmitted.getClassSchema();
        Schema v1 = withoutField(current, "evidenceUri");
        SchemaStore.Cache store = new SchemaStore.Cache();
        store.addSchema(v1);
        store.addSchema(current);

        GenericRecord old = new GenericData.Record(v1);
        ClaimSubmitted sample = Samples.claimSubmitted();
        for (Schema.Field field : v1.getFields()) {
            old.put(
                    field.name(),
                    field.name().equals("metadata")
                            ? genericMetadata(sample.getMetadata(), field.schema())
                            : sample.get(field.name()) instanceof java.time.Instant at
                                    ? at.toEpochMilli() // timestamp_ms, as a generic record holds it
                                    : sample.get(field.name()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new org.apache.avro.Conversions.DecimalConversion());
        new BinaryMessageEncoder<GenericRecord>(model, v1).encode(old, out);

        SpecificRecord read = new AvroSingleObjectDeserializer(store).deserialize("claim.events", out.toByteArray());

        assertThat(read).isInstanceOf(ClaimSubmitted.class);
        ClaimSubmitted upgraded = (ClaimSubmitted) read;
        assertThat(upgraded.getEvidenceUri())
                .as("field added in v2 takes its default")
                .isNull();
        assertThat(upgraded)
                .usingRecursiveComparison()
                .ignoringFields("evidenceUri")
                .isEqualTo(sample);
    }

    @Test
    void unknown_fingerprint_is_a_serialization_exception_naming_it() {
        byte[] bytes = serde.serializer().serialize("t", Samples.buyCover());
        ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(0x0123456789abcdefL);

        assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown schema fingerprint 0x0123456789abcdef");
    }

    @Test
    void garbage_is_a_serialization_exception() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", "not avro at all".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("bad header");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {(byte) 0xC3, 0x01, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("bad header");

        byte[] valid = serde.serializer().serialize("t", Samples.claimSubmitted());
        byte[] truncated = java.util.Arrays.copyOf(valid, 14);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot decode io.coverclaims.schemas.claim.ClaimSubmitted");
    }

    @Test
    void refuses_to_write_an_unpublished_schema() {
        AvroSingleObjectSerializer serializer = new AvroSingleObjectSerializer(PublishedSchemas.of(List.of()));

        assertThatThrownBy(() -> serializer.serialize("t", Samples.buyCover()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("is not published");
    }

    @Test
    void is_safe_to_share_between_threads() {
        List<SpecificRecord> records = List.of(Samples.claimSubmitted(), Samples.buyCover());

        IntStream.range(0, 2_000).parallel().forEach(i -> {
            SpecificRecord record = records.get(i % 2);
            assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", record)))
                    .isEqualTo(record);
        });
    }

    private static Schema withoutField(Schema schema, String dropped) {
        List<Schema.Field> fields = schema.getFields().stream()
                .filter(f -> !f.name().equals(dropped))
                .map(f -> new Schema.Field(f, f.schema()))
                .toList();
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    private static GenericRecord genericMetadata(EventMetadata metadata, Schema schema) {
        GenericRecord record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
            record.put(
                    field.name(),
                    field.name().equals("occurredAt")
                            ? metadata.getOccurredAt().toEpochMilli()
                            : metadata.get(field.name()));
        }
        return record;
    }
}
