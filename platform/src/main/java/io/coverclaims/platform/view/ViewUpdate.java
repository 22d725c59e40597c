package io.coverclaims.platform.view;

import java.util.List;
import java.util.Optional;

/** What a {@link Projector} may do with its read model while it applies one event; reads see its own writes. */
public interface ViewUpdate {

    <V> Optional<V> get(ViewTable<V> table, String key);

    <V> void put(ViewTable<V> table, String key, V value);

    void delete(ViewTable<?> table, String key);

    /** The table's entries whose key starts with {@code keyPrefix}, in key order. */
    <V> List<ViewEntry<V>> prefix(ViewTable<V> table, String keyPrefix);
}
