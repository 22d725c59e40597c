package io.coverclaims.schemas.build;

import io.coverclaims.schemas.docs.ParametersDoc;
import io.coverclaims.schemas.docs.TopicsDoc;
import io.coverclaims.schemas.gate.CompatibilityGate;
import io.coverclaims.schemas.gate.GeneratedSchemas;
import io.coverclaims.schemas.gate.PublishedRepository;
import io.coverclaims.schemas.gate.PublishedRepository.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * Runs at process-classes on every build (exec-maven-plugin): regenerates docs/topics.md when asked, then the
 * compatibility gate, which publishes changed schemas as new versions when asked and fails the build otherwise.
 * Arguments: --classes= --published= --published-output= --topics-doc= --parameters-doc= --publish=true|false --docs=true|false
 */
public final class SchemaBuildStep {

    private SchemaBuildStep() {}

    /** Thrown to fail the build with a message for the developer. */
    public static final class BuildStepFailure extends RuntimeException {
        BuildStepFailure(String message) {
            super(message);
        }
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = options(args);
        if (Boolean.parseBoolean(options.getOrDefault("docs", "false"))) {
            Path doc = Path.of(required(options, "topics-doc")).normalize();
            TopicsDoc.write(doc);
            System.out.println("[schemas] wrote " + doc);
            Path parameters = Path.of(required(options, "parameters-doc")).normalize();
            ParametersDoc.write(parameters);
            System.out.println("[schemas] wrote " + parameters);
        }
        gate(
                Path.of(required(options, "classes")),
                Path.of(required(options, "published")),
                Path.of(required(options, "published-output")),
                Boolean.parseBoolean(options.getOrDefault("publish", "false")));
    }

    static void gate(Path classes, Path publishedDir, Path publishedOutput, boolean publish) throws IOException {
        Map<String, Schema> current = GeneratedSchemas.scan(classes, SchemaBuildStep.class.getClassLoader());
        PublishedRepository repo = PublishedRepository.read(publishedDir);
        CompatibilityGate.Result result = CompatibilityGate.evaluate(current, repo.versions());
        List<String> problems = new ArrayList<>(repo.problems());
        problems.addAll(result.incompatibilities());
        if (!problems.isEmpty()) {
            throw new BuildStepFailure(
                    "Schema compatibility gate failed:\n" + bullets(problems)
                            + "\nEvery schema must stay readable by, and able to read, each of its published versions: add fields"
                            + " with defaults, give enums a default symbol, never remove or retype a field (see docs/schemas.md).");
        }
        if (!result.unpublished().isEmpty() && !publish) {
            throw new BuildStepFailure(
                    result.unpublished().size()
                            + " new or changed schema(s) are not published yet (they passed the compatibility check):\n"
                            + bullets(result.unpublished().stream()
                                    .map(Schema::getFullName)
                                    .toList())
                            + "\nRun ./claims publish-schemas to record them as new versions, and commit schemas/src/main/published.");
        }
        for (Schema schema : result.unpublished()) {
            Version version = repo.publish(schema);
            copy(repo.root().resolve(version.path()), publishedOutput.resolve(version.path()));
            System.out.println("[schemas] published " + version.path());
        }
        if (publish) {
            repo.writeIndex();
            copy(
                    repo.root().resolve(PublishedRepository.INDEX_FILE),
                    publishedOutput.resolve(PublishedRepository.INDEX_FILE));
            copy(
                    repo.root().resolve(PublishedRepository.FINGERPRINT_INDEX),
                    publishedOutput.resolve(PublishedRepository.FINGERPRINT_INDEX));
        } else if (!repo.actualIndex().orElse("").equals(repo.expectedIndex())) {
            throw new BuildStepFailure(
                    publishedDir.resolve(PublishedRepository.INDEX_FILE)
                            + " does not list exactly the published version files; run ./claims publish-schemas to regenerate it.");
        } else if (!repo.actualFingerprints().orElse("").equals(repo.expectedFingerprints())) {
            throw new BuildStepFailure(
                    publishedDir.resolve(PublishedRepository.FINGERPRINT_INDEX)
                            + " does not map exactly the published versions' fingerprints; run ./claims publish-schemas to regenerate it.");
        }
        int versions = repo.versions().values().stream().mapToInt(List::size).sum();
        System.out.println("[schemas] gate passed: " + current.size() + " schemas compatible with " + versions
                + " published versions");
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String bullets(List<String> lines) {
        return lines.stream().map(l -> "  - " + l).collect(Collectors.joining("\n"));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing --" + name + "=...");
        }
        return value;
    }
}
