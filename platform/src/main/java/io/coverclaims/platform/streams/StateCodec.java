package io.coverclaims.platform.streams;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.coverclaims.platform.money.Money;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Encodes a domain state (or any value of domain records) to bytes and back, for persistent stores and snapshots,
 * with no code per type: the codec is planned once from the type's structure, like {@link WireMapping}.
 *
 * <ul>
 *   <li>records are JSON arrays of their components in declaration order (compact: the store holds the codec's
 *       {@link #shape()} beside the bytes, so positions cannot be misread by another version of the code);
 *   <li>a sealed interface is {@code ["<record's name>", ...components]}, naming the permitted record;
 *   <li>enums by name; {@link Money}, {@link BigInteger}, {@link BigDecimal} as exact decimal strings; {@link Instant},
 *       {@link Duration}, {@link LocalDate}, {@link UUID} as their ISO text; lists, sets and maps as arrays (a map as
 *       {@code [[k, v], ...]}, so any key type works), decoded unmodifiable, sorted ones into a naturally ordered
 *       {@link TreeMap}/{@link TreeSet}; {@link Optional} as its value or null.
 * </ul>
 *
 * <p>{@link #shape()} is a fingerprint of the whole structure (every record's components and types, every sealed
 * interface's permitted records, every enum's constants): a change to any of them changes it. A store written with
 * another shape is never decoded: the kernel rebuilds it from the event topic instead.
 *
 * <p>{@link #hash(Object)} is the SHA-256 of the canonical encoding (unordered sets and maps sorted), so two equal
 * states hash equal however their collections were built; {@link #json(Object)} is a readable JSON with component
 * names, for operators' tools. A type the codec cannot represent (an interface that is not sealed, {@code Object},
 * a sorted map whose key is not {@link Comparable}) fails when the codec is made, naming where it occurs.
 */
public final class StateCodec<T> {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Map<Type, StateCodec<?>> CODECS = new ConcurrentHashMap<>();

    private final Class<T> type;
    private final Node root;
    private final String shape;

    private StateCodec(Class<T> type) {
        this.type = type;
        Planner planner = new Planner();
        this.root = planner.plan(type, type.getSimpleName());
        this.shape = sha256Hex(planner.describe(type).getBytes(StandardCharsets.UTF_8))
                .substring(0, 16);
    }

    /** The codec of {@code type} (planned once, then shared). */
    @SuppressWarnings("unchecked")
    public static <T> StateCodec<T> of(Class<T> type) {
        return (StateCodec<T>) CODECS.computeIfAbsent(type, key -> new StateCodec<>(type));
    }

    /** The codec of an aggregate type's state (the sealed interface its initial state's record implements). */
    public static <S> StateCodec<S> of(AggregateType<?, ?, S> aggregate) {
        return forStateOf(aggregate.decider().initialState());
    }

    /** The codec of the state type {@code initialState} belongs to (the outermost sealed interface it implements). */
    @SuppressWarnings("unchecked")
    public static <S> StateCodec<S> forStateOf(S initialState) {
        return (StateCodec<S>) of(stateType(initialState.getClass()));
    }

    static Class<?> stateType(Class<?> initial) {
        Class<?> current = initial;
        while (true) {
            Class<?> parent = null;
            for (Class<?> candidate : current.getInterfaces()) {
                if (candidate.isSealed()) {
                    parent = candidate;
                }
            }
            if (parent == null) {
                return current;
            }
            current = parent;
        }
    }

    public Class<T> type() {
        return type;
    }

    /** A fingerprint (16 hex digits) of the type's structure: any change to it changes the shape. */
    public String shape() {
        return shape;
    }

    public byte[] encode(T value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            root.write(out, value, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public T decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** Decodes {@code length} bytes of {@code bytes} from {@code offset} (a value inside a larger record). */
    public T decode(byte[] bytes, int offset, int length) {
        try (JsonParser in = JSON.createParser(bytes, offset, length)) {
            in.nextToken();
            return type.cast(root.read(in));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot decode a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Hex SHA-256 of the canonical encoding: equal states hash equal however their collections were built. */
    public String hash(T value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartArray();
            out.writeString(shape);
            root.write(out, value, true);
            out.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sha256Hex(bytes.toByteArray());
    }

    /** A readable JSON of the value: records as objects with their component names, phases under {@code "@phase"}. */
    public String json(T value) {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = JSON.createGenerator(text)) {
            out.useDefaultPrettyPrinter();
            root.writeNamed(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ nodes

    /** How one type is written and read. */
    private interface Node {
        void write(JsonGenerator out, Object value, boolean canonical) throws IOException;

        /** Reads the value at the parser's current token. */
        Object read(JsonParser in) throws IOException;

        void writeNamed(JsonGenerator out, Object value) throws IOException;
    }

    /** Scalars written as strings or numbers. */
    private record Scalar(Writer writer, Reader reader) implements Node {
        interface Writer {
            void write(JsonGenerator out, Object value) throws IOException;
        }

        interface Reader {
            Object read(JsonParser in) throws IOException;
        }

        @Override
        public void write(JsonGenerator out, Object value, boolean canonical) throws IOException {
            if (value == null) {
                out.writeNull();
            } else {
                writer.write(out, value);
            }
        }

        @Override
        public Object read(JsonParser in) throws IOException {
            return in.currentToken() == JsonToken.VALUE_NULL ? null : reader.read(in);
        }

        @Override
        public void writeNamed(JsonGenerator out, Object value) throws IOException {
            write(out, value, false);
        }

        static Scalar text(Function<Object, String> format, Function<String, ?> parse) {
            return new Scalar((out, value) -> out.writeString(format.apply(value)), in -> parse.apply(in.getText()));
        }
    }

    private static final class RecordNode implements Node {
        private final Class<?> type;
        private String[] names;
        private MethodHandle[] accessors;
        private Node[] components;
        private MethodHandle constructor;

        RecordNode(Class<?> type) {
            this.type = type;
        }

        @Override
        public void write(JsonGenerator out, Object value, boolean canonical) throws IOException {
            if (value == null) {
                out.writeNull();
                return;
            }
            out.writeStartArray();
            writeComponents(out, value, canonical);
            out.writeEndArray();
        }

        void writeComponents(JsonGenerator out, Object value, boolean canonical) throws IOException {
            for (int i = 0; i < components.length; i++) {
                components[i].write(out, get(i, value), canonical);
            }
        }

        private Object get(int i, Object value) {
            try {
                return accessors[i].invoke(value);
            } catch (Throwable e) {
                throw new IllegalStateException("cannot read " + type.getSimpleName() + "." + names[i], e);
            }
        }

        @Override
        public Object read(JsonParser in) throws IOException {
            if (in.currentToken() == JsonToken.VALUE_NULL) {
                return null;
            }
            expect(in, JsonToken.START_ARRAY);
            in.nextToken();
            return readComponents(in);
        }

        /** Reads the components from the parser's current token up to and including the closing bracket. */
        Object readComponents(JsonParser in) throws IOException {
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                values[i] = components[i].read(in);
                in.nextToken();
            }
            expect(in, JsonToken.END_ARRAY);
            try {
                return constructor.invokeWithArguments(values);
            } catch (RuntimeException e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("cannot construct " + type.getSimpleName(), e);
            }
        }

        @Override
        public void writeNamed(JsonGenerator out, Object value) throws IOException {
            if (value == null) {
                out.writeNull();
                return;
            }
            out.writeStartObject();
            writeNamedComponents(out, value);
            out.writeEndObject();
        }

        void writeNamedComponents(JsonGenerator out, Object value) throws IOException {
            for (int i = 0; i < components.length; i++) {
                out.writeFieldName(names[i]);
                components[i].writeNamed(out, get(i, value));
            }
        }
    }

    private static final class SealedNode implements Node {
        private final Class<?> type;
        private final Map<Class<?>, String> names = new HashMap<>();
        private final Map<String, RecordNode> records = new HashMap<>();

        SealedNode(Class<?> type) {
            this.type = type;
        }

        @Override
        public void write(JsonGenerator out, Object value, boolean canonical) throws IOException {
            if (value == null) {
                out.writeNull();
                return;
            }
            String name = nameOf(value);
            out.writeStartArray();
            out.writeString(name);
            records.get(name).writeComponents(out, value, canonical);
            out.writeEndArray();
        }

        private String nameOf(Object value) {
            String name = names.get(value.getClass());
            if (name == null) {
                throw new IllegalArgumentException(value.getClass() + " is not a record permitted by " + type);
            }
            return name;
        }

        @Override
        public Object read(JsonParser in) throws IOException {
            if (in.currentToken() == JsonToken.VALUE_NULL) {
                return null;
            }
            expect(in, JsonToken.START_ARRAY);
            in.nextToken();
            String name = in.getText();
            RecordNode record = records.get(name);
            if (record == null) {
                throw new IOException(type.getSimpleName() + " has no record " + name);
            }
            in.nextToken();
            return record.readComponents(in);
        }

        @Override
        public void writeNamed(JsonGenerator out, Object value) throws IOException {
            if (value == null) {
                out.writeNull();
                return;
            }
            String name = nameOf(value);
            out.writeStartObject();
            out.writeStringField("@phase", name);
            records.get(name).writeNamedComponents(out, value);
            out.writeEndObject();
        }
    }

    private record CollectionNode(Node element, Kind kind) implements Node {
        enum Kind {
            LIST,
            SET,
            SORTED_SET
        }

        @Override
        public void write(JsonGenerator out, Object value, boolean canonical) throws IOException {
            if (value == null) {
                out.writeNull();
                return;
            }
            out.writeStartArray();
            if (canonical && kind == Kind.SET) {
                for (byte[] bytes : sortedEncodings((Collection<?>) value, element)) {
                    out.writeRawValue(new String(bytes, StandardCharsets.UTF_8));
                }
            } else {
                for (Object item : (Collection<?>) value) {
                    element.write(out, item, canonical);
                }
            }
            out.writeEndArray();
        }

        @Override
        public Object read(JsonParser in) throws IOException {
            if (in.currentToken() == JsonToken.VALUE_NULL) {
                return null;
            }
            expect(in, JsonToken.START_ARRAY);
            Collection<Object> items = switch (kind) {
                case LIST -> new ArrayList<>();
                case SET -> new LinkedHashSet<>();
                case SORTED_SET -> new TreeSet<>();
            };
            while (in.nextToken() != JsonToken.END_ARRAY) {
                items.add(element.read(in));
            }
            return switch (kind) {
                case LIST -> Collections.unmodifiableList((List<Object>) items);
                case SET -> Collections.unmodifiableSet((Set<Object>) items);
                case SORTED_SET -> Collections.unmodifiableSortedSet((SortedSet<Object>) items);
            };
        }

        @Override
        public void writeNamed(JsonGenerator out, Object value) throws IOException {
            if (value == null) {
                out.writeNull();
                return;
            }
            out.writeStartArray();
            for (Object item : (Collection<?>) value) {
                element.writeNamed(out, item);
            }
            out.writeEndArray();
        }
    }

    private record MapNode(Node key, Node value, boolean sorted) implements Node {
        @Override
        public void write(JsonGenerator out, Object map, boolean canonical) throws IOException {
            if (map == null) {
                out.writeNull();
                return;
            }
            out.writeStartArray();
            if (canonical && !sorted) {
                List<byte[]> entries = new ArrayList<>();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) map).entrySet()) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    try (JsonGenerator one = JSON.createGenerator(bytes)) {
                        one.writeStartArray();
                        key.write(one, entry.getKey(), true);
                        value.write(one, entry.getValue(), true);
                        one.writeEndArray();
                    }
                    entries.add(bytes.toByteArray());
                }
                entries.sort(Arrays::compare);
                for (byte[] entry : entries) {
                    out.writeRawValue(new String(entry, StandardCharsets.UTF_8));
                }
            } else {
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) map).entrySet()) {
                    out.writeStartArray();
                    key.write(out, entry.getKey(), canonical);
                    value.write(out, entry.getValue(), canonical);
                    out.writeEndArray();
                }
            }
            out.writeEndArray();
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object read(JsonParser in) throws IOException {
            if (in.currentToken() == JsonToken.VALUE_NULL) {
                return null;
            }
            expect(in, JsonToken.START_ARRAY);
            Map<Object, Object> map = sorted ? new TreeMap<>() : new LinkedHashMap<>();
            while (in.nextToken() != JsonToken.END_ARRAY) {
                expect(in, JsonToken.START_ARRAY);
                in.nextToken();
                Object k = key.read(in);
                in.nextToken();
                Object v = value.read(in);
                in.nextToken();
                expect(in, JsonToken.END_ARRAY);
                map.put(k, v);
            }
            return sorted
                    ? Collections.unmodifiableSortedMap((SortedMap<Object, Object>) map)
                    : Collections.unmodifiableMap(map);
        }

        @Override
        public void writeNamed(JsonGenerator out, Object map) throws IOException {
            if (map == null) {
                out.writeNull();
                return;
            }
            out.writeStartArray();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) map).entrySet()) {
                out.writeStartObject();
                out.writeFieldName("key");
                key.writeNamed(out, entry.getKey());
                out.writeFieldName("value");
                value.writeNamed(out, entry.getValue());
                out.writeEndObject();
            }
            out.writeEndArray();
        }
    }

    private record OptionalNode(Node element) implements Node {
        @Override
        public void write(JsonGenerator out, Object value, boolean canonical) throws IOException {
            element.write(out, value == null ? null : ((Optional<?>) value).orElse(null), canonical);
        }

        @Override
        public Object read(JsonParser in) throws IOException {
            return Optional.ofNullable(element.read(in));
        }

        @Override
        public void writeNamed(JsonGenerator out, Object value) throws IOException {
            element.writeNamed(out, value == null ? null : ((Optional<?>) value).orElse(null));
        }
    }

    private static List<byte[]> sortedEncodings(Collection<?> items, Node element) throws IOException {
        List<byte[]> encoded = new ArrayList<>(items.size());
        for (Object item : items) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JsonGenerator one = JSON.createGenerator(bytes)) {
                element.write(one, item, true);
            }
            encoded.add(bytes.toByteArray());
        }
        encoded.sort(Arrays::compare);
        return encoded;
    }

    private static void expect(JsonParser in, JsonToken token) throws IOException {
        if (in.currentToken() != token) {
            throw new IOException("expected " + token + " but found " + in.currentToken() + " at "
                    + in.currentLocation().offsetDescription());
        }
    }

    // ---------------------------------------------------------------------------------------------- planning

    private static final Map<Class<?>, Scalar> SCALARS = Map.ofEntries(
            Map.entry(String.class, new Scalar((out, v) -> out.writeString((String) v), JsonParser::getText)),
            Map.entry(
                    boolean.class, new Scalar((out, v) -> out.writeBoolean((Boolean) v), JsonParser::getBooleanValue)),
            Map.entry(
                    Boolean.class, new Scalar((out, v) -> out.writeBoolean((Boolean) v), JsonParser::getBooleanValue)),
            Map.entry(int.class, new Scalar((out, v) -> out.writeNumber((Integer) v), JsonParser::getIntValue)),
            Map.entry(Integer.class, new Scalar((out, v) -> out.writeNumber((Integer) v), JsonParser::getIntValue)),
            Map.entry(long.class, new Scalar((out, v) -> out.writeNumber((Long) v), JsonParser::getLongValue)),
            Map.entry(Long.class, new Scalar((out, v) -> out.writeNumber((Long) v), JsonParser::getLongValue)),
            Map.entry(short.class, new Scalar((out, v) -> out.writeNumber((Short) v), JsonParser::getShortValue)),
            Map.entry(Short.class, new Scalar((out, v) -> out.writeNumber((Short) v), JsonParser::getShortValue)),
            Map.entry(double.class, new Scalar((out, v) -> out.writeNumber((Double) v), JsonParser::getDoubleValue)),
            Map.entry(Double.class, new Scalar((out, v) -> out.writeNumber((Double) v), JsonParser::getDoubleValue)),
            Map.entry(Money.class, Scalar.text(Object::toString, Money::parse)),
            Map.entry(BigInteger.class, Scalar.text(Object::toString, BigInteger::new)),
            Map.entry(BigDecimal.class, Scalar.text(v -> ((BigDecimal) v).toPlainString(), BigDecimal::new)),
            Map.entry(Instant.class, Scalar.text(Object::toString, Instant::parse)),
            Map.entry(Duration.class, Scalar.text(Object::toString, Duration::parse)),
            Map.entry(LocalDate.class, Scalar.text(Object::toString, LocalDate::parse)),
            Map.entry(UUID.class, Scalar.text(Object::toString, UUID::fromString)));

    /** Plans nodes (once per class, so recursive types work) and describes the structure for the shape. */
    private static final class Planner {
        private final Map<Class<?>, Node> planned = new HashMap<>();

        Node plan(Type type, String where) {
            if (type instanceof WildcardType wildcard) {
                return plan(wildcard.getUpperBounds()[0], where);
            }
            if (type instanceof ParameterizedType parameterized) {
                Class<?> raw = (Class<?>) parameterized.getRawType();
                Type[] args = parameterized.getActualTypeArguments();
                if (raw == Optional.class) {
                    return new OptionalNode(plan(args[0], where + "<>"));
                }
                if (SortedSet.class.isAssignableFrom(raw) || NavigableSet.class.isAssignableFrom(raw)) {
                    requireComparable(args[0], where);
                    return new CollectionNode(plan(args[0], where + "[]"), CollectionNode.Kind.SORTED_SET);
                }
                if (Set.class.isAssignableFrom(raw)) {
                    return new CollectionNode(plan(args[0], where + "[]"), CollectionNode.Kind.SET);
                }
                if (List.class.isAssignableFrom(raw) || raw == Collection.class) {
                    return new CollectionNode(plan(args[0], where + "[]"), CollectionNode.Kind.LIST);
                }
                if (SortedMap.class.isAssignableFrom(raw) || NavigableMap.class.isAssignableFrom(raw)) {
                    requireComparable(args[0], where);
                    return new MapNode(plan(args[0], where + ".key"), plan(args[1], where + ".value"), true);
                }
                if (Map.class.isAssignableFrom(raw)) {
                    return new MapNode(plan(args[0], where + ".key"), plan(args[1], where + ".value"), false);
                }
                throw unsupported(type, where);
            }
            if (!(type instanceof Class<?> raw)) {
                throw unsupported(type, where);
            }
            Scalar scalar = SCALARS.get(raw);
            if (scalar != null) {
                return scalar;
            }
            if (raw.isEnum()) {
                return enumNode(raw);
            }
            Node known = planned.get(raw);
            if (known != null) {
                return known;
            }
            if (raw.isRecord()) {
                RecordNode node = new RecordNode(raw);
                planned.put(raw, node);
                fill(node, where);
                return node;
            }
            if (raw.isInterface() && raw.isSealed()) {
                SealedNode node = new SealedNode(raw);
                planned.put(raw, node);
                List<Class<?>> leaves = new ArrayList<>();
                collectRecords(raw, leaves, where);
                Set<String> simple = new LinkedHashSet<>();
                boolean unique = leaves.stream().allMatch(leaf -> simple.add(leaf.getSimpleName()));
                for (Class<?> leaf : leaves) {
                    String name = unique ? leaf.getSimpleName() : leaf.getName();
                    node.names.put(leaf, name);
                    node.records.put(name, (RecordNode) plan(leaf, where + "(" + leaf.getSimpleName() + ")"));
                }
                return node;
            }
            throw unsupported(type, where);
        }

        private void fill(RecordNode node, String where) {
            RecordComponent[] components = node.type.getRecordComponents();
            node.names = new String[components.length];
            node.accessors = new MethodHandle[components.length];
            node.components = new Node[components.length];
            Class<?>[] types = new Class<?>[components.length];
            try {
                for (int i = 0; i < components.length; i++) {
                    node.names[i] = components[i].getName();
                    components[i].getAccessor().setAccessible(true);
                    node.accessors[i] = MethodHandles.lookup().unreflect(components[i].getAccessor());
                    types[i] = components[i].getType();
                    node.components[i] = plan(components[i].getGenericType(), where + "." + components[i].getName());
                }
                var constructor = node.type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                node.constructor = MethodHandles.lookup().unreflectConstructor(constructor);
            } catch (ReflectiveOperationException | RuntimeException e) {
                if (e instanceof IllegalArgumentException illegal) {
                    throw illegal;
                }
                throw new IllegalArgumentException("cannot plan " + where + " (" + node.type.getName() + "): " + e, e);
            }
        }

        private static void collectRecords(Class<?> sealed, List<Class<?>> leaves, String where) {
            for (Class<?> permitted : sealed.getPermittedSubclasses()) {
                if (permitted.isRecord()) {
                    leaves.add(permitted);
                } else if (permitted.isInterface() && permitted.isSealed()) {
                    collectRecords(permitted, leaves, where);
                } else {
                    throw unsupported(permitted, where + " (permitted by " + sealed.getSimpleName() + ")");
                }
            }
            leaves.sort(Comparator.comparing(Class::getName));
        }

        private static void requireComparable(Type key, String where) {
            Class<?> raw = key instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) key;
            if (!Comparable.class.isAssignableFrom(raw) && !SCALARS.containsKey(raw)) {
                throw new IllegalArgumentException(
                        where + ": a sorted collection's key " + raw.getName() + " must be Comparable");
            }
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static Node enumNode(Class<?> raw) {
            return Scalar.text(value -> ((Enum<?>) value).name(), text -> Enum.valueOf((Class) raw, text));
        }

        private static IllegalArgumentException unsupported(Type type, String where) {
            return new IllegalArgumentException(where + ": a state cannot hold " + type.getTypeName()
                    + " (records, sealed interfaces of records, enums, Money, numbers, text, time, lists, sets,"
                    + " maps and Optional only)");
        }

        /** The structure as text: every record, sealed interface and enum reachable from the type, sorted. */
        String describe(Class<?> type) {
            Map<String, String> parts = new TreeMap<>();
            describeInto(type, parts);
            StringBuilder text = new StringBuilder(type.getName());
            parts.forEach(
                    (name, part) -> text.append('\n').append(name).append('=').append(part));
            return text.toString();
        }

        private void describeInto(Type type, Map<String, String> parts) {
            if (type instanceof ParameterizedType parameterized) {
                for (Type arg : parameterized.getActualTypeArguments()) {
                    describeInto(arg, parts);
                }
                return;
            }
            if (type instanceof WildcardType wildcard) {
                describeInto(wildcard.getUpperBounds()[0], parts);
                return;
            }
            if (!(type instanceof Class<?> raw) || SCALARS.containsKey(raw) || parts.containsKey(raw.getName())) {
                return;
            }
            if (raw.isEnum()) {
                parts.put(
                        raw.getName(),
                        Arrays.stream(raw.getEnumConstants())
                                .map(constant -> ((Enum<?>) constant).name())
                                .toList()
                                .toString());
            } else if (raw.isRecord()) {
                StringBuilder part = new StringBuilder("record(");
                for (RecordComponent component : raw.getRecordComponents()) {
                    part.append(component.getName())
                            .append(':')
                            .append(component.getGenericType().getTypeName())
                            .append(',');
                }
                parts.put(raw.getName(), part.append(')').toString());
                for (RecordComponent component : raw.getRecordComponents()) {
                    describeInto(component.getGenericType(), parts);
                }
            } else if (raw.isSealed()) {
                List<Class<?>> permitted = Arrays.stream(raw.getPermittedSubclasses())
                        .sorted(Comparator.comparing(Class::getName))
                        .toList();
                parts.put(
                        raw.getName(),
                        "sealed" + permitted.stream().map(Class::getName).toList());
                permitted.forEach(sub -> describeInto(sub, parts));
            }
            if (Modifier.isAbstract(raw.getModifiers()) && !raw.isInterface()) {
                parts.put(raw.getName() + "#abstract", "abstract");
            }
        }
    }
}
