package io.coverclaims.platform.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The commands a pause holds in one task (saga and scheduler commands: they wait, callers are refused), in a
 * persistent store with a changelog, written in the same exactly-once transaction as the input offset: a parked
 * command is kept until it is decided, exactly once, after the unpause.
 *
 * <p>Keys: {@code q<16 hex digits>} (arrival sequence) → the record ({@code [timestamp][key][command id][raw
 * bytes]}), {@code c<command id>} → its sequence (a copy of a parked command is parked once), and {@code 0x00next}
 * → the next sequence.
 */
public final class ParkedCommands {

    private static final String QUEUE = "q";
    private static final String QUEUE_END = "r";
    private static final String BY_ID = "c";
    private static final String NEXT = "\u0000next";

    /** A parked command as it arrived: its record key, timestamp and raw value, and its command id. */
    public record Parked(String sequence, String key, long timestamp, String commandId, byte[] raw) {}

    private final KeyValueStore<String, byte[]> store;

    public ParkedCommands(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    public boolean isParked(String commandId) {
        return store.get(BY_ID + commandId) != null;
    }

    public void park(String commandId, String key, long timestamp, byte[] raw) {
        byte[] next = store.get(NEXT);
        long sequence = next == null ? 0 : ByteBuffer.wrap(next).getLong();
        String queueKey = QUEUE + HexFormat.of().toHexDigits(sequence);
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        byte[] idBytes = commandId.getBytes(StandardCharsets.UTF_8);
        store.put(
                queueKey,
                ByteBuffer.allocate(8 + 4 + keyBytes.length + 4 + idBytes.length + raw.length)
                        .putLong(timestamp)
                        .putInt(keyBytes.length)
                        .put(keyBytes)
                        .putInt(idBytes.length)
                        .put(idBytes)
                        .put(raw)
                        .array());
        store.put(BY_ID + commandId, queueKey.getBytes(StandardCharsets.UTF_8));
        store.put(NEXT, ByteBuffer.allocate(8).putLong(sequence + 1).array());
    }

    /** Every parked command, in arrival order. */
    public List<Parked> inOrder() {
        return inOrder(store);
    }

    /** Every command parked in {@code store}, in arrival order (also through an interactive query). */
    public static List<Parked> inOrder(ReadOnlyKeyValueStore<String, byte[]> store) {
        List<Parked> parked = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> entries = store.range(QUEUE, QUEUE_END)) {
            while (entries.hasNext()) {
                KeyValue<String, byte[]> entry = entries.next();
                if (entry.key.startsWith(QUEUE)) {
                    parked.add(decode(entry.key, entry.value));
                }
            }
        }
        return parked;
    }

    public boolean isEmpty() {
        try (KeyValueIterator<String, byte[]> entries = store.range(QUEUE, QUEUE_END)) {
            while (entries.hasNext()) {
                if (entries.next().key.startsWith(QUEUE)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Forgets a parked command (it is being decided now). */
    public void release(Parked parked) {
        store.delete(parked.sequence());
        store.delete(BY_ID + parked.commandId());
    }

    private static Parked decode(String sequence, byte[] value) {
        ByteBuffer buffer = ByteBuffer.wrap(value);
        long timestamp = buffer.getLong();
        byte[] key = new byte[buffer.getInt()];
        buffer.get(key);
        byte[] id = new byte[buffer.getInt()];
        buffer.get(id);
        byte[] raw = new byte[buffer.remaining()];
        buffer.get(raw);
        return new Parked(
                sequence,
                new String(key, StandardCharsets.UTF_8),
                timestamp,
                new String(id, StandardCharsets.UTF_8),
                raw);
    }
}
