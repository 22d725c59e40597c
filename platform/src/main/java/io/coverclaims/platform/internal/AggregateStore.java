package io.coverclaims.platform.internal;

import io.coverclaims.platform.streams.Aggregate;
import io.coverclaims.platform.streams.StateCodec;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * One task's aggregates and decided commands, in two persistent (RocksDB) key-value stores with their changelogs:
 * {@code <ctx>-aggregates} (aggregate id → {@link AggregateCodec} value) and {@code <ctx>-decided} (command id →
 * its issued-at and the decided command, for the retention window). The stores are caches of the
 * context's topics: {@code CommandProcessor} rebuilds them from the event and outcome topics when they are empty or
 * were written with other state shapes.
 */
public final class AggregateStore {

    /** Aggregates store: the shapes of the code that wrote it. Never an aggregate id (ids start with a letter/digit). */
    public static final String SHAPES_KEY = "\u0000shapes";
    /** Decided store: present once the store holds every decided command of its partition's outcome topic. */
    public static final String DECIDED_KEY = "\u0000decided-format-1";

    private static final byte[] EMPTY = new byte[0];
    private static final StateCodec<DecidedCommand> DECIDED = StateCodec.of(DecidedCommand.class);

    private final KeyValueStore<String, byte[]> aggregates;
    private final KeyValueStore<String, byte[]> decided;
    private final AggregateCodec codec;
    private String purgeCursor;

    public AggregateStore(
            KeyValueStore<String, byte[]> aggregates, KeyValueStore<String, byte[]> decided, AggregateCodec codec) {
        this.aggregates = aggregates;
        this.decided = decided;
        this.codec = codec;
    }

    public Optional<Aggregate> aggregate(String aggregateId) {
        return read(aggregates, codec, aggregateId);
    }

    public Optional<DecidedCommand> decided(String commandId) {
        return readDecided(decided, commandId);
    }

    public void put(String aggregateId, Aggregate aggregate) {
        aggregates.put(aggregateId, codec.encode(aggregate));
    }

    /**
     * Remembers a decided command until its {@code issuedAt} leaves the retention window: one entry, its value
     * {@code [issued-at epoch ms][decided command]}, so that a purge reads 8 bytes per entry.
     */
    public void record(DecidedCommand command) {
        byte[] body = DECIDED.encode(command);
        decided.put(
                command.commandId(),
                ByteBuffer.allocate(8 + body.length)
                        .putLong(command.decidedAt().toEpochMilli())
                        .put(body)
                        .array());
    }

    /** Forgets every decided command issued before {@code cutoff}; returns how many. */
    public int forgetDecidedBefore(Instant cutoff) {
        int forgotten = 0;
        purgeCursor = null;
        do {
            forgotten += forgetSomeDecidedBefore(cutoff, 100_000);
        } while (purgeCursor != null);
        return forgotten;
    }

    /**
     * Looks at up to {@code limit} decided commands, going on from where the previous call stopped (and from the
     * first after the last), and forgets those issued before {@code cutoff}: the purge's cost is spread over small
     * steps, never a pause of the stream thread for a scan of the whole store.
     */
    public int forgetSomeDecidedBefore(Instant cutoff, int limit) {
        long before = cutoff.toEpochMilli();
        List<String> old = new ArrayList<>();
        int seen = 0;
        String last = null;
        try (KeyValueIterator<String, byte[]> entries = decided.range(purgeCursor, null)) {
            while (entries.hasNext() && seen < limit) {
                KeyValue<String, byte[]> entry = entries.next();
                if (entry.key.equals(purgeCursor) || isReserved(entry.key)) {
                    continue;
                }
                seen++;
                last = entry.key;
                if (ByteBuffer.wrap(entry.value).getLong() < before) {
                    old.add(entry.key);
                }
            }
            purgeCursor = entries.hasNext() ? last : null;
        }
        old.forEach(decided::delete);
        return old.size();
    }

    public boolean aggregatesWrittenWith(String shapes) {
        byte[] stored = aggregates.get(SHAPES_KEY);
        return stored != null && new String(stored, java.nio.charset.StandardCharsets.UTF_8).equals(shapes);
    }

    public String storedShapes() {
        byte[] stored = aggregates.get(SHAPES_KEY);
        return stored == null ? null : new String(stored, java.nio.charset.StandardCharsets.UTF_8);
    }

    public void markAggregatesWrittenWith(String shapes) {
        aggregates.put(SHAPES_KEY, shapes.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public boolean decidedComplete() {
        return decided.get(DECIDED_KEY) != null;
    }

    public void markDecidedComplete() {
        decided.put(DECIDED_KEY, EMPTY);
    }

    /** Deletes every aggregate (and the shapes mark), before a rebuild from the event topic. */
    public long clearAggregates() {
        return clear(aggregates);
    }

    public long clearDecided() {
        return clear(decided);
    }

    private static long clear(KeyValueStore<String, byte[]> store) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        keys.forEach(store::delete);
        return keys.size();
    }

    public AggregateCodec codec() {
        return codec;
    }

    // ----------------------------------------------------------------- shared with interactive queries

    public static Optional<Aggregate> read(
            ReadOnlyKeyValueStore<String, byte[]> store, AggregateCodec codec, String aggregateId) {
        if (isReserved(aggregateId)) {
            return Optional.empty();
        }
        byte[] value = store.get(aggregateId);
        return value == null ? Optional.empty() : Optional.of(decodeForQuery(codec, value));
    }

    public static Optional<DecidedCommand> readDecided(ReadOnlyKeyValueStore<String, byte[]> store, String commandId) {
        if (isReserved(commandId)) {
            return Optional.empty();
        }
        byte[] value = store.get(commandId);
        return value == null ? Optional.empty() : Optional.of(DECIDED.decode(value, 8, value.length - 8));
    }

    /** Every aggregate of a store (reserved keys skipped), in key order. */
    public static List<KeyValue<String, Aggregate>> all(
            ReadOnlyKeyValueStore<String, byte[]> store, AggregateCodec codec) {
        List<KeyValue<String, Aggregate>> all = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> entries = store.all()) {
            entries.forEachRemaining(entry -> {
                if (!isReserved(entry.key)) {
                    all.add(KeyValue.pair(entry.key, decodeForQuery(codec, entry.value)));
                }
            });
        }
        return all;
    }

    /** A stale value seen by a query before its task rebuilt the store: "being rebuilt" (503), never a stale state. */
    private static Aggregate decodeForQuery(AggregateCodec codec, byte[] value) {
        try {
            return codec.decode(value);
        } catch (AggregateCodec.StaleShape e) {
            throw new InvalidStateStoreException("the store is being rebuilt: " + e.getMessage());
        }
    }

    private static boolean isReserved(String key) {
        return key.isEmpty() || key.charAt(0) < ' ';
    }
}
