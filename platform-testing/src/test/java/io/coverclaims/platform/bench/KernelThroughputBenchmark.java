package io.coverclaims.platform.bench;

import io.coverclaims.platform.example.PricedProduct;
import io.coverclaims.platform.streams.AggregateStores;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.CommandProcessorTopology;
import io.coverclaims.platform.streams.KernelTestKit;
import io.coverclaims.schemas.policy.UpdateProductPricing;
import io.coverclaims.schemas.serde.AvroSingleObjectSerializer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints figures, asserts nothing about time: the kernel's command throughput against raw Kafka measured in the
 * same run on the same broker, and how fast a restarted instance rebuilds its state from the event topic.
 * Run with {@code ./claims bench}; excluded from {@code ./claims test}.
 */
@Tag("benchmark")
class KernelThroughputBenchmark {

    private static final int COMMANDS = Integer.getInteger("bench.commands", 20_000);
    private static final int AGGREGATES = Integer.getInteger("bench.aggregates", 2_000);
    private static final int PARTITIONS = 6;

    @TempDir
    Path stateDirs;

    private final KernelTestKit kit = new KernelTestKit();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void kernel_against_raw_kafka() throws Exception {
        List<byte[]> payloads = commands();
        long payloadBytes = payloads.stream().mapToLong(p -> p.length).sum();
        System.out.printf(
                "%n== kernel benchmark: %,d commands (%,d aggregates, %d partitions, %,d bytes), exactly_once_v2 ==%n",
                COMMANDS, AGGREGATES, PARTITIONS, payloadBytes);

        double produceConsume = rawProduceConsume(payloads);
        double passthrough = rawStreamsPassthrough(payloads);
        double kernel = kernelCommands(payloads);

        System.out.printf("raw produce+consume (acks=all, read_committed)      : %,10.0f records/s%n", produceConsume);
        System.out.printf("raw Kafka Streams passthrough (exactly_once_v2)       : %,10.0f records/s%n", passthrough);
        System.out.printf(
                "kernel: decide + event + outcome (exactly_once_v2)     : %,10.0f commands/s (%.0f%% of the passthrough)%n",
                kernel, 100 * kernel / passthrough);
    }

    private List<byte[]> commands() {
        AvroSingleObjectSerializer avro = new AvroSingleObjectSerializer();
        List<byte[]> payloads = new ArrayList<>(COMMANDS);
        for (int i = 0; i < COMMANDS; i++) {
            String id = "prod-" + run + "-" + (i % AGGREGATES);
            payloads.add(
                    i < AGGREGATES
                            ? avro.serialize("bench", KernelTestKit.defineProduct(id, "Bench " + i, 100, 900))
                            : avro.serialize(
                                    "bench",
                                    UpdateProductPricing.newBuilder()
                                            .setMetadata(KernelTestKit.metadata(id))
                                            .setProductId(id)
                                            .setFloorRateBps(100 + i % 50)
                                            .setCeilingRateBps(900 + i % 50)
                                            .build()));
        }
        return payloads;
    }

    private double rawProduceConsume(List<byte[]> payloads) throws Exception {
        String topic = "bench-raw-" + run;
        createTopics(topic);
        Instant start = Instant.now();
        produce(topic, payloads);
        awaitCount(topic, payloads.size());
        return rate(payloads.size(), start);
    }

    private double rawStreamsPassthrough(List<byte[]> payloads) throws Exception {
        String in = "bench-in-" + run;
        String out = "bench-out-" + run;
        createTopics(in, out);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(in, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .to(out, Produced.with(Serdes.String(), Serdes.ByteArray()));
        KafkaStreams streams = kit.start(builder.build(), "bench-passthrough-" + run, stateDirs.resolve("passthrough"));
        try {
            Instant start = Instant.now();
            produce(in, payloads);
            awaitCount(out, payloads.size());
            return rate(payloads.size(), start);
        } finally {
            KernelTestKit.stop(streams);
        }
    }

    private double kernelCommands(List<byte[]> payloads) throws Exception {
        BoundedContext context = BoundedContext.of("bench-" + run, PricedProduct.TYPE);
        kit.createTopics(context, PARTITIONS);
        KafkaStreams streams =
                kit.start(CommandProcessorTopology.build(context), "bench-kernel-" + run, stateDirs.resolve("kernel"));
        double commandRate;
        try {
            Instant start = Instant.now();
            produce(context.commandsTopic(), payloads);
            awaitCount(context.outcomesTopic(), payloads.size());
            commandRate = rate(payloads.size(), start);
            long events = count(context.eventsTopic());
            System.out.printf("kernel wrote %,d events and %,d outcomes%n", events, count(context.outcomesTopic()));
            long heapBefore = usedHeapAfterGc();
            KernelTestKit.stop(streams);
            long heapAfter = usedHeapAfterGc();
            long released = Math.max(0, heapBefore - heapAfter);
            System.out.printf(
                    "kernel state in memory (heap released on close): about %,d bytes per aggregate with its %d decided commands, %,d bytes per decided command%n",
                    released / AGGREGATES, COMMANDS / AGGREGATES, released / COMMANDS);

            Instant restart = Instant.now();
            streams = kit.start(
                    CommandProcessorTopology.build(context),
                    "bench-kernel-" + run,
                    stateDirs.resolve("kernel-restarted"));
            double rebuildSeconds = Duration.between(restart, Instant.now()).toMillis() / 1000.0;
            int rebuilt = streams.store(
                            StoreQueryParameters.fromNameAndType(context.storeName(), AggregateStores.queryableType()))
                    .size();
            System.out.printf(
                    "restart to RUNNING with state rebuilt from the topics: %.2f s for %,d events + %,d outcomes (%,d aggregates): %,.0f records/s%n",
                    rebuildSeconds, events, payloads.size(), rebuilt, (events + payloads.size()) / rebuildSeconds);
        } finally {
            KernelTestKit.stop(streams);
        }
        return commandRate;
    }

    private void produce(String topic, List<byte[]> payloads) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kit.bootstrap(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.BATCH_SIZE_CONFIG,
                65_536,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class))) {
            for (int i = 0; i < payloads.size(); i++) {
                producer.send(new ProducerRecord<>(topic, "prod-" + run + "-" + (i % AGGREGATES), payloads.get(i)));
            }
            producer.flush();
        }
    }

    private void awaitCount(String topic, long expected) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (count(topic) < expected) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(topic + " did not reach " + expected + " records");
            }
            KernelTestKit.sleep(20);
        }
    }

    /** Committed records on a topic: end offsets under read_committed count transaction markers too, so count by reading. */
    private long count(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kit.bootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long count = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                count += consumer.poll(Duration.ofMillis(100)).count();
            }
            return count;
        }
    }

    private void createTopics(String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrap()))) {
            admin.createTopics(java.util.Arrays.stream(topics)
                            .map(t -> new NewTopic(t, PARTITIONS, (short) 1))
                            .toList())
                    .all()
                    .get();
        }
    }

    private static double rate(long records, Instant start) {
        return records / (Duration.between(start, Instant.now()).toNanos() / 1e9);
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            KernelTestKit.sleep(100);
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
