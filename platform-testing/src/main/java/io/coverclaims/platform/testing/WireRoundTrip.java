package io.coverclaims.platform.testing;

import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.streams.AggregateType;
import io.coverclaims.platform.streams.WireMapping;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.EventMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Round-trips every command and event of an aggregate type, found by reflection from its sealed interfaces (no
 * hand-kept list), through its wire record and Avro's binary encoding and back. Each sample holds a distinct value
 * in every field, so a field written to the wrong place, dropped, or read from another field fails.
 */
public final class WireRoundTrip {

    private WireRoundTrip() {}

    /** Returns the number of record types checked; throws {@link AssertionError} on the first that does not survive. */
    public static <C, E> int assertRoundTrips(AggregateType<C, E, ?> type) {
        WireMapping<C, E> mapping = type.mapping();
        for (Class<?> commandType : mapping.commandTypes()) {
            WireRoundTrip.<C>assertRoundTrip(
                    commandType,
                    (command, samples) -> mapping.writeCommand(command, commandMetadata(command, samples)),
                    mapping::readCommand);
        }
        for (Class<?> eventType : mapping.eventTypes()) {
            WireRoundTrip.<E>assertRoundTrip(
                    eventType,
                    (event, samples) -> mapping.writeEvent(event, eventMetadata(event, samples)),
                    mapping::readEvent);
        }
        return mapping.commandTypes().size() + mapping.eventTypes().size();
    }

    /** A sample of {@code recordType} written to its wire record, through Avro's binary encoding, and read back. */
    private static <T> void assertRoundTrip(
            Class<?> recordType, BiFunction<T, Samples, SpecificRecord> write, Function<SpecificRecord, T> read) {
        Samples samples = new Samples();
        @SuppressWarnings("unchecked")
        T written = (T) samples.sample(recordType);
        SpecificRecord wire = binaryCopy(write.apply(written, samples));
        assertSame(written, read.apply(wire), wire);
    }

    private static CommandMetadata commandMetadata(Object command, Samples samples) {
        return CommandMetadata.newBuilder()
                .setCommandId(samples.nextString("commandId"))
                .setAggregateId(component(command, "aggregateId", samples.nextString("aggregateId")))
                .setExpectedVersion(null)
                .setCorrelationId(samples.nextString("correlation"))
                .setCausationId(null)
                .setIssuedAt(component(command, "at", samples.nextInstant()))
                .setActor(component(command, "actor", samples.nextString("actor")))
                .build();
    }

    private static EventMetadata eventMetadata(Object event, Samples samples) {
        return EventMetadata.newBuilder()
                .setEventId(samples.nextString("eventId"))
                .setAggregateId(component(event, "aggregateId", samples.nextString("aggregateId")))
                .setAggregateVersion(samples.nextLong())
                .setCausationId(samples.nextString("causation"))
                .setCorrelationId(samples.nextString("correlation"))
                .setOccurredAt(component(event, "at", samples.nextInstant()))
                .setActor(component(event, "actor", samples.nextString("actor")))
                .build();
    }

    private static void assertSame(Object written, Object read, SpecificRecord wire) {
        if (!written.equals(read)) {
            throw new AssertionError(
                    written.getClass().getSimpleName() + " did not survive its wire record:\n  written: " + written
                            + "\n  wire:    " + wire + "\n  read:    " + read);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T component(Object record, String name, T otherwise) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            if (component.getName().equals(name)) {
                try {
                    var accessor = component.getAccessor();
                    accessor.setAccessible(true);
                    return (T) accessor.invoke(record);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return otherwise;
    }

    /** Encodes with the record's own schema and decodes it again, as a consumer on the topic would. */
    @SuppressWarnings("unchecked")
    static <T extends SpecificRecord> T binaryCopy(T record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<T>(record.getSchema()).write(record, encoder);
            encoder.flush();
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(out.toByteArray(), null);
            return new SpecificDatumReader<T>((Class<T>) record.getClass()).read(null, decoder);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds records whose every leaf value differs from every other one in the same sample. */
    static final class Samples {
        private long next = 1;

        Object sample(Type type) {
            Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
            if (raw == int.class || raw == Integer.class) {
                return (int) next++;
            }
            if (raw == long.class || raw == Long.class) {
                return nextLong();
            }
            if (raw == boolean.class || raw == Boolean.class) {
                return next++ % 2 == 0;
            }
            if (raw == double.class || raw == Double.class) {
                return (double) next++ + 0.25;
            }
            if (raw == String.class) {
                return nextString("v");
            }
            if (raw == Instant.class) {
                return nextInstant();
            }
            if (raw == Money.class) {
                // large and distinct: near 2^256 - 1, so a narrowing anywhere fails the round trip
                return Money.of(Money.MAX_VALUE.subtract(BigInteger.valueOf(next++)));
            }
            if (raw == BigInteger.class) {
                return BigInteger.valueOf(next++);
            }
            if (raw.isEnum()) {
                Object[] constants = raw.getEnumConstants();
                return constants[(int) (next++ % constants.length)];
            }
            if (List.class.isAssignableFrom(raw)) {
                Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
                return List.of(sample(element), sample(element));
            }
            if (Map.class.isAssignableFrom(raw)) {
                Type value = ((ParameterizedType) type).getActualTypeArguments()[1];
                Map<String, Object> map = new java.util.LinkedHashMap<>();
                map.put(nextString("k"), sample(value));
                map.put(nextString("k"), sample(value));
                return map;
            }
            if (Set.class.isAssignableFrom(raw)) {
                throw new IllegalArgumentException("no sample for " + type + ": wire records hold lists, not sets");
            }
            if (raw.isRecord()) {
                RecordComponent[] components = raw.getRecordComponents();
                Object[] args = new Object[components.length];
                List<Class<?>> types = new ArrayList<>();
                for (int i = 0; i < components.length; i++) {
                    args[i] = sample(components[i].getGenericType());
                    types.add(components[i].getType());
                }
                try {
                    Constructor<?> constructor = raw.getDeclaredConstructor(types.toArray(Class<?>[]::new));
                    constructor.setAccessible(true);
                    return constructor.newInstance(args);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot build a sample " + raw.getName() + ": " + e.getCause(), e);
                }
            }
            throw new IllegalArgumentException("no sample for " + type);
        }

        long nextLong() {
            return 1_000_000_000_000L + next++;
        }

        String nextString(String prefix) {
            return prefix + "-" + next++;
        }

        Instant nextInstant() {
            return Instant.ofEpochMilli(1_700_000_000_000L + 1_000L * next++);
        }
    }
}
