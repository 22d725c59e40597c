package io.coverclaims.governance.domain.parameter;

import io.coverclaims.governance.domain.parameter.ParameterCommand.ApplyParameterChange;
import io.coverclaims.governance.domain.parameter.ParameterCommand.InitializeParameter;
import io.coverclaims.governance.domain.parameter.ParameterEvent.ParameterChanged;
import io.coverclaims.governance.domain.parameter.ParameterEvent.ParameterInitialized;
import io.coverclaims.governance.domain.parameter.ParameterState.NoParameter;
import io.coverclaims.governance.domain.parameter.ParameterState.Parameter;
import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Decision;

/**
 * A governed parameter: initialized once at genesis, then changed only by an executed proposal (the proposal checked
 * the value against the catalogue's bounds when it was made). Each change records the value before it.
 */
public final class ParameterDecider {

    public static final Decider<ParameterCommand, ParameterEvent, ParameterState> DECIDER =
            Decider.of(new NoParameter(), ParameterDecider::decide, ParameterDecider::evolve);

    private ParameterDecider() {}

    static Decision<ParameterEvent> decide(ParameterCommand command, ParameterState state) {
        return switch (command) {
            case InitializeParameter c -> initialize(c, state);
            case ApplyParameterChange c -> apply(c, state);
        };
    }

    private static Decision<ParameterEvent> initialize(InitializeParameter c, ParameterState state) {
        if (state instanceof Parameter) {
            return Decision.reject("ALREADY_INITIALIZED", c.aggregateId() + " has its genesis value already", "value");
        }
        return checked(c.aggregateId(), c.value())
                .orElseGet(() -> Decision.accept(new ParameterInitialized(c.value(), c.description())));
    }

    private static Decision<ParameterEvent> apply(ApplyParameterChange c, ParameterState state) {
        if (c.proposalId() == null || c.proposalId().isBlank()) {
            return Decision.reject(
                    "PROPOSAL_REQUIRED", "a parameter changes only by an executed proposal", "proposalId");
        }
        ParameterValue previous = state instanceof Parameter p ? p.value() : null;
        return checked(c.aggregateId(), c.value())
                .orElseGet(() -> Decision.accept(new ParameterChanged(c.proposalId(), c.value(), previous, c.at())));
    }

    private static java.util.Optional<Decision<ParameterEvent>> checked(String aggregateId, ParameterValue value) {
        if (value == null || !value.wellFormed()) {
            return java.util.Optional.of(
                    Decision.reject("INVALID_VALUE", "exactly one of longValue and stringValue must be set", "value"));
        }
        if (!value.name().equals(aggregateId)) {
            return java.util.Optional.of(Decision.reject(
                    "WRONG_PARAMETER", "the value names " + value.name() + ", not " + aggregateId, "value.name"));
        }
        return java.util.Optional.empty();
    }

    static ParameterState evolve(ParameterState state, ParameterEvent event) {
        return switch (event) {
            case ParameterInitialized e -> new Parameter(e.value(), e.description());
            case ParameterChanged e ->
                state instanceof Parameter p ? p.withValue(e.value()) : new Parameter(e.value(), "");
        };
    }
}
