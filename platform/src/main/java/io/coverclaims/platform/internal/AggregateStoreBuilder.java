package io.coverclaims.platform.internal;

import java.util.Map;
import org.apache.kafka.streams.state.StoreBuilder;

/** Builds {@link AggregateStore}s; logging and caching stay off by design (see the store's comment). */
public final class AggregateStoreBuilder implements StoreBuilder<AggregateStore> {

    private final String name;

    public AggregateStoreBuilder(String name) {
        this.name = name;
    }

    @Override
    public StoreBuilder<AggregateStore> withCachingEnabled() {
        throw new UnsupportedOperationException("aggregate stores are not cached");
    }

    @Override
    public StoreBuilder<AggregateStore> withCachingDisabled() {
        return this;
    }

    @Override
    public StoreBuilder<AggregateStore> withLoggingEnabled(Map<String, String> config) {
        throw new UnsupportedOperationException("aggregate stores are rebuilt from the event topic, not a changelog");
    }

    @Override
    public StoreBuilder<AggregateStore> withLoggingDisabled() {
        return this;
    }

    @Override
    public AggregateStore build() {
        return new AggregateStore(name);
    }

    @Override
    public Map<String, String> logConfig() {
        return Map.of();
    }

    @Override
    public boolean loggingEnabled() {
        return false;
    }

    @Override
    public String name() {
        return name;
    }
}
