package io.coverclaims.schemas.gate;

import static org.apache.avro.SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;

import io.coverclaims.schemas.gate.PublishedRepository.Version;
import io.coverclaims.schemas.serde.PublishedSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Full transitive compatibility: every current schema must read data written with every published version of it
 * (backward) and every published version must read data written with the current schema (forward), so producers
 * and consumers can be upgraded in any order and any topic can be replayed from the beginning.
 */
public final class CompatibilityGate {

    private CompatibilityGate() {}

    /** What the gate found: incompatibilities (the build fails) and changed schemas not yet published. */
    public record Result(List<String> incompatibilities, List<Schema> unpublished) {}

    /** Incompatibilities of one current schema with its published versions; empty when compatible both ways. */
    public static List<String> check(Schema current, List<Version> published) {
        List<String> problems = new ArrayList<>();
        for (Version version : published) {
            SchemaPairCompatibility backward =
                    SchemaCompatibility.checkReaderWriterCompatibility(current, version.schema());
            if (backward.getType() != COMPATIBLE) {
                problems.add(current.getFullName() + ": not backward compatible with published v" + version.number()
                        + " (the current schema cannot read v" + version.number() + " data): " + describe(backward));
            }
            SchemaPairCompatibility forward =
                    SchemaCompatibility.checkReaderWriterCompatibility(version.schema(), current);
            if (forward.getType() != COMPATIBLE) {
                problems.add(current.getFullName() + ": not forward compatible with published v" + version.number()
                        + " (v" + version.number() + " readers cannot read current data): " + describe(forward));
            }
        }
        return problems;
    }

    /** Checks every current schema against its published versions, and that no published schema was removed. */
    public static Result evaluate(Map<String, Schema> current, Map<String, List<Version>> published) {
        List<String> incompatibilities = new ArrayList<>();
        List<Schema> unpublished = new ArrayList<>();
        current.forEach((name, schema) -> {
            List<Version> versions = published.getOrDefault(name, List.of());
            incompatibilities.addAll(check(schema, versions));
            long fingerprint = PublishedSchemas.fingerprint(schema);
            if (versions.stream().noneMatch(v -> PublishedSchemas.fingerprint(v.schema()) == fingerprint)) {
                unpublished.add(schema);
            }
        });
        published.forEach((name, versions) -> {
            if (!versions.isEmpty() && !current.containsKey(name)) {
                incompatibilities.add(name + ": published (v1..v" + versions.size() + ") but no longer defined; "
                        + "data written with it could not be read. Keep the type (deprecate it in its doc comment).");
            }
        });
        return new Result(incompatibilities, unpublished);
    }

    private static String describe(SchemaPairCompatibility result) {
        return result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                .collect(Collectors.joining("; "));
    }
}
