package io.coverclaims.pool.domain.pool;

import io.coverclaims.platform.money.Money;
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
    record TrancheAmount(int trancheId, Money amount) {}

    /** An amount attributed to one provider's position (provider, tranche): a premium credit or a loss charge. */
    record PositionAmount(String provider, int trancheId, Money amount) {}

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
            Money amount,
            int trancheId,
            Instant trancheEndsAt,
            long trancheDurationMs,
            Source source,
            String txHash,
            Integer logIndex,
            Money totalStake)
            implements PoolEvent {}

    record WithdrawalRequested(
            String poolId,
            String withdrawalId,
            String provider,
            String recipient,
            int trancheId,
            Money amount,
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
            Money requestedAmount,
            Money withdrawnAmount,
            Money totalStake)
            implements PoolEvent {}

    record WithdrawalCancelled(String poolId, String withdrawalId, String provider, int trancheId, Money amount)
            implements PoolEvent {}

    record CapacityReserved(
            String poolId,
            String reservationId,
            String policyId,
            String productId,
            Money amount,
            Instant coverEndsAt,
            Money eligibleStake,
            int capacityRatioBps,
            int productWeightBps,
            Money productCapacity,
            Money availableAfter)
            implements PoolEvent {}

    record CapacityReservationDeclined(
            String poolId,
            String reservationId,
            String policyId,
            String productId,
            Money requestedAmount,
            String reasonCode,
            Money eligibleStake,
            int capacityRatioBps,
            int productWeightBps,
            Money availableCapacity)
            implements PoolEvent {}

    record CapacityReleased(String poolId, String reservationId, String policyId, Money amount, String reason)
            implements PoolEvent {}

    record PremiumRecorded(
            String poolId,
            String policyId,
            Money amount,
            String paymentRef,
            List<TrancheAmount> allocations,
            List<PositionAmount> positionAllocations,
            Money retained)
            implements PoolEvent {}

    record PayoutReserved(
            String poolId,
            String payoutId,
            String claimId,
            String policyId,
            String recipient,
            String incidentId,
            Money requestedAmount,
            Money reservedAmount,
            long proRataPpm,
            Money availableCapital,
            List<TrancheAmount> charges,
            Money totalStakeAfter,
            List<PositionAmount> positionCharges,
            Money retained)
            implements PoolEvent {}

    record PayoutReservationDeclined(
            String poolId, String payoutId, String claimId, Money requestedAmount, String reasonCode)
            implements PoolEvent {}

    record PayoutReleased(
            String poolId, String payoutId, String claimId, Money amount, List<TrancheAmount> returns, String reason)
            implements PoolEvent {}

    record PayoutDisbursed(String poolId, String payoutId, String claimId, Money amount, String batchId, String txHash)
            implements PoolEvent {}
}
