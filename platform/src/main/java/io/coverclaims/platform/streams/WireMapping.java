package io.coverclaims.platform.streams;

import io.coverclaims.platform.money.Money;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.EventMetadata;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Maps an aggregate's domain records to their Avro wire records and back by one convention, so no mapping is
 * written by hand:
 * <ul>
 *   <li>a command or event record {@code X} (a permitted subtype of the aggregate's sealed command or event
 *       interface) is the wire record {@code <namespace>.X};</li>
 *   <li>each record component is the wire field of the same name; a nested domain record is the nested wire record
 *       the field's schema names, a domain enum the wire enum with the same symbol, a {@code List} an array, a
 *       {@code Map<String, V>} a map (its keys are strings, its values map like any field);</li>
 *   <li>three components come from the metadata instead of a field of their own: {@code at} (the command's
 *       {@code issuedAt}, the event's {@code occurredAt}), {@code actor} and {@code aggregateId};</li>
 *   <li>a field that older records lack (absent or null) reads as the value an {@link Upcast} gives, when one is
 *       declared; otherwise a primitive component with no value fails loudly.</li>
 * </ul>
 * Every mapping is checked when the aggregate type is built (each component has its field and each field its
 * component, with compatible types), so a mismatch fails at start-up and in the round-trip test, never in flight.
 * A value type is one case in {@link #toWire}, {@link #fromWire} and {@link #checkType}: {@link Money} (exact uint256
 * amounts) is the wire's {@code decimal(78, 0)}.
 */
public final class WireMapping<C, E> {

    /** Components filled from the metadata, not from a field of the wire record. */
    public static final Set<String> METADATA_COMPONENTS = Set.of("at", "actor", "aggregateId");

    private static final String METADATA_FIELD = "metadata";

    /** The value of a component that older wire records lack, computed from the record's metadata time. */
    public record Upcast(Class<? extends Record> type, String component, Function<Instant, Object> value) {
        public Upcast {
            Objects.requireNonNull(type);
            Objects.requireNonNull(component);
            Objects.requireNonNull(value);
        }
    }

    private final String namespace;
    private final Map<Class<?>, Plan> commandPlans = new LinkedHashMap<>();
    private final Map<Class<?>, Plan> eventPlans = new LinkedHashMap<>();
    private final Map<Class<?>, Plan> byWire = new HashMap<>();
    private final Map<Class<?>, Plan> nested = new ConcurrentHashMap<>();
    private final Map<String, Function<Instant, Object>> upcasts = new HashMap<>();

    WireMapping(Class<C> commands, Class<E> events, String namespace, List<Upcast> upcasts) {
        this.namespace = Objects.requireNonNull(namespace);
        upcasts.forEach(u -> this.upcasts.put(key(u.type(), u.component()), u.value()));
        for (Class<?> type : leaves(commands)) {
            Plan plan = plan(type, Kind.COMMAND);
            commandPlans.put(type, plan);
            byWire.put(plan.wireType, plan);
        }
        for (Class<?> type : leaves(events)) {
            Plan plan = plan(type, Kind.EVENT);
            eventPlans.put(type, plan);
            byWire.put(plan.wireType, plan);
        }
        for (Upcast upcast : upcasts) {
            if (!commandPlans.containsKey(upcast.type()) && !eventPlans.containsKey(upcast.type())) {
                throw new IllegalArgumentException(
                        "upcast for " + upcast.type().getName() + " which is not a command or event here");
            }
        }
    }

    /** The wire record types of the commands, in declaration order. */
    public List<Class<? extends SpecificRecord>> commandWireTypes() {
        return commandPlans.values().stream()
                .<Class<? extends SpecificRecord>>map(p -> p.wireType)
                .toList();
    }

    public List<Class<? extends SpecificRecord>> eventWireTypes() {
        return eventPlans.values().stream()
                .<Class<? extends SpecificRecord>>map(p -> p.wireType)
                .toList();
    }

    /** The domain command types, in declaration order. */
    public List<Class<?>> commandTypes() {
        return List.copyOf(commandPlans.keySet());
    }

    public List<Class<?>> eventTypes() {
        return List.copyOf(eventPlans.keySet());
    }

    boolean handlesCommand(SpecificRecord wire) {
        Plan plan = byWire.get(wire.getClass());
        return plan != null && plan.kind == Kind.COMMAND;
    }

    boolean handlesEvent(SpecificRecord wire) {
        Plan plan = byWire.get(wire.getClass());
        return plan != null && plan.kind == Kind.EVENT;
    }

    @SuppressWarnings("unchecked")
    public C readCommand(SpecificRecord wire) {
        return (C) read(wire, Kind.COMMAND);
    }

    @SuppressWarnings("unchecked")
    public E readEvent(SpecificRecord wire) {
        return (E) read(wire, Kind.EVENT);
    }

    public SpecificRecord writeCommand(C command, CommandMetadata metadata) {
        return write(command, commandPlans, metadata);
    }

    public SpecificRecord writeEvent(E event, EventMetadata metadata) {
        return write(event, eventPlans, metadata);
    }

    // ------------------------------------------------------------------------------------------ reading

    private Object read(SpecificRecord wire, Kind kind) {
        Plan plan = byWire.get(wire.getClass());
        if (plan == null || plan.kind != kind) {
            throw new IllegalArgumentException("no " + kind.name().toLowerCase() + " mapped to "
                    + wire.getSchema().getFullName());
        }
        Object metadata = wire.get(plan.metadataPosition);
        Instant at =
                metadata instanceof CommandMetadata m ? m.getIssuedAt() : ((EventMetadata) metadata).getOccurredAt();
        Object[] args = new Object[plan.components.length];
        for (int i = 0; i < args.length; i++) {
            ComponentPlan component = plan.components[i];
            Object value = switch (component.source) {
                case AT -> at;
                case ACTOR ->
                    metadata instanceof CommandMetadata m ? m.getActor() : ((EventMetadata) metadata).getActor();
                case AGGREGATE_ID ->
                    metadata instanceof CommandMetadata m
                            ? m.getAggregateId()
                            : ((EventMetadata) metadata).getAggregateId();
                case FIELD -> fromWire(wire.get(component.position), component.type, component.schema);
                case ABSENT -> null;
            };
            if (value == null && component.upcast != null) {
                value = component.upcast.apply(at);
            }
            if (value == null && component.primitive) {
                throw new IllegalArgumentException(wire.getSchema().getFullName() + "." + component.name
                        + " is absent and no upcast gives it a value");
            }
            args[i] = value;
        }
        return plan.construct(args);
    }

    private Object fromWire(Object wire, Type target, Schema schema) {
        if (wire == null) {
            return null;
        }
        Class<?> raw = raw(target);
        Schema branch = nonNull(schema);
        if (raw == Money.class) { // a record itself: before the nested-record case
            return Money.of(((BigDecimal) wire).toBigIntegerExact());
        }
        if (raw.isRecord()) {
            SpecificRecord record = (SpecificRecord) wire;
            Plan plan = nestedPlan(raw, branch);
            Object[] args = new Object[plan.components.length];
            for (int i = 0; i < args.length; i++) {
                ComponentPlan component = plan.components[i];
                args[i] = fromWire(record.get(component.position), component.type, component.schema);
                if (args[i] == null && component.primitive) {
                    throw new IllegalArgumentException(branch.getFullName() + "." + component.name + " is null");
                }
            }
            return plan.construct(args);
        }
        if (raw.isEnum()) {
            return enumConstant(raw, wire.toString());
        }
        if (List.class.isAssignableFrom(raw)) {
            Type element = ((ParameterizedType) target).getActualTypeArguments()[0];
            List<Object> list = new ArrayList<>();
            for (Object item : (List<?>) wire) {
                list.add(fromWire(item, element, branch.getElementType()));
            }
            return List.copyOf(list);
        }
        if (Map.class.isAssignableFrom(raw)) {
            Type valueType = ((ParameterizedType) target).getActualTypeArguments()[1];
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) wire).entrySet()) {
                map.put(entry.getKey().toString(), fromWire(entry.getValue(), valueType, branch.getValueType()));
            }
            return java.util.Collections.unmodifiableMap(map);
        }
        if (raw == String.class) {
            return wire.toString();
        }
        return wire;
    }

    // ------------------------------------------------------------------------------------------ writing

    private SpecificRecord write(Object domain, Map<Class<?>, Plan> plans, Object metadata) {
        Plan plan = plans.get(domain.getClass());
        if (plan == null) {
            throw new IllegalArgumentException(
                    "no wire mapping for " + domain.getClass().getName());
        }
        SpecificRecord wire = plan.newWire();
        wire.put(plan.metadataPosition, metadata);
        fill(wire, plan, domain);
        return wire;
    }

    private void fill(SpecificRecord wire, Plan plan, Object domain) {
        for (ComponentPlan component : plan.components) {
            if (component.source != Source.FIELD) {
                continue;
            }
            Object value = component.get(domain);
            if (value == null && !allowsNull(component.schema)) {
                throw new IllegalArgumentException(plan.domainType.getSimpleName() + "." + component.name
                        + " is null but " + plan.wireType.getSimpleName() + "." + component.name + " is required");
            }
            wire.put(component.position, toWire(value, component.schema));
        }
    }

    private Object toWire(Object value, Schema schema) {
        if (value == null) {
            return null;
        }
        Schema branch = nonNull(schema);
        return switch (branch.getType()) {
            case RECORD -> {
                Plan plan = nestedPlan(value.getClass(), branch);
                SpecificRecord wire = plan.newWire();
                fill(wire, plan, value);
                yield wire;
            }
            case ENUM -> enumConstant(wireClass(branch), ((Enum<?>) value).name());
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (Object item : (List<?>) value) {
                    list.add(toWire(item, branch.getElementType()));
                }
                yield list;
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    map.put(entry.getKey().toString(), toWire(entry.getValue(), branch.getValueType()));
                }
                yield map;
            }
            case STRING -> value.toString();
            case BYTES -> value instanceof Money money ? new BigDecimal(money.value()) : value;
            default -> value;
        };
    }

    // ------------------------------------------------------------------------------------------ plans

    private enum Kind {
        COMMAND,
        EVENT
    }

    private enum Source {
        FIELD,
        AT,
        ACTOR,
        AGGREGATE_ID,
        ABSENT
    }

    private static final class ComponentPlan {
        final String name;
        final Type type;
        final boolean primitive;
        final Source source;
        final int position;
        final Schema schema;
        final MethodHandle accessor;
        final Function<Instant, Object> upcast;

        ComponentPlan(RecordComponent component, Source source, Schema.Field field, Function<Instant, Object> upcast) {
            this.name = component.getName();
            this.type = component.getGenericType();
            this.primitive = component.getType().isPrimitive();
            this.source = source;
            this.position = field == null ? -1 : field.pos();
            this.schema = field == null ? null : field.schema();
            this.upcast = upcast;
            try {
                var method = component.getAccessor();
                method.setAccessible(true);
                // typed (Object)Object once, so every read is an invokeExact without per-call adaptation
                this.accessor = MethodHandles.lookup()
                        .unreflect(method)
                        .asType(MethodType.methodType(Object.class, Object.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("cannot read " + component, e);
            }
        }

        Object get(Object record) {
            try {
                return (Object) accessor.invokeExact(record);
            } catch (Throwable e) {
                throw new IllegalStateException("cannot read " + name, e);
            }
        }
    }

    private static final class Plan {
        final Class<?> domainType;
        final Class<? extends SpecificRecord> wireType;
        final Kind kind;
        final int metadataPosition;
        final ComponentPlan[] components;
        final MethodHandle constructor;
        final MethodHandle wireConstructor;

        Plan(
                Class<?> domainType,
                Class<? extends SpecificRecord> wireType,
                Kind kind,
                int metadataPosition,
                ComponentPlan[] components) {
            this.domainType = domainType;
            this.wireType = wireType;
            this.kind = kind;
            this.metadataPosition = metadataPosition;
            this.components = components;
            try {
                Class<?>[] types = Arrays.stream(domainType.getRecordComponents())
                        .map(RecordComponent::getType)
                        .toArray(Class<?>[]::new);
                Constructor<?> canonical = domainType.getDeclaredConstructor(types);
                canonical.setAccessible(true);
                // spread and typed once: constructing a record per event (every rebuild) is an invokeExact, not
                // invokeWithArguments' per-call adaptation
                this.constructor = MethodHandles.lookup()
                        .unreflectConstructor(canonical)
                        .asSpreader(Object[].class, types.length)
                        .asType(MethodType.methodType(Object.class, Object[].class));
                this.wireConstructor = MethodHandles.lookup()
                        .unreflectConstructor(wireType.getConstructor())
                        .asType(MethodType.methodType(Object.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(
                        "cannot construct " + domainType.getName() + " or " + wireType.getName(), e);
            }
        }

        Object construct(Object[] args) {
            try {
                return (Object) constructor.invokeExact(args);
            } catch (RuntimeException e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("cannot construct " + domainType.getName(), e);
            }
        }

        SpecificRecord newWire() {
            try {
                return (SpecificRecord) (Object) wireConstructor.invokeExact();
            } catch (Throwable e) {
                throw new IllegalStateException("cannot construct " + wireType.getName(), e);
            }
        }
    }

    private Plan plan(Class<?> domainType, Kind kind) {
        if (!domainType.isRecord()) {
            throw new IllegalArgumentException(domainType.getName() + " must be a record");
        }
        Class<? extends SpecificRecord> wireType = wireClass(domainType, namespace + "." + domainType.getSimpleName());
        Schema schema = schemaOf(wireType);
        Schema.Field metadata = schema.getField(METADATA_FIELD);
        Class<?> metadataType = kind == Kind.COMMAND ? CommandMetadata.class : EventMetadata.class;
        if (metadata == null || !nonNull(metadata.schema()).getFullName().equals(metadataType.getName())) {
            throw new IllegalArgumentException(wireType.getName() + " has no " + metadataType.getSimpleName()
                    + " metadata field, so it is not a " + kind.name().toLowerCase());
        }
        return new Plan(domainType, wireType, kind, metadata.pos(), components(domainType, schema, true));
    }

    private Plan nestedPlan(Class<?> domainType, Schema schema) {
        return nested.computeIfAbsent(domainType, type -> {
            if (!type.isRecord()) {
                throw new IllegalArgumentException(
                        type.getName() + " must be a record to map to " + schema.getFullName());
            }
            return new Plan(type, wireClass(schema), null, -1, components(type, schema, false));
        });
    }

    private ComponentPlan[] components(Class<?> domainType, Schema schema, boolean topLevel) {
        RecordComponent[] recordComponents = domainType.getRecordComponents();
        ComponentPlan[] plans = new ComponentPlan[recordComponents.length];
        Set<String> mapped = new java.util.HashSet<>();
        for (int i = 0; i < recordComponents.length; i++) {
            RecordComponent component = recordComponents[i];
            String name = component.getName();
            Schema.Field field = schema.getField(name);
            Function<Instant, Object> upcast = upcasts.get(key(domainType, name));
            Source source;
            if (field != null && !name.equals(METADATA_FIELD)) {
                source = Source.FIELD;
                check(domainType, component, field.schema());
                mapped.add(name);
            } else if (topLevel && METADATA_COMPONENTS.contains(name)) {
                source = switch (name) {
                    case "at" -> Source.AT;
                    case "actor" -> Source.ACTOR;
                    default -> Source.AGGREGATE_ID;
                };
            } else if (upcast != null) {
                source = Source.ABSENT;
            } else {
                throw new IllegalArgumentException(
                        domainType.getName() + "." + name + " has no field in " + schema.getFullName());
            }
            plans[i] = new ComponentPlan(component, source, field, upcast);
        }
        List<String> unmapped = schema.getFields().stream()
                .map(Schema.Field::name)
                .filter(name -> !name.equals(METADATA_FIELD) && !mapped.contains(name))
                .toList();
        if (!unmapped.isEmpty()) {
            throw new IllegalArgumentException(
                    schema.getFullName() + " fields " + unmapped + " have no component in " + domainType.getName());
        }
        return plans;
    }

    /** Checks that a component's type can hold the field's values. */
    private void check(Class<?> owner, RecordComponent component, Schema schema) {
        String where = owner.getName() + "." + component.getName();
        if (component.getType().isPrimitive()
                && allowsNull(schema)
                && upcasts.get(key(owner, component.getName())) == null) {
            // a primitive cannot hold the field's null: only allowed with an upcast
            throw new IllegalArgumentException(
                    where + " is primitive but " + schema + " may be null: make it a boxed type or declare an upcast");
        }
        checkType(where, component.getGenericType(), nonNull(schema));
    }

    private void checkType(String where, Type type, Schema schema) {
        Class<?> raw = raw(type);
        boolean ok = switch (schema.getType()) {
            case RECORD -> raw.isRecord();
            case ENUM ->
                raw.isEnum()
                        && Arrays.stream(raw.getEnumConstants())
                                .map(c -> ((Enum<?>) c).name())
                                .allMatch(schema.getEnumSymbols()::contains);
            case ARRAY -> List.class.isAssignableFrom(raw) && type instanceof ParameterizedType;
            case MAP ->
                Map.class.isAssignableFrom(raw)
                        && type instanceof ParameterizedType map
                        && map.getActualTypeArguments()[0] == String.class;
            case STRING -> raw == String.class;
            case INT -> raw == int.class || raw == Integer.class;
            case LONG ->
                "timestamp-millis".equals(logical(schema))
                        ? raw == Instant.class
                        : raw == long.class || raw == Long.class;
            case BOOLEAN -> raw == boolean.class || raw == Boolean.class;
            case DOUBLE -> raw == double.class || raw == Double.class;
            case FLOAT -> raw == float.class || raw == Float.class;
            case BYTES -> "decimal".equals(logical(schema)) && raw == Money.class;
            default -> false;
        };
        if (!ok) {
            throw new IllegalArgumentException(where + " of type " + type.getTypeName() + " cannot hold " + schema);
        }
        if (schema.getType() == Schema.Type.ARRAY) {
            checkType(
                    where + "[]",
                    ((ParameterizedType) type).getActualTypeArguments()[0],
                    nonNull(schema.getElementType()));
        }
        if (schema.getType() == Schema.Type.MAP) {
            checkType(
                    where + "{}",
                    ((ParameterizedType) type).getActualTypeArguments()[1],
                    nonNull(schema.getValueType()));
        }
        if (schema.getType() == Schema.Type.RECORD) {
            components(raw, schema, false);
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static String logical(Schema schema) {
        return schema.getLogicalType() == null ? null : schema.getLogicalType().getName();
    }

    private static boolean allowsNull(Schema schema) {
        return schema.getType() == Schema.Type.NULL
                || schema.getType() == Schema.Type.UNION
                        && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        List<Schema> branches = schema.getTypes().stream()
                .filter(s -> s.getType() != Schema.Type.NULL)
                .toList();
        if (branches.size() != 1) {
            throw new IllegalArgumentException("only unions of null and one type are mapped: " + schema);
        }
        return branches.get(0);
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalArgumentException("unsupported component type " + type);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumConstant(Class<?> type, String name) {
        return Enum.valueOf((Class<? extends Enum>) type, name);
    }

    private static Class<? extends SpecificRecord> wireClass(Schema schema) {
        return wireClass(null, schema.getFullName());
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends SpecificRecord> wireClass(Class<?> domainType, String name) {
        ClassLoader loader = domainType != null ? domainType.getClassLoader() : WireMapping.class.getClassLoader();
        try {
            return (Class<? extends SpecificRecord>) Class.forName(name, true, loader);
        } catch (ClassNotFoundException e) {
            try {
                return (Class<? extends SpecificRecord>)
                        Class.forName(name, true, Thread.currentThread().getContextClassLoader());
            } catch (ClassNotFoundException again) {
                throw new IllegalArgumentException(
                        "no wire record " + name + (domainType == null ? "" : " for " + domainType.getName()), again);
            }
        }
    }

    private static Schema schemaOf(Class<? extends SpecificRecord> wireType) {
        try {
            return (Schema) wireType.getField("SCHEMA$").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(wireType.getName() + " is not a generated Avro record", e);
        }
    }

    private static String key(Class<?> type, String component) {
        return type.getName() + "#" + component;
    }

    /** The concrete records of a sealed hierarchy, in declaration order. */
    static List<Class<?>> leaves(Class<?> root) {
        if (!root.isSealed()) {
            if (root.isRecord()) {
                return List.of(root);
            }
            throw new IllegalArgumentException(root.getName() + " must be a sealed interface of records");
        }
        List<Class<?>> leaves = new ArrayList<>();
        for (Class<?> sub : root.getPermittedSubclasses()) {
            leaves.addAll(leaves(sub));
        }
        return leaves.stream().distinct().collect(Collectors.toList());
    }
}
