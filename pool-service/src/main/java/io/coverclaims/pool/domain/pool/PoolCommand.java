package io.coverclaims.pool.domain.pool;

import io.coverclaims.platform.money.Money;
import java.time.Instant;
import java.util.List;

/**
 * What a pool is asked to do. Each record mirrors the command of the same name in pool.avdl, component for field;
 * amounts are {@link Money} (exact uint256); {@code at} is the command's issued-at, read once at the edge: the decider never reads a clock;
 * {@code actor} (where a rule needs to know who asks) is the metadata's actor, as the kernel's mapping fills it.
 */
public sealed interface PoolCommand {

    String poolId();

    Instant at();

    /** A product the pool underwrites and the share of its capacity it may use, bps. */
    record ProductWeight(String productId, int weightBps) {}

    /** Where deposited capital came from. */
    enum Source {
        API,
        CHAIN
    }

    record CreatePool(
            String poolId,
            String name,
            String manager,
            String asset,
            Integer assetDecimals,
            int capacityRatioBps,
            List<ProductWeight> products,
            Long trancheDurationMs,
            Long withdrawalCooldownMs,
            Instant at)
            implements PoolCommand {}

    record SetProductWeights(String poolId, List<ProductWeight> products, Instant at) implements PoolCommand {}

    record DepositCapital(
            String poolId,
            String depositId,
            String provider,
            Money amount,
            Integer trancheId,
            Source source,
            String txHash,
            Integer logIndex,
            Instant at)
            implements PoolCommand {}

    record RequestWithdrawal(
            String poolId,
            String withdrawalId,
            String provider,
            int trancheId,
            Money amount,
            String recipient,
            Instant at)
            implements PoolCommand {}

    /**
     * Pays a pending withdrawal out. {@code actor} is who asks (the command's metadata: the address that signed the
     * request at the edge); only the withdrawal's provider may.
     */
    record CompleteWithdrawal(String poolId, String withdrawalId, String actor, Instant at) implements PoolCommand {}

    /** Withdraws a pending withdrawal request; only its provider ({@code actor}, as above) may. */
    record CancelWithdrawal(String poolId, String withdrawalId, String actor, Instant at) implements PoolCommand {}

    record ReserveCapacity(
            String poolId,
            String reservationId,
            String policyId,
            String productId,
            Money amount,
            Instant coverStartsAt,
            Instant coverEndsAt,
            Instant at)
            implements PoolCommand {}

    record ReleaseCapacity(String poolId, String reservationId, String policyId, String reason, Instant at)
            implements PoolCommand {}

    record RecordPremium(String poolId, String policyId, Money amount, String paymentRef, Instant at)
            implements PoolCommand {}

    record ReservePayout(
            String poolId,
            String payoutId,
            String claimId,
            String policyId,
            String recipient,
            Money amount,
            String incidentId,
            Instant at)
            implements PoolCommand {}

    record ReleasePayout(String poolId, String payoutId, String claimId, String reason, Instant at)
            implements PoolCommand {}

    record ConfirmPayout(
            String poolId, String payoutId, String claimId, Money amount, String batchId, String txHash, Instant at)
            implements PoolCommand {}
}
