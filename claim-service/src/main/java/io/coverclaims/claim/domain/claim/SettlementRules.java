package io.coverclaims.claim.domain.claim;

import io.coverclaims.claim.domain.ClaimIds;
import io.coverclaims.claim.domain.claim.ClaimCommand.MarkClaimPaid;
import io.coverclaims.claim.domain.claim.ClaimCommand.RecordPayoutDeclined;
import io.coverclaims.claim.domain.claim.ClaimCommand.ReleaseClaimPayout;
import io.coverclaims.claim.domain.claim.ClaimCommand.SettleClaim;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimAccepted;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimPaid;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimPayoutDeclined;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimPayoutRequested;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimSettled;
import io.coverclaims.claim.domain.claim.ClaimEvent.PayoutRefused;
import io.coverclaims.claim.domain.claim.ClaimPhase.Accepted;
import io.coverclaims.claim.domain.claim.ClaimPhase.Paid;
import io.coverclaims.claim.domain.claim.ClaimPhase.PayoutDeclined;
import io.coverclaims.claim.domain.claim.ClaimPhase.PayoutRequest;
import io.coverclaims.claim.domain.claim.ClaimPhase.PayoutRequested;
import io.coverclaims.claim.domain.claim.ClaimPhase.Settled;
import io.coverclaims.claim.domain.claim.ClaimsState.Claim;
import io.coverclaims.claim.domain.claim.ClaimsState.PolicyClaims;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.money.Money;
import java.util.ArrayList;
import java.util.List;

/**
 * From acceptance to payment: the payout asked of the pool (at once, or when the claim's incident releases it at its
 * ratio), the pool's reservation settling the claim (never beyond the cover), and the on-chain redemption.
 */
final class SettlementRules {

    private SettlementRules() {}

    /**
     * The claim accepted for {@code assessedLoss}: payout = min(loss, cover left now), its deposit refunded, and (no
     * incident) its payout requested in full; a claim of an incident waits for the incident's release.
     */
    static List<ClaimEvent> accepted(
            PolicyClaims claims,
            Claim claim,
            Money assessedLoss,
            Money acceptWeight,
            Money denyWeight,
            String appealId) {
        var submission = claim.submission();
        Money payout = assessedLoss.min(claims.coverLeftFor(claim));
        Money refund = claim.depositHeld();
        List<ClaimEvent> events = new ArrayList<>();
        events.add(new ClaimAccepted(
                submission.claimId(),
                claims.policyId(),
                submission.poolId(),
                submission.claimant(),
                ClaimKind.DISCRETIONARY,
                submission.claimedAmount(),
                assessedLoss,
                payout,
                payout.isLessThan(submission.claimedAmount()),
                acceptWeight,
                denyWeight,
                refund,
                submission.incidentId(),
                appealId));
        if (refund.isPositive()) {
            events.add(Refunds.depositRefund(claims, claim, refund));
        }
        if (submission.incidentId() == null) {
            events.add(requested(claims, claim, payout, ClaimDecider.FULL_RATIO_PPM));
        }
        return events;
    }

    static ClaimPayoutRequested requested(PolicyClaims claims, Claim claim, Money payout, long ratioPpm) {
        var submission = claim.submission();
        return new ClaimPayoutRequested(
                submission.claimId(),
                claims.policyId(),
                submission.poolId(),
                ClaimIds.payoutId(submission.claimId()),
                submission.claimant(),
                submission.asset(),
                payout,
                submission.incidentId(),
                ratioPpm,
                payout.mulDivFloor(ratioPpm, ClaimDecider.FULL_RATIO_PPM));
    }

