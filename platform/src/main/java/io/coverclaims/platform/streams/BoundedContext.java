package io.coverclaims.platform.streams;

import io.coverclaims.platform.governance.GovernanceStore;
import io.coverclaims.platform.governance.PauseKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * A context's command processing as the kernel runs it: the aggregates it hosts and, by naming convention
 * (see topic-catalogue.json), its topics.
 *
 * @param name e.g. {@code policy}; topics are {@code policy.commands}, {@code policy.events}, ...
 * @param pausedBy what each command needs to be running (a capability, for a pool or feed or everywhere), or null
 *     for a context that governance never pauses and whose topology does not read governance.events. A governed
 *     context ({@link #pausedBy(Function)}) holds a command whose capability is paused (docs/kernel.md, "The pause
 *     gate") and reads the governed parameters.
 */
public record BoundedContext(
        String name, List<AggregateType<?, ?, ?>> aggregates, Function<SpecificRecord, Optional<PauseKey>> pausedBy) {

    public BoundedContext {
        Objects.requireNonNull(name);
        aggregates = List.copyOf(aggregates);
        long distinct = aggregates.stream().map(AggregateType::name).distinct().count();
        if (distinct != aggregates.size()) {
            throw new IllegalArgumentException("aggregate type names must be unique within context " + name);
        }
    }

    public BoundedContext(String name, List<AggregateType<?, ?, ?>> aggregates) {
        this(name, aggregates, null);
    }

    public static BoundedContext of(String name, AggregateType<?, ?, ?>... aggregates) {
        return new BoundedContext(name, List.of(aggregates));
    }

    /**
     * This context, governed: {@code classifier} names the capability (and the pool or feed) each command needs, or
     * empty for a command no pause stops (data such as price observations). Its topology then reads governance.events
     * into a global store (pause flags and governed parameters).
     */
    public BoundedContext pausedBy(Function<SpecificRecord, Optional<PauseKey>> classifier) {
        return new BoundedContext(name, aggregates, Objects.requireNonNull(classifier));
    }

    /** Whether the context reads governance.events: its commands may be paused, its edges read the parameters. */
    public boolean governed() {
        return pausedBy != null;
    }

    /** What {@code command} needs to be running; empty when no pause stops it (or the context is not governed). */
    public Optional<PauseKey> pauseKey(SpecificRecord command) {
        if (pausedBy == null) {
            return Optional.empty();
        }
        Optional<PauseKey> key = pausedBy.apply(command);
        return key == null ? Optional.empty() : key;
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

    /** The persistent store of the commands held by a pause (saga and scheduler commands), in arrival order. */
    public String parkedStoreName() {
        return name + "-parked";
    }

    /** The global store of the pause flags and governed parameters (a governed context only). */
    public String governanceStoreName() {
        return GovernanceStore.storeName(name);
    }
}
