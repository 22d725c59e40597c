package io.coverclaims.platform.schedule;

import io.coverclaims.platform.internal.DeadLetter;
import io.coverclaims.platform.internal.ReactionNodes;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.CausedBy;
import io.coverclaims.platform.streams.Incoming;
import io.coverclaims.platform.streams.WireMetadata;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.serde.AvroSingleObjectDeserializer;
import io.coverclaims.schemas.serde.AvroSingleObjectSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.jboss.logging.Logger;

/**
 * A generic deadline scheduler inside the service's Streams application: events in (usually the context's own
 * event topic), a store of pending (deadline, command) pairs, and a wall-clock punctuator that sends every due
 * command to the context's command topic, keyed by its aggregate id.
 *
 * <p>Exactly once where it matters: the store is a Kafka Streams key-value store with a changelog, written in
 * the same exactly-once transaction as the input offsets and the commands it sends, so a command is sent and
 * removed from the store together or not at all. Commands carry ids derived from the event that scheduled them
 * ({@link #metadata}): if the schedule is ever rebuilt by reading the events again (new application id, reset
 * offsets), overdue commands are sent again with the same ids and the command processor, which remembers every
 * decided command id, answers them as duplicates without a second event.
 *
 * <p>Delivery is at or after the deadline: at most one punctuation interval late while the service runs, and at
 * the first punctuation after it starts again when it was down. Deciders should take the time from the command
 * ({@code issuedAt} is the deadline itself, so the decision does not depend on when the command was sent).
 */
public final class DeadlineScheduler {

    /** Store keys: {@code due|<20-digit epoch ms>|<key>} -> command bytes, {@code key|<key>} -> the due key. */
    static final String DUE = "due|";

    static final String KEY = "key|";

    private DeadlineScheduler() {}

    public static String storeName(String name) {
        return name + "-deadlines";
    }

    /**
     * Adds a scheduler to the topology.
     *
     * @param name        unique within the topology, e.g. "policy-deadlines"
     * @param context     the context whose command topic receives the due commands
     * @param eventTopics the events the planner reads
     * @param interval    how often the wall clock is checked for due deadlines
     */
    public static Topology addTo(
            Topology topology,
            String name,
            BoundedContext context,
            List<String> eventTopics,
            DeadlinePlanner planner,
            Duration interval) {
        ReactionNodes nodes = new ReactionNodes(name);
        String processor = name + "-plan";
        nodes.addTo(
                topology,
                context,
                eventTopics,
                processor,
                () -> new Scheduling(planner, storeName(name), interval, nodes));
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(storeName(name)), Serdes.String(), Serdes.ByteArray()),
                processor);
        return topology;
    }

    /**
     * Metadata of a scheduled command: the id is derived from the scheduling event and the step, so the same event
     * always schedules the same command; {@code issuedAt} is the deadline, so the decision is clock-free.
     */
    public static CommandMetadata metadata(
            EventMetadata cause, String aggregateId, String step, String actor, Instant dueAt) {
        return CausedBy.derived(cause, aggregateId, "deadline/" + cause.getEventId() + "/" + step, actor, dueAt);
    }

    /** A deadline a scheduler holds: its key, when its command is sent, and the command (Avro single-object). */
    public record Pending(String key, Instant dueAt, byte[] command) {}

    /**
     * Every deadline a scheduler's store holds, earliest first: read through an interactive query
     * ({@link #storeName}), so the pending work of a service can be shown ({@code GET /pending-commands}).
     */
    public static List<Pending> pending(ReadOnlyKeyValueStore<String, byte[]> store) {
        List<Pending> pending = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> entries = store.range(DUE, DUE + "\uffff")) {
            while (entries.hasNext()) {
                KeyValue<String, byte[]> entry = entries.next();
                int end = entry.key.indexOf('|', DUE.length());
                pending.add(new Pending(
                        entry.key.substring(end + 1),
                        Instant.ofEpochMilli(Long.parseLong(entry.key.substring(DUE.length(), end))),
                        entry.value));
            }
        }
        return pending;
    }

    static String dueKey(Instant dueAt, String key) {
        return DUE + String.format("%020d", Math.max(0, dueAt.toEpochMilli())) + "|" + key;
    }

    static final class Scheduling implements Processor<String, Incoming, String, Object> {

        private static final Logger LOG = Logger.getLogger(DeadlineScheduler.class);

        private final DeadlinePlanner planner;
        private final String storeName;
        private final Duration interval;
        private final ReactionNodes nodes;
        private final AvroSingleObjectSerializer serializer = new AvroSingleObjectSerializer();
        private final AvroSingleObjectDeserializer deserializer = new AvroSingleObjectDeserializer();
        private ProcessorContext<String, Object> context;
        private KeyValueStore<String, byte[]> store;

        Scheduling(DeadlinePlanner planner, String storeName, Duration interval, ReactionNodes nodes) {
            this.planner = planner;
            this.storeName = storeName;
            this.interval = interval;
            this.nodes = nodes;
        }

        @Override
        public void init(ProcessorContext<String, Object> context) {
            this.context = context;
            this.store = context.getStateStore(storeName);
            context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::sendDue);
        }

        @Override
        public void process(Record<String, Incoming> record) {
            List<Deadline> deadlines = DeadLetter.reactOrDeadLetter(
                            context, record, nodes.deadLetterSink(), planner::plan)
                    .orElse(List.of());
            for (Deadline deadline : deadlines) {
                if (deadline instanceof Deadline.Send send) {
                    CommandMetadata metadata = WireMetadata.ofCommand(send.command());
                    context.forward(
                            new Record<String, Object>(metadata.getAggregateId(), send.command(), record.timestamp()),
                            nodes.commandsSink());
                    continue;
                }
                forget(deadline.key());
                if (deadline instanceof Deadline.Schedule schedule) {
                    WireMetadata.ofCommand(
                            schedule.command()); // refuse a command without metadata now, not at send time
                    String due = dueKey(schedule.dueAt(), schedule.key());
                    store.put(due, serializer.serialize(null, schedule.command()));
                    store.put(KEY + schedule.key(), due.getBytes(StandardCharsets.UTF_8));
                }
            }
        }

        private void forget(String key) {
            byte[] due = store.delete(KEY + key);
            if (due != null) {
                store.delete(new String(due, StandardCharsets.UTF_8));
            }
        }

        /** Sends every command whose deadline is at or before {@code now}, oldest first. */
        void sendDue(long now) {
            List<KeyValue<String, byte[]>> due = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> entries =
                    store.range(DUE, DUE + String.format("%020d", now) + "|\uffff")) {
                entries.forEachRemaining(due::add);
            }
            for (KeyValue<String, byte[]> entry : due) {
                String key = entry.key.substring(entry.key.indexOf('|', DUE.length()) + 1);
                store.delete(entry.key);
                store.delete(KEY + key);
                SpecificRecord command;
                try {
                    command = deserializer.deserialize(null, entry.value);
                } catch (RuntimeException e) {
                    context.forward(
                            DeadLetter.fromStore(
                                    storeName,
                                    key,
                                    entry.value,
                                    now,
                                    DeadLetter.UNDECODABLE,
                                    "scheduled command no longer decodes: " + e.getMessage()),
                            nodes.deadLetterSink());
                    continue;
                }
                CommandMetadata metadata = WireMetadata.ofCommand(command);
                context.forward(
                        new Record<String, Object>(metadata.getAggregateId(), command, now), nodes.commandsSink());
                LOG.debugf(
                        "deadline %s due: sent %s %s", key, command.getSchema().getName(), metadata.getCommandId());
            }
        }
    }
}
