package io.coverclaims.governance;

import io.coverclaims.governance.domain.parameter.ParameterCommand;
import io.coverclaims.governance.domain.parameter.ParameterDecider;
import io.coverclaims.governance.domain.parameter.ParameterEvent;
import io.coverclaims.governance.domain.parameter.ParameterState;
import io.coverclaims.governance.domain.pause.PauseCommand;
import io.coverclaims.governance.domain.pause.PauseDecider;
import io.coverclaims.governance.domain.pause.PauseEvent;
import io.coverclaims.governance.domain.pause.PauseState;
import io.coverclaims.governance.domain.proposal.ProposalCommand;
import io.coverclaims.governance.domain.proposal.ProposalDecider;
import io.coverclaims.governance.domain.proposal.ProposalEvent;
import io.coverclaims.governance.domain.proposal.ProposalState;
import io.coverclaims.platform.streams.AggregateType;
import io.coverclaims.platform.streams.BoundedContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The governance context as the kernel runs it, on governance.commands/events/command-outcomes: three aggregates,
 * each id distinct from the others'. A parameter (id: its dotted name, {@code claim.depositUnits}) holds its current
 * value; a proposal (id {@code prop-…}) its snapshot, rules, votes and outcome; the pause flags (the single id
 * {@code pause-flags}) the guardian set, every flag and the pending pause requests.
 */
@ApplicationScoped
public class GovernanceContext {

    public static final String NAME = "governance";

    public static final String NAMESPACE = "io.coverclaims.schemas.governance";

    public static final AggregateType<ParameterCommand, ParameterEvent, ParameterState> PARAMETER = AggregateType.of(
                    "parameter", ParameterDecider.DECIDER, ParameterCommand.class, ParameterEvent.class, NAMESPACE)
            .build();

    public static final AggregateType<ProposalCommand, ProposalEvent, ProposalState> PROPOSAL = AggregateType.of(
                    "proposal",
                    ProposalDecider.decider(GovernanceCatalogue.get()),
                    ProposalCommand.class,
                    ProposalEvent.class,
                    NAMESPACE)
            .build();

    public static final AggregateType<PauseCommand, PauseEvent, PauseState> PAUSE_FLAGS = AggregateType.of(
                    "pause-flags", PauseDecider.DECIDER, PauseCommand.class, PauseEvent.class, NAMESPACE)
            .build();

    public static final BoundedContext CONTEXT = BoundedContext.of(NAME, PARAMETER, PROPOSAL, PAUSE_FLAGS);

    @Produces
    @Singleton
    BoundedContext context() {
        return CONTEXT;
    }
}
