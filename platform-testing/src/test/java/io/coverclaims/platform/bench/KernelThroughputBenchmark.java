package io.coverclaims.platform.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.bench.BenchRecords.OutcomeHead;
import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.example.PricedProduct;
import io.coverclaims.platform.streams.Aggregate;
import io.coverclaims.platform.streams.AggregateType;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.CommandProcessorTopology;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.schemas.common.CommandOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's figures, all in one run on the kit's broker, each printed as one line {@code BENCH <figure> name=value
 * ...} so runs can be compared (issue 11): raw Kafka (idempotent producer with acks=all, one read_committed consumer),
 * a Kafka Streams exactly_once_v2 passthrough, an exactly_once_v2 {@code groupByKey().aggregate()} with a persistent
 * (RocksDB) store and its changelog (the honest ceiling for the kernel's kind of work), the kernel deciding commands
 * over many aggregates, command → outcome latency at fixed offered loads, restart to RUNNING at two history lengths,
 * a rebuild with the local state wiped, and heap and disk per aggregate. It asserts only correctness (every command
 * one outcome, the aggregates' versions count every command, a restart or a rebuild gives the same state); time is
 * printed, never asserted. Run with {@code ./claims bench}; excluded from {@code ./claims test}.
 *
 * <p>Throughput of the Streams applications (passthrough, aggregate, kernel) is measured the same way: their input is
 * written first, then the application is started, and the rate runs from RUNNING to the arrival of the last output
 * record, counted by one consumer that reads each record once. Records are realistic: kernel commands of about 250
 * bytes with current {@code issuedAt}, the kernel's test aggregate ({@link PricedProduct}), one DefineProduct per
 * aggregate then UpdateProductPricing, all accepted.
 *
 * <p>Scale, by system property (the sizes by default): {@code bench.commands} (1,000,000), {@code
 * bench.aggregates} (commands / 10), {@code bench.history} (events before the second restart, 10 x commands), {@code
 * bench.history.mode} ({@code events}: the extra history is written straight to the event topic by the raw producer,
 * as the kernel would have written it; {@code commands}: it is decided by the kernel, much slower), {@code
 * bench.partitions} (6), {@code bench.latency.loads} (1000,5000 commands/s), {@code bench.latency.seconds} (20 per
 * load), {@code bench.budget.minutes} (15: the extra history is cut to what the remaining time allows, and the output
 * says so).
 */
@Tag("benchmark")
class KernelThroughputBenchmark {

    private static final int COMMANDS = Integer.getInteger("bench.commands", 1_000_000);
    private static final int AGGREGATES = Integer.getInteger("bench.aggregates", Math.max(1, COMMANDS / 10));
    private static final long HISTORY = Long.getLong("bench.history", 10L * COMMANDS);
    private static final String HISTORY_MODE = System.getProperty("bench.history.mode", "events");
    private static final int PARTITIONS = Integer.getInteger("bench.partitions", 6);
    private static final int[] LOADS = Arrays.stream(
                    System.getProperty("bench.latency.loads", "1000,5000").split(","))
            .map(String::trim)
            .mapToInt(Integer::parseInt)
            .toArray();
    private static final int LATENCY_SECONDS = Integer.getInteger("bench.latency.seconds", 20);
    private static final double BUDGET_MINUTES = Double.parseDouble(System.getProperty("bench.budget.minutes", "15"));
    /** The sizes, to extrapolate this run's phase times to. */
    private static final long FULL_COMMANDS = 1_000_000;

    private static final double KERNEL_TARGET = 0.5;
    private static final double RESTART_TARGET = 1.2;
    private static final double REBUILD_TARGET = 0.5;

    @TempDir
    Path stateDirs;

    private final KafkaTestKit kit = new KafkaTestKit();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final BenchRecords records = new BenchRecords(run, AGGREGATES);
    private final long started = System.nanoTime();
    private final List<String> phases = new ArrayList<>();
    private double estimatedFullSeconds;
    private final AtomicReference<String> firstRejection = new AtomicReference<>();

    // figures one phase hands to another
    private double producerRate;
    private double consumerRate;
    private double ceilingRate;
    private long passthroughHeapReleased;
    private long statefulHeapReleased;

    /** Kafka's clients log every configuration at INFO: kept to warnings, so the phases' lines can be read. */
    private static final java.util.logging.Logger KAFKA_LOGGING = quiet("org.apache.kafka");

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    @AfterEach
    void stopEverything() {
        kit.close();
    }

    @Test
    void prints_the_kernel_figures_against_raw_kafka_on_one_broker() throws Exception {
        assertThat(AGGREGATES).isBetween(1, COMMANDS);
        human(
                "kernel benchmark %s: %,d commands over %,d aggregates, %d partitions, history up to %,d events (%s),"
                        + " latency at %s commands/s for %d s each, budget %.0f min; broker %s",
                run,
                COMMANDS,
                AGGREGATES,
                PARTITIONS,
                HISTORY,
                HISTORY_MODE,
                Arrays.toString(LOADS),
                LATENCY_SECONDS,
                BUDGET_MINUTES,
                kit.bootstrap());

        String rawTopic = rawKafka();
        streamsPassthrough(rawTopic);
        aggregateCeiling(rawTopic);
        deleteTopics(t -> t.contains("-" + run + "-") && !t.startsWith("bench-" + run + "."));
        kernel();

        double seconds = (System.nanoTime() - started) / 1e9;
        bench(
                "run seconds=%.0f commands=%d aggregates=%d partitions=%d history_requested=%d"
                        + " estimated_seconds_at_1m_commands=%.0f",
                seconds, COMMANDS, AGGREGATES, PARTITIONS, HISTORY, estimatedFullSeconds);
        human(
                "phase times (this run; extrapolated to %,d commands and %,d events of history):",
                FULL_COMMANDS, 10 * FULL_COMMANDS);
        phases.forEach(System.err::println);
        human("total %.0f s; at the issue's sizes about %.1f min", seconds, estimatedFullSeconds / 60);
    }

    // ---------------------------------------------------------------------------------------------- 1. raw Kafka

    /** Producer then consumer, each timed alone, over the same topic; returns the topic, which the next phases read. */
    private String rawKafka() throws Exception {
        String topic = "bench-" + run + "-raw";
        createTopics(topic);
        // A pool of real serialized commands (one in ten a DefineProduct, as in the kernel phase), cycled: the
        // producer's rate is Kafka's, not Avro's. The kernel phase serializes every command afresh.
        Instant now = Instant.now();
        byte[][] pool = new byte[1024][];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = records.command(i, i % AGGREGATES, i % 10 == 0, now);
        }
        human(
                "1. raw producer: %,d records of about %d bytes to %s (acks=all, idempotent)",
                COMMANDS, pool[1].length, topic);
        long bytes = 0;
        AtomicReference<Exception> failure = new AtomicReference<>();
        double produceSeconds;
        try (KafkaProducer<String, byte[]> producer = producer(Map.of())) {
            long t0 = System.nanoTime(); // from the first send to the last acknowledgement
            for (int i = 0; i < COMMANDS; i++) {
                byte[] value = pool[i % pool.length];
                bytes += value.length;
                producer.send(new ProducerRecord<>(topic, records.aggregateId(i % AGGREGATES), value), (m, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
            produceSeconds = (System.nanoTime() - t0) / 1e9;
        }
        assertThat(failure.get()).isNull();
        producerRate = COMMANDS / produceSeconds;
        bench(
                "raw_producer_per_s=%.0f records=%d avg_record_bytes=%d mb_per_s=%.1f partitions=%d acks=all idempotence=true linger_ms=5",
                producerRate, COMMANDS, bytes / COMMANDS, bytes / produceSeconds / 1e6, PARTITIONS);

        human("1. raw consumer: reading the %,d records once with one read_committed consumer", COMMANDS);
        TopicReader.Result read = TopicReader.of("raw consumer", kit.bootstrap(), topic, false, COMMANDS, (r, t) -> {})
                .read(patience(COMMANDS));
        assertThat(read.records()).isEqualTo(COMMANDS);
        consumerRate = COMMANDS / read.seconds();
        bench(
                "raw_consumer_per_s=%.0f records=%d mb_per_s=%.1f consumers=1 isolation=read_committed",
                consumerRate, read.records(), read.bytes() / read.seconds() / 1e6);
        phase("1. raw producer + consumer", 0, produceSeconds + read.seconds(), full());
        return topic;
    }

    // ---------------------------------------------------------------------------------------------- 2. passthrough

    private void streamsPassthrough(String in) throws Exception {
        String out = "bench-" + run + "-passthrough-out";
        createTopics(out);
        human("2. Kafka Streams passthrough %s -> %s, exactly_once_v2", in, out);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(in, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .to(out, Produced.with(Serdes.String(), Serdes.ByteArray()));
        CompletableFuture<TopicReader.Result> reading = TopicReader.of(
                        "passthrough output", kit.bootstrap(), out, false, COMMANDS, (r, t) -> {})
                .readInBackground(patience(COMMANDS));
        Started app = start(builder.build(), "bench-" + run + "-passthrough", stateDirs.resolve("passthrough"));
        TopicReader.Result read = reading.get();
        assertThat(read.records()).as("passthrough output records").isEqualTo(COMMANDS);
        double seconds = (read.lastNanos() - app.runningNanos()) / 1e9;
        // a stateless application's heap released on close: the Streams client's own buffers, the baseline that
        // the kernel's figure is corrected by
        long running = usedHeapAfterGc();
        KafkaTestKit.stop(app.streams());
        passthroughHeapReleased = running - usedHeapAfterGc();
        bench(
                "streams_passthrough_per_s=%.0f records=%d startup_ms=%d guarantee=exactly_once_v2 commit_interval_ms=100",
                COMMANDS / seconds, COMMANDS, app.startupMillis());
        phase("2. Streams passthrough", app.startupMillis() / 1e3 + 3, seconds, full());
    }

    // ------------------------------------------------------------------------------------- 3. aggregate ceiling

    /**
     * {@code groupByKey().aggregate()} into a RocksDB store with its changelog, caching off so that, like the kernel
     * (one outcome and one event per command), every record updates the store, its changelog and the output topic:
     * the value kept is a count and the latest record, about the size of the kernel's state.
     */
    private void aggregateCeiling(String in) throws Exception {
        String out = "bench-" + run + "-aggregate-out";
        createTopics(out);
        human(
                "3. Kafka Streams aggregate ceiling: %s groupByKey().aggregate() on %,d keys, RocksDB + changelog, exactly_once_v2",
                in, AGGREGATES);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(in, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.ByteArray()))
                .aggregate(
                        () -> new byte[8],
                        (key, value, aggregate) -> ByteBuffer.allocate(8 + value.length)
                                .putLong(ByteBuffer.wrap(aggregate).getLong() + 1)
                                .put(value)
                                .array(),
                        Materialized.<String, byte[]>as(Stores.persistentKeyValueStore("bench-aggregate"))
                                .withKeySerde(Serdes.String())
                                .withValueSerde(Serdes.ByteArray())
                                .withCachingDisabled()
                                .withLoggingEnabled(Map.of()))
                .toStream()
                .to(out, Produced.with(Serdes.String(), Serdes.ByteArray()));
        long[] counts = new long[AGGREGATES];
        CompletableFuture<TopicReader.Result> reading = TopicReader.of(
                        "aggregate output", kit.bootstrap(), out, false, COMMANDS, (record, t) -> {
                            int key = records.aggregateIndex(record.key());
                            counts[key] = Math.max(
                                    counts[key], ByteBuffer.wrap(record.value()).getLong());
                        })
                .readInBackground(patience(COMMANDS));
        Path dir = stateDirs.resolve("aggregate");
        Started app = start(builder.build(), "bench-" + run + "-aggregate", dir);
        TopicReader.Result read = reading.get();
        double seconds = (read.lastNanos() - app.runningNanos()) / 1e9;
        long running = usedHeapAfterGc();
        KafkaTestKit.stop(app.streams());
        statefulHeapReleased = running - usedHeapAfterGc();
        assertThat(read.records()).as("aggregate output records").isEqualTo(COMMANDS);
        assertThat(Arrays.stream(counts).sum())
                .as("the aggregates count every record")
                .isEqualTo(COMMANDS);
        assertThat(Arrays.stream(counts).filter(c -> c > 0).count()).isEqualTo(AGGREGATES);
        ceilingRate = COMMANDS / seconds;
        bench(
                "aggregate_ceiling_per_s=%.0f records=%d keys=%d startup_ms=%d store=rocksdb changelog=true cache=off"
                        + " disk_bytes_per_key=%d guarantee=exactly_once_v2",
                ceilingRate, COMMANDS, AGGREGATES, app.startupMillis(), size(dir) / AGGREGATES);
        phase("3. Streams aggregate ceiling", app.startupMillis() / 1e3 + 2, seconds, full());
    }

    // ---------------------------------------------------------------------------------------------- 4.-7. kernel

    private void kernel() throws Exception {
        BoundedContext context = BoundedContext.of("bench-" + run, PricedProduct.TYPE);
        kit.createTopics(context, PARTITIONS);
        awaitLeaders(
                context.commandsTopic(), context.eventsTopic(), context.outcomesTopic(), context.deadLetterTopic());
        String application = "bench-" + run + "-kernel";
        Path dir = stateDirs.resolve("kernel");

        // 4. throughput: the commands are written first, then the kernel decides them as fast as it can
        long t0 = System.nanoTime();
        long written = writeCommands(context, 0, COMMANDS, true);
        double preloadSeconds = (System.nanoTime() - t0) / 1e9;
        human(
                "4. kernel: %,d commands (%,d bytes, serialized one by one) written to %s in %.1f s; starting the kernel",
                COMMANDS, written, context.commandsTopic(), preloadSeconds);
        BitSet seen = new BitSet(COMMANDS);
        AtomicLong rejected = new AtomicLong();
        CompletableFuture<TopicReader.Result> reading = TopicReader.of(
                        "kernel outcomes",
                        kit.bootstrap(),
                        context.outcomesTopic(),
                        false,
                        COMMANDS,
                        (record, t) -> countOutcome(record.value(), 0, COMMANDS, seen, rejected))
                .readInBackground(patience(COMMANDS));
        long heapBefore = usedHeapAfterGc();
        Started first = start(CommandProcessorTopology.build(context), application, dir);
        TopicReader.Result read = reading.get();
        double kernelSeconds = (read.lastNanos() - first.runningNanos()) / 1e9;
        assertThat(read.records()).as("outcomes").isEqualTo(COMMANDS);
        assertThat(seen.cardinality()).as("commands with exactly one outcome").isEqualTo(COMMANDS);
        assertThat(rejected.get())
                .as("rejected commands, the first: %s", firstRejection)
                .isZero();
        assertThat(endOffsets(context.deadLetterTopic())).as("dead letters").isZero();
        double kernelRate = COMMANDS / kernelSeconds;
        double ratio = kernelRate / ceilingRate;
        bench(
                "kernel_per_s=%.0f aggregate_ceiling_per_s=%.0f ratio=%.2f target=%.2f met=%s commands=%d aggregates=%d"
                        + " startup_ms=%d",
                kernelRate,
                ceilingRate,
                ratio,
                KERNEL_TARGET,
                ratio >= KERNEL_TARGET,
                COMMANDS,
                AGGREGATES,
                first.startupMillis());
        phase(
                "4. kernel commands (written first)",
                first.startupMillis() / 1e3,
                preloadSeconds + kernelSeconds,
                full());

        // 7. heap and disk per aggregate, at the state of step 4
        t0 = System.nanoTime();
        long heapRunning = usedHeapAfterGc();
        State afterCommands = state(first.streams(), context);
        assertThat(afterCommands.aggregates()).isEqualTo(AGGREGATES);
        assertThat(afterCommands.versions())
                .as("events applied = commands accepted")
                .isEqualTo(COMMANDS);
        KafkaTestKit.stop(first.streams());
        long heapStopped = usedHeapAfterGc();
        long released = heapRunning - heapStopped;
        long disk = size(dir);
        // heap: MemoryMXBean's used heap after System.gc(), with the kernel running minus after its clean stop,
        // minus the same difference for the stateless passthrough (the Streams client's own buffers); what is left
        // still holds the instance's fixed costs (record caches, RocksDB's Java side), so it is an upper bound.
        // RocksDB's memtables and block cache live outside the heap: the state directory's size stands for them.
        bench(
                "heap_bytes_per_aggregate=%d heap_bytes_per_decided_command=%d aggregates=%d decided_commands=%d"
                        + " heap_released_on_close=%d stateless_baseline=%d aggregate_ceiling_released=%d"
                        + " heap_growth_while_running=%d"
                        + " method=used_heap_after_gc_running_minus_after_clean_stop_minus_passthrough_baseline",
                Math.max(0, released - passthroughHeapReleased) / AGGREGATES,
                Math.max(0, released - passthroughHeapReleased) / COMMANDS,
                AGGREGATES,
                COMMANDS,
                released,
                passthroughHeapReleased,
                statefulHeapReleased,
                heapRunning - heapBefore);
        bench(
                "disk_bytes_per_aggregate=%d disk_bytes_per_decided_command=%d state_dir_bytes=%d aggregates=%d"
                        + " decided_commands=%d method=state_dir_size_after_clean_stop",
                disk / AGGREGATES, disk / COMMANDS, disk, AGGREGATES, COMMANDS);
        phase("7. heap and disk", (System.nanoTime() - t0) / 1e9, 0, 1);

        // 6a. restart after COMMANDS events: a new instance, same application id and state directory
        Started restarted = start(CommandProcessorTopology.build(context), application, dir);
        State afterRestart = state(restarted.streams(), context);
        assertThat(afterRestart).as("the state after a restart").isEqualTo(afterCommands);
        long restartMillis = restarted.startupMillis();
        bench(
                "restart events=%d ms=%d aggregates=%d changelog_end_offsets=%d",
                COMMANDS, restartMillis, AGGREGATES, changelogOffsets(application));

        // 5. latency at fixed offered loads, on the restarted instance
        long sequence = COMMANDS;
        for (int load : LOADS) {
            sequence += latency(context, load, sequence);
        }
        long events = sequence;
        State beforeHistory = state(restarted.streams(), context);
        assertThat(beforeHistory.versions())
                .as("events applied = commands accepted")
                .isEqualTo(events);
        long[] versions = versions(restarted.streams(), context);
        KafkaTestKit.stop(restarted.streams());

        // 6b. more history, then restart again
        long history = affordableHistory(events, restartMillis);
        long extra = history - events;
        t0 = System.nanoTime();
        if (extra > 0) {
            if (HISTORY_MODE.equals("commands")) {
                decideHistory(context, application, dir, events, extra);
            } else {
                writeHistoryEvents(context, events, extra, versions);
            }
        }
        double historySeconds = (System.nanoTime() - t0) / 1e9;
        phase(
                "6. history: " + extra + " more events (" + HISTORY_MODE + ")",
                0,
                historySeconds,
                extra == 0 ? 1 : (10.0 * FULL_COMMANDS - FULL_COMMANDS) / extra);

        Started again = start(CommandProcessorTopology.build(context), application, dir);
        State afterHistory = state(again.streams(), context);
        assertThat(afterHistory.aggregates()).isEqualTo(AGGREGATES);
        // only events written around the kernel tell whether it folds the event topic at start
        String foldsEventTopic = HISTORY_MODE.equals("commands") || extra == 0
                ? "n/a"
                : String.valueOf(afterHistory.versions() == history);
        if (HISTORY_MODE.equals("commands") || extra == 0) {
            assertThat(afterHistory.versions()).as("events applied").isEqualTo(history);
        } else {
            // events written around the kernel: a kernel that folds the event topic at start sees them, one that
            // restores its own store from its changelog does not
            assertThat(afterHistory.versions()).as("events applied").isIn(history, events);
        }
        double restartRatio = (double) again.startupMillis() / Math.max(1, restartMillis);
        bench(
                "restart events=%d ms=%d history_mode=%s history_requested=%d history_ratio=%.1f ratio_to_first=%.2f"
                        + " target=%.1f met=%s kernel_folds_event_topic_at_start=%s changelog_end_offsets=%d",
                history,
                again.startupMillis(),
                extra == 0
                        ? "none"
                        : HISTORY_MODE.equals("commands") ? "commands_decided_by_kernel" : "events_written_directly",
                HISTORY,
                (double) history / COMMANDS,
                restartRatio,
                RESTART_TARGET,
                restartRatio <= RESTART_TARGET,
                foldsEventTopic,
                changelogOffsets(application));
        KafkaTestKit.stop(again.streams());
        double fullHistory = 10.0 * FULL_COMMANDS / history;
        // restart time extrapolated along the line through the two restarts (flat when it does not grow)
        double msPerEvent = history > COMMANDS
                ? Math.max(0, (again.startupMillis() - restartMillis) / (double) (history - COMMANDS))
                : restartMillis / (double) COMMANDS;
        phase(
                "6. restart after " + COMMANDS + " events",
                (restartMillis + msPerEvent * (FULL_COMMANDS - COMMANDS)) / 1e3,
                0,
                1);
        phase(
                "6. restart after " + history + " events",
                (again.startupMillis() + msPerEvent * (10 * FULL_COMMANDS - history)) / 1e3,
                0,
                1);

        // 6c. rebuild from scratch (local state wiped), against one raw consumer reading the same event topic
        human("6. raw consumer over %s (%,d events), for the rebuild's comparison", context.eventsTopic(), history);
        TopicReader.Result raw = TopicReader.of(
                        "raw consumer, events", kit.bootstrap(), context.eventsTopic(), false, history, (r, t) -> {})
                .read(patience(history));
        assertThat(raw.records()).as("events on the event topic").isEqualTo(history);
        double rawRate = history / raw.seconds();
        phase("6. raw consumer over the events", 0, raw.seconds(), fullHistory);

        KafkaTestKit.deleteRecursively(dir);
        human("6. rebuild: local state %s wiped, starting %s again", dir, application);
        Started rebuilt = start(CommandProcessorTopology.build(context), application, dir);
        assertThat(state(rebuilt.streams(), context)).as("the rebuilt state").isEqualTo(afterHistory);
        KafkaTestKit.stop(rebuilt.streams());
        double rebuildRate = history / (rebuilt.startupMillis() / 1e3);
        bench(
                "rebuild events=%d ms=%d per_s=%.0f raw_consumer_per_s=%.0f ratio=%.2f target=%.2f met=%s aggregates=%d"
                        + " changelog_end_offsets=%d",
                history,
                rebuilt.startupMillis(),
                rebuildRate,
                rawRate,
                rebuildRate / rawRate,
                REBUILD_TARGET,
                rebuildRate / rawRate >= REBUILD_TARGET,
                AGGREGATES,
                changelogOffsets(application));
        phase("6. rebuild from scratch", 0, rebuilt.startupMillis() / 1e3, fullHistory);

        // 6d. rebuild from the event topic: the same aggregate under a new state shape, on the same state directory.
        // The stores' recorded shapes differ from the code's, so every task folds its partition of the event topic
        // with evolve (the path a code change, an empty store or a lost changelog takes), never reading a stale value
        BoundedContext reshaped = BoundedContext.of(context.name(), RESHAPED);
        human("6. rebuild from %s after a state shape change (%,d events)", context.eventsTopic(), history);
        long f0 = System.nanoTime();
        Started folding = start(CommandProcessorTopology.build(reshaped), application, dir);
        long deadline = System.nanoTime() + patience(history).toNanos();
        Map<String, Aggregate> folded = Map.of();
        while (System.nanoTime() < deadline) {
            try {
                folded = KafkaTestKit.aggregates(folding.streams(), reshaped);
                if (folded.size() == AGGREGATES
                        && folded.values().stream()
                                        .mapToLong(Aggregate::version)
                                        .sum()
                                == history) {
                    break;
                }
            } catch (RuntimeException staleOrRebuilding) {
                // a task not rebuilt yet: its stored values have the old shape and are refused (503 at the edge)
            }
            Thread.sleep(20);
        }
        long foldMillis = (System.nanoTime() - f0) / 1_000_000;
        assertThat(folded).as("every aggregate rebuilt under the new shape").hasSize(AGGREGATES);
        folded.values()
                .forEach(aggregate -> assertThat(((Reshaped) aggregate.state()).events())
                        .as("events folded into " + aggregate)
                        .isEqualTo(aggregate.version()));
        KafkaTestKit.stop(folding.streams());
        double foldRate = history / (foldMillis / 1e3);
        bench(
                "rebuild_from_events events=%d ms=%d per_s=%.0f raw_consumer_per_s=%.0f ratio=%.2f target=%.2f met=%s"
                        + " aggregates=%d reason=state_shape_changed start_included=true",
                history,
                foldMillis,
                foldRate,
                rawRate,
                foldRate / rawRate,
                REBUILD_TARGET,
                foldRate / rawRate >= REBUILD_TARGET,
                AGGREGATES);
        phase("6. rebuild from the event topic", 0, foldMillis / 1e3, fullHistory);
    }

    /** The bench aggregate under another state shape: the product's state plus how many events made it. */
    record Reshaped(PricedProduct.State product, long events) {}

    private static final AggregateType<PricedProduct.Command, PricedProduct.Event, Reshaped> RESHAPED =
            AggregateType.of(
                            PricedProduct.TYPE.name(),
                            Decider.of(
                                    new Reshaped(PricedProduct.DECIDER.initialState(), 0),
                                    (PricedProduct.Command command, Reshaped state) ->
                                            PricedProduct.DECIDER.decide(command, state.product()),
                                    (Reshaped state, PricedProduct.Event event) -> new Reshaped(
                                            PricedProduct.DECIDER.evolve(state.product(), event), state.events() + 1)),
                            PricedProduct.Command.class,
                            PricedProduct.Event.class,
                            "io.coverclaims.schemas.policy")
                    .build();

    /** Writes {@code count} commands (the first of each aggregate a DefineProduct when {@code define}); returns bytes. */
    private long writeCommands(BoundedContext context, long firstSequence, long count, boolean define) {
        long bytes = 0;
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer =
                producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 262_144))) {
            Instant now = Instant.now();
            long t0 = System.nanoTime();
            long reported = t0;
            for (long i = 0; i < count; i++) {
                if (i % 10_000 == 0) {
                    now = Instant.now();
                    long t = System.nanoTime();
                    if (t - reported > 5_000_000_000L) {
                        human("  commands: %,d of %,d written (%,.0f/s)", i, count, i / ((t - t0) / 1e9));
                        reported = t;
                    }
                }
                long sequence = firstSequence + i;
                int aggregate = (int) (sequence % AGGREGATES);
                byte[] value = records.command(sequence, aggregate, define && sequence < AGGREGATES, now);
                bytes += value.length;
                producer.send(
                        new ProducerRecord<>(context.commandsTopic(), records.aggregateId(aggregate), value),
                        (m, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
            }
            producer.flush();
        }
        assertThat(failure.get()).isNull();
        return bytes;
    }

    /** One outcome read: it must be of a command of [first, first + count), accepted, and the first for it. */
    private void countOutcome(byte[] value, long first, int count, BitSet seen, AtomicLong rejected) {
        OutcomeHead head = BenchRecords.outcomeHead(value);
        long index = records.sequence(head.commandId()) - first;
        if (index < 0 || index >= count) {
            throw new IllegalStateException("an outcome of a command this phase did not send: " + head.commandId());
        }
        if (seen.get((int) index)) {
            throw new IllegalStateException("a second outcome for command " + head.commandId());
        }
        seen.set((int) index);
        if (!head.accepted()) {
            rejected.incrementAndGet();
            noteRejection(value);
        }
    }

    /** The first rejection, decoded, for the assertion that there is none. */
    private void noteRejection(byte[] value) {
        if (firstRejection.get() == null) {
            CommandOutcome outcome = (CommandOutcome) kit.decode("outcomes", value);
            firstRejection.compareAndSet(
                    null,
                    outcome.getCommandType() + " " + outcome.getCommandId() + " on " + outcome.getAggregateId() + ": "
                            + outcome.getReasonCode() + " " + outcome.getReasonMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------- 5. latency

    /**
     * Open loop: command i is due at start + i / load, sent then (or as soon after as the sender can), and its latency
     * runs from when it was due to when its outcome (matched by command id) was read, so a kernel falling behind shows
     * in the figures instead of slowing the sender down. Returns the number of commands sent.
     */
    private int latency(BoundedContext context, int load, long firstSequence) throws Exception {
        int count = load * LATENCY_SECONDS;
        human("5. latency at %,d commands/s offered: %,d commands over %d s, open loop", load, count, LATENCY_SECONDS);
        long[] latencies = new long[count];
        Arrays.fill(latencies, -1);
        AtomicLong start = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        CompletableFuture<TopicReader.Result> reading = TopicReader.of(
                        "latency " + load + "/s",
                        kit.bootstrap(),
                        context.outcomesTopic(),
                        true,
                        count,
                        (record, received) -> {
                            OutcomeHead head = BenchRecords.outcomeHead(record.value());
                            long index = records.sequence(head.commandId()) - firstSequence;
                            if (index < 0 || index >= count || latencies[(int) index] >= 0) {
                                throw new IllegalStateException(
                                        "an unexpected or second outcome for " + head.commandId());
                            }
                            if (!head.accepted()) {
                                rejected.incrementAndGet();
                                noteRejection(record.value());
                            }
                            latencies[(int) index] = received - (start.get() + index * 1_000_000_000L / load);
                        })
                .readInBackground(Duration.ofSeconds(LATENCY_SECONDS + 60 + count / 200));
        SplittableRandom random = new SplittableRandom(load);
        long senderMaxLag = 0;
        long lastDue;
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer = producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 1))) {
            // connected and warm before the clock starts
            producer.partitionsFor(context.commandsTopic());
            long t0 = System.nanoTime() + 100_000_000L;
            start.set(t0);
            int i = 0;
            while (i < count) {
                long due = t0 + i * 1_000_000_000L / load;
                long now = System.nanoTime();
                if (now < due) {
                    LockSupport.parkNanos(Math.min(due - now, 1_000_000));
                    continue;
                }
                senderMaxLag = Math.max(senderMaxLag, now - due);
                int aggregate = random.nextInt(AGGREGATES);
                producer.send(
                        new ProducerRecord<>(
                                context.commandsTopic(),
                                records.aggregateId(aggregate),
                                records.command(firstSequence + i, aggregate, false, Instant.now())),
                        (m, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                i++;
            }
            lastDue = t0 + (count - 1) * 1_000_000_000L / load;
            producer.flush();
        }
        assertThat(failure.get()).isNull();
        TopicReader.Result read = reading.get();
        assertThat(read.records()).as("outcomes at " + load + "/s").isEqualTo(count);
        assertThat(rejected.get())
                .as("rejected commands, the first: %s", firstRejection)
                .isZero();
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        double finalLagMillis = (read.lastNanos() - lastDue) / 1e6;
        double decidedRate = count / ((read.lastNanos() - start.get()) / 1e9);
        boolean sustained = senderMaxLag < 1_000_000_000L && finalLagMillis < 1_000 + percentile(sorted, 0.5) / 1e6;
        bench(
                "latency offered_per_s=%d commands=%d p50_ms=%.1f p99_ms=%.1f p999_ms=%.1f max_ms=%.1f decided_per_s=%.0f"
                        + " sender_max_lag_ms=%.1f last_outcome_after_last_send_ms=%.0f sustained=%s",
                load,
                count,
                percentile(sorted, 0.5) / 1e6,
                percentile(sorted, 0.99) / 1e6,
                percentile(sorted, 0.999) / 1e6,
                sorted[count - 1] / 1e6,
                decidedRate,
                senderMaxLag / 1e6,
                finalLagMillis,
                sustained);
        if (!sustained) {
            human(
                    "   the offered load of %,d/s was not sustained: outcomes came %.0f ms after the last command was due",
                    load, finalLagMillis);
        }
        phase("5. latency at " + load + "/s", 0, LATENCY_SECONDS + finalLagMillis / 1e3, 20.0 / LATENCY_SECONDS);
        return count;
    }

    private static long percentile(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    // ---------------------------------------------------------------------------------------------- 6. history

    /**
     * The largest history (a multiple of the command count, at most the one asked for) that leaves time within the
     * budget to write it, restart, read it raw and rebuild it; the restart and the rebuild are assumed to grow
     * linearly with history (as they do for a kernel that folds the event topic at start) and the rebuild to run at
     * no less than half the raw consumer rate (its target).
     */
    private long affordableHistory(long events, long restartMillis) {
        double remaining = BUDGET_MINUTES * 60 - (System.nanoTime() - started) / 1e9 - 30;
        double writeRate = HISTORY_MODE.equals("commands") ? ceilingRate / 2 : producerRate / 2;
        long chosen = events;
        for (long candidate = Math.max(HISTORY, events); candidate > events; candidate -= COMMANDS) {
            double restart = restartMillis / 1e3 * candidate / COMMANDS;
            double seconds = (candidate - events) / writeRate
                    + restart
                    + candidate / consumerRate
                    + Math.max(restart, candidate / (consumerRate / 2))
                    + 10;
            if (seconds <= remaining) {
                chosen = candidate;
                break;
            }
        }
        if (chosen < HISTORY) {
            human(
                    "6. history cut to %,d events (asked %,d): %.0f s of the %.0f min budget left",
                    chosen, HISTORY, remaining, BUDGET_MINUTES);
        }
        return chosen;
    }

    /**
     * Extra history written straight to the event topic with the raw producer: ProductPricingUpdated events as the
     * kernel writes them (key, event-type header, consecutive versions per aggregate, ids derived from a command id),
     * much faster than having the kernel decide them. The commands and outcomes topics do not grow.
     */
    private void writeHistoryEvents(BoundedContext context, long firstSequence, long count, long[] versions) {
        human(
                "6. history: writing %,d ProductPricingUpdated events straight to %s with the raw producer (not decided by the kernel)",
                count, context.eventsTopic());
        AtomicReference<Exception> failure = new AtomicReference<>();
        long t0 = System.nanoTime();
        long reported = t0;
        try (KafkaProducer<String, byte[]> producer =
                producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 262_144))) {
            Instant now = Instant.now();
            for (long i = 0; i < count; i++) {
                if (i % 10_000 == 0) {
                    now = Instant.now();
                    long t = System.nanoTime();
                    if (t - reported > 5_000_000_000L) {
                        human("  history: %,d of %,d events (%,.0f/s)", i, count, i / ((t - t0) / 1e9));
                        reported = t;
                    }
                }
                int aggregate = (int) (i % AGGREGATES);
                long version = ++versions[aggregate];
                RecordHeaders headers = new RecordHeaders();
                headers.add(BenchRecords.eventTypeHeader(), BenchRecords.pricingUpdatedType());
                producer.send(
                        new ProducerRecord<>(
                                context.eventsTopic(),
                                null,
                                now.toEpochMilli(),
                                records.aggregateId(aggregate),
                                records.pricingUpdated(firstSequence + i, aggregate, version, now),
                                headers),
                        (m, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
            }
            producer.flush();
        }
        assertThat(failure.get()).isNull();
        human("6. history: %,d events written in %.1f s", count, (System.nanoTime() - t0) / 1e9);
    }

    /** Extra history decided by the kernel: commands written first, then one instance decides them all. */
    private void decideHistory(BoundedContext context, String application, Path dir, long firstSequence, long count)
            throws Exception {
        human("6. history: %,d more commands, decided by the kernel", count);
        writeCommands(context, firstSequence, count, false);
        BitSet seen = new BitSet((int) count);
        AtomicLong rejected = new AtomicLong();
        CompletableFuture<TopicReader.Result> reading = TopicReader.of(
                        "history outcomes",
                        kit.bootstrap(),
                        context.outcomesTopic(),
                        true,
                        count,
                        (record, t) -> countOutcome(record.value(), firstSequence, (int) count, seen, rejected))
                .readInBackground(patience(count));
        Started app = start(CommandProcessorTopology.build(context), application, dir);
        TopicReader.Result read = reading.get();
        KafkaTestKit.stop(app.streams());
        assertThat(read.records()).isEqualTo(count);
        assertThat(rejected.get())
                .as("rejected commands, the first: %s", firstRejection)
                .isZero();
    }

    // ---------------------------------------------------------------------------------------------- plumbing

    /** A Streams application as the kit runs it, and when it was started and when it reached RUNNING. */
    private record Started(KafkaStreams streams, long startNanos, long runningNanos) {
        long startupMillis() {
            return (runningNanos - startNanos) / 1_000_000;
        }
    }

    /** Starts an application configured by the kit and waits (up to 30 min: a rebuild may be long) for RUNNING. */
    private Started start(Topology topology, String application, Path dir) throws Exception {
        KafkaStreams streams = kit.create(topology, application, dir, null);
        CompletableFuture<Long> running = new CompletableFuture<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            running.completeExceptionally(e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.complete(System.nanoTime());
            } else if (now == KafkaStreams.State.ERROR) {
                running.completeExceptionally(new IllegalStateException(application + " failed", failure.get()));
            }
        });
        long t0 = System.nanoTime();
        streams.start();
        long runningAt = running.get(30, TimeUnit.MINUTES);
        human("   %s RUNNING after %,d ms", application, (runningAt - t0) / 1_000_000);
        return new Started(streams, t0, runningAt);
    }

    /** What is compared across restarts: the number of aggregates, their versions summed, a hash of all of them. */
    private record State(int aggregates, long versions, int hash) {}

    private static State state(KafkaStreams streams, BoundedContext context) {
        Map<String, Aggregate> aggregates = KafkaTestKit.aggregates(streams, context);
        return new State(
                aggregates.size(),
                aggregates.values().stream().mapToLong(Aggregate::version).sum(),
                aggregates.hashCode());
    }

    private long[] versions(KafkaStreams streams, BoundedContext context) {
        long[] versions = new long[AGGREGATES];
        KafkaTestKit.aggregates(streams, context)
                .forEach((id, aggregate) -> versions[records.aggregateIndex(id)] = aggregate.version());
        return versions;
    }

    private KafkaProducer<String, byte[]> producer(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kit.bootstrap(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.BATCH_SIZE_CONFIG,
                65_536,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
        config.putAll(overrides);
        return new KafkaProducer<>(config);
    }

    private void createTopics(String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrap()))) {
            admin.createTopics(Arrays.stream(topics)
                            .map(t -> new NewTopic(t, PARTITIONS, (short) 1))
                            .toList())
                    .all()
                    .get();
        }
        awaitLeaders(topics);
    }

    /**
     * Waits until the broker leads every partition of the topics: an idempotent producer whose first batch to a
     * just-created partition is refused (NOT_LEADER_OR_FOLLOWER) can be stuck in OUT_OF_ORDER_SEQUENCE_NUMBER retries.
     * Listing offsets succeeds only on the leader.
     */
    private void awaitLeaders(String... topics) {
        try (var consumer = TopicReader.consumer(kit.bootstrap())) {
            List<TopicPartition> partitions = Arrays.stream(topics)
                    .flatMap(topic ->
                            consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())))
                    .toList();
            consumer.endOffsets(partitions, Duration.ofSeconds(60));
        }
    }

    /** Frees the broker's disk of the phases before the kernel: their topics and the aggregate's changelog. */
    private void deleteTopics(java.util.function.Predicate<String> which) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrap()))) {
            List<String> topics =
                    admin.listTopics().names().get().stream().filter(which).toList();
            admin.deleteTopics(topics).all().get();
        }
    }

    /**
     * Sum of the end offsets of an application's changelog topics (what a rebuild restores, if its stores have
     * changelogs; transaction markers count too, so a little more than the records).
     */
    private long changelogOffsets(String application) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrap()))) {
            return endOffsets(
                    admin,
                    admin.listTopics().names().get().stream()
                            .filter(topic -> topic.startsWith(application + "-") && topic.endsWith("-changelog"))
                            .toList());
        }
    }

    /** Sum of a topic's end offsets (0 for a topic nothing was ever written to). */
    private long endOffsets(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrap()))) {
            return endOffsets(admin, List.of(topic));
        }
    }

    /** Sum of the topics' high watermarks. */
    private static long endOffsets(Admin admin, List<String> topics) throws Exception {
        if (topics.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics)
                .allTopicNames()
                .get()
                .forEach((topic, description) -> description
                        .partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        return admin.listOffsets(latest).all().get().values().stream()
                .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
                .sum();
    }

    private static Duration patience(long records) {
        return Duration.ofSeconds(Math.max(300, records / 1_000));
    }

    private static double full() {
        return (double) FULL_COMMANDS / COMMANDS;
    }

    private static long size(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile)
                    .mapToLong(path -> {
                        try {
                            return Files.size(path);
                        } catch (IOException e) {
                            return 0; // a file RocksDB removed meanwhile
                        }
                    })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            KafkaTestKit.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Records a phase's time, and its time extrapolated to the sizes: fixed part + scalable part x factor. */
    private void phase(String name, double fixedSeconds, double scalableSeconds, double factor) {
        double full = fixedSeconds + scalableSeconds * factor;
        estimatedFullSeconds += full;
        phases.add(String.format(
                Locale.ROOT, "  %-45s %8.1f s   at full size ~%7.0f s", name, fixedSeconds + scalableSeconds, full));
    }

    private static void bench(String format, Object... args) {
        System.out.println("BENCH " + String.format(Locale.ROOT, format, args));
    }

    private static void human(String format, Object... args) {
        System.err.println(String.format(format, args));
    }
}
