package io.coverclaims.schemas.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coverclaims.schemas.serde.PublishedSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * The published versions in the source tree: {@code <root>/<full.name>/v<N>.avsc}, one self-contained schema
 * each, numbered from 1 without gaps, listed in {@code <root>/index.txt}.
 */
public final class PublishedRepository {

    public static final String INDEX_FILE = "index.txt";
    /**
     * Every published version by its fingerprint, for subscribers in any language: the 8 bytes after {@code C3 01}
     * of a single-object encoded record, as 16 lower-case hex digits in the order they appear on the wire, mapped
     * to the version file (relative to this folder).
     */
    public static final String FINGERPRINT_INDEX = "fingerprints.json";
    /** Properties only the Java code generator reads; the published form leaves them out so every Avro library reads it. */
    private static final String JAVA_STRING_PROPERTY = "avro.java.string";

    private static final Pattern VERSION_FILE = Pattern.compile("v([1-9][0-9]*)\\.avsc");
    private static final String INDEX_HEADER = """
            # Every published schema version, one a line, relative to this folder (loaded by PublishedSchemas).
            # Written by ./claims publish-schemas: do not edit by hand.
            """;

    /** One published version of a named schema. */
    public record Version(int number, Schema schema) {
        public String fullName() {
            return schema.getFullName();
        }

        public String path() {
            return fullName() + "/v" + number + ".avsc";
        }
    }

    private final Path root;
    private final Map<String, List<Version>> byName = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();

    private PublishedRepository(Path root) {
        this.root = root;
    }

    public static PublishedRepository read(Path root) {
        PublishedRepository repo = new PublishedRepository(root);
        if (Files.isDirectory(root)) {
            try (Stream<Path> dirs = Files.list(root)) {
                dirs.filter(Files::isDirectory).sorted().forEach(repo::readVersions);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + root, e);
            }
        }
        return repo;
    }

    private void readVersions(Path dir) {
        String name = dir.getFileName().toString();
        List<Version> versions = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                Matcher m = VERSION_FILE.matcher(file.getFileName().toString());
                if (!m.matches()) {
                    problems.add(file + ": not a version file (expected v<N>.avsc)");
                    continue;
                }
                Schema schema = PublishedSchemas.parse(Files.readString(file, StandardCharsets.UTF_8));
                if (!schema.getFullName().equals(name)) {
                    problems.add(file + ": holds " + schema.getFullName() + ", not " + name);
                    continue;
                }
                versions.add(new Version(Integer.parseInt(m.group(1)), schema));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        } catch (AvroRuntimeException e) {
            problems.add(dir + ": a version file does not parse: " + e.getMessage());
        }
        versions.sort(Comparator.comparingInt(Version::number));
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).number() != i + 1) {
                problems.add(dir + ": versions must run v1, v2, ... without gaps; found v"
                        + versions.get(i).number() + " at position " + (i + 1));
                break;
            }
        }
        byName.put(name, versions);
    }

    /** Published versions per full name, oldest first. */
    public Map<String, List<Version>> versions() {
        return byName;
    }

    /** Structural problems: misplaced, misnamed or unparseable files, gaps in the numbering. */
    public List<String> problems() {
        return problems;
    }

    /** Records the schema as the next version of its name and returns it. */
    public Version publish(Schema schema) {
        List<Version> versions = byName.computeIfAbsent(schema.getFullName(), n -> new ArrayList<>());
        Version version = new Version(versions.size() + 1, schema);
        write(root.resolve(version.path()), portable(schema) + "\n");
        versions.add(version);
        return version;
    }

    /** The index this repository should have. */
    public String expectedIndex() {
        StringBuilder index = new StringBuilder(INDEX_HEADER);
        byName.values().forEach(vs -> vs.forEach(v -> index.append(v.path()).append('\n')));
        return index.toString();
    }

    public Optional<String> actualIndex() {
        return readIfPresent(root.resolve(INDEX_FILE));
    }

    public void writeIndex() {
        write(root.resolve(INDEX_FILE), expectedIndex());
        write(root.resolve(FINGERPRINT_INDEX), expectedFingerprints());
    }

    /** The fingerprint index this repository should have (see {@link #FINGERPRINT_INDEX}). */
    public String expectedFingerprints() {
        Map<String, String> byFingerprint = new TreeMap<>();
        byName.values().forEach(vs -> vs.forEach(v -> byFingerprint.put(wireFingerprint(v.schema()), v.path())));
        ObjectNode index = JSON.createObjectNode();
        byFingerprint.forEach(index::put);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(index) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<String> actualFingerprints() {
        return readIfPresent(root.resolve(FINGERPRINT_INDEX));
    }

    /** The text of {@code file}, if it exists. */
    private static Optional<String> readIfPresent(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The schema's CRC-64-AVRO fingerprint as single-object encoding writes it: little-endian, in hex. */
    static String wireFingerprint(Schema schema) {
        long fingerprint = PublishedSchemas.fingerprint(schema);
        StringBuilder hex = new StringBuilder(16);
        for (int i = 0; i < 8; i++) {
            hex.append(String.format("%02x", (fingerprint >>> (8 * i)) & 0xff));
        }
        return hex.toString();
    }

    /** The schema's JSON without Java-only properties: {@code {"type":"string","avro.java.string":"String"}} is "string". */
    static String portable(Schema schema) {
        try {
            JsonNode tree = JSON.readTree(schema.toString());
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(strip(tree));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + schema.getFullName(), e);
        }
    }

    private static JsonNode strip(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            object.remove(JAVA_STRING_PROPERTY);
            if (object.size() == 1 && object.has("type") && object.get("type").isTextual()) {
                return object.get("type");
            }
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                object.set(name, strip(object.get(name)));
            }
            return object;
        }
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, strip(array.get(i)));
            }
        }
        return node;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public Path root() {
        return root;
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
