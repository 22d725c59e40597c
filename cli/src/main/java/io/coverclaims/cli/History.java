package io.coverclaims.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * What {@code ./claims history <id>} finds, without Kafka: which events are about an id, and their order. An event is
 * about the id when its aggregate id is the id (the policy, the pool, the pool's settlement queue), when one of its
 * own id fields names it ({@code batchId}, {@code claimId}, {@code policyId}, {@code referenceId}, ...: a batch lives
 * in its pool's settlement queue, a policy's capacity reservation in its pool), when its correlation id is the id,
 * or, second, when it shares the correlation id of an event found so (what caused it, or what it caused, in another
 * context).
 */
final class History {

    /** Why an event belongs to the history. */
    sealed interface Match {
        String describe();
    }

    record ByAggregate() implements Match {
        @Override
        public String describe() {
            return "aggregate id";
        }
    }

    record ByField(String field) implements Match {
        @Override
        public String describe() {
            return "field " + field;
        }
    }

    record ByCorrelation(String correlationId) implements Match {
        @Override
        public String describe() {
            return "correlation " + correlationId;
        }
    }

    record Found(LoggedEvent event, Match match) {}

    private final String id;
    private final Map<String, Found> found = new LinkedHashMap<>(); // by position: each record once
    private final Set<String> correlations = new LinkedHashSet<>();

    History(String id) {
        this.id = id;
    }

    /** First read: keeps the event if it names the id itself; true if it did. */
    boolean offerDirect(LoggedEvent event) {
        Optional<Match> match = direct(event, id);
        match.ifPresent(m -> {
            found.putIfAbsent(event.position(), new Found(event, m));
            correlations.add(event.metadata().getCorrelationId());
        });
        return match.isPresent();
    }

    /** Second read: keeps the event if it shares a correlation id with one found in the first. */
    boolean offerCorrelated(LoggedEvent event) {
        String correlation = event.metadata().getCorrelationId();
        if (found.containsKey(event.position()) || !correlations.contains(correlation)) {
            return false;
        }
        found.put(event.position(), new Found(event, new ByCorrelation(correlation)));
        return true;
    }

    /** The correlation ids of the events found in the first read: a second read is needed only when there are some. */
    Set<String> correlations() {
        return correlations;
    }

    /** What was found, in time order ({@link #ordered}). */
    List<Found> events() {
        return ordered(found.values());
    }

    /** How an event names {@code id} directly, if it does. */
    static Optional<Match> direct(LoggedEvent event, String id) {
        if (id.equals(event.aggregateId())) {
            return Optional.of(new ByAggregate());
        }
        for (Schema.Field field : event.event().getSchema().getFields()) {
            if (field.name().endsWith("Id") && id.equals(text(event.event().get(field.pos())))) {
                return Optional.of(new ByField(field.name()));
            }
        }
        if (id.equals(event.metadata().getCorrelationId())) {
            return Optional.of(new ByCorrelation(id));
        }
        return Optional.empty();
    }

    private static String text(Object value) {
        return value instanceof CharSequence text ? text.toString() : null;
    }

    /**
     * Which of two events comes first: the one that occurred first (its metadata's occurredAt, the time of the command
     * that decided it; a saga's steps carry the time of the command that started them), then the one the broker took
     * first, then by context (in the order of the catalogue), partition and offset, so that the order is the same at
     * every run.
     */
    static final Comparator<Found> ORDER = Comparator.<Found, java.time.Instant>comparing(
                    f -> f.event().occurredAt())
            .thenComparingLong(f -> f.event().timestamp())
            .thenComparingInt(f -> contextIndex(f.event().topic()))
            .thenComparing(f -> f.event().topic())
            .thenComparingInt(f -> f.event().partition())
            .thenComparingLong(f -> f.event().offset());

    /**
     * Time order ({@link #ORDER}) that never breaks the log's own order: each partition's events stay in offset order,
     * so an aggregate's events stay in version order even where their times do not follow each other (services whose
     * clocks differ, or the demo's policy-service, whose clock runs a day behind); the partitions are merged by the
     * time of their next event.
     */
    static List<Found> ordered(Collection<Found> events) {
        Map<String, java.util.ArrayDeque<Found>> partitions = new java.util.TreeMap<>();
        events.stream()
                .sorted(Comparator.comparingLong(f -> f.event().offset()))
                .forEach(f -> partitions
                        .computeIfAbsent(
                                f.event().topic() + "-" + f.event().partition(), p -> new java.util.ArrayDeque<>())
                        .add(f));
        java.util.PriorityQueue<java.util.ArrayDeque<Found>> heads =
                new java.util.PriorityQueue<>(Comparator.comparing(java.util.ArrayDeque::peekFirst, ORDER));
        heads.addAll(partitions.values());
        List<Found> merged = new ArrayList<>(events.size());
        while (!heads.isEmpty()) {
            java.util.ArrayDeque<Found> next = heads.poll();
            merged.add(next.pollFirst());
            if (!next.isEmpty()) {
                heads.add(next);
            }
        }
        return merged;
    }

    private static int contextIndex(String topic) {
        List<String> names = Contexts.names();
        for (int i = 0; i < names.size(); i++) {
            if (topic.startsWith(names.get(i) + ".")) {
                return i;
            }
        }
        return names.size();
    }
}
