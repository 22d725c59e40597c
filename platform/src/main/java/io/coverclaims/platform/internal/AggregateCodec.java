package io.coverclaims.platform.internal;

import io.coverclaims.platform.streams.Aggregate;
import io.coverclaims.platform.streams.AggregateType;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.StateCodec;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
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
            if (type.name().getBytes(StandardCharsets.UTF_8).length > 255) {
                throw new IllegalArgumentException("aggregate type name longer than 255 bytes: " + type.name());
            }
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
        byte[] type = aggregate.type().getBytes(StandardCharsets.UTF_8);
        byte[] shape = codec.shape().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer value = ByteBuffer.allocate(1 + 1 + type.length + 1 + shape.length + 8 + state.length);
        value.put(FORMAT)
                .put((byte) type.length)
                .put(type)
                .put((byte) shape.length)
                .put(shape)
                .putLong(aggregate.version())
                .put(state);
        return value.array();
    }

    public Aggregate decode(byte[] value) {
        ByteBuffer in = ByteBuffer.wrap(value);
        byte format = in.get();
        if (format != FORMAT) {
            throw new StaleShape("stored aggregate format " + format + ", this code reads " + FORMAT);
        }
        String type = text(in, StandardCharsets.UTF_8);
        String shape = text(in, StandardCharsets.US_ASCII);
        StateCodec<Object> codec = codec(type);
        if (!codec.shape().equals(shape)) {
            throw new StaleShape("stored " + type + " state has shape " + shape + ", this code's is " + codec.shape());
        }
        long version = in.getLong();
        return new Aggregate(type, codec.decode(value, in.position(), in.remaining()), version);
    }

    private static String text(ByteBuffer in, Charset charset) {
        int length = in.get() & 0xff;
        String text = new String(in.array(), in.position(), length, charset);
        in.position(in.position() + length);
        return text;
    }

    /** A stored value written by code with another shape: rebuild from the events, never decode it. */
    public static final class StaleShape extends IllegalStateException {
        public StaleShape(String message) {
            super(message);
        }
    }
}
