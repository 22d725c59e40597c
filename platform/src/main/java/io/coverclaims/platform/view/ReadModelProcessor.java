package io.coverclaims.platform.view;

import io.coverclaims.schemas.serde.AvroSingleObjectDeserializer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * The global store's processor: applies each record of the topic through the model's {@link Projector}, unless the
 * store's position for the record's partition shows it applied already; writes the event's changes and the new
 * position in one atomic write. Kafka Streams runs one instance while restoring (from its checkpoint to the end, at
 * start) and another afterwards; the first to start checks the store's shape and rebuilds a store that has none or
 * another one.
 */
final class ReadModelProcessor implements Processor<byte[], byte[], Void, Void> {

    private static final Logger LOG = Logger.getLogger(ReadModelProcessor.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int CLEAR_CHUNK = 10_000;

    private final ReadModel model;
    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
    private final Map<Integer, Long> positions = new HashMap<>();
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<Bytes, byte[]> store;

    ReadModelProcessor(ReadModel model) {
        this.model = model;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(model.name());
        byte[] recorded = store.get(Bytes.wrap(ReadModel.SHAPE_KEY));
        String recordedShape = recorded == null ? null : new String(recorded, StandardCharsets.US_ASCII);
        if (!model.shape().equals(recordedShape)) {
            rebuild(recordedShape, context.appConfigs());
        }
        loadPositions();
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata where = context.recordMetadata()
                .orElseThrow(() -> new IllegalStateException("a global store's record without its position"));
        apply(where.topic(), where.partition(), where.offset(), record.timestamp(), record.key(), record.value());
    }

    private void apply(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
        if (key == null) {
            return; // Kafka Streams' restore skips records without a key: so does the live path, to agree with it
        }
        Long position = positions.get(partition);
        if (position != null && offset <= position) {
            model.skippedCounter().incrementAndGet();
            return;
        }
        PendingWrites writes = new PendingWrites(store, model);
        try {
            SpecificRecord event = value == null ? null : avro.deserialize(topic, value);
            if (event == null) {
                throw new IllegalArgumentException("no value");
            }
            model.projector()
                    .project(
                            new ViewEvent(
                                    topic,
                                    partition,
                                    offset,
                                    timestamp,
                                    new String(key, StandardCharsets.UTF_8),
                                    event),
                            writes);
            model.projectedCounter().incrementAndGet();
        } catch (RuntimeException e) {
            writes.discard();
            model.failedCounter().incrementAndGet();
            LOG.warnf(
                    "read model %s skips %s-%d@%d, which it cannot apply: %s",
                    model.name(), topic, partition, offset, e.toString());
        }
        writes.putRaw(
                ReadModel.positionKey(partition),
                ByteBuffer.allocate(8).putLong(offset).array());
        writes.flush();
        positions.put(partition, offset);
    }

    private void loadPositions() {
        positions.clear();
        try (KeyValueIterator<Bytes, byte[]> found =
                store.prefixScan(Bytes.wrap(ReadModel.positionPrefix()), PendingWrites.BYTES)) {
            found.forEachRemaining(entry -> positions.put(
                    ReadModel.partitionOf(entry.key.get()),
                    ByteBuffer.wrap(entry.value).getLong()));
        }
    }

    // ----------------------------------------------------------------------------------------------- rebuild

    /**
     * Empties the store and applies the whole topic (committed records, every partition up to its end now), then
     * records the shape. Kafka Streams' own restore, which follows, starts from its checkpoint (if any) and skips
     * what this applied. A crash before the shape is written leaves a store without one: rebuilt again at next start.
     */
    private void rebuild(String recordedShape, Map<String, Object> appConfigs) {
        long started = System.nanoTime();
        if (recordedShape == null) {
            LOG.infof(
                    "read model %s: the store records no shape (new or wiped): building it from %s",
                    model.name(), model.topic());
        } else {
            LOG.infof(
                    "read model %s: the store was written with shape %s, the code's is %s: rebuilding it from %s",
                    model.name(), recordedShape, model.shape(), model.topic());
        }
        clear();
        positions.clear();
        long records = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(appConfigs))) {
            List<TopicPartition> partitions = consumer.partitionsFor(model.topic(), Duration.ofMinutes(1)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            for (TopicPartition partition : partitions) {
                long end = ends.get(partition);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                while (consumer.position(partition) < end) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        if (record.offset() >= end) {
                            break;
                        }
                        apply(
                                record.topic(),
                                record.partition(),
                                record.offset(),
                                record.timestamp(),
                                record.key(),
                                record.value());
                        records++;
                    }
                }
            }
        }
        store.put(Bytes.wrap(ReadModel.SHAPE_KEY), model.shape().getBytes(StandardCharsets.US_ASCII));
        model.rebuildsCounter().incrementAndGet();
        LOG.infof(
                "read model %s built from %d records of %s in %d ms (shape %s)",
                model.name(), records, model.topic(), (System.nanoTime() - started) / 1_000_000, model.shape());
    }

    private void clear() {
        List<KeyValue<Bytes, byte[]>> deletes = new ArrayList<>(CLEAR_CHUNK);
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) {
                deletes.add(KeyValue.pair(all.next().key, null));
                if (deletes.size() == CLEAR_CHUNK) {
                    store.putAll(deletes);
                    deletes.clear();
                }
            }
        }
        if (!deletes.isEmpty()) {
            store.putAll(deletes);
        }
    }

    /** The application's consumer settings (bootstrap, security), reading committed records only, no group. */
    static Map<String, Object> consumerConfig(Map<String, Object> appConfigs) {
        Map<String, Object> config = new HashMap<>();
        appConfigs.forEach((key, value) -> {
            if (value != null && ConsumerConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        appConfigs.forEach((key, value) -> {
            if (value != null && key.startsWith(StreamsConfig.GLOBAL_CONSUMER_PREFIX)) {
                config.put(key.substring(StreamsConfig.GLOBAL_CONSUMER_PREFIX.length()), value);
            }
        });
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.remove(ConsumerConfig.CLIENT_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }
}
