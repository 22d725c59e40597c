package io.coverclaims.platform.internal;

import io.coverclaims.platform.streams.Aggregate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;

/**
 * One task's aggregates and decided commands, in memory. Deliberately without a changelog: the
 * context's event topic is the only durable copy, and {@link CommandProcessor} rebuilds this store
 * from it (and from the outcome topic, for command ids) whenever a task starts. Readers on other
 * threads (interactive queries) see immutable values through concurrent maps.
 */
public final class AggregateStore implements StateStore {

    private final String name;
    private final Map<String, Aggregate> aggregates = new ConcurrentHashMap<>();
    private final Map<String, DecidedCommand> decidedByCommandId = new ConcurrentHashMap<>();
    private volatile boolean open;

    public AggregateStore(String name) {
        this.name = name;
    }

    public Optional<Aggregate> aggregate(String aggregateId) {
        return Optional.ofNullable(aggregates.get(aggregateId));
    }

    public Optional<DecidedCommand> decided(String commandId) {
        return Optional.ofNullable(decidedByCommandId.get(commandId));
    }

    public int size() {
        return aggregates.size();
    }

    /** A point-in-time copy, for audits and tests comparing a rebuilt store with the original. */
    public Map<String, Aggregate> snapshot() {
        return Map.copyOf(aggregates);
    }

    public void put(String aggregateId, Aggregate aggregate) {
        aggregates.put(aggregateId, aggregate);
    }

    public void record(DecidedCommand decided) {
        decidedByCommandId.put(decided.commandId(), decided);
    }

    public void clear() {
        aggregates.clear();
        decidedByCommandId.clear();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        context.register(root, (key, value) -> {
            throw new IllegalStateException("store " + name + " has no changelog to restore from");
        });
        open = true;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        open = false;
        clear();
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }
}
