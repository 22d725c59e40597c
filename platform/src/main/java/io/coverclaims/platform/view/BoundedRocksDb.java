package io.coverclaims.platform.view;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;

/**
 * The RocksDB settings of read model stores: a read model is small next to Kafka Streams' defaults (per store a
 * 50 MB block cache and three 16 MB memtables), so each store gets an 8 MB block cache and two 4 MB memtables. Off-heap
 * memory per store is then bounded by about 16 MB, whatever the view's size on disk.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {

    static final long BLOCK_CACHE_BYTES = 8L * 1024 * 1024;
    static final long WRITE_BUFFER_BYTES = 4L * 1024 * 1024;

    private final Map<String, Cache> caches = new ConcurrentHashMap<>();

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Cache cache = new LRUCache(BLOCK_CACHE_BYTES);
        Cache previous = caches.put(storeName, cache);
        if (previous != null) {
            previous.close();
        }
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        options.setTableFormatConfig(table);
        options.setWriteBufferSize(WRITE_BUFFER_BYTES);
        options.setMaxWriteBufferNumber(2);
    }

    @Override
    public void close(String storeName, Options options) {
        Cache cache = caches.remove(storeName);
        if (cache != null) {
            cache.close();
        }
    }
}
