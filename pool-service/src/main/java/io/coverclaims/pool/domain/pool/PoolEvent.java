package io.coverclaims.pool.domain.pool;

import io.coverclaims.pool.domain.pool.PoolCommand.ProductWeight;
import io.coverclaims.pool.domain.pool.PoolCommand.Source;
import java.time.Instant;
import java.util.List;

/**
 * What happened to a pool. Every value a decision depended on (a parameter, a deadline, a rounding) is recorded. Each
 * record mirrors the event of the same name in pool.avdl, component for field.
 */
public sealed interface PoolEvent {

    String poolId();

    /** An amount attributed to one tranche (premium credited, loss charged, loss returned). */
    record TrancheAmount(int trancheId, long amount) {}

    /** An amount attributed to one provider's position (provider, tranche): a premium credit or a loss charge. */
    record PositionAmount(String provider, int trancheId, long amount) {}

    /** {@code assetDecimals} and {@code withdrawalCooldownMs} of events written before those fields are upcast (6, 7 days). */
    record PoolCreated(
            String poolId,
            String name,
            String manager,
            String asset,
            int assetDecimals,
            int capacityRatioBps,
            List<ProductWeight> products,
            long trancheDurationMs,
            long withdrawalCooldownMs)
            implements PoolEvent {}

    record ProductWeightsSet(String poolId, List<ProductWeight> products) implements PoolEvent {}

    record CapitalDeposited(
            String poolId,
            String depositId,
            String provider,
            long amount,
            int trancheId,
            Instant trancheEndsAt,
            long trancheDurationMs,
            Source source,
            String txHash,
            Integer logIndex,
            long totalStake)
            implements PoolEvent {}

    record WithdrawalRequested(
            String poolId,
            String withdrawalId,
            String provider,
            String recipient,
            int trancheId,
            long amount,
            Instant trancheEndsAt,
            long cooldownMs,
            Instant cooldownEndsAt)
            implements PoolEvent {}

    record CapitalWithdrawn(
            String poolId,
            String withdrawalId,
            String provider,
            String recipient,
            String asset,
            int trancheId,
            long requestedAmount,
            long withdrawnAmount,
            long totalStake)
            implements PoolEvent {}

    record WithdrawalCancelled(String poolId, String withdrawalId, String provider, int trancheId, long amount)
            implements PoolEvent {}

    record CapacityReserved(
            String poolId,
            String reservationId,
            String policyId,
            String productId,
            long amount,
            Instant coverEndsAt,
            long eligibleStake,
            int capacityRatioBps,
            int productWeightBps,
            long productCapacity,
            long availableAfter)
            implements PoolEvent {}

    record CapacityReservationDeclined(
            String poolId,
            String reservationId,
            String policyId,
            String productId,
            long requestedAmount,
            String reasonCode,
            long eligibleStake,
            int capacityRatioBps,
            int productWeightBps,
            long availableCapacity)
            implements PoolEvent {}

    record CapacityReleased(String poolId, String reservationId, String policyId, long amount, String reason)
            implements PoolEvent {}

    record PremiumRecorded(
            String poolId,
            String policyId,
            long amount,
            String paymentRef,
            List<TrancheAmount> allocations,
            List<PositionAmount> positionAllocations,
            long retained)
            implements PoolEvent {}

    record PayoutReserved(
            String poolId,
            String payoutId,
            String claimId,
            String policyId,
            String recipient,
            String incidentId,
            long requestedAmount,
            long reservedAmount,
            long proRataPpm,
            long availableCapital,
            List<TrancheAmount> charges,
            long totalStakeAfter,
            List<PositionAmount> positionCharges,
            long retained)
            implements PoolEvent {}

    record PayoutReservationDeclined(
            String poolId, String payoutId, String claimId, long requestedAmount, String reasonCode)
            implements PoolEvent {}

    record PayoutReleased(
            String poolId, String payoutId, String claimId, long amount, List<TrancheAmount> returns, String reason)
            implements PoolEvent {}

    record PayoutDisbursed(String poolId, String payoutId, String claimId, long amount, String batchId, String txHash)
            implements PoolEvent {}
}
