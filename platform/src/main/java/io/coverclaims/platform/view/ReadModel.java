package io.coverclaims.platform.view;

import io.coverclaims.platform.rest.Problem;
import io.coverclaims.platform.rest.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * A read model: what a {@link Projector} folds from one event topic into {@link ViewTable}s, kept in a persistent
 * (RocksDB) Kafka Streams <b>global</b> store, so every instance holds the whole view, on disk, and a restart reads
 * only the records written since it stopped. See docs/kernel.md, "Read models".
 *
 * <pre>{@code
 * static final ViewTable<ProductState> PRODUCTS = ViewTable.of("product", ProductState.class);
 * ReadModel products = ReadModel.named("policy-view").from("policy.events").tables(PRODUCTS)
 *         .projector((event, view) -> ...view.put(PRODUCTS, id, state)...).build();
 * products.get(PRODUCTS, "prod-1");       // typed reads for REST resources, once ready()
 * }</pre>
 *
 * <p>The store records the read model's {@link #shape()} (its tables' names and value shapes, and its
 * {@code version}); a store written with another shape is never read: it is emptied and rebuilt from the topic before
 * anything else. Each event's writes reach the store with the event's position in one atomic write, so a record
 * already applied is skipped (however far Kafka Streams' own checkpoint lags) and a half-applied event cannot exist.
 *
 * <p>A service declares its read models as CDI beans ({@code @Produces @Singleton ReadModel}); {@link ReadModels} runs
 * them all in one global-only Kafka Streams application beside the service's own. Outside CDI (tests, tools),
 * {@link ReadModelRuntime} does the same.
 */
public final class ReadModel {

    /** The store key of the shape the store was written with. */
    static final byte[] SHAPE_KEY = meta("shape");

    private static final String POSITION = "position/";

    private final String name;
    private final String topic;
    private final Map<String, ViewTable<?>> tables;
    private final Projector projector;
    private final int version;
    private final String shape;
    private volatile KafkaStreams streams;

    private final AtomicLong projected = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong rebuilds = new AtomicLong();

    private ReadModel(Builder builder) {
        this.name = builder.name;
        this.topic = Objects.requireNonNull(builder.topic, "a read model reads a topic: from(topic)");
        this.projector = Objects.requireNonNull(builder.projector, "a read model needs a projector");
        this.tables = Map.copyOf(builder.tables);
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("read model " + name + " declares no table");
        }
        this.version = builder.version;
        StringBuilder description = new StringBuilder(name)
                .append('\n')
                .append(topic)
                .append("\nversion ")
                .append(version);
        builder.tables.values().stream()
                .map(ViewTable::shape)
                .sorted()
                .forEach(table -> description.append('\n').append(table));
        this.shape = sha256(description.toString()).substring(0, 16);
    }

    /** A read model whose store (and processor nodes) are named {@code name}, unique within the service. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    public static final class Builder {
        private final String name;
        private String topic;
        private final Map<String, ViewTable<?>> tables = new LinkedHashMap<>();
        private Projector projector;
        private int version = 1;

        private Builder(String name) {
            if (!name.matches("[a-z][a-z0-9-]{0,63}")) {
                throw new IllegalArgumentException(
                        "a read model's name is lower-case letters, digits and '-': " + name);
            }
            this.name = name;
        }

        /**
         * The event topic it folds. One topic: a global store has one source (a view of two topics is two read
         * models), and the topic must not be a source of the same Streams application (ReadModels runs its own).
         */
        public Builder from(String topic) {
            this.topic = topic;
            return this;
        }

        /** The tables the projector writes and the queries read; their value shapes are part of the model's shape. */
        public Builder tables(ViewTable<?>... tables) {
            for (ViewTable<?> table : tables) {
                if (this.tables.putIfAbsent(table.name(), table) != null) {
                    throw new IllegalArgumentException("read model " + name + " has two tables " + table.name());
                }
            }
            return this;
        }

        public Builder projector(Projector projector) {
            this.projector = projector;
            return this;
        }

        /**
         * Bump it when the projector's rules change in a way the value types do not show (the same records, other
         * contents): the shape changes with it, and every instance rebuilds the model from its topic.
         */
        public Builder version(int version) {
            this.version = version;
            return this;
        }

        public ReadModel build() {
            return new ReadModel(this);
        }
    }

    public String name() {
        return name;
    }

    public String topic() {
        return topic;
    }

    /** A fingerprint (16 hex digits) of the model: name, topic, version, every table's name and value shape. */
    public String shape() {
        return shape;
    }

    Projector projector() {
        return projector;
    }

    // ------------------------------------------------------------------------------------------------ wiring

    /**
     * Adds the model's global store and its processor to {@code topology}. {@link Topology#addGlobalStore} restores
     * the store by running this processor over the records written since the last checkpoint (KIP-1024; checked by
     * ReadModelTest against a real broker), never by copying the topic's raw records into the store.
     */
    public Topology addTo(Topology topology) {
        StoreBuilder<KeyValueStore<Bytes, byte[]>> store = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingDisabled()
                .withLoggingDisabled();
        return topology.addGlobalStore(
                store,
                name + "-source",
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer(),
                topic,
                name + "-projector",
                () -> new ReadModelProcessor(this));
    }

    /** The running Streams application whose global store the queries read. */
    public void bind(KafkaStreams streams) {
        this.streams = streams;
    }

    // ------------------------------------------------------------------------------------------------- reads

    /** Caught up: its Streams application is RUNNING, which a global store reaches only once restored to the end. */
    public boolean ready() {
        KafkaStreams current = streams;
        return current != null && current.state() == KafkaStreams.State.RUNNING;
    }

    public String state() {
        KafkaStreams current = streams;
        return current == null ? "NOT_STARTED" : current.state().name();
    }

    public <V> Optional<V> get(ViewTable<V> table, String key) {
        requireTable(table);
        return Optional.ofNullable(store().get(Bytes.wrap(table.storeKey(key)))).map(table::decode);
    }

    /** The table's entries whose key starts with {@code keyPrefix}, in key order. */
    public <V> List<ViewEntry<V>> prefix(ViewTable<V> table, String keyPrefix) {
        requireTable(table);
        try (KeyValueIterator<Bytes, byte[]> found =
                store().prefixScan(Bytes.wrap(table.from(keyPrefix)), PendingWrites.BYTES)) {
            return entries(table, found, null);
        }
    }

    /** The table's entries from {@code from} (inclusive) to {@code toExclusive} (null: the table's end), in key order. */
    public <V> List<ViewEntry<V>> range(ViewTable<V> table, String from, String toExclusive) {
        requireTable(table);
        byte[] end = toExclusive == null ? table.end() : table.storeKey(toExclusive);
        try (KeyValueIterator<Bytes, byte[]> found = store().range(Bytes.wrap(table.storeKey(from)), Bytes.wrap(end))) {
            return entries(table, found, end);
        }
    }

    /** Every entry of the table, in key order. */
    public <V> List<ViewEntry<V>> all(ViewTable<V> table) {
        return range(table, "", null);
    }

    private static <V> List<ViewEntry<V>> entries(
            ViewTable<V> table, KeyValueIterator<Bytes, byte[]> found, byte[] endExclusive) {
        List<ViewEntry<V>> entries = new ArrayList<>();
        while (found.hasNext()) {
            KeyValue<Bytes, byte[]> entry = found.next();
            if (endExclusive != null && Arrays.equals(entry.key.get(), endExclusive)) {
                break;
            }
            entries.add(new ViewEntry<>(table.key(entry.key.get()), table.decode(entry.value)));
        }
        return entries;
    }

    private ReadOnlyKeyValueStore<Bytes, byte[]> store() {
        KafkaStreams current = streams;
        if (current == null || current.state() != KafkaStreams.State.RUNNING) {
            throw new NotReady(this);
        }
        try {
            return current.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw new NotReady(this);
        }
    }

    void requireTable(ViewTable<?> table) {
        if (tables.get(table.name()) != table) {
            throw new IllegalArgumentException(table + " is not a table of read model " + name);
        }
    }

    // ------------------------------------------------------------------------------------------------ counts

    /** Records applied by this process (live, restored, or rebuilt). */
    public long projected() {
        return projected.get();
    }

    /** Records read again that the store already held (their offset is at or before the store's position). */
    public long skipped() {
        return skipped.get();
    }

    /** Records the projector could not apply (undecodable, or it threw): skipped, the view unchanged. */
    public long failed() {
        return failed.get();
    }

    /** Times this process found the store empty or written with another shape and rebuilt it from the topic. */
    public long rebuilds() {
        return rebuilds.get();
    }

    AtomicLong projectedCounter() {
        return projected;
    }

    AtomicLong skippedCounter() {
        return skipped;
    }

    AtomicLong failedCounter() {
        return failed;
    }

    AtomicLong rebuildsCounter() {
        return rebuilds;
    }

    // -------------------------------------------------------------------------------------------- store keys

    /** Meta keys start with 0x00: a table's name never does. */
    static byte[] meta(String what) {
        byte[] text = what.getBytes(StandardCharsets.US_ASCII);
        byte[] key = new byte[text.length + 1];
        System.arraycopy(text, 0, key, 1, text.length);
        return key;
    }

    static byte[] positionKey(int partition) {
        return meta(POSITION + partition);
    }

    static byte[] positionPrefix() {
        return meta(POSITION);
    }

    static int partitionOf(byte[] positionKey) {
        byte[] prefix = positionPrefix();
        return Integer.parseInt(
                new String(positionKey, prefix.length, positionKey.length - prefix.length, StandardCharsets.US_ASCII));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "read model " + name + " of " + topic + " (shape " + shape + ")";
    }

    /** A read before the model is caught up (starting, rebuilding) or after its application failed: 503. */
    public static final class NotReady extends ProblemException {
        NotReady(ReadModel model) {
            super(Problem.of(
                    503,
                    "READ_MODEL_NOT_READY",
                    "the read model " + model.name + " is not caught up yet (" + model.state() + "): retry shortly",
                    null));
        }
    }
}
