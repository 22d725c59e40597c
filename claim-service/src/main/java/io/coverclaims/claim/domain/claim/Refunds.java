package io.coverclaims.claim.domain.claim;

import io.coverclaims.claim.domain.ClaimIds;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimRefundDue;
import io.coverclaims.claim.domain.claim.ClaimsState.Claim;
import io.coverclaims.claim.domain.claim.ClaimsState.PolicyClaims;
import io.coverclaims.platform.money.Money;

/** The refunds a claim owes: its deposit, its appeal bond, or a payment that came when none was awaited. */
final class Refunds {

    private Refunds() {}

    static ClaimRefundDue refund(
            PolicyClaims claims, Claim claim, String refundId, RefundKind kind, String recipient, Money amount) {
        var submission = claim.submission();
        return new ClaimRefundDue(
                submission.claimId(),
                claims.policyId(),
                submission.poolId(),
                refundId,
                kind,
                recipient,
                submission.asset(),
                amount);
    }

    /** The deposit back to the claimant: {@code <claimId>/deposit}. */
    static ClaimRefundDue depositRefund(PolicyClaims claims, Claim claim, Money amount) {
        String claimId = claim.submission().claimId();
        return refund(
                claims,
                claim,
                ClaimIds.depositRefundId(claimId),
                RefundKind.CLAIM_DEPOSIT,
                claim.submission().claimant(),
                amount);
    }

    /** The appeal bond back to the claimant: {@code <claimId>/<appealId>/bond}. */
    static ClaimRefundDue bondRefund(PolicyClaims claims, Claim claim, String appealId, Money amount) {
        String claimId = claim.submission().claimId();
        return refund(
                claims,
                claim,
                ClaimIds.bondRefundId(claimId, appealId),
                RefundKind.APPEAL_BOND,
                claim.submission().claimant(),
                amount);
    }
}
