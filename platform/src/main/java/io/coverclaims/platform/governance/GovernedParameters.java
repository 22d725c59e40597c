package io.coverclaims.platform.governance;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The governed parameters as governance.events set them (ParameterInitialized, ParameterChanged): name → value, when
 * it took effect and the proposal that set it. Pure. A context prefers a governed value when there is one and falls
 * back to its configuration otherwise, and records the value it used in the decision, so a replay never consults
 * today's parameters.
 */
public final class GovernedParameters {

    public static final GovernedParameters NONE = new GovernedParameters(Map.of());

    private final Map<String, GovernedParameter> byName;

    private GovernedParameters(Map<String, GovernedParameter> byName) {
        this.byName = Map.copyOf(byName);
    }

    public static GovernedParameters of(Collection<GovernedParameter> parameters) {
        Map<String, GovernedParameter> byName = new TreeMap<>();
        parameters.forEach(parameter -> byName.put(parameter.name(), parameter));
        return new GovernedParameters(byName);
    }

    /** The parameters after {@code parameter} took a (first or new) value. */
    public GovernedParameters with(GovernedParameter parameter) {
        Map<String, GovernedParameter> next = new TreeMap<>(byName);
        next.put(parameter.name(), parameter);
        return new GovernedParameters(next);
    }

    public Optional<GovernedParameter> parameter(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The value of a numeric parameter, if governance has set one (a string value counts as none). */
    public Optional<Long> longValue(String name) {
        return parameter(name).map(GovernedParameter::longValue);
    }

    public Optional<String> stringValue(String name) {
        return parameter(name).map(GovernedParameter::stringValue);
    }

    /** The governed value, or {@code fallback} (the context's configuration) when governance has set none. */
    public long longValue(String name, long fallback) {
        return longValue(name).orElse(fallback);
    }

    public Collection<GovernedParameter> all() {
        return byName.values();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GovernedParameters parameters && parameters.byName.equals(byName);
    }

    @Override
    public int hashCode() {
        return byName.hashCode();
    }

    @Override
    public String toString() {
        return "GovernedParameters" + byName.values();
    }
}
