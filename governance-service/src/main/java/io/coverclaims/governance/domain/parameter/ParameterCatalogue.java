package io.coverclaims.governance.domain.parameter;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every governed parameter (schemas' parameter-catalogue.json, loaded at the edge): a proposal may change only these,
 * within their bounds.
 */
public final class ParameterCatalogue {

    private final Map<String, ParameterSpec> byName;

    private ParameterCatalogue(Map<String, ParameterSpec> byName) {
        this.byName = byName;
    }

    public static ParameterCatalogue of(Collection<ParameterSpec> specs) {
        Map<String, ParameterSpec> byName = new LinkedHashMap<>();
        for (ParameterSpec spec : specs) {
            if (byName.put(spec.name(), spec) != null) {
                throw new IllegalArgumentException("parameter " + spec.name() + " is listed twice");
            }
        }
        return new ParameterCatalogue(byName);
    }

    public Optional<ParameterSpec> spec(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** In the catalogue's order. */
    public List<ParameterSpec> specs() {
        return List.copyOf(byName.values());
    }
}
