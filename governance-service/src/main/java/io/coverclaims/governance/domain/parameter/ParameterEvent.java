package io.coverclaims.governance.domain.parameter;

import java.time.Instant;

/** What happened to a parameter. */
public sealed interface ParameterEvent {

    record ParameterInitialized(ParameterValue value, String description) implements ParameterEvent {}

    /** Applied to decisions made from {@code effectiveAt} (the time of the change: the proposal's execution). */
    record ParameterChanged(String proposalId, ParameterValue value, ParameterValue previous, Instant effectiveAt)
            implements ParameterEvent {}
}
