package io.coverclaims.platform.streams;

import io.coverclaims.platform.internal.AggregateStoreBuilder;
import io.coverclaims.platform.internal.IncomingSerde;
import io.coverclaims.schemas.serde.AvroSingleObjectSerializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

/** The Kafka Streams topology that runs a context's {@link CommandProcessor}. */
public final class CommandProcessorTopology {

    private static final String SOURCE = "commands";
    private static final String PROCESSOR = "decide";

    private CommandProcessorTopology() {}

    public static Topology build(BoundedContext context) {
        return addTo(new Topology(), context);
    }

    /** Adds the command processor to a topology that may hold other processors (process managers, read models). */
    public static Topology addTo(Topology topology, BoundedContext context) {
        topology.addSource(
                SOURCE + "-" + context.name(),
                new StringDeserializer(),
                new IncomingSerde().deserializer(),
                context.commandsTopic());
        String processor = PROCESSOR + "-" + context.name();
        topology.addProcessor(processor, () -> new CommandProcessor(context), SOURCE + "-" + context.name());
        topology.addStateStore(new AggregateStoreBuilder(context.storeName()), processor);
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
