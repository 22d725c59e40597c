package io.coverclaims.cli;

import static io.coverclaims.cli.Durations.quote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coverclaims.platform.streams.AggregateType;
import io.coverclaims.platform.streams.StateCodec;
import io.coverclaims.schemas.serde.AvroSingleObjectDeserializer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./claims at <time> <aggregate id>}: the aggregate's state as of a time, folded from its events with its
 * context's decider. Only the partition its id hashes to is read in each context's event topic (the command
 * processor's partitioning), so the read costs a sixth of the log at most.
 */
final class AtCommand {

    static String usage() {
        return """
                usage: ./claims at <time> <aggregate id> [--context name] [--bootstrap host:port]

                Prints, as JSON, the state of the aggregate <aggregate id> as of <time>: its events folded with its
                context's decider (the same fold the service rebuilds its state with), up to the last one that
                occurred at or before <time> (the occurredAt of the events' metadata: the time of the command that
                decided them). <time> is ISO-8601 with its zone: 2026-12-01T20:40:00Z, 2026-12-01T21:40:00+01:00.
                An id two contexts use (a pool id is also its settlement queue's, in chain) gives one state each.

                  --context <name>         only this context (%s)
                  --bootstrap <host:port>  the Kafka cluster (default %s)
                """.formatted(String.join(", ", Contexts.names()), Cluster.DEFAULT_BOOTSTRAP);
    }

    /** One aggregate's fold as of the time: its events up to then, and how many came after. */
    static final class AsOf {
        final Contexts.Context context;
        Fold fold;
        Instant lastEventAt;
        int after;
        String broken;
        int events;

        AsOf(Contexts.Context context) {
            this.context = context;
        }

        /** Folds {@code event} if it occurred at or before {@code time} and every one before it did too. */
        void offer(LoggedEvent event, Instant time) {
            events++;
            if (broken != null) {
                return;
            }
            if (after > 0 || event.occurredAt().isAfter(time)) {
                after++;
                return;
            }
            try {
                fold = Fold.apply(context, fold, event);
                lastEventAt = event.occurredAt();
            } catch (Fold.Broken e) {
                broken = e.getMessage();
            }
        }
    }

    int run(List<String> argv, Invocation io) throws UsageException {
        Args args = Args.parse(argv, Set.of("bootstrap", "context"), Set.of());
        if (args.help()) {
            io.out().print(usage());
            return 0;
        }
        if (args.positionals().size() != 2) {
            throw new UsageException("give a time and an aggregate id: ./claims at 2026-12-01T20:40:00Z pool-demo");
        }
        Instant time = time(args.positionals().get(0));
        String id = args.positionals().get(1);
        List<Contexts.Context> contexts = args.option("context").isPresent()
                ? List.of(Contexts.named(args.option("context").get()))
                : Contexts.ALL;
        Map<String, AsOf> found = new LinkedHashMap<>();
        AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
        List<String> undecodable = new ArrayList<>();
        try (Cluster cluster = new Cluster(args.option("bootstrap").orElse(Cluster.DEFAULT_BOOTSTRAP))) {
            cluster.scan(
                    contexts.stream().map(Contexts.Context::events).toList(),
                    (topic, partitions) -> List.of(partitions.get(Cluster.partitionOf(id, partitions.size()))),
                    ProgressBar.of("at: reading " + id + "'s partition of each event topic", io),
                    record -> {
                        if (!id.equals(record.key())) {
                            return;
                        }
                        LoggedEvent event;
                        try {
                            event = LoggedEvent.decode(record, avro);
                        } catch (LoggedEvent.Undecodable e) {
                            undecodable.add(e.getMessage());
                            return;
                        }
                        if (id.equals(event.aggregateId())) {
                            Contexts.Context context =
                                    Contexts.ofTopic(record.topic()).orElseThrow();
                            found.computeIfAbsent(context.name(), name -> new AsOf(context))
                                    .offer(event, time);
                        }
                    });
        }
        undecodable.forEach(
                problem -> io.err().println("claims at: a record of " + id + " does not decode: " + problem));
        if (found.isEmpty()) {
            io.err()
                    .println("claims at: no event of " + id + " in "
                            + String.join(
                                    ", ",
                                    contexts.stream()
                                            .map(Contexts.Context::events)
                                            .toList()));
            return 1;
        }
        if (found.size() > 1) {
            io.err()
                    .println("claims at: " + found.size() + " aggregates have the id " + id + " ("
                            + String.join(", ", found.keySet()) + "): one state each; --context picks one");
        }
        int status = 0;
        for (AsOf asOf : found.values()) {
            if (asOf.context.aggregates().isEmpty()) {
                io.err()
                        .println("claims at: " + asOf.context.events() + " has " + asOf.events + " events of " + id
                                + ", but this build knows no aggregate of context " + asOf.context.name()
                                + " to fold them");
                status = 1;
            } else if (asOf.broken != null) {
                io.err().println("claims at: cannot fold " + id + ": " + asOf.broken);
                status = 1;
            } else {
                io.out().println(json(id, time, asOf).toPrettyString());
            }
        }
        return status;
    }

    static Instant time(String text) throws UsageException {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw new UsageException("the time " + quote(text) + " is not an ISO-8601 time with its zone, e.g. "
                        + "2026-12-01T20:40:00Z or 2026-12-01T21:40:00+01:00");
            }
        }
    }

    private static ObjectNode json(String id, Instant time, AsOf asOf) {
        ObjectNode node = AvroJson.JSON.createObjectNode();
        node.put("aggregateId", id);
        node.put("context", asOf.context.name());
        node.put("asOf", time.toString());
        if (asOf.fold == null) {
            node.put("type", (String) null);
            node.put("version", 0);
            node.put("lastEventAt", (String) null);
            node.put("eventsAfter", asOf.after);
            node.put("note", "no event of " + id + " occurred at or before " + time + ": it did not exist yet");
            node.set("state", null);
            return node;
        }
        node.put("type", asOf.fold.type().name());
        node.put("version", asOf.fold.version());
        node.put("lastEventAt", asOf.lastEventAt.toString());
        node.put("eventsAfter", asOf.after);
        node.set("state", stateJson(asOf.fold));
        return node;
    }

    /** The state as the kernel's codec shows it (records with their component names, phases under "@phase"). */
    static JsonNode stateJson(Fold fold) {
        try {
            return AvroJson.JSON.readTree(json(fold.type(), fold.state()));
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot show the state of a " + fold.type().name() + ": " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <S> String json(AggregateType<?, ?, S> type, Object state) {
        return StateCodec.of(type).json((S) state);
    }
}
