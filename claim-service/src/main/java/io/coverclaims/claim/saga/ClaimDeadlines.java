package io.coverclaims.claim.saga;

import io.coverclaims.claim.domain.ClaimIds;
import io.coverclaims.platform.schedule.Deadline;
import io.coverclaims.platform.schedule.DeadlinePlanner;
import io.coverclaims.platform.schedule.DeadlineScheduler;
import io.coverclaims.schemas.claim.AssessmentClosed;
import io.coverclaims.schemas.claim.AssessmentOpened;
import io.coverclaims.schemas.claim.AssessmentVoteCast;
import io.coverclaims.schemas.claim.ClaimAppealed;
import io.coverclaims.schemas.claim.ClaimDenied;
import io.coverclaims.schemas.claim.ClaimWithdrawn;
import io.coverclaims.schemas.claim.CloseAppealWindow;
import io.coverclaims.schemas.claim.CloseAssessment;
import io.coverclaims.schemas.claim.CloseIncidentWindow;
import io.coverclaims.schemas.claim.FinalizeAssessment;
import io.coverclaims.schemas.claim.IncidentDeclared;
import io.coverclaims.schemas.common.EventMetadata;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The claim deadlines, planned from claim.events; each command is issued at its due time, so its decision is
 * clock-free and a replay decides the same:
 * <ul>
 *   <li>AssessmentOpened, AssessmentVoteCast: CloseAssessment at the voting end (a late vote moves it);</li>
 *   <li>AssessmentClosed: FinalizeAssessment at the end of the cooldown;</li>
 *   <li>ClaimDenied: CloseAppealWindow at the appeal deadline (dropped when the claim is appealed);</li>
 *   <li>IncidentDeclared: CloseIncidentWindow at the end of its claim window.</li>
 * </ul>
 * A deadline that fires after the claim moved on is harmless: the decider treats it as nothing to do. The reactions of
 * {@link ClaimSagas#onClaimEvent} to claim-service's own events are sent at once ({@link Deadline#now}), because the
 * topology reads claim.events through this scheduler's source.
 */
public final class ClaimDeadlines implements DeadlinePlanner {

    public static final String ACTOR = "claim-service/scheduler";

    static String votingKey(String claimId) {
        return "voting/" + claimId;
    }

    static String cooldownKey(String claimId) {
        return "cooldown/" + claimId;
    }

    static String appealKey(String claimId) {
        return "appeal/" + claimId;
    }

    @Override
    public List<Deadline> plan(SpecificRecord event) {
        List<Deadline> plans = new java.util.ArrayList<>(deadlines(event));
        ClaimSagas.onClaimEvent(event).forEach(command -> plans.add(Deadline.now(command)));
        return plans;
    }

    private static List<Deadline> deadlines(SpecificRecord event) {
        return switch (event) {
            case AssessmentOpened e -> List.of(closeVoting(e.getMetadata(), e.getClaimId(), e.getVotingEndsAt()));
            case AssessmentVoteCast e -> List.of(closeVoting(e.getMetadata(), e.getClaimId(), e.getVotingEndsAt()));
            case AssessmentClosed e ->
                List.of(
                        Deadline.cancel(votingKey(e.getClaimId())),
                        Deadline.at(
                                cooldownKey(e.getClaimId()),
                                e.getCooldownEndsAt(),
                                FinalizeAssessment.newBuilder()
                                        .setMetadata(metadata(
                                                e.getMetadata(), e.getClaimId(), "finalize", e.getCooldownEndsAt()))
                                        .setClaimId(e.getClaimId())
                                        .build()));
            case ClaimDenied e ->
                List.of(Deadline.at(
                        appealKey(e.getClaimId()),
                        e.getAppealDeadline(),
                        CloseAppealWindow.newBuilder()
                                .setMetadata(metadata(
                                        e.getMetadata(), e.getClaimId(), "close-appeal-window", e.getAppealDeadline()))
                                .setClaimId(e.getClaimId())
                                .build()));
            case ClaimAppealed e -> List.of(Deadline.cancel(appealKey(e.getClaimId())));
            case ClaimWithdrawn e -> List.of(Deadline.cancel(votingKey(e.getClaimId())));
            case IncidentDeclared e ->
                List.of(Deadline.at(
                        "incident-window/" + e.getIncidentId(),
                        e.getClaimWindowEndsAt(),
                        CloseIncidentWindow.newBuilder()
                                .setMetadata(DeadlineScheduler.metadata(
                                        e.getMetadata(),
                                        e.getIncidentId(),
                                        "close-incident-window",
                                        ACTOR,
                                        e.getClaimWindowEndsAt()))
                                .setIncidentId(e.getIncidentId())
                                .build()));
            default -> List.of();
        };
    }

    private static Deadline closeVoting(EventMetadata cause, String claimId, Instant votingEndsAt) {
        return Deadline.at(
                votingKey(claimId),
                votingEndsAt,
                CloseAssessment.newBuilder()
                        .setMetadata(metadata(cause, claimId, "close-voting", votingEndsAt))
                        .setClaimId(claimId)
                        .build());
    }

    /** A scheduled claim command: keyed by the claim's policy (the aggregate), issued at its due time. */
    private static io.coverclaims.schemas.common.CommandMetadata metadata(
            EventMetadata cause, String claimId, String step, Instant dueAt) {
        return DeadlineScheduler.metadata(cause, ClaimIds.policyIdOf(claimId), step, ACTOR, dueAt);
    }
}
