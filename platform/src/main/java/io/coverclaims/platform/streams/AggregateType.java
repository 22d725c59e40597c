package io.coverclaims.platform.streams;

import io.coverclaims.platform.decider.Decider;
import io.coverclaims.schemas.common.EventMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * One aggregate of a bounded context: its decider plus the mapping between its domain records and their Avro wire
 * records. The decider never sees Avro; the kernel never sees domain records except through here. The mapping is
 * the kernel's convention ({@link WireMapping}): nothing is mapped by hand.
 */
public final class AggregateType<C, E, S> {

    private final String name;
    private final Decider<C, E, S> decider;
    private final WireMapping<C, E> mapping;

    private AggregateType(String name, Decider<C, E, S> decider, WireMapping<C, E> mapping) {
        this.name = Objects.requireNonNull(name);
        this.decider = Objects.requireNonNull(decider);
        this.mapping = Objects.requireNonNull(mapping);
    }

    /**
     * An aggregate whose commands and events are the records of two sealed interfaces, mapped to the wire records of
     * the same simple names in {@code wireNamespace} (e.g. {@code io.coverclaims.schemas.pool}).
     */
    public static <C, E, S> Builder<C, E, S> of(
            String name, Decider<C, E, S> decider, Class<C> commands, Class<E> events, String wireNamespace) {
        return new Builder<>(name, decider, commands, events, wireNamespace);
    }

    public String name() {
        return name;
    }

    public Decider<C, E, S> decider() {
        return decider;
    }

    /** The mapping of this aggregate's records, for edges that build commands as domain records, and for tests. */
    public WireMapping<C, E> mapping() {
        return mapping;
    }

    public boolean handlesCommand(SpecificRecord wire) {
        return mapping.handlesCommand(wire);
    }

    public boolean handlesEvent(SpecificRecord wire) {
        return mapping.handlesEvent(wire);
    }

    public C readCommand(SpecificRecord wire) {
        return mapping.readCommand(wire);
    }

    public E readEvent(SpecificRecord wire) {
        return mapping.readEvent(wire);
    }

    public SpecificRecord writeEvent(E event, EventMetadata metadata) {
        return mapping.writeEvent(event, metadata);
    }

    /** Builds an aggregate type; {@link #upcast} declares the values of fields that older records lack. */
    public static final class Builder<C, E, S> {
        private final String name;
        private final Decider<C, E, S> decider;
        private final Class<C> commands;
        private final Class<E> events;
        private final String wireNamespace;
        private final List<WireMapping.Upcast> upcasts = new ArrayList<>();

        private Builder(
                String name, Decider<C, E, S> decider, Class<C> commands, Class<E> events, String wireNamespace) {
            this.name = name;
            this.decider = decider;
            this.commands = commands;
            this.events = events;
            this.wireNamespace = wireNamespace;
        }

        /** The value of {@code component} of {@code type} when the wire record lacks it (written before the field). */
        public Builder<C, E, S> upcast(
                Class<? extends Record> type, String component, Function<Instant, Object> value) {
            upcasts.add(new WireMapping.Upcast(type, component, value));
            return this;
        }

        /** Plans and validates the mapping: a mismatch between records and wire records fails here, at start-up. */
        public AggregateType<C, E, S> build() {
            return new AggregateType<>(name, decider, new WireMapping<>(commands, events, wireNamespace, upcasts));
        }
    }
}
