package io.coverclaims.claim.domain.claim;

import io.coverclaims.claim.domain.claim.ClaimCommand.AppealClaim;
import io.coverclaims.claim.domain.claim.ClaimCommand.CastAssessmentVote;
import io.coverclaims.claim.domain.claim.ClaimCommand.CloseAppealWindow;
import io.coverclaims.claim.domain.claim.ClaimCommand.CloseAssessment;
import io.coverclaims.claim.domain.claim.ClaimCommand.DecideAppeal;
import io.coverclaims.claim.domain.claim.ClaimCommand.FinalizeAssessment;
import io.coverclaims.claim.domain.claim.ClaimCommand.MarkClaimPaid;
import io.coverclaims.claim.domain.claim.ClaimCommand.OpenParametricClaim;
import io.coverclaims.claim.domain.claim.ClaimCommand.RecordAppealBond;
import io.coverclaims.claim.domain.claim.ClaimCommand.RecordClaimDeposit;
import io.coverclaims.claim.domain.claim.ClaimCommand.RecordPayoutDeclined;
import io.coverclaims.claim.domain.claim.ClaimCommand.ReleaseClaimPayout;
import io.coverclaims.claim.domain.claim.ClaimCommand.SettleClaim;
import io.coverclaims.claim.domain.claim.ClaimCommand.SubmitClaim;
import io.coverclaims.claim.domain.claim.ClaimCommand.VoidAssessmentVote;
import io.coverclaims.claim.domain.claim.ClaimCommand.WithdrawClaim;
import io.coverclaims.claim.domain.claim.ClaimEvent.AppealBondReceived;
import io.coverclaims.claim.domain.claim.ClaimEvent.AppealDecided;
import io.coverclaims.claim.domain.claim.ClaimEvent.AssessmentClosed;
import io.coverclaims.claim.domain.claim.ClaimEvent.AssessmentOpened;
import io.coverclaims.claim.domain.claim.ClaimEvent.AssessmentVoteCast;
import io.coverclaims.claim.domain.claim.ClaimEvent.AssessmentVoteVoided;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimAccepted;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimAppealed;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimClosed;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimDenied;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimDepositReceived;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimPaid;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimPayoutDeclined;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimPayoutRequested;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimRefundDue;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimSettled;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimSubmitted;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimWithdrawn;
import io.coverclaims.claim.domain.claim.ClaimEvent.ParametricClaimOpened;
import io.coverclaims.claim.domain.claim.ClaimEvent.PayoutRefused;
import io.coverclaims.claim.domain.claim.ClaimPhase.Acceptance;
import io.coverclaims.claim.domain.claim.ClaimPhase.Accepted;
import io.coverclaims.claim.domain.claim.ClaimPhase.Appeal;
import io.coverclaims.claim.domain.claim.ClaimPhase.Appealed;
import io.coverclaims.claim.domain.claim.ClaimPhase.Assessing;
import io.coverclaims.claim.domain.claim.ClaimPhase.AwaitingDeposit;
import io.coverclaims.claim.domain.claim.ClaimPhase.Closed;
import io.coverclaims.claim.domain.claim.ClaimPhase.Cooldown;
import io.coverclaims.claim.domain.claim.ClaimPhase.Denial;
import io.coverclaims.claim.domain.claim.ClaimPhase.Denied;
import io.coverclaims.claim.domain.claim.ClaimPhase.Paid;
import io.coverclaims.claim.domain.claim.ClaimPhase.ParametricOpened;
import io.coverclaims.claim.domain.claim.ClaimPhase.PayoutDeclined;
import io.coverclaims.claim.domain.claim.ClaimPhase.PayoutRequest;
import io.coverclaims.claim.domain.claim.ClaimPhase.PayoutRequested;
import io.coverclaims.claim.domain.claim.ClaimPhase.Settled;
import io.coverclaims.claim.domain.claim.ClaimPhase.UnderAppeal;
import io.coverclaims.claim.domain.claim.ClaimPhase.Vote;
import io.coverclaims.claim.domain.claim.ClaimPhase.Withdrawn;
import io.coverclaims.claim.domain.claim.ClaimsState.Claim;
import io.coverclaims.claim.domain.claim.ClaimsState.NoClaims;
import io.coverclaims.claim.domain.claim.ClaimsState.PolicyClaims;
import io.coverclaims.claim.domain.claim.ClaimsState.Submission;
import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.money.Money;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A policy's claims (aggregate "claims", id = the policy id): which rule group decides each command, and how each
 * event changes the claims. One aggregate holds every claim of the policy, so "one open claim per policy" and "never
 * paid beyond the cover" are decided atomically. Pure: time is the command's {@code at}; parameters are the claim's
 * {@link ClaimRules}, recorded when it was submitted.
 *
 * <p>Rule groups: {@link SubmissionRules} (submission, deposit, withdrawal), {@link AssessmentRules} (votes, tally,
 * cooldown, finalization), {@link AppealRules} (appeal, bond, decision, window), {@link SettlementRules} (payout
 * request, settlement, payment), {@link ParametricRules} (claims opened and accepted by an oracle trigger).
 */
