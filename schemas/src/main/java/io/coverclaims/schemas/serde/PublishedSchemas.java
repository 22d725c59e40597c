package io.coverclaims.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every published version of every schema, read once from the classpath ({@value #INDEX_RESOURCE} lists the
 * version files under {@value #RESOURCE_ROOT}). Single-object encoding names a record's writer schema by its
 * fingerprint; this store turns the fingerprint back into the schema, so data written with any published
 * version stays readable without a schema registry.
 */
public final class PublishedSchemas implements SchemaStore {

    public static final String RESOURCE_ROOT = "published";
    public static final String INDEX_RESOURCE = RESOURCE_ROOT + "/index.txt";

    private final Map<Long, Schema> byFingerprint;

    private PublishedSchemas(Collection<Schema> schemas) {
        Map<Long, Schema> map = new LinkedHashMap<>();
        for (Schema schema : schemas) {
            map.putIfAbsent(fingerprint(schema), schema);
        }
        this.byFingerprint = Collections.unmodifiableMap(map);
    }

    private static final class Holder {
        static final PublishedSchemas INSTANCE = load(PublishedSchemas.class.getClassLoader());
    }

    /** The published schemas of this module's jar, loaded on first use. */
    public static PublishedSchemas get() {
        return Holder.INSTANCE;
    }

    /** A store of exactly these schemas (tests, tools). */
    public static PublishedSchemas of(Collection<Schema> schemas) {
        return new PublishedSchemas(schemas);
    }

    /** The CRC-64-AVRO fingerprint of the schema's parsing canonical form, as single-object encoding writes it. */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** Each version file is self-contained, so each gets its own parser (named types repeat across files). */
    public static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    @Override
    public Schema findByFingerprint(long fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    public Collection<Schema> all() {
        return byFingerprint.values();
    }

    static PublishedSchemas load(ClassLoader loader) {
        List<Schema> schemas = new ArrayList<>();
        for (String entry : readLines(loader, INDEX_RESOURCE)) {
            schemas.add(parse(read(loader, RESOURCE_ROOT + "/" + entry)));
        }
        return new PublishedSchemas(schemas);
    }

    /** Index lines are version file paths relative to the published root; blank lines and # comments are skipped. */
    public static List<String> indexEntries(String index) {
        return index.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
    }

    private static List<String> readLines(ClassLoader loader, String resource) {
        return indexEntries(read(loader, resource));
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("published schema resource " + resource + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
