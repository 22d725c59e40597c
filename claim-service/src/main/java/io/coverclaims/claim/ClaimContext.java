package io.coverclaims.claim;

import io.coverclaims.claim.domain.claim.ClaimCommand;
import io.coverclaims.claim.domain.claim.ClaimDecider;
import io.coverclaims.claim.domain.claim.ClaimEvent;
import io.coverclaims.claim.domain.claim.ClaimsState;
import io.coverclaims.claim.domain.group.GroupCommand;
import io.coverclaims.claim.domain.group.GroupDecider;
import io.coverclaims.claim.domain.group.GroupEvent;
import io.coverclaims.claim.domain.group.GroupState;
import io.coverclaims.claim.domain.incident.IncidentCommand;
import io.coverclaims.claim.domain.incident.IncidentDecider;
import io.coverclaims.claim.domain.incident.IncidentEvent;
import io.coverclaims.claim.domain.incident.IncidentState;
import io.coverclaims.platform.governance.Capability;
import io.coverclaims.platform.governance.PauseKey;
import io.coverclaims.platform.streams.AggregateType;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.schemas.claim.AdmitIncidentClaim;
import io.coverclaims.schemas.claim.AppealClaim;
import io.coverclaims.schemas.claim.CastAssessmentVote;
import io.coverclaims.schemas.claim.CloseAppealWindow;
import io.coverclaims.schemas.claim.CloseAssessment;
import io.coverclaims.schemas.claim.CloseIncidentWindow;
import io.coverclaims.schemas.claim.DecideAppeal;
import io.coverclaims.schemas.claim.DeclareIncident;
import io.coverclaims.schemas.claim.FinalizeAssessment;
import io.coverclaims.schemas.claim.MarkClaimPaid;
import io.coverclaims.schemas.claim.OpenParametricClaim;
import io.coverclaims.schemas.claim.RecordAppealBond;
import io.coverclaims.schemas.claim.RecordClaimDeposit;
import io.coverclaims.schemas.claim.RecordPayoutDeclined;
import io.coverclaims.schemas.claim.RegisterIncidentClaim;
import io.coverclaims.schemas.claim.ReleaseClaimPayout;
import io.coverclaims.schemas.claim.ResolveIncidentClaim;
import io.coverclaims.schemas.claim.SettleClaim;
import io.coverclaims.schemas.claim.SubmitClaim;
import io.coverclaims.schemas.claim.VoidAssessmentVote;
import io.coverclaims.schemas.claim.WithdrawClaim;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The claim context as the kernel runs it: its three aggregates and, by convention, its claim.* topics. Their ids
 * never collide: a policy's claims are keyed by the policy id ({@code cov-…}), incidents by {@code inc-…}, assessor
 * groups by {@code grp-…}.
 */
@ApplicationScoped
public class ClaimContext {

    public static final String NAME = "claim";

    public static final String NAMESPACE = "io.coverclaims.schemas.claim";

    /** A policy's claims (id: the policy id): one open claim at a time, never paid beyond the cover. */
    public static final AggregateType<ClaimCommand, ClaimEvent, ClaimsState> CLAIMS = AggregateType.of(
                    "claims", ClaimDecider.DECIDER, ClaimCommand.class, ClaimEvent.class, NAMESPACE)
            .build();

    /** An incident (id {@code inc-…}): one exploit, many claims, one payout ratio. */
    public static final AggregateType<IncidentCommand, IncidentEvent, IncidentState> INCIDENT = AggregateType.of(
                    "incident", IncidentDecider.DECIDER, IncidentCommand.class, IncidentEvent.class, NAMESPACE)
            .build();

    /** An assessor group (id {@code grp-…}): who votes on a category's claims, or decides appeals. */
    public static final AggregateType<GroupCommand, GroupEvent, GroupState> GROUP = AggregateType.of(
                    "group", GroupDecider.DECIDER, GroupCommand.class, GroupEvent.class, NAMESPACE)
            .build();

    /** The claim context, governed: claims, assessment and parametric payouts stop while paused. */
    public static final BoundedContext CONTEXT =
            BoundedContext.of(NAME, CLAIMS, INCIDENT, GROUP).pausedBy(ClaimContext::pausedBy);

    /**
     * What a claim command needs to be running. {@code claims}: submitting and withdrawing a claim and every step of
     * the claim's lifecycle the sagas and the scheduler take (deposit observed, payout released, settled, paid,
     * declined, appeal window closed, an incident's claims), scoped to the pool when the command names it;
     * {@code assessment}: votes, voiding, closing and finalising the assessment, appeals and their bonds and decisions;
     * {@code parametric-triggers}: opening a parametric claim and declaring a trigger's incident (scoped to the
     * trigger: the commands do not carry the feed). Appointing assessor groups is not paused.
     */
    static Optional<PauseKey> pausedBy(SpecificRecord command) {
        return switch (command) {
            case SubmitClaim submit -> claims(submit.getPoolId());
            case WithdrawClaim withdraw -> claims(null);
            case RecordClaimDeposit deposit -> claims(null);
            case CloseAppealWindow close -> claims(null);
            case ReleaseClaimPayout release -> claims(null);
            case RecordPayoutDeclined declined -> claims(null);
            case SettleClaim settle -> claims(settle.getPoolId());
            case MarkClaimPaid paid -> claims(null);
            case RegisterIncidentClaim register -> claims(register.getPoolId());
            case AdmitIncidentClaim admit -> claims(admit.getPoolId());
            case ResolveIncidentClaim resolve -> claims(null);
            case CloseIncidentWindow close -> claims(null);
            case DeclareIncident declare ->
                declare.getTriggerId() != null
                        ? Optional.of(PauseKey.of(Capability.PARAMETRIC_TRIGGERS, declare.getTriggerId()))
                        : claims(null);
            case OpenParametricClaim open ->
                Optional.of(PauseKey.of(Capability.PARAMETRIC_TRIGGERS, open.getTriggerId()));
            case CastAssessmentVote vote -> assessment();
            case VoidAssessmentVote vote -> assessment();
            case CloseAssessment close -> assessment();
            case FinalizeAssessment finalise -> assessment();
            case AppealClaim appeal -> assessment();
            case RecordAppealBond bond -> assessment();
            case DecideAppeal decision -> assessment();
            default -> Optional.empty();
        };
    }

    private static Optional<PauseKey> claims(String poolId) {
        return Optional.of(PauseKey.of(Capability.CLAIMS, poolId));
    }

    private static Optional<PauseKey> assessment() {
        return Optional.of(PauseKey.of(Capability.ASSESSMENT));
    }

    @Produces
    @Singleton
    BoundedContext context() {
        return CONTEXT;
    }
}
