package io.coverclaims.platform.streams;

import io.coverclaims.platform.internal.DeadLetter;
import io.coverclaims.platform.internal.ReactionNodes;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Runs a {@link ProcessManager} inside the service's Streams application: events of other contexts in, this
 * context's commands out (keyed by their aggregate id), in the same exactly-once transaction as the input
 * offsets. Undecodable events and reactions that throw go to the context's dead-letter topic.
 */
public final class ProcessManagerTopology {

    private ProcessManagerTopology() {}

    /**
     * @param name         unique within the topology, e.g. "reserve-capacity"
     * @param context      the context whose command topic receives the commands
     * @param eventTopics  the events this process manager follows
     */
    public static Topology addTo(
            Topology topology, String name, BoundedContext context, List<String> eventTopics, ProcessManager manager) {
        ReactionNodes nodes = new ReactionNodes(name);
        nodes.addTo(topology, context, eventTopics, name + "-react", () -> new Reaction(manager, nodes));
        return topology;
    }

    private static final class Reaction implements Processor<String, Incoming, String, Object> {

        private final ProcessManager manager;
        private final ReactionNodes nodes;
        private ProcessorContext<String, Object> context;

        Reaction(ProcessManager manager, ReactionNodes nodes) {
            this.manager = manager;
            this.nodes = nodes;
        }

        @Override
        public void init(ProcessorContext<String, Object> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, Incoming> record) {
            List<SpecificRecord> commands = DeadLetter.reactOrDeadLetter(
                            context, record, nodes.deadLetterSink(), manager::react)
                    .orElse(List.of());
            for (SpecificRecord command : commands) {
                var metadata = WireMetadata.ofCommand(command);
                context.forward(
                        new Record<String, Object>(
                                metadata.getAggregateId(),
                                command,
                                metadata.getIssuedAt().toEpochMilli()),
                        nodes.commandsSink());
            }
        }
    }
}
