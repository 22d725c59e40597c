package io.coverclaims.governance.domain.parameter;

/** A parameter's lifecycle: none yet, or its current value. */
public sealed interface ParameterState {

    record NoParameter() implements ParameterState {}

    record Parameter(ParameterValue value, String description) implements ParameterState {
        Parameter withValue(ParameterValue next) {
            return new Parameter(next, description);
        }
    }
}
