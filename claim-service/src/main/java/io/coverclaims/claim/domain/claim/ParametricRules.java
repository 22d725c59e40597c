package io.coverclaims.claim.domain.claim;

import io.coverclaims.claim.domain.ClaimIds;
import io.coverclaims.claim.domain.claim.ClaimCommand.OpenParametricClaim;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimAccepted;
import io.coverclaims.claim.domain.claim.ClaimEvent.ParametricClaimOpened;
import io.coverclaims.claim.domain.claim.ClaimsState.PolicyClaims;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.money.Money;
import java.util.List;

/**
 * Parametric claims: a confirmed oracle trigger pays every policy of its product that was active when it fired, with
 * no claim filed and no vote. The claim is opened and accepted in one decision, at {@code floor(cover x payoutPpm /
 * 1e6)} capped at the cover left (rounded in the pool's favour), and then follows the discretionary claims' saga: it
 * names the trigger's incident, so the incident admits it and releases its payout (at once when FULL, at the
 * incident's one ratio when PRO_RATA). Opening the same trigger's claim again is nothing to do.
 *
 * <p>"One open claim per policy" does not hold a parametric claim back: the trigger's payout is owed whatever else the
 * holder filed, and the cover book keeps the sum within the cover (an open discretionary claim's acceptance is capped
 * at the cover left after this payout, and this payout at the cover left after the other claims' commitments).
 */
final class ParametricRules {

    private ParametricRules() {}

    static Decision<ClaimEvent> open(OpenParametricClaim c, ClaimsState state) {
        PolicyClaims claims = state instanceof PolicyClaims p ? p : null;
        if (!ClaimIds.isPolicyId(c.policyId())
                || (claims != null && !claims.policyId().equals(c.policyId()))) {
            return Decision.reject("INVALID_POLICY_ID", "not this aggregate's policy: " + c.policyId(), "policyId");
        }
        if (c.triggerId() == null || c.triggerId().isBlank()) {
            return Decision.reject("INVALID_TRIGGER", "a parametric claim names the trigger that fired", "triggerId");
        }
        if (!ClaimIds.isIncidentId(c.incidentId())) {
            return Decision.reject("INVALID_INCIDENT_ID", ClaimIds.INCIDENT_ID_MESSAGE, "incidentId");
        }
        if (claims != null
                && claims.claims().values().stream()
                        .anyMatch(existing -> existing.submission().kind() == ClaimKind.PARAMETRIC
                                && c.incidentId().equals(existing.submission().incidentId()))) {
            return Decision.nothingToDo();
        }
        if (!SubmissionRules.CLAIMABLE_STATUSES.contains(c.policyStatus())) {
            return Decision.reject(
                    "POLICY_NOT_ACTIVE", "the policy is " + c.policyStatus() + ": it cannot be claimed on", "policyId");
        }
        if (c.firedAt().isBefore(c.coverStartAt()) || !c.firedAt().isBefore(c.coverEndAt())) {
            return Decision.reject(
                    "INCIDENT_OUTSIDE_COVER",
                    "the trigger fired at " + c.firedAt() + ", outside the cover " + c.coverStartAt() + " to "
                            + c.coverEndAt(),
                    "firedAt");
        }
        if (c.payoutPpm() <= 0 || c.payoutPpm() > ClaimDecider.FULL_RATIO_PPM) {
            return Decision.reject("INVALID_PAYOUT_RULE", "a payout share is 1 to 1 000 000 ppm", "payoutPpm");
        }
        Money coverLeft = claims == null ? c.coverLeft() : c.coverLeft().min(claims.coverLeft());
        Money payout = c.coverAmount()
                .mulDivFloor(c.payoutPpm(), ClaimDecider.FULL_RATIO_PPM)
                .min(coverLeft);
        if (!payout.isPositive()) {
            return Decision.reject(
                    "NO_COVER_LEFT", "the payout rounds to nothing on " + coverLeft + " of cover left", "policyId");
        }
        String claimId = claims == null ? ClaimIds.claimId(c.policyId(), 1) : claims.nextClaimId();
        if (c.claimId() != null && !c.claimId().isBlank() && !c.claimId().equals(claimId)) {
            return Decision.reject("CLAIM_ID_MISMATCH", "the next claim on the policy is " + claimId, "claimId");
        }
        return Decision.accept(List.of(
                new ParametricClaimOpened(
                        claimId,
                        c.policyId(),
                        c.productId(),
                        c.poolId(),
                        c.claimant(),
                        c.asset(),
                        c.triggerId(),
                        c.incidentId(),
                        c.firedAt(),
                        c.coverAmount(),
                        payout,
                        c.payoutPpm(),
                        c.depegPriceE8(),
                        c.triggerKind()),
                new ClaimAccepted(
                        claimId,
                        c.policyId(),
                        c.poolId(),
                        c.claimant(),
                        ClaimKind.PARAMETRIC,
                        payout,
                        payout,
                        payout,
                        false,
                        Money.ZERO,
                        Money.ZERO,
                        Money.ZERO,
                        c.incidentId(),
                        null)));
    }
}
