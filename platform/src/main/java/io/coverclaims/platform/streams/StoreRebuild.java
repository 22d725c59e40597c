package io.coverclaims.platform.streams;

import io.coverclaims.platform.internal.AggregateStore;
import io.coverclaims.platform.internal.DecidedCommand;
import io.coverclaims.schemas.common.CommandOutcome;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.serde.AvroSingleObjectDeserializer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Rebuilds one task's {@link AggregateStore} from the context's topics alone, when its persistent stores are empty
 * (first start, lost changelog) or were written with other state shapes: aggregates by folding the event topic's
 * partition with {@code evolve}, decided command ids (within the retention window) from the outcome topic's partition.
 * Both are co-partitioned with the command topic by aggregate id, so partition p holds exactly the
 * aggregates task p decides. Reads committed records only: an aborted decision never counts.
 */
final class StoreRebuild {

    private static final Logger LOG = Logger.getLogger(StoreRebuild.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** Aggregates folded in memory before they are written to the store (bounds the rebuild's heap). */
    private static final int WRITE_BACK = 20_000;

    private final BoundedContext context;
    private final Map<String, Object> consumerConfig;
    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();

    StoreRebuild(BoundedContext context, Map<String, Object> streamsConfig) {
        this.context = context;
        this.consumerConfig = consumerConfig(streamsConfig);
    }

    /** Folds partition {@code partition} of the event topic into the store's aggregates (after clearing them). */
    void rebuildAggregates(AggregateStore store, int partition) {
        long started = System.nanoTime();
        long cleared = store.clearAggregates();
        Map<String, Aggregate> pending = new HashMap<>();
        long[] written = {0};
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
            requireCoPartitioned(consumer);
            long events = replay(consumer, new TopicPartition(context.eventsTopic(), partition), record -> {
                applyEvent(store, pending, record);
                if (pending.size() >= WRITE_BACK) {
                    written[0] += flush(store, pending);
                }
            });
            written[0] += flush(store, pending);
            store.markAggregatesWrittenWith(store.codec().shapes());
            LOG.infof(
                    "rebuilt %s partition %d from %d events: %d aggregates (%d stale entries cleared) in %d ms",
                    context.name(), partition, events, written[0], cleared, (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** Reads partition {@code partition} of the outcome topic into the store's decided commands within the window. */
    void rebuildDecided(AggregateStore store, int partition, Duration window) {
        long started = System.nanoTime();
        store.clearDecided();
        long[] latest = {Long.MIN_VALUE};
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
            requireCoPartitioned(consumer);
            TopicPartition outcomesPartition = new TopicPartition(context.outcomesTopic(), partition);
            long from = windowStart(consumer, outcomesPartition, window);
            long outcomes = replay(consumer, outcomesPartition, from, record -> {
                latest[0] = Math.max(latest[0], record.timestamp());
                recordOutcome(store, record);
            });
            int forgotten = latest[0] == Long.MIN_VALUE
                    ? 0
                    : store.forgetDecidedBefore(Instant.ofEpochMilli(latest[0]).minus(window));
            store.markDecidedComplete();
            LOG.infof(
                    "rebuilt %s partition %d decided commands from %d outcomes (%d outside the %s window) in %d ms",
                    context.name(), partition, outcomes, forgotten, window, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static long flush(AggregateStore store, Map<String, Aggregate> pending) {
        pending.forEach(store::put);
        long count = pending.size();
        pending.clear();
        return count;
    }

    private void requireCoPartitioned(KafkaConsumer<String, byte[]> consumer) {
        int commands = consumer.partitionsFor(context.commandsTopic()).size();
        for (String topic : List.of(context.eventsTopic(), context.outcomesTopic())) {
            int partitions = consumer.partitionsFor(topic).size();
            if (partitions != commands) {
                throw new IllegalStateException(topic + " has " + partitions + " partitions but "
                        + context.commandsTopic() + " has " + commands + ": they must be co-partitioned");
            }
        }
    }

    /**
     * Where the outcomes of the window begin: the first offset whose timestamp is at or after the partition's last
     * outcome's timestamp minus the window and a day (commands may be issued before they are sent: a clock behind, a
     * deadline sent late). Older outcomes are outside the window: reading them would only forget them again.
     */
    private static long windowStart(KafkaConsumer<String, byte[]> consumer, TopicPartition partition, Duration window) {
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        long begin = consumer.beginningOffsets(List.of(partition)).get(partition);
        if (end <= begin) {
            return begin;
        }
        consumer.assign(List.of(partition));
        consumer.seek(partition, end - 1);
        long lastTimestamp = -1;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (lastTimestamp < 0 && System.nanoTime() < deadline && consumer.position(partition) < end) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                lastTimestamp = Math.max(lastTimestamp, record.timestamp());
            }
        }
        if (lastTimestamp < 0) {
            return begin; // the last offset is a transaction marker or aborted: read everything rather than guess
        }
        long since = lastTimestamp - window.plusDays(1).toMillis();
        OffsetAndTimestamp found =
                consumer.offsetsForTimes(Map.of(partition, Math.max(0, since))).get(partition);
        return found == null ? end : Math.max(begin, found.offset());
    }

    private static long replay(
            KafkaConsumer<String, byte[]> consumer,
            TopicPartition partition,
            Consumer<ConsumerRecord<String, byte[]>> apply) {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        return replayFromPosition(consumer, partition, apply);
    }

    private static long replay(
            KafkaConsumer<String, byte[]> consumer,
            TopicPartition partition,
            long from,
            Consumer<ConsumerRecord<String, byte[]>> apply) {
        consumer.assign(List.of(partition));
        consumer.seek(partition, from);
        return replayFromPosition(consumer, partition, apply);
    }

    private static long replayFromPosition(
            KafkaConsumer<String, byte[]> consumer,
            TopicPartition partition,
            Consumer<ConsumerRecord<String, byte[]>> apply) {
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        long count = 0;
        while (consumer.position(partition) < end) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                if (record.offset() >= end) {
                    return count;
                }
                apply.accept(record);
                count++;
            }
        }
        return count;
    }

    private void applyEvent(
            AggregateStore store, Map<String, Aggregate> pending, ConsumerRecord<String, byte[]> record) {
        SpecificRecord event = decode(record);
        AggregateType<?, ?, ?> type = context.aggregates().stream()
                .filter(candidate -> candidate.handlesEvent(event))
                .findFirst()
                .orElseThrow(() -> corrupt(
                        record,
                        "no aggregate of context " + context.name() + " takes "
                                + event.getSchema().getFullName()));
        EventMetadata metadata = WireMetadata.ofEvent(event);
        Optional<Aggregate> current = Optional.ofNullable(pending.get(metadata.getAggregateId()))
                .or(() -> store.aggregate(metadata.getAggregateId()));
        long version = current.map(Aggregate::version).orElse(0L);
        if (metadata.getAggregateVersion() != version + 1) {
            throw corrupt(record, "event version " + metadata.getAggregateVersion() + " does not follow " + version);
        }
        pending.put(metadata.getAggregateId(), evolve(type, current, event, metadata.getAggregateVersion()));
    }

    @SuppressWarnings("unchecked")
    private static <C, E, S> Aggregate evolve(
            AggregateType<C, E, S> type, Optional<Aggregate> current, SpecificRecord event, long version) {
        S state = current.map(aggregate -> (S) aggregate.state())
                .orElseGet(() -> type.decider().initialState());
        return new Aggregate(type.name(), type.decider().evolve(state, type.readEvent(event)), version);
    }

    private void recordOutcome(AggregateStore store, ConsumerRecord<String, byte[]> record) {
        if (decode(record) instanceof CommandOutcome outcome && DecidedCommand.isRemembered(outcome)) {
            store.record(DecidedCommand.of(outcome));
        }
    }

    /** An event that cannot be read would silently change history: fail loudly instead. */
    private SpecificRecord decode(ConsumerRecord<String, byte[]> record) {
        try {
            return avro.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            throw corrupt(record, e.getMessage());
        }
    }

    private static IllegalStateException corrupt(ConsumerRecord<?, ?> record, String why) {
        return new IllegalStateException("cannot rebuild from " + record.topic() + "-" + record.partition() + "@"
                + record.offset() + ": " + why);
    }

    private static Map<String, Object> consumerConfig(Map<String, Object> streamsConfig) {
        Map<String, Object> config = new HashMap<>();
        streamsConfig.forEach((key, value) -> {
            if (ConsumerConfig.configNames().contains(key) && value != null) {
                config.put(key, value);
            }
        });
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.remove(ConsumerConfig.CLIENT_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }
}
