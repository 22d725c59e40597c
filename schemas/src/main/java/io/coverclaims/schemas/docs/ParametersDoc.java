package io.coverclaims.schemas.docs;

import io.coverclaims.schemas.parameters.ParameterCatalogue;
import io.coverclaims.schemas.parameters.ParameterSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders docs/parameters.md from the parameter catalogue (./claims docs); a test keeps the file in step. */
public final class ParametersDoc {

    private ParametersDoc() {}

    public static void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(ParameterCatalogue.load()), StandardCharsets.UTF_8);
    }

    public static String render(ParameterCatalogue catalogue) {
        Map<String, List<ParameterSpec>> byOwner = new LinkedHashMap<>();
        catalogue
                .parameters()
                .forEach(p -> byOwner.computeIfAbsent(p.owner(), o -> new ArrayList<>())
                        .add(p));
        StringBuilder md = new StringBuilder("""
                # Governed parameters

                <!-- Generated from schemas/src/main/resources/parameter-catalogue.json by io.coverclaims.schemas.docs.ParametersDoc.
                     Do not edit: change the catalogue and run ./claims docs. -->

                Every number below changes only through a passed, timelocked proposal (see [governance.md](governance.md)).
                governance-service initializes each one from its default at genesis (`ParameterInitialized`) and
                records every change (`ParameterChanged`, with the proposal and the previous value) on
                `governance.events`. The owner context reads that topic into its own read model and records the value
                each decision used in the decision's event, so a replay never consults today's parameters. A proposal
                whose value lies outside the bounds is refused (`OUT_OF_BOUNDS`, naming the change).
                """);
        byOwner.forEach((owner, parameters) -> {
            md.append("\n## ").append(owner).append("\n\n");
            md.append("| Parameter | Type | Unit | Default | Min | Max | Meaning |\n");
            md.append("|---|---|---|---|---|---|---|\n");
            for (ParameterSpec p : parameters) {
                md.append("| `")
                        .append(p.name())
                        .append("` | ")
                        .append(p.type())
                        .append(" | ")
                        .append(p.unit())
                        .append(" | ")
                        .append(p.render(p.defaultLong()))
                        .append(" | ")
                        .append(p.render(p.minLong()))
                        .append(" | ")
                        .append(p.render(p.maxLong()))
                        .append(" | ")
                        .append(p.description().replace("|", "\\|"))
                        .append(" |\n");
            }
        });
        return md.toString();
    }
}
