package io.coverclaims.platform.internal;

import io.coverclaims.platform.streams.Aggregate;
import io.coverclaims.platform.streams.AggregateType;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.StateCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A context's aggregates as the persistent store holds them: {@code [format][type name][shape][version][state]},
 * the state encoded by its type's {@link StateCodec}. A value whose shape is not the code's is refused, never
 * decoded into a stale shape ({@link StaleShape}); the store as a whole records {@link #shapes()} so that the
 * kernel rebuilds it from the event topic when the code's shapes change.
 */
public final class AggregateCodec {

    private static final byte FORMAT = 1;

    private final Map<String, StateCodec<Object>> codecs = new LinkedHashMap<>();
    private final String shapes;

    @SuppressWarnings("unchecked")
    public AggregateCodec(BoundedContext context) {
        for (AggregateType<?, ?, ?> type : context.aggregates()) {
            codecs.put(type.name(), (StateCodec<Object>) (StateCodec<?>) StateCodec.of(type));
        }
        this.shapes = codecs.entrySet().stream()
                .map(entry -> entry.getKey() + ":" + entry.getValue().shape())
                .sorted()
                .collect(Collectors.joining(","));
    }

    /** Every aggregate type's name and shape: what a store written by this code records. */
    public String shapes() {
        return shapes;
    }

    public StateCodec<Object> codec(String typeName) {
        StateCodec<Object> codec = codecs.get(typeName);
        if (codec == null) {
            throw new StaleShape("no aggregate type " + typeName + " in this context");
        }
        return codec;
    }

    public byte[] encode(Aggregate aggregate) {
        StateCodec<Object> codec = codec(aggregate.type());
        byte[] state = codec.encode(aggregate.state());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(state.length + 48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(aggregate.type());
            out.writeUTF(codec.shape());
            out.writeLong(aggregate.version());
            out.write(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public Aggregate decode(byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new StaleShape("stored aggregate format " + format + ", this code reads " + FORMAT);
            }
            String type = in.readUTF();
            String shape = in.readUTF();
            StateCodec<Object> codec = codec(type);
            if (!codec.shape().equals(shape)) {
                throw new StaleShape(
                        "stored " + type + " state has shape " + shape + ", this code's is " + codec.shape());
            }
            long version = in.readLong();
            return new Aggregate(type, codec.decode(in.readAllBytes()), version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stored value written by code with another shape: rebuild from the events, never decode it. */
    public static final class StaleShape extends IllegalStateException {
        public StaleShape(String message) {
            super(message);
        }
    }
}
