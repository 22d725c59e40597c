package io.coverclaims.platform.internal;

import io.coverclaims.platform.streams.Aggregate;
import io.coverclaims.platform.streams.StateCodec;
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
 * the decided command, plus an index by issued-at for the retention window). The stores are caches of the
 * context's topics: {@code CommandProcessor} rebuilds them from the event and outcome topics when they are empty or
 * were written with other state shapes.
 */
public final class AggregateStore {

    /** Aggregates store: the shapes of the code that wrote it. Never an aggregate id (ids start with a letter/digit). */
    public static final String SHAPES_KEY = "\u0000shapes";
    /** Decided store: present once the store holds every decided command of its partition's outcome topic. */
    public static final String DECIDED_KEY = "\u0000decided-format-1";

    private static final String BY_TIME = "\u0001";
    private static final byte[] EMPTY = new byte[0];
    private static final StateCodec<DecidedCommand> DECIDED = StateCodec.of(DecidedCommand.class);

    private final KeyValueStore<String, byte[]> aggregates;
    private final KeyValueStore<String, byte[]> decided;
    private final AggregateCodec codec;

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

    /** Remembers a decided command until its {@code issuedAt} leaves the retention window. */
    public void record(DecidedCommand command) {
        decided.put(command.commandId(), DECIDED.encode(command));
        decided.put(timeKey(command.decidedAt(), command.commandId()), EMPTY);
    }

    /** Forgets the decided commands issued before {@code cutoff}; returns how many. */
    public int forgetDecidedBefore(Instant cutoff) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> old = decided.range(BY_TIME, timeKey(cutoff, ""))) {
            old.forEachRemaining(entry -> keys.add(entry.key));
        }
        for (String key : keys) {
            decided.delete(key);
            decided.delete(key.substring(key.indexOf('|') + 1));
        }
        return keys.size();
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
        return value == null ? Optional.empty() : Optional.of(DECIDED.decode(value));
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

    private static String timeKey(Instant at, String commandId) {
        return BY_TIME + String.format("%020d", Math.max(0, at.toEpochMilli())) + "|" + commandId;
    }
}
