package io.coverclaims.platform.streams;

import io.coverclaims.platform.governance.GovernanceStore;
import io.coverclaims.platform.internal.AggregateCodec;
import io.coverclaims.platform.internal.IncomingSerde;
import io.coverclaims.schemas.serde.AvroSingleObjectSerializer;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/** The Kafka Streams topology that runs a context's {@link CommandProcessor}. */
public final class CommandProcessorTopology {

    private static final String SOURCE = "commands";
    private static final String PROCESSOR = "decide";

    private CommandProcessorTopology() {}

    /**
     * Changelog settings of the aggregate store: segments small enough for the log cleaner to compact
     * them early, so restoring a store (after a crash, or on a new instance) reads about its live keys, not every
     * write ever made to it.
     */
    static final Map<String, String> CHANGELOG = Map.of(
            TopicConfig.SEGMENT_BYTES_CONFIG,
            String.valueOf(64 * 1024 * 1024),
            TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG,
            "0.25");

    public static Topology build(BoundedContext context) {
        return addTo(new Topology(), context, KernelOptions.DEFAULTS);
    }

    public static Topology build(BoundedContext context, KernelOptions options) {
        return addTo(new Topology(), context, options);
    }

    /** Adds the command processor to a topology that may hold other processors (process managers, read models). */
    public static Topology addTo(Topology topology, BoundedContext context) {
        return addTo(topology, context, KernelOptions.DEFAULTS);
    }

    public static Topology addTo(Topology topology, BoundedContext context, KernelOptions options) {
        topology.addSource(
                SOURCE + "-" + context.name(),
                new StringDeserializer(),
                new IncomingSerde().deserializer(),
                context.commandsTopic());
        String processor = PROCESSOR + "-" + context.name();
        AggregateCodec codec = new AggregateCodec(context); // plans every state's codec now: a bad type fails at start
        topology.addProcessor(
                processor, () -> new CommandProcessor(context, options, codec), SOURCE + "-" + context.name());
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(context.storeName()),
                                Serdes.String(),
                                Serdes.ByteArray())
                        .withCachingDisabled() // the processor reads each aggregate once per command
                        .withLoggingEnabled(CHANGELOG),
                processor);
        // no changelog: the outcome topic is the log of decided commands, and the processor rebuilds this store from
        // the window's outcomes when it is empty (a new instance, or a local copy wiped after an unclean stop)
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(context.decidedStoreName()),
                                Serdes.String(),
                                Serdes.ByteArray())
                        .withCachingDisabled()
                        .withLoggingDisabled(),
                processor);
        if (context.governed()) {
            // the commands a pause holds, kept in the same exactly-once transaction as the input offsets
            topology.addStateStore(
                    Stores.keyValueStoreBuilder(
                                    Stores.persistentKeyValueStore(context.parkedStoreName()),
                                    Serdes.String(),
                                    Serdes.ByteArray())
                            .withCachingDisabled()
                            .withLoggingEnabled(CHANGELOG),
                    processor);
            // the pause flags and governed parameters, read by the processor and by the REST edge (Governance)
            GovernanceStore.addTo(topology, context.name(), options.governanceTopic());
        }
        topology.addSink(
                CommandProcessor.EVENTS_SINK,
                context.eventsTopic(),
                new StringSerializer(),
                new AvroSingleObjectSerializer(),
                processor);
        topology.addSink(
                CommandProcessor.OUTCOMES_SINK,
                context.outcomesTopic(),
                new StringSerializer(),
                new AvroSingleObjectSerializer(),
                processor);
        topology.addSink(
                CommandProcessor.DEAD_LETTER_SINK,
                context.deadLetterTopic(),
                new StringSerializer(),
                new ByteArraySerializer(),
                processor);
        return topology;
    }
}
