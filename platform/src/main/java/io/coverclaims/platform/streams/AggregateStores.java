package io.coverclaims.platform.streams;

import io.coverclaims.platform.internal.AggregateStore;
import io.coverclaims.platform.internal.DecidedCommand;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.internals.StateStoreProvider;

/**
 * The read-only view interactive queries get of an instance's {@link AggregateStore}s: every local task's
 * store, searched in turn (a key lives in exactly one of them).
 */
public final class AggregateStores {

    private final List<AggregateStore> stores;

    private AggregateStores(List<AggregateStore> stores) {
        this.stores = stores;
    }

    public static QueryableStoreType<AggregateStores> queryableType() {
        return new QueryableStoreType<>() {
            @Override
            public boolean accepts(StateStore stateStore) {
                return stateStore instanceof AggregateStore;
            }

            @Override
            public AggregateStores create(StateStoreProvider provider, String storeName) {
                List<?> found = provider.stores(storeName, this);
                return new AggregateStores(
                        found.stream().map(AggregateStore.class::cast).toList());
            }
        };
    }

    /** For the processor's own stores, and tests. */
    public static AggregateStores of(List<AggregateStore> stores) {
        return new AggregateStores(List.copyOf(stores));
    }

    public Optional<Aggregate> aggregate(String aggregateId) {
        return stores.stream()
                .flatMap(store -> store.aggregate(aggregateId).stream())
                .findFirst();
    }

    public Optional<DecidedCommand> decided(String commandId) {
        return stores.stream()
                .flatMap(store -> store.decided(commandId).stream())
                .findFirst();
    }

    /** Every aggregate this instance holds, for audits and for comparing a rebuilt state with the original. */
    public Map<String, Aggregate> snapshot() {
        Map<String, Aggregate> all = new HashMap<>();
        stores.forEach(store -> all.putAll(store.snapshot()));
        return all;
    }

    public int size() {
        return stores.stream().mapToInt(AggregateStore::size).sum();
    }
}
