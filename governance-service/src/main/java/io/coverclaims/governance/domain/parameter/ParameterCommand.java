package io.coverclaims.governance.domain.parameter;

import java.time.Instant;

/** What a parameter (id: its name) is asked to do. */
public sealed interface ParameterCommand {

    /** The parameter's name: the aggregate id. */
    String aggregateId();

    /** Genesis only: the parameter's first value (the catalogue default, or the deployment's override). */
    record InitializeParameter(String aggregateId, ParameterValue value, String description, Instant at)
            implements ParameterCommand {}

    /** The process manager, on ProposalExecuted: one change of the executed proposal. */
    record ApplyParameterChange(String aggregateId, String proposalId, ParameterValue value, Instant at)
            implements ParameterCommand {}
}
