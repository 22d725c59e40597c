package io.coverclaims.cli;

import static io.coverclaims.cli.Durations.quote;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.serde.AvroSingleObjectDeserializer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code ./claims history <id>}: every event about a policy, claim, pool, batch (or any id) across the six contexts'
 * event topics, in time order, decoded, with its time, actor and causation. Two reads of the event topics: the
 * events that name the id, then those that share their correlation ids ({@code --direct}: the first only). Holds only
 * the events it found.
 */
final class HistoryCommand {

    static String usage() {
        return """
                usage: ./claims history <id> [--bootstrap host:port] [--direct] [--json]

                Every event about <id> (a policy, quote, product, claim, pool, batch, deposit, withdrawal, or a
                correlation id) in the six contexts' event topics, in time order, decoded from the Avro
                single-object encoding to JSON, with when it occurred, who acted, what caused it, and why it is
                listed:
                  aggregate id     the event is one of <id>'s own events
                  field <name>Id   one of the event's id fields names <id> (a batch in its pool's settlement
                                   queue, a policy's capacity reservation in its pool)
                  correlation <c>  the event shares correlation id <c> with one of the above (what caused it or
                                   what it caused in another context); --direct leaves these out (one read less)

                  --bootstrap <host:port>  the Kafka cluster (default %s)
                  --direct                 only the events that name <id>
                  --json                   one JSON object per event and line (position, match, metadata, event)
                """.formatted(Cluster.DEFAULT_BOOTSTRAP);
    }

    int run(List<String> argv, Invocation io) throws UsageException {
        Args args = Args.parse(argv, Set.of("bootstrap"), Set.of(), Set.of("direct", "json"));
        if (args.help()) {
            io.out().print(usage());
            return 0;
        }
        if (args.positionals().size() != 1) {
            throw new UsageException(
                    args.positionals().isEmpty()
                            ? "which id? ./claims history <id>"
                            : "one id only, not " + quote(String.join(" ", args.positionals())));
        }
        String id = args.positionals().getFirst();
        if (id.isBlank()) {
            throw new UsageException("the id must not be blank");
        }
        boolean json = args.flag("json");
        History history = new History(id);
        AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
        List<String> undecodable = new ArrayList<>();
        try (Cluster cluster = new Cluster(args.option("bootstrap").orElse(Cluster.DEFAULT_BOOTSTRAP))) {
            List<String> topics = Contexts.eventTopics();
            boolean twoReads = !args.flag("direct");
            cluster.scan(
                    topics,
                    ProgressBar.of(twoReads ? "history: events naming " + id + " (read 1 of 2)" : "history", io),
                    record -> {
                        try {
                            history.offerDirect(LoggedEvent.decode(record, avro));
                        } catch (LoggedEvent.Undecodable e) {
                            undecodable.add(e.getMessage());
                        }
                    });
            if (twoReads && !history.correlations().isEmpty()) {
                cluster.scan(topics, ProgressBar.of("history: correlated events (read 2 of 2)", io), record -> {
                    try {
                        history.offerCorrelated(LoggedEvent.decode(record, avro));
                    } catch (LoggedEvent.Undecodable e) {
                        // said once, in the first read
                    }
                });
            }
        }
        List<History.Found> events = history.events();
        undecodable.forEach(
                problem -> io.err().println("claims history: skipped a record that does not decode: " + problem));
        if (json) {
            events.forEach(found -> io.out().println(AvroJson.compact(jsonLine(found))));
        } else {
            print(id, events, io);
        }
        return 0;
    }

    private static void print(String id, List<History.Found> events, Invocation io) {
        if (events.isEmpty()) {
            io.out()
                    .println(
                            "history of " + id + ": no event names it in " + String.join(", ", Contexts.eventTopics()));
            return;
        }
        Map<String, Integer> byContext = new TreeMap<>();
        Map<String, Integer> byMatch = new LinkedHashMap<>();
        for (History.Found found : events) {
            byContext.merge(found.event().topic(), 1, Integer::sum);
            String kind = switch (found.match()) {
                case History.ByAggregate a -> "aggregate id";
                case History.ByField f -> "an id field";
                case History.ByCorrelation c -> "correlation";
            };
            byMatch.merge(kind, 1, Integer::sum);
        }
        List<String> contexts = new ArrayList<>();
        byContext.forEach((topic, count) -> contexts.add(topic + " " + count));
        List<String> matches = new ArrayList<>();
        byMatch.forEach((kind, count) -> matches.add(kind + " " + count));
        io.out()
                .println("history of " + id + ": " + events.size() + (events.size() == 1 ? " event" : " events") + " ("
                        + String.join(", ", contexts) + "; matched by " + String.join(", ", matches) + ")");
        for (History.Found found : events) {
            LoggedEvent event = found.event();
            EventMetadata metadata = event.metadata();
            io.out().println();
            io.out()
                    .println(metadata.getOccurredAt() + "  " + event.topic() + "  " + event.type() + "  "
                            + metadata.getAggregateId() + " v" + metadata.getAggregateVersion());
            io.out()
                    .println("    actor " + metadata.getActor() + " · causation " + metadata.getCausationId()
                            + " · correlation " + metadata.getCorrelationId());
            io.out()
                    .println("    event " + metadata.getEventId() + " · " + event.position() + " · matched by "
                            + found.match().describe());
            io.out().println("    " + AvroJson.compact(AvroJson.of(event.event(), Set.of("metadata"))));
        }
    }

    private static ObjectNode jsonLine(History.Found found) {
        LoggedEvent event = found.event();
        ObjectNode line = AvroJson.JSON.createObjectNode();
        line.put("topic", event.topic());
        line.put("partition", event.partition());
        line.put("offset", event.offset());
        line.put("timestamp", java.time.Instant.ofEpochMilli(event.timestamp()).toString());
        line.put("type", event.event().getSchema().getFullName());
        line.put("matchedBy", found.match().describe());
        line.set("event", AvroJson.of(event.event()));
        return line;
    }
}
