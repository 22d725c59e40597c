package io.coverclaims.schemas.docs;

import io.coverclaims.schemas.topics.TopicCatalogue;
import io.coverclaims.schemas.topics.TopicSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders docs/topics.md from the topic catalogue (./claims docs); a test keeps the file in step. */
public final class TopicsDoc {

    private TopicsDoc() {}

    public static void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(TopicCatalogue.load()), StandardCharsets.UTF_8);
    }

    public static String render(TopicCatalogue catalogue) {
        Map<String, List<TopicSpec>> byContext = new LinkedHashMap<>();
        catalogue
                .topics()
                .forEach(t -> byContext
                        .computeIfAbsent(t.context(), c -> new ArrayList<>())
                        .add(t));
        StringBuilder md = new StringBuilder("""
                # Topics

                <!-- Generated from schemas/src/main/resources/topic-catalogue.json by io.coverclaims.schemas.docs.TopicsDoc.
                     Do not edit: change the catalogue and run ./claims docs. -->

                Each topic has one writer, its owner. Keys are aggregate ids, so a context's commands, events and
                command outcomes are co-partitioned. Values are Avro single-object encoded (see [schemas.md](schemas.md)).
                """);
        byContext.forEach((context, topics) -> {
            md.append("\n## ").append(context).append("\n\n");
            md.append("| Topic | Partitions | Cleanup | Retention | Key | Value types | Owner | Description |\n");
            md.append("|---|---|---|---|---|---|---|---|\n");
            for (TopicSpec t : topics) {
                md.append("| `")
                        .append(t.name())
                        .append("` | ")
                        .append(t.partitions())
                        .append(" | ")
                        .append(t.cleanupPolicy())
                        .append(" | ")
                        .append(retention(t.retentionMs()))
                        .append(" | ")
                        .append(cell(t.key()))
                        .append(" | ")
                        .append(valueTypes(t.values()))
                        .append(" | ")
                        .append(t.owner())
                        .append(" | ")
                        .append(cell(t.description()))
                        .append(" |\n");
            }
        });
        return md.toString();
    }

    private static String retention(long ms) {
        if (ms < 0) {
            return "forever";
        }
        Duration d = Duration.ofMillis(ms);
        if (d.toMillis() % Duration.ofDays(1).toMillis() == 0) {
            return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        }
        return ms + " ms";
    }

    private static String valueTypes(List<String> values) {
        return values.stream()
                .map(v -> v.matches("[\\w.$]+\\.[A-Z]\\w*") ? "`" + v.substring(v.lastIndexOf('.') + 1) + "`" : cell(v))
                .collect(Collectors.joining(", "));
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
