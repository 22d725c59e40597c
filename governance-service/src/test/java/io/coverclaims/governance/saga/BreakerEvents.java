package io.coverclaims.governance.saga;

import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.oracle.FeedUnreliable;
import io.coverclaims.schemas.oracle.PriceQuorumReached;
import io.coverclaims.schemas.pool.PayoutReserved;
import io.coverclaims.schemas.pool.SolvencyAssessed;
import io.coverclaims.schemas.pool.TrancheAmount;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** pool.events and oracle.events records as pool-service and oracle-service write them, for the breakers' tests. */
public final class BreakerEvents {

    private BreakerEvents() {}

    public static EventMetadata metadata(String aggregateId, long version, Instant at, String actor) {
        String id = UUID.randomUUID().toString();
        return EventMetadata.newBuilder()
                .setEventId(id)
                .setAggregateId(aggregateId)
                .setAggregateVersion(version)
                .setCausationId(UUID.randomUUID().toString())
                .setCorrelationId(UUID.randomUUID().toString())
                .setOccurredAt(at)
                .setActor(actor)
                .build();
    }

    /** The solvency model's run over a pool: it records the pool's capital (totalStake). */
    public static SolvencyAssessed solvency(String poolId, long version, long totalStake, Instant at) {
        return SolvencyAssessed.newBuilder()
                .setMetadata(metadata(poolId, version, at, "pool-service/scheduler"))
                .setPoolId(poolId)
                .setTotalStake(decimal(totalStake))
                .setActiveCover(decimal(totalStake))
                .setReservedPayouts(decimal(0))
                .setSeed(42)
                .setScenarios(1_000)
                .setConfidencePpm(995_000)
                .setModelVersion("test")
                .setValueAtRisk(decimal(0))
                .setRequiredCapital(decimal(0))
                .setMinCapitalDivisorPpm(4_800_000)
                .setSolvent(true)
                .build();
    }

    /** A payout reserved in full for a claim, charged to one tranche, leaving {@code totalStakeAfter}. */
    public static PayoutReserved payout(
            String poolId, long version, String payoutId, long amount, long totalStakeAfter, Instant at) {
        return PayoutReserved.newBuilder()
                .setMetadata(metadata(poolId, version, at, "claim-service"))
                .setPoolId(poolId)
                .setPayoutId(payoutId)
                .setClaimId("clm-" + payoutId)
                .setPolicyId("pol-" + payoutId)
                .setRecipient("0x00000000000000000000000000000000000000aa")
                .setIncidentId(null)
                .setRequestedAmount(decimal(amount))
                .setReservedAmount(decimal(amount))
                .setProRataPpm(1_000_000)
                .setAvailableCapital(decimal(totalStakeAfter + amount))
                .setCharges(List.of(TrancheAmount.newBuilder()
                        .setTrancheId(1)
                        .setAmount(decimal(amount))
                        .build()))
                .setTotalStakeAfter(decimal(totalStakeAfter))
                .setPositionCharges(List.of())
                .setRetained(decimal(0))
                .build();
    }

    /** The feed lost its quorum (oracle-service records it once, on the transition). */
    public static FeedUnreliable unreliable(String feedId, long version, Instant at) {
        return FeedUnreliable.newBuilder()
                .setMetadata(metadata(feedId, version, at, "0x00000000000000000000000000000000000000bb"))
                .setFeedId(feedId)
                .setSourceIds(List.of("src-a"))
                .setQuorum(2)
                .setSourceCount(3)
                .setEvaluatedAt(at)
                .setExclusions(List.of())
                .build();
    }

    /** k of n sources agree again. */
    public static PriceQuorumReached quorum(String feedId, long version, Instant at) {
        return PriceQuorumReached.newBuilder()
                .setMetadata(metadata(feedId, version, at, "0x00000000000000000000000000000000000000bb"))
                .setFeedId(feedId)
                .setPriceE8(100_000_000L)
                .setObservedAt(at)
                .setSourceIds(List.of("src-a", "src-b"))
                .setQuorum(2)
                .setSourceCount(3)
                .setMaxDeviationPpm(10_000)
                .setMaxStalenessMs(3_600_000)
                .setEvaluatedAt(at)
                .setExclusions(List.of())
                .build();
    }

    public static BigDecimal decimal(long value) {
        return BigDecimal.valueOf(value);
    }
}
