package io.coverclaims.platform.streams;

import java.util.List;
import java.util.Objects;

/**
 * A context's command processing as the kernel runs it: the aggregates it hosts and, by naming convention
 * (see topic-catalogue.json), its topics.
 *
 * @param name e.g. {@code policy}; topics are {@code policy.commands}, {@code policy.events}, ...
 */
public record BoundedContext(String name, List<AggregateType<?, ?, ?>> aggregates) {

    public BoundedContext {
        Objects.requireNonNull(name);
        aggregates = List.copyOf(aggregates);
        long distinct = aggregates.stream().map(AggregateType::name).distinct().count();
        if (distinct != aggregates.size()) {
            throw new IllegalArgumentException("aggregate type names must be unique within context " + name);
        }
    }

    public static BoundedContext of(String name, AggregateType<?, ?, ?>... aggregates) {
        return new BoundedContext(name, List.of(aggregates));
    }

    public String commandsTopic() {
        return name + ".commands";
    }

    public String eventsTopic() {
        return name + ".events";
    }

    public String outcomesTopic() {
        return name + ".command-outcomes";
    }

    public String deadLetterTopic() {
        return name + ".dead-letter";
    }

    /** The persistent store of the context's aggregates (aggregate id → state). */
    public String storeName() {
        return name + "-aggregates";
    }

    /** The persistent store of the context's decided command ids, within the idempotency window. */
    public String decidedStoreName() {
        return name + "-decided";
    }
}
