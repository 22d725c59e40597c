package io.coverclaims.platform.streams;

import io.coverclaims.platform.decider.Decider;
import io.coverclaims.schemas.common.EventMetadata;
import org.apache.avro.specific.SpecificRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One aggregate of a bounded context: its decider plus the mapping between its domain records and their
 * Avro wire records. The decider never sees Avro; the kernel never sees domain records except through here.
 */
public final class AggregateType<C, E, S> {

    private final String name;
    private final Decider<C, E, S> decider;
    private final Map<Class<?>, Function<SpecificRecord, C>> commandReaders;
    private final Map<Class<?>, Function<SpecificRecord, E>> eventReaders;
    private final Map<Class<?>, BiFunction<E, EventMetadata, SpecificRecord>> eventWriters;
    private final WireMapping<C, E> mapping;

    private AggregateType(Builder<C, E, S> builder) {
        this.name = builder.name;
        this.decider = builder.decider;
        this.commandReaders = Map.copyOf(builder.commandReaders);
        this.eventReaders = Map.copyOf(builder.eventReaders);
        this.eventWriters = Map.copyOf(builder.eventWriters);
        this.mapping = null;
    }

    private AggregateType(String name, Decider<C, E, S> decider, WireMapping<C, E> mapping) {
        this.name = Objects.requireNonNull(name);
        this.decider = Objects.requireNonNull(decider);
        this.commandReaders = Map.of();
        this.eventReaders = Map.of();
        this.eventWriters = Map.of();
        this.mapping = mapping;
    }

    /**
     * An aggregate whose commands and events are the records of two sealed interfaces, mapped to the wire records of
     * the same simple names in {@code wireNamespace} by {@link WireMapping}'s convention.
     */
    public static <C, E, S> Mapped<C, E, S> of(String name, Decider<C, E, S> decider, Class<C> commands, Class<E> events,
                                               String wireNamespace) {
        return new Mapped<>(name, decider, commands, events, wireNamespace);
    }

    /** The mapping of this aggregate's records (for tests and edges that build commands as domain records). */
    public WireMapping<C, E> mapping() {
        if (mapping == null) {
            throw new IllegalStateException("aggregate " + name + " has a hand-written mapping");
        }
        return mapping;
    }

    public static <C, E, S> Builder<C, E, S> named(String name, Decider<C, E, S> decider) {
        return new Builder<>(name, decider);
    }

    public String name() {
        return name;
    }

    public Decider<C, E, S> decider() {
        return decider;
    }

    public boolean handlesCommand(SpecificRecord wire) {
        return mapping != null ? mapping.handlesCommand(wire) : commandReaders.containsKey(wire.getClass());
    }

    public boolean handlesEvent(SpecificRecord wire) {
        return mapping != null ? mapping.handlesEvent(wire) : eventReaders.containsKey(wire.getClass());
    }

    public C readCommand(SpecificRecord wire) {
        return mapping != null ? mapping.readCommand(wire) : reader(commandReaders, wire, "command").apply(wire);
    }

    public E readEvent(SpecificRecord wire) {
        return mapping != null ? mapping.readEvent(wire) : reader(eventReaders, wire, "event").apply(wire);
    }

    public SpecificRecord writeEvent(E event, EventMetadata metadata) {
        if (mapping != null) {
            return mapping.writeEvent(event, metadata);
        }
        BiFunction<E, EventMetadata, SpecificRecord> writer = eventWriters.get(event.getClass());
        if (writer == null) {
            throw new IllegalStateException("aggregate " + name + " has no wire mapping for event " + event.getClass().getName());
        }
        return writer.apply(event, metadata);
    }

    private <T> Function<SpecificRecord, T> reader(Map<Class<?>, Function<SpecificRecord, T>> readers, SpecificRecord wire, String kind) {
        return Optional.ofNullable(readers.get(wire.getClass())).orElseThrow(() ->
                new IllegalArgumentException("aggregate " + name + " has no " + kind + " " + wire.getSchema().getFullName()));
    }

    /** Builds a convention-mapped aggregate type; {@link #upcast} declares values for fields older records lack. */
    public static final class Mapped<C, E, S> {
        private final String name;
        private final Decider<C, E, S> decider;
        private final Class<C> commands;
        private final Class<E> events;
        private final String wireNamespace;
        private final List<WireMapping.Upcast> upcasts = new ArrayList<>();

        private Mapped(String name, Decider<C, E, S> decider, Class<C> commands, Class<E> events, String wireNamespace) {
            this.name = name;
            this.decider = decider;
            this.commands = commands;
            this.events = events;
            this.wireNamespace = wireNamespace;
        }

        /** The value of {@code component} of {@code type} when the wire record lacks it (written before the field). */
        public Mapped<C, E, S> upcast(Class<? extends Record> type, String component, Function<Instant, Object> value) {
            upcasts.add(new WireMapping.Upcast(type, component, value));
            return this;
        }

        public AggregateType<C, E, S> build() {
            return new AggregateType<>(name, decider, new WireMapping<>(commands, events, wireNamespace, upcasts));
        }
    }

    /** @deprecated hand-written mappings are being replaced by {@link #of}. */
    @Deprecated(forRemoval = true)
    public static final class Builder<C, E, S> {
        private final String name;
        private final Decider<C, E, S> decider;
        private final Map<Class<?>, Function<SpecificRecord, C>> commandReaders = new HashMap<>();
        private final Map<Class<?>, Function<SpecificRecord, E>> eventReaders = new HashMap<>();
        private final Map<Class<?>, BiFunction<E, EventMetadata, SpecificRecord>> eventWriters = new HashMap<>();

        private Builder(String name, Decider<C, E, S> decider) {
            this.name = Objects.requireNonNull(name);
            this.decider = Objects.requireNonNull(decider);
        }

        /** Maps a wire command to the domain command the decider takes. */
        public <W extends SpecificRecord> Builder<C, E, S> command(Class<W> wireType, Function<W, ? extends C> read) {
            commandReaders.put(wireType, wire -> read.apply(wireType.cast(wire)));
            return this;
        }

        /** Maps a domain event to its wire record and back. */
        public <D extends E, W extends SpecificRecord> Builder<C, E, S> event(
                Class<D> domainType, Class<W> wireType,
                BiFunction<D, EventMetadata, W> write, Function<W, D> read) {
            eventWriters.put(domainType, (event, metadata) -> write.apply(domainType.cast(event), metadata));
            eventReaders.put(wireType, wire -> read.apply(wireType.cast(wire)));
            return this;
        }

        public AggregateType<C, E, S> build() {
            return new AggregateType<>(this);
        }
    }
}
