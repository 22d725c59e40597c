package io.coverclaims.platform.internal;

import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.Incoming;
import io.coverclaims.schemas.serde.AvroSingleObjectSerializer;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * The nodes a processor that reacts to events with commands adds to a topology (a process manager, the deadline
 * scheduler), named after it: the events it follows in, decoded without throwing ({@link IncomingSerde}); the
 * processor; its commands out to the context's command topic and its failures to the context's dead-letter topic.
 *
 * @param name unique within the topology, e.g. "reserve-capacity"
 */
public record ReactionNodes(String name) {

    public String commandsSink() {
        return name + "-commands";
    }

    public String deadLetterSink() {
        return name + "-dead-letters";
    }

    /** Adds the source of {@code eventTopics}, the processor {@code processor} it feeds, and both sinks. */
    public void addTo(
            Topology topology,
            BoundedContext context,
            List<String> eventTopics,
            String processor,
            ProcessorSupplier<String, Incoming, String, Object> supplier) {
        String source = name + "-events";
        topology.addSource(
                source,
                new StringDeserializer(),
                new IncomingSerde().deserializer(),
                eventTopics.toArray(String[]::new));
        topology.addProcessor(processor, supplier, source);
        topology.addSink(
                commandsSink(),
                context.commandsTopic(),
                new StringSerializer(),
                new AvroSingleObjectSerializer(),
                processor);
        topology.addSink(
                deadLetterSink(),
                context.deadLetterTopic(),
                new StringSerializer(),
                new ByteArraySerializer(),
                processor);
    }
}
