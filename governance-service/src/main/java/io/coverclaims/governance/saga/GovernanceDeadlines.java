package io.coverclaims.governance.saga;

import io.coverclaims.governance.domain.pause.GuardianSet;
import io.coverclaims.governance.domain.pause.PauseDecider;
import io.coverclaims.platform.schedule.Deadline;
import io.coverclaims.platform.schedule.DeadlinePlanner;
import io.coverclaims.platform.schedule.DeadlineScheduler;
import io.coverclaims.platform.streams.CausedBy;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.governance.ApplyParameterChange;
import io.coverclaims.schemas.governance.CloseProposalVoting;
import io.coverclaims.schemas.governance.ExecuteProposal;
import io.coverclaims.schemas.governance.ExpirePauseChange;
import io.coverclaims.schemas.governance.ParameterValue;
import io.coverclaims.schemas.governance.PauseChangeExpired;
import io.coverclaims.schemas.governance.PauseChangeRequested;
import io.coverclaims.schemas.governance.PauseFlagChanged;
import io.coverclaims.schemas.governance.ProposalAction;
import io.coverclaims.schemas.governance.ProposalActionKind;
import io.coverclaims.schemas.governance.ProposalCancelled;
import io.coverclaims.schemas.governance.ProposalCreated;
import io.coverclaims.schemas.governance.ProposalExecuted;
import io.coverclaims.schemas.governance.ProposalPassed;
import io.coverclaims.schemas.governance.SetGuardians;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Governance's deadlines and its reactions to its own events, planned from governance.events:
 *
 * <ul>
 *   <li>ProposalCreated: CloseProposalVoting at votingEndsAt (dropped when the proposal is cancelled);
 *   <li>ProposalPassed: ExecuteProposal at executableAt, the end of the timelock; nobody calls;
 *   <li>ProposalExecuted: at once, ApplyParameterChange to each changed parameter, and SetGuardians (with the
 *       proposal id) for a SET_GUARDIANS action. Other actions are carried out by the contexts that own them
 *       (claim-service, oracle-service, chain-bridge), from governance.events;
 *   <li>PauseChangeRequested: ExpirePauseChange at expiresAt (dropped when the flag changes or the request expires).
 * </ul>
 *
 * Every command's id derives from the event that planned it, and a scheduled one is issued at its deadline, so a
 * replay decides the same and a re-sent command is decided once.
 */
public final class GovernanceDeadlines implements DeadlinePlanner {

    public static final String ACTOR = "governance-service/scheduler";

    static String closeKey(String proposalId) {
        return "close/" + proposalId;
    }

    static String executeKey(String proposalId) {
        return "execute/" + proposalId;
    }

    static String expireKey(String requestId) {
        return "expire/" + requestId;
    }

    @Override
    public List<Deadline> plan(SpecificRecord event) {
        return switch (event) {
            case ProposalCreated e ->
                List.of(Deadline.at(
                        closeKey(e.getProposalId()),
                        e.getVotingEndsAt(),
                        CloseProposalVoting.newBuilder()
                                .setMetadata(DeadlineScheduler.metadata(
                                        e.getMetadata(), e.getProposalId(), "close-voting", ACTOR, e.getVotingEndsAt()))
                                .setProposalId(e.getProposalId())
                                .build()));
            case ProposalCancelled e -> List.of(Deadline.cancel(closeKey(e.getProposalId())));
            case ProposalPassed e ->
                List.of(Deadline.at(
                        executeKey(e.getProposalId()),
                        e.getExecutableAt(),
                        ExecuteProposal.newBuilder()
                                .setMetadata(DeadlineScheduler.metadata(
                                        e.getMetadata(), e.getProposalId(), "execute", ACTOR, e.getExecutableAt()))
                                .setProposalId(e.getProposalId())
                                .build()));
            case ProposalExecuted e -> onExecuted(e).stream().map(Deadline::now).toList();
            case PauseChangeRequested e ->
                List.of(Deadline.at(
                        expireKey(e.getRequestId()),
                        e.getExpiresAt(),
                        ExpirePauseChange.newBuilder()
                                .setMetadata(DeadlineScheduler.metadata(
                                        e.getMetadata(),
                                        PauseDecider.AGGREGATE_ID,
                                        "expire/" + e.getRequestId(),
                                        ACTOR,
                                        e.getExpiresAt()))
                                .setRequestId(e.getRequestId())
                                .build()));
            case PauseFlagChanged e -> List.of(Deadline.cancel(expireKey(e.getRequestId())));
            case PauseChangeExpired e -> List.of(Deadline.cancel(expireKey(e.getRequestId())));
            default -> List.of();
        };
    }

    /** What an executed proposal makes governance-service do: each parameter change, and a new guardian set. */
    public static List<SpecificRecord> onExecuted(ProposalExecuted e) {
        EventMetadata cause = e.getMetadata();
        List<SpecificRecord> commands = new ArrayList<>();
        for (ParameterValue change : e.getChanges()) {
            commands.add(ApplyParameterChange.newBuilder()
                    .setMetadata(CausedBy.metadata(cause, change.getName(), "apply/" + change.getName(), ACTOR))
                    .setProposalId(e.getProposalId())
                    .setValue(ParameterValue.newBuilder(change).build())
                    .build());
        }
        int index = 0;
        for (ProposalAction action : e.getActions()) {
            if (action.getKind() == ProposalActionKind.SET_GUARDIANS) {
                commands.add(SetGuardians.newBuilder()
                        .setMetadata(
                                CausedBy.metadata(cause, PauseDecider.AGGREGATE_ID, "set-guardians/" + index, ACTOR))
                        .setGuardians(
                                GuardianSet.parseGuardians(action.getArguments().get(GuardianSet.GUARDIANS_ARGUMENT)))
                        .setThreshold(
                                GuardianSet.parseThreshold(action.getArguments().get(GuardianSet.THRESHOLD_ARGUMENT)))
                        .setProposalId(e.getProposalId())
                        .build());
            }
            index++;
        }
        return commands;
    }
}
