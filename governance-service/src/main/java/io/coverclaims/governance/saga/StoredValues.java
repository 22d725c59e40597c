package io.coverclaims.governance.saga;

import io.coverclaims.platform.streams.StateCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * A saga store's values: {@link StateCodec} bytes behind the shape of the type that wrote them, so a value written by
 * another version of the record is never misread. Such a value reads as absent (the breaker starts that key afresh,
 * which the saga logs).
 */
final class StoredValues<T> {

    private final StateCodec<T> codec;
    private final byte[] shape;

    StoredValues(Class<T> type) {
        this.codec = StateCodec.of(type);
        this.shape = (codec.shape() + "|").getBytes(StandardCharsets.US_ASCII);
    }

    byte[] encode(T value) {
        byte[] body = codec.encode(value);
        byte[] bytes = Arrays.copyOf(shape, shape.length + body.length);
        System.arraycopy(body, 0, bytes, shape.length, body.length);
        return bytes;
    }

    /** The value, or empty when the bytes were written with another shape. */
    Optional<T> decode(byte[] bytes) {
        if (bytes == null
                || bytes.length < shape.length
                || !Arrays.equals(bytes, 0, shape.length, shape, 0, shape.length)) {
            return Optional.empty();
        }
        return Optional.of(codec.decode(bytes, shape.length, bytes.length - shape.length));
    }
}