public final class ClaimDecider {

    public static final Decider<ClaimCommand, ClaimEvent, ClaimsState> DECIDER =
            Decider.of(ClaimsState.INITIAL, ClaimDecider::decide, ClaimDecider::evolve);

    /** 100 % in parts per million. */
    public static final long FULL_RATIO_PPM = 1_000_000;

    private ClaimDecider() {}

    // ------------------------------------------------------------------ decide

    public static Decision<ClaimEvent> decide(ClaimCommand command, ClaimsState state) {
        return switch (command) {
            case SubmitClaim c -> SubmissionRules.submit(c, state);
            case OpenParametricClaim c -> ParametricRules.open(c, state);
            case RecordClaimDeposit c ->
                onClaim(c, state, (claims, claim) -> SubmissionRules.deposit(c, claims, claim));
            case WithdrawClaim c -> onClaim(c, state, (claims, claim) -> SubmissionRules.withdraw(c, claims, claim));
            case CastAssessmentVote c -> onClaim(c, state, (claims, claim) -> AssessmentRules.vote(c, claim));
            case CloseAssessment c -> onClaim(c, state, (claims, claim) -> AssessmentRules.close(c, claim));
            case VoidAssessmentVote c -> onClaim(c, state, (claims, claim) -> AssessmentRules.voidVote(c, claim));
            case FinalizeAssessment c ->
                onClaim(c, state, (claims, claim) -> AssessmentRules.finalize(c, claims, claim));
            case AppealClaim c -> onClaim(c, state, (claims, claim) -> AppealRules.appeal(c, claim));
            case RecordAppealBond c -> onClaim(c, state, (claims, claim) -> AppealRules.bond(c, claims, claim));
            case DecideAppeal c -> onClaim(c, state, (claims, claim) -> AppealRules.decide(c, claims, claim));
            case CloseAppealWindow c -> onClaim(c, state, (claims, claim) -> AppealRules.closeWindow(c, claims, claim));
            case ReleaseClaimPayout c ->
                onClaim(c, state, (claims, claim) -> SettlementRules.release(c, claims, claim));
            case SettleClaim c -> SettlementRules.settle(c, state);
            case RecordPayoutDeclined c -> SettlementRules.declined(c, state);
            case MarkClaimPaid c -> onClaim(c, state, (claims, claim) -> SettlementRules.paid(c, claims, claim));
        };
    }

    /** Decides a command about an existing claim; an unknown claim is {@code CLAIM_NOT_FOUND}. */
    private static Decision<ClaimEvent> onClaim(
            ClaimCommand command, ClaimsState state, BiFunction<PolicyClaims, Claim, Decision<ClaimEvent>> rule) {
        if (state instanceof PolicyClaims claims && claims.claims().containsKey(command.claimId())) {
            return rule.apply(claims, claims.claims().get(command.claimId()));
        }
        return Decision.reject("CLAIM_NOT_FOUND", "no claim " + command.claimId(), "claimId");
    }