    /** The incident released the accepted claim at its ratio: ask the pool for floor(payout x ratio / 1e6), once. */
    static Decision<ClaimEvent> release(ReleaseClaimPayout c, PolicyClaims claims, Claim claim) {
        var submission = claim.submission();
        if (submission.incidentId() == null || !submission.incidentId().equals(c.incidentId())) {
            return Decision.reject(
                    "INCIDENT_MISMATCH", "the claim does not name incident " + c.incidentId(), "incidentId");
        }
        if (c.ratioPpm() < 0 || c.ratioPpm() > ClaimDecider.FULL_RATIO_PPM) {
            return Decision.reject("INVALID_RATIO", "a ratio is 0 to 1 000 000 ppm", "ratioPpm");
        }
        return switch (claim.phase()) {
            case Accepted a ->
                Decision.accept(requested(claims, claim, a.acceptance().payoutAmount(), c.ratioPpm()));
            case PayoutRequested r -> Decision.nothingToDo();
            case PayoutDeclined d -> Decision.nothingToDo();
            case Settled s -> Decision.nothingToDo();
            case Paid p -> Decision.nothingToDo();
            default ->
                Decision.reject(
                        "NOT_ACCEPTED", "a claim " + claim.phase().status() + " has no payout to release", "claimId");
        };
    }

    /**
     * The pool reserved a payout: it settles the claim when it is the one requested and no more than asked; the same
     * payout already settled is nothing to do; any other reservation is refused (the pool releases it).
     */
    static Decision<ClaimEvent> settle(SettleClaim c, ClaimsState state) {
        Claim claim = state instanceof PolicyClaims p ? p.claims().get(c.claimId()) : null;
        if (claim == null) {
            return refused(c, "CLAIM_NOT_FOUND");
        }
        PolicyClaims claims = (PolicyClaims) state;
        if ((claim.phase() instanceof Settled s && s.request().payoutId().equals(c.payoutId()))
                || (claim.phase() instanceof Paid p && p.request().payoutId().equals(c.payoutId()))) {
            return Decision.nothingToDo();
        }
        if (!(claim.phase() instanceof PayoutRequested requested)
                || !requested.request().payoutId().equals(c.payoutId())) {
            return refused(c, "PAYOUT_NOT_REQUESTED");
        }
        var submission = claim.submission();
        if (!submission.poolId().equals(c.poolId())) {
            return refused(c, "WRONG_POOL");
        }
        PayoutRequest request = requested.request();
        if (c.reservedAmount().isGreaterThan(request.amount())) {
            return refused(c, "RESERVED_MORE_THAN_REQUESTED");
        }
        return Decision.accept(new ClaimSettled(
                c.claimId(),
                claims.policyId(),
                submission.poolId(),
                c.payoutId(),
                submission.claimant(),
                submission.asset(),
                request.amount(),
                c.reservedAmount(),
                c.proRataPpm(),
                submission.incidentId(),
                request.ratioPpm()));
    }

    private static Decision<ClaimEvent> refused(SettleClaim c, String reason) {
        return Decision.accept(new PayoutRefused(c.claimId(), c.poolId(), c.payoutId(), reason));
    }

    /** The pool declined the payout requested: recorded, the claim stays accepted; any other decline is nothing to do. */
    static Decision<ClaimEvent> declined(RecordPayoutDeclined c, ClaimsState state) {
        Claim claim = state instanceof PolicyClaims p ? p.claims().get(c.claimId()) : null;
        if (claim != null
                && claim.phase() instanceof PayoutRequested requested
                && requested.request().payoutId().equals(c.payoutId())) {
            return Decision.accept(
                    new ClaimPayoutDeclined(c.claimId(), claim.submission().poolId(), c.payoutId(), c.reason()));
        }
        return Decision.nothingToDo();
    }

    /** The claimant redeemed the settled payout on-chain; redeemed already is nothing to do. */
    static Decision<ClaimEvent> paid(MarkClaimPaid c, PolicyClaims claims, Claim claim) {
        if (claim.phase() instanceof Paid) {
            return Decision.nothingToDo();
        }
        if (!(claim.phase() instanceof Settled settled)) {
            return Decision.reject(
                    "NOT_SETTLED", "a claim " + claim.phase().status() + " has no payout to redeem", "claimId");
        }
        return Decision.accept(new ClaimPaid(
                c.claimId(),
                claims.policyId(),
                claim.submission().poolId(),
                settled.request().payoutId(),
                c.batchId(),
                c.recipient(),
                c.amount(),
                c.txHash(),
                c.blockNumber()));
    }
}
