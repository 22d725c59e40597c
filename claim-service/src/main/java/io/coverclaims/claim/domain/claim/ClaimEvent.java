package io.coverclaims.claim.domain.claim;

import io.coverclaims.platform.money.Money;
import java.time.Instant;
import java.util.List;

/**
 * What happened to a policy's claims. Every value a decision depended on (a parameter, a deadline, a tally, a
 * rounding) is recorded. Each record mirrors the event of the same name in claim.avdl, component for field; a nullable
 * union is a nullable component.
 */
public sealed interface ClaimEvent {

    String claimId();

    /**
     * {@code coverAmount} is the cover left when submitted (the snapshot's, or less by the aggregate's own book);
     * {@code depositAmount} = {@code requiredDeposit} = the deposit still to be paid; {@code depositTxHash} is null.
     */
    record ClaimSubmitted(
            String claimId,
            String policyId,
            String productId,
            String poolId,
            String claimant,
            String asset,
            Instant incidentAt,
            Money claimedAmount,
            Money coverAmount,
            String description,
            String evidenceUri,
            Money depositAmount,
            Money requiredDeposit,
            String depositTxHash,
            String incidentId,
            String productCategory,
            Instant coverStartAt,
            Instant coverEndAt,
            String assessorGroupId,
            List<String> assessors,
            ClaimRules rules)
            implements ClaimEvent {}

    /** Voting opened once the deposit was paid: votingEndsAt = votingStartsAt + minVotingMs. */
    record AssessmentOpened(
            String claimId,
            Instant votingStartsAt,
            Instant votingEndsAt,
            long minVotingMs,
            long maxExtensionMs,
            List<String> assessors,
            Money depositReceived)
            implements ClaimEvent {}

    /** An oracle trigger opened the claim; ClaimAccepted (kind PARAMETRIC) follows in the same decision. */
    record ParametricClaimOpened(
            String claimId,
            String policyId,
            String productId,
            String poolId,
            String claimant,
            String asset,
            String triggerId,
            String incidentId,
            Instant firedAt,
            Money coverAmount,
            Money payoutAmount,
            int payoutPpm,
            long depegPriceE8,
            String triggerKind)
            implements ClaimEvent {}

    /** {@code assessedLoss}: the loss an accepting vote found (the claimed amount when the voter gave none); null on a denying vote. */
    record AssessmentVoteCast(
            String claimId,
            String assessor,
            boolean accept,
            Money assessedLoss,
            Money stakeWeight,
            Instant votingEndsAt,
            String rationale)
            implements ClaimEvent {}

    /** The tally at the voting end (or once every assessor voted); weights are vote counts. */
    record AssessmentClosed(
            String claimId,
            AssessmentOutcome outcome,
            Money acceptWeight,
            Money denyWeight,
            int voteCount,
            Money assessedLoss,
            long cooldownMs,
            Instant cooldownEndsAt)
            implements ClaimEvent {}

    record AssessmentVoteVoided(String claimId, String assessor, Money stakeWeight, String reason, boolean burnStake)
            implements ClaimEvent {}

    record ClaimAccepted(
            String claimId,
            String policyId,
            String poolId,
            String claimant,
            ClaimKind kind,
            Money claimedAmount,
            Money assessedLoss,
            Money payoutAmount,
            boolean partial,
            Money acceptWeight,
            Money denyWeight,
            Money depositRefund,
            String incidentId,
            String appealId)
            implements ClaimEvent {}

    record ClaimDenied(
            String claimId,
            String policyId,
            String claimant,
            AssessmentOutcome outcome,
            Money acceptWeight,
            Money denyWeight,
            Money depositRefund,
            long appealWindowMs,
            Instant appealDeadline,
            Money appealBond)
            implements ClaimEvent {}

    /** {@code arbiters}: those who may decide, the claim's assessors removed. */
    record ClaimAppealed(
            String claimId,
            String appealId,
            String appellant,
            Money bondAmount,
            String grounds,
            String bondTxHash,
            List<String> arbiters)
            implements ClaimEvent {}

    record AppealDecided(
            String claimId,
            String appealId,
            String arbiter,
            boolean upheld,
            Money assessedLoss,
            String reason,
            Money bondRefund)
            implements ClaimEvent {}

    /** Always followed by {@link ClaimClosed} (WITHDRAWN), which names the incident. */
    record ClaimWithdrawn(String claimId, String policyId, String reason, Money depositRefund) implements ClaimEvent {}

    record ClaimSettled(
            String claimId,
            String policyId,
            String poolId,
            String payoutId,
            String recipient,
            String asset,
            Money payoutAmount,
            Money settledAmount,
            long proRataPpm,
            String incidentId,
            long incidentRatioPpm)
            implements ClaimEvent {}

    /**
     * A payment towards the deposit. {@code totalReceived} counts it only while the deposit is awaited; a payment in
     * any other phase leaves it unchanged and is refunded at once ({@link ClaimRefundDue}).
     */
    record ClaimDepositReceived(
            String claimId,
            String payer,
            Money amount,
            Money totalReceived,
            Money requiredDeposit,
            String txHash,
            int logIndex)
            implements ClaimEvent {}

    /** As {@link ClaimDepositReceived}, for the appeal bond: counted only while the appeal awaits its bond. */
    record AppealBondReceived(
            String claimId,
            String appealId,
            String payer,
            Money amount,
            Money totalReceived,
            Money requiredBond,
            String txHash,
            int logIndex)
            implements ClaimEvent {}

    /** amount = floor(payoutAmount x ratioPpm / 1e6); payoutId = {@code pay-<claimId>}. */
    record ClaimPayoutRequested(
            String claimId,
            String policyId,
            String poolId,
            String payoutId,
            String claimant,
            String asset,
            Money payoutAmount,
            String incidentId,
            long ratioPpm,
            Money amount)
            implements ClaimEvent {}

    record ClaimPayoutDeclined(String claimId, String poolId, String payoutId, String reason) implements ClaimEvent {}

    /** Compensation: the pool is to release a reservation the claim cannot use. */
    record PayoutRefused(String claimId, String poolId, String payoutId, String reason) implements ClaimEvent {}

    record ClaimRefundDue(
            String claimId,
            String policyId,
            String poolId,
            String refundId,
            RefundKind kind,
            String recipient,
            String asset,
            Money amount)
            implements ClaimEvent {}

    record ClaimClosed(String claimId, String policyId, ClaimClosure closure, String incidentId)
            implements ClaimEvent {}

    record ClaimPaid(
            String claimId,
            String policyId,
            String poolId,
            String payoutId,
            String batchId,
            String recipient,
            Money amount,
            String txHash,
            long blockNumber)
            implements ClaimEvent {}
}
