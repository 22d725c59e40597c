package io.coverclaims.platform.streams;

import io.coverclaims.platform.internal.DeadLetter;
import io.coverclaims.platform.internal.IncomingSerde;

import io.coverclaims.schemas.serde.AvroSingleObjectSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.util.List;

/**
 * Runs a {@link ProcessManager} inside the service's Streams application: events of other contexts in, this
 * context's commands out (keyed by their aggregate id), in the same exactly-once transaction as the input
 * offsets. Undecodable events and reactions that throw go to the context's dead-letter topic.
 */
public final class ProcessManagerTopology {

    private ProcessManagerTopology() {
    }

    /**
     * @param name         unique within the topology, e.g. "reserve-capacity"
     * @param context      the context whose command topic receives the commands
     * @param eventTopics  the events this process manager follows
     */
    public static Topology addTo(Topology topology, String name, BoundedContext context, List<String> eventTopics,
                                 ProcessManager manager) {
        String source = name + "-events";
        String processor = name + "-react";
        topology.addSource(source, new StringDeserializer(), new IncomingSerde().deserializer(), eventTopics.toArray(String[]::new));
        topology.addProcessor(processor, () -> new Reaction(manager, name + "-commands", name + "-dead-letters"), source);
        topology.addSink(name + "-commands", context.commandsTopic(), new StringSerializer(), new AvroSingleObjectSerializer(), processor);
        topology.addSink(name + "-dead-letters", context.deadLetterTopic(), new StringSerializer(), new ByteArraySerializer(), processor);
        return topology;
    }

    private static final class Reaction implements Processor<String, Incoming, String, Object> {

        private final ProcessManager manager;
        private final String commandsSink;
        private final String deadLetterSink;
        private ProcessorContext<String, Object> context;

        Reaction(ProcessManager manager, String commandsSink, String deadLetterSink) {
            this.manager = manager;
            this.commandsSink = commandsSink;
            this.deadLetterSink = deadLetterSink;
        }

        @Override
        public void init(ProcessorContext<String, Object> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, Incoming> record) {
            List<SpecificRecord> commands = DeadLetter.reactOrDeadLetter(context, record, deadLetterSink, manager::react)
                    .orElse(List.of());
            for (SpecificRecord command : commands) {
                var metadata = WireMetadata.ofCommand(command);
                context.forward(new Record<String, Object>(metadata.getAggregateId(), command,
                        metadata.getIssuedAt().toEpochMilli()), commandsSink);
            }
        }

    }
}
