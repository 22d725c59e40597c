package io.coverclaims.platform.streams;

import io.coverclaims.platform.internal.AggregateCodec;
import io.coverclaims.platform.internal.AggregateStore;
import io.coverclaims.platform.internal.DecidedCommand;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The read-only view interactive queries get of an instance's aggregate and decided stores: every local task's
 * store at once (Kafka Streams' composite view), values decoded with the context's codecs.
 */
public final class AggregateStores {

    private static final Map<BoundedContext, AggregateCodec> CODECS = new java.util.concurrent.ConcurrentHashMap<>();

    private final ReadOnlyKeyValueStore<String, byte[]> aggregates;
    private final ReadOnlyKeyValueStore<String, byte[]> decided;
    private final AggregateCodec codec;

    private AggregateStores(
            ReadOnlyKeyValueStore<String, byte[]> aggregates,
            ReadOnlyKeyValueStore<String, byte[]> decided,
            AggregateCodec codec) {
        this.aggregates = aggregates;
        this.decided = decided;
        this.codec = codec;
    }

    /** This instance's stores of {@code context} (throws InvalidStateStoreException while they are not queryable). */
    public static AggregateStores in(KafkaStreams streams, BoundedContext context) {
        return new AggregateStores(
                streams.store(StoreQueryParameters.fromNameAndType(
                        context.storeName(), QueryableStoreTypes.<String, byte[]>keyValueStore())),
                streams.store(StoreQueryParameters.fromNameAndType(
                        context.decidedStoreName(), QueryableStoreTypes.<String, byte[]>keyValueStore())),
                CODECS.computeIfAbsent(context, AggregateCodec::new));
    }

    public Optional<Aggregate> aggregate(String aggregateId) {
        return AggregateStore.read(aggregates, codec, aggregateId);
    }

    public Optional<DecidedCommand> decided(String commandId) {
        return AggregateStore.readDecided(decided, commandId);
    }

    /** Every aggregate this instance holds, for listings, audits and comparing a rebuilt state with the original. */
    public Map<String, Aggregate> snapshot() {
        Map<String, Aggregate> all = new HashMap<>();
        AggregateStore.all(aggregates, codec).forEach(entry -> all.put(entry.key, entry.value));
        return all;
    }

    public int size() {
        return snapshot().size();
    }

    /** Hex SHA-256 of an aggregate's state ({@link StateCodec#hash}), as {@code ./claims replay} compares it. */
    public String hash(Aggregate aggregate) {
        return codec.codec(aggregate.type()).hash(aggregate.state());
    }
}
