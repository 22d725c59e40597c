package io.coverclaims.platform.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The writes of one event, held until the event is applied, then written with one {@code putAll} (a RocksDB write
 * batch: all of it or nothing reaches the store). Reads look here first, then in the store.
 */
final class PendingWrites implements ViewUpdate {

    /** The serializer a prefix scan needs for its prefix. */
    static final BytesSerializer BYTES = new BytesSerializer();

    private final KeyValueStore<Bytes, byte[]> store;
    private final ReadModel model;
    private final TreeMap<Bytes, byte[]> writes = new TreeMap<>(); // a null value deletes

    PendingWrites(KeyValueStore<Bytes, byte[]> store, ReadModel model) {
        this.store = store;
        this.model = model;
    }

    @Override
    public <V> Optional<V> get(ViewTable<V> table, String key) {
        model.requireTable(table);
        Bytes storeKey = Bytes.wrap(table.storeKey(key));
        byte[] value = writes.containsKey(storeKey) ? writes.get(storeKey) : store.get(storeKey);
        return Optional.ofNullable(value).map(table::decode);
    }

    @Override
    public <V> void put(ViewTable<V> table, String key, V value) {
        model.requireTable(table);
        writes.put(Bytes.wrap(table.storeKey(key)), table.encode(value));
    }

    @Override
    public void delete(ViewTable<?> table, String key) {
        model.requireTable(table);
        writes.put(Bytes.wrap(table.storeKey(key)), null);
    }

    @Override
    public <V> List<ViewEntry<V>> prefix(ViewTable<V> table, String keyPrefix) {
        model.requireTable(table);
        Bytes from = Bytes.wrap(table.from(keyPrefix));
        TreeMap<Bytes, byte[]> found = new TreeMap<>();
        try (KeyValueIterator<Bytes, byte[]> stored = store.prefixScan(from, BYTES)) {
            stored.forEachRemaining(entry -> found.put(entry.key, entry.value));
        }
        for (Map.Entry<Bytes, byte[]> write : writes.tailMap(from, true).entrySet()) {
            if (!startsWith(write.getKey().get(), from.get())) {
                break;
            }
            if (write.getValue() == null) {
                found.remove(write.getKey());
            } else {
                found.put(write.getKey(), write.getValue());
            }
        }
        List<ViewEntry<V>> entries = new ArrayList<>(found.size());
        found.forEach((key, value) -> entries.add(new ViewEntry<>(table.key(key.get()), table.decode(value))));
        return entries;
    }

    void putRaw(byte[] key, byte[] value) {
        writes.put(Bytes.wrap(key), value);
    }

    /** Writes everything at once and forgets it. */
    void flush() {
        if (writes.isEmpty()) {
            return;
        }
        List<KeyValue<Bytes, byte[]>> batch = new ArrayList<>(writes.size());
        writes.forEach((key, value) -> batch.add(KeyValue.pair(key, value)));
        store.putAll(batch);
        writes.clear();
    }

    void discard() {
        writes.clear();
    }

    static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
