package io.coverclaims.schemas.parameters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every governed parameter, read from {@value #RESOURCE} on the classpath: governance-service initializes them from it
 * at genesis and checks proposals against its bounds; docs/parameters.md is generated from it.
 */
public final class ParameterCatalogue {

    public static final String RESOURCE = "parameter-catalogue.json";

    private record Entry(
            String name,
            String owner,
            String type,
            String unit,
            @JsonProperty("default") String defaultValue,
            String min,
            String max,
            String description) {}

    private record Document(String about, List<Entry> parameters) {}

    private final Map<String, ParameterSpec> byName;

    private ParameterCatalogue(List<ParameterSpec> parameters) {
        Map<String, ParameterSpec> map = new LinkedHashMap<>();
        for (ParameterSpec p : parameters) {
            if (map.put(p.name(), p) != null) {
                throw new IllegalStateException("parameter " + p.name() + " is listed twice in the catalogue");
            }
        }
        this.byName = java.util.Collections.unmodifiableMap(map);
    }

    public static ParameterCatalogue load() {
        try (InputStream in = ParameterCatalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public static ParameterCatalogue parse(InputStream json) throws IOException {
        Document document = new ObjectMapper().readValue(json, Document.class);
        return new ParameterCatalogue(document.parameters().stream()
                .map(e -> new ParameterSpec(
                        e.name(), e.owner(), e.type(), e.unit(), e.defaultValue(), e.min(), e.max(), e.description()))
                .toList());
    }

    public List<ParameterSpec> parameters() {
        return List.copyOf(byName.values());
    }

    public Optional<ParameterSpec> parameter(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<ParameterSpec> ownedBy(String service) {
        return byName.values().stream().filter(p -> p.owner().equals(service)).toList();
    }
}
