package io.coverclaims.platform.view;

import io.coverclaims.platform.streams.StateCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One key space of a {@link ReadModel}: string keys, values of one type encoded with {@link StateCodec} (records,
 * sealed interfaces, enums, Money, Instant, lists, maps). A read model holds several (products by id, covers by id,
 * an index of covers by holder...), all in the same persistent store, each under its own key prefix, so an index is
 * as durable as what it indexes and a prefix or range of keys is read in key order.
 *
 * <p>In the store a key is {@code <table name> 0x00 <key, UTF-8>}: keys sort by their UTF-8 bytes (code point order),
 * and a key prefix of the table (e.g. {@code "0xabc…/"} in an index {@code holder/cover}) is a range of the store.
 */
public final class ViewTable<V> {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    private final String name;
    private final StateCodec<V> codec;
    private final byte[] prefix;

    private ViewTable(String name, StateCodec<V> codec) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a table name is lower-case letters, digits and '-': " + name);
        }
        this.name = name;
        this.codec = Objects.requireNonNull(codec);
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        this.prefix = Arrays.copyOf(bytes, bytes.length + 1); // name, then 0x00
    }

    /** A table named {@code name} (lower-case letters, digits, '-') of values of {@code type}. */
    public static <V> ViewTable<V> of(String name, Class<V> type) {
        return new ViewTable<>(name, StateCodec.of(type));
    }

    public String name() {
        return name;
    }

    public StateCodec<V> codec() {
        return codec;
    }

    /** What the read model's shape records of this table: its name and its value codec's shape. */
    String shape() {
        return name + ":" + codec.type().getName() + ":" + codec.shape();
    }

    byte[] storeKey(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(prefix, prefix.length + bytes.length);
        System.arraycopy(bytes, 0, out, prefix.length, bytes.length);
        return out;
    }

    /** The first store key of the table's keys that start with {@code keyPrefix}. */
    byte[] from(String keyPrefix) {
        return storeKey(keyPrefix);
    }

    /** The first store key after every key of the table: {@code <name> 0x01}. */
    byte[] end() {
        byte[] out = prefix.clone();
        out[out.length - 1] = 1;
        return out;
    }

    String key(byte[] storeKey) {
        return new String(storeKey, prefix.length, storeKey.length - prefix.length, StandardCharsets.UTF_8);
    }

    V decode(byte[] value) {
        return codec.decode(value);
    }

    byte[] encode(V value) {
        return codec.encode(Objects.requireNonNull(value, "a read model holds no null value: delete the key"));
    }

    @Override
    public String toString() {
        return "table " + name + " of " + codec.type().getSimpleName();
    }
}