    // ------------------------------------------------------------------ evolve

    public static ClaimsState evolve(ClaimsState state, ClaimEvent event) {
        return switch (state) {
            case NoClaims none -> evolveWithoutClaims(none, event);
            case PolicyClaims claims -> apply(claims, event);
        };
    }

    /** Only a submission (or a parametric opening) starts the policy's claims; a refused payout changes nothing. */
    private static ClaimsState evolveWithoutClaims(NoClaims none, ClaimEvent event) {
        if (event instanceof ClaimSubmitted e) {
            return apply(PolicyClaims.first(e.policyId(), e.coverAmount()), e);
        }
        if (event instanceof ParametricClaimOpened e) {
            return apply(PolicyClaims.first(e.policyId(), e.coverAmount()), e);
        }
        if (event instanceof PayoutRefused) {
            return none;
        }
        throw new IllegalStateException(
                event.getClass().getSimpleName() + " of " + event.claimId() + " before any claim was submitted");
    }

    static PolicyClaims apply(PolicyClaims claims, ClaimEvent event) {
        return switch (event) {
            case ClaimSubmitted e ->
                claims.with(Claim.submitted(
                        new Submission(
                                e.claimId(),
                                e.claimant(),
                                e.productId(),
                                e.productCategory(),
                                e.poolId(),
                                e.asset(),
                                e.incidentAt(),
                                e.claimedAmount(),
                                e.coverAmount(),
                                e.requiredDeposit(),
                                e.incidentId(),
                                e.assessorGroupId(),
                                e.assessors(),
                                e.rules(),
                                ClaimKind.DISCRETIONARY),
                        new AwaitingDeposit()));
            case ParametricClaimOpened e ->
                claims.with(Claim.submitted(
                        new Submission(
                                e.claimId(),
                                e.claimant(),
                                e.productId(),
                                "",
                                e.poolId(),
                                e.asset(),
                                e.firedAt(),
                                e.payoutAmount(),
                                e.coverAmount(),
                                Money.ZERO,
                                e.incidentId(),
                                "",
                                List.of(),
                                ClaimRules.DEFAULTS,
                                ClaimKind.PARAMETRIC),
                        new ParametricOpened(e.triggerId(), e.firedAt())));
            case ClaimDepositReceived e ->
                update(
                        claims,
                        e,
                        c -> c.withDeposit(e.totalReceived(), ClaimsState.paymentKey(e.txHash(), e.logIndex())));
            case AssessmentOpened e ->
                update(claims, e, c -> c.withPhase(new Assessing(e.votingEndsAt(), e.votingEndsAt(), List.of())));
            case AssessmentVoteCast e ->
                update(
                        claims,
                        e,
                        c -> c.withPhase(((Assessing) c.phase())
                                .withVote(
                                        new Vote(
                                                e.assessor(),
                                                e.accept(),
                                                e.assessedLoss() != null
                                                        ? e.assessedLoss()
                                                        : e.accept()
                                                                ? c.submission().claimedAmount()
                                                                : Money.ZERO,
                                                e.rationale(),
                                                false),
                                        e.votingEndsAt())));
            case AssessmentClosed e ->
                update(claims, e, c -> c.withPhase(new Cooldown(((Assessing) c.phase()).votes(), e.cooldownEndsAt())));
            case AssessmentVoteVoided e ->
                update(claims, e, c -> c.withPhase(((Cooldown) c.phase()).withVoided(e.assessor())));
            case ClaimAccepted e ->
                update(
                        claims,
                        e,
                        c -> c.withDepositRefunded(e.depositRefund())
                                .withPhase(new Accepted(new Acceptance(
                                        e.kind(),
                                        e.assessedLoss(),
                                        e.payoutAmount(),
                                        e.acceptWeight(),
                                        e.denyWeight(),
                                        e.appealId()))));
            case ClaimDenied e ->
                update(
                        claims,
                        e,
                        c -> c.withDepositRefunded(e.depositRefund())
                                .withPhase(new Denied(new Denial(
                                        e.outcome(),
                                        e.acceptWeight(),
                                        e.denyWeight(),
                                        e.appealDeadline(),
                                        e.appealBond()))));
            case ClaimAppealed e ->
                update(
                        claims,
                        e,
                        c -> c.withPhase(new Appealed(
                                ((Denied) c.phase()).denial(),
                                new Appeal(e.appealId(), e.appellant(), e.bondAmount(), e.arbiters()))));
            case AppealBondReceived e ->
                update(claims, e, c -> {
                    Claim paid = c.withBond(e.totalReceived(), ClaimsState.paymentKey(e.txHash(), e.logIndex()));
                    if (paid.phase() instanceof Appealed a
                            && !e.totalReceived().isLessThan(a.appeal().bondAmount())) {
                        return paid.withPhase(new UnderAppeal(a.denial(), a.appeal()));
                    }
                    return paid;
                });
            case AppealDecided e -> claims; // ClaimAccepted or ClaimClosed follows
            case ClaimWithdrawn e ->
                update(claims, e, c -> c.withDepositRefunded(e.depositRefund()).withPhase(new Withdrawn(e.reason())));
            case ClaimClosed e ->
                update(claims, e, c -> c.phase() instanceof Withdrawn ? c : c.withPhase(new Closed(e.closure())));
            case ClaimPayoutRequested e ->
                update(
                        claims,
                        e,
                        c -> c.withPhase(new PayoutRequested(
                                acceptanceOf(c), new PayoutRequest(e.payoutId(), e.ratioPpm(), e.amount()))));
            case ClaimPayoutDeclined e ->
                update(claims, e, c -> {
                    PayoutRequested requested = (PayoutRequested) c.phase();
                    return c.withPhase(new PayoutDeclined(requested.acceptance(), requested.request(), e.reason()));
                });
            case PayoutRefused e -> claims;
            case ClaimSettled e ->
                update(claims, e, c -> {
                            PayoutRequested requested = (PayoutRequested) c.phase();
                            return c.withPhase(new Settled(
                                    requested.acceptance(), requested.request(), e.settledAmount(), e.proRataPpm()));
                        })
                        .withSettled(e.settledAmount());
            case ClaimPaid e ->
                update(claims, e, c -> {
                    Settled settled = (Settled) c.phase();
                    return c.withPhase(new Paid(
                            settled.acceptance(), settled.request(), settled.settledAmount(), e.batchId(), e.txHash()));
                });
            case ClaimRefundDue e -> claims;
        };
    }

    private static Acceptance acceptanceOf(Claim claim) {
        return switch (claim.phase()) {
            case Accepted a -> a.acceptance();
            case PayoutRequested r -> r.acceptance();
            case PayoutDeclined d -> d.acceptance();
            default ->
                throw new IllegalStateException("a payout requested for "
                        + claim.submission().claimId() + " in " + claim.phase().status());
        };
    }

    private static PolicyClaims update(
            PolicyClaims claims, ClaimEvent event, java.util.function.UnaryOperator<Claim> change) {
        Claim claim = claims.claims().get(event.claimId());
        if (claim == null) {
            throw new IllegalStateException(event.getClass().getSimpleName() + " of unknown claim " + event.claimId());
        }
        return claims.with(change.apply(claim));
    }

    /** The state after {@code events}: the rules use it to look at what they have decided so far. */
    static PolicyClaims applyAll(PolicyClaims claims, List<ClaimEvent> events) {
        PolicyClaims next = claims;
        for (ClaimEvent event : events) {
            next = apply(next, event);
        }
        return next;
    }
}
