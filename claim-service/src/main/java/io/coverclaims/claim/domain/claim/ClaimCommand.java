package io.coverclaims.claim.domain.claim;

import io.coverclaims.platform.money.Money;
import java.time.Instant;
import java.util.List;

/**
 * What a policy's claims are asked to do. Each record mirrors the command of the same name in claim.avdl, component
 * for field: amounts are {@link Money}, a nullable union is a nullable component; {@code at} is the command's issued-at
 * (read once at the edge: the decider never reads a clock) and {@code actor} the metadata's actor. Every command names
 * its claim; the aggregate is the claim's policy ({@code ClaimIds.policyIdOf(claimId)}).
 */
public sealed interface ClaimCommand {

    String claimId();

    Instant at();

    /**
     * The policyholder submits a discretionary claim. The edge fills the policy snapshot ({@code policyHolder} …
     * {@code policyStatus}) from its read model of policy.events, {@code incidentClaimWindowEndsAt} from the incident
     * named (the epoch without one), the assessor group of the product's category, the governed {@code rules} and, in
     * {@code depositAmount}, the governed deposit the claimant is to pay; the decider checks them all.
     */
    record SubmitClaim(
            String claimId,
            String policyId,
            String claimant,
            Instant incidentAt,
            Money claimedAmount,
            String description,
            String evidenceUri,
            Money depositAmount,
            String depositTxHash,
            String incidentId,
            String policyHolder,
            String productId,
            String productCategory,
            String poolId,
            String asset,
            Instant coverStartAt,
            Instant coverEndAt,
            Money coverLeft,
            String policyStatus,
            Instant incidentClaimWindowEndsAt,
            String assessorGroupId,
            List<String> assessors,
            ClaimRules rules,
            Instant at)
            implements ClaimCommand {}

    /**
     * Process manager, on oracle's TriggerFired: opens and accepts a claim for a policy active at {@code firedAt}, paying
     * {@code payoutPpm} of its cover. The policy's facts are copied from claim-service's read model of policy.events,
     * the payout rule from the trigger. {@code claimId} "" lets the aggregate number the claim.
     */
    record OpenParametricClaim(
            String claimId,
            String policyId,
            String triggerId,
            String incidentId,
            Instant firedAt,
            String productId,
            String poolId,
            String claimant,
            String asset,
            Money coverAmount,
            Money coverLeft,
            String policyStatus,
            Instant coverStartAt,
            Instant coverEndAt,
            int payoutPpm,
            long depegPriceE8,
            String triggerKind,
            Instant at)
            implements ClaimCommand {}

    /** An assessor's ballot (signed by {@code assessor}); {@code stakeWeight} is always 1, set by the edge. */
    record CastAssessmentVote(
            String claimId,
            String assessor,
            boolean accept,
            Money assessedLoss,
            Money stakeWeight,
            String rationale,
            Instant at)
            implements ClaimCommand {}

    /** Scheduler, at the voting end. */
    record CloseAssessment(String claimId, Instant at) implements ClaimCommand {}

    /** Operator (claims-admin), during the cooldown. */
    record VoidAssessmentVote(String claimId, String assessor, String reason, boolean burnStake, Instant at)
            implements ClaimCommand {}

    /** Scheduler, at the cooldown end. */
    record FinalizeAssessment(String claimId, Instant at) implements ClaimCommand {}

    /** The claimant appeals a denial (signed by {@code appellant}); the edge fills the arbiters' group. */
    record AppealClaim(
            String claimId,
            String appealId,
            String appellant,
            Money bondAmount,
            String grounds,
            String bondTxHash,
            List<String> arbiters,
            Instant at)
            implements ClaimCommand {}

    /** An arbiter decides (signed by {@code arbiter}). */
    record DecideAppeal(
            String claimId,
            String appealId,
            String arbiter,
            boolean upheld,
            Money assessedLoss,
            String reason,
            Instant at)
            implements ClaimCommand {}

    /** The claimant withdraws: {@code actor} is the signer (the metadata's actor), who must be the claimant. */
    record WithdrawClaim(String claimId, String reason, String actor, Instant at) implements ClaimCommand {}

    /** Process manager, on chain's ClaimBondObserved (CLAIM_DEPOSIT). */
    record RecordClaimDeposit(String claimId, String payer, Money amount, String txHash, int logIndex, Instant at)
            implements ClaimCommand {}

    /** Process manager, on chain's ClaimBondObserved (APPEAL_BOND). */
    record RecordAppealBond(String claimId, String payer, Money amount, String txHash, int logIndex, Instant at)
            implements ClaimCommand {}

    /** Scheduler, at the appeal deadline. */
    record CloseAppealWindow(String claimId, Instant at) implements ClaimCommand {}

    /** Process manager, on IncidentClaimReleased. */
    record ReleaseClaimPayout(String claimId, String incidentId, long ratioPpm, Instant at) implements ClaimCommand {}

    /** Process manager, on pool's PayoutReservationDeclined. */
    record RecordPayoutDeclined(String claimId, String payoutId, String reason, Instant at) implements ClaimCommand {}

    /** Process manager, on pool's PayoutReserved. */
    record SettleClaim(
            String claimId, String poolId, String payoutId, Money reservedAmount, long proRataPpm, Instant at)
            implements ClaimCommand {}

    /** Process manager, on chain's SettlementRedeemed (CLAIM_PAYOUT). */
    record MarkClaimPaid(
            String claimId, String batchId, String recipient, Money amount, String txHash, long blockNumber, Instant at)
            implements ClaimCommand {}
}
