package io.coverclaims.cli;

import io.coverclaims.schemas.chain.SettlementBatchAnchored;
import io.coverclaims.schemas.chain.SettlementBatchSealed;
import io.coverclaims.schemas.chain.SettlementEnqueued;
import io.coverclaims.schemas.chain.SettlementKind;
import io.coverclaims.schemas.chain.SettlementLeaf;
import io.coverclaims.schemas.chain.SettlementRedeemed;
import io.coverclaims.schemas.claim.ClaimSettled;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.policy.PolicyActivated;
import io.coverclaims.schemas.pool.CapitalDeposited;
import io.coverclaims.schemas.pool.DepositCapital;
import io.coverclaims.schemas.pool.FundsSource;
import io.coverclaims.schemas.pool.PayoutReleased;
import io.coverclaims.schemas.pool.PayoutReserved;
import io.coverclaims.schemas.pool.PoolCreated;
import io.coverclaims.schemas.pool.PositionAmount;
import io.coverclaims.schemas.pool.PremiumRecorded;
import io.coverclaims.schemas.pool.ProductWeight;
import io.coverclaims.schemas.pool.TrancheAmount;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/** Wire events of the shapes the services write, for the operators' tools' tests: a pool, cover, settlements. */
final class Wire {

    static final String PROVIDER = "0x" + "c".repeat(40);
    static final String HOLDER = "0x" + "d".repeat(40);
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final int TRANCHE = 228;

    private Wire() {}

    /** Metadata of version {@code version} of {@code aggregateId}, occurring {@code minutes} after {@link #T0}. */
    static EventMetadata meta(String aggregateId, long version, int minutes, String correlation) {
        return EventMetadata.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setAggregateId(aggregateId)
                .setAggregateVersion(version)
                .setCausationId("cmd-" + aggregateId + "-" + version)
                .setCorrelationId(correlation)
                .setOccurredAt(T0.plusSeconds(60L * minutes))
                .setActor(version == 1 ? "operator:alice" : PROVIDER)
                .build();
    }

    static EventMetadata meta(String aggregateId, long version, int minutes) {
        return meta(aggregateId, version, minutes, "corr-" + aggregateId + "-" + version);
    }

    static PoolCreated poolCreated(String pool, int minutes) {
        return PoolCreated.newBuilder()
                .setMetadata(meta(pool, 1, minutes))
                .setPoolId(pool)
                .setName("pool " + pool)
                .setManager(PROVIDER)
                .setAsset("tUSD")
                .setCapacityRatioBps(20_000)
                .setProducts(List.of(new ProductWeight("prod-x", 5_000)))
                .setTrancheDurationMs(7_862_400_000L)
                .setWithdrawalCooldownMs(604_800_000L)
                .setAssetDecimals(6)
                .build();
    }

    static CapitalDeposited deposit(String pool, long version, int minutes, long amount, long totalAfter) {
        return CapitalDeposited.newBuilder()
                .setMetadata(meta(pool, version, minutes))
                .setPoolId(pool)
                .setDepositId("dep-" + pool + "-" + version)
                .setProvider(PROVIDER)
                .setAmount(BigDecimal.valueOf(amount))
                .setTrancheId(TRANCHE)
                .setTrancheEndsAt(T0.plusSeconds(86_400L * 90))
                .setTrancheDurationMs(7_862_400_000L)
                .setSource(FundsSource.API)
                .setTxHash(null)
                .setLogIndex(null)
                .setTotalStake(BigDecimal.valueOf(totalAfter))
                .build();
    }

    /** A premium of {@code amount}: {@code credited} to the provider's position, {@code retained} kept by the pool. */
    static PremiumRecorded premium(
            String pool, long version, int minutes, String policy, long amount, long credited, long retained) {
        return PremiumRecorded.newBuilder()
                .setMetadata(meta(pool, version, minutes, "corr-" + policy))
                .setPoolId(pool)
                .setPolicyId(policy)
                .setAmount(BigDecimal.valueOf(amount))
                .setPaymentRef(null)
                .setAllocations(List.of(new TrancheAmount(TRANCHE, BigDecimal.valueOf(credited))))
                .setPositionAllocations(List.of(new PositionAmount(PROVIDER, TRANCHE, BigDecimal.valueOf(credited))))
                .setRetained(BigDecimal.valueOf(retained))
                .build();
    }

    static PayoutReserved payoutReserved(
            String pool, long version, int minutes, String payout, String claim, String policy, long amount) {
        return PayoutReserved.newBuilder()
                .setMetadata(meta(pool, version, minutes, "corr-" + claim))
                .setPoolId(pool)
                .setPayoutId(payout)
                .setClaimId(claim)
                .setPolicyId(policy)
                .setRecipient(HOLDER)
                .setIncidentId(null)
                .setRequestedAmount(BigDecimal.valueOf(amount))
                .setReservedAmount(BigDecimal.valueOf(amount))
                .setProRataPpm(1_000_000)
                .setAvailableCapital(BigDecimal.valueOf(amount))
                .setCharges(List.of(new TrancheAmount(TRANCHE, BigDecimal.valueOf(amount))))
                .setTotalStakeAfter(BigDecimal.ZERO)
                .setPositionCharges(List.of(new PositionAmount(PROVIDER, TRANCHE, BigDecimal.valueOf(amount))))
                .setRetained(BigDecimal.ZERO)
                .build();
    }

    static PayoutReleased payoutReleased(
            String pool, long version, int minutes, String payout, String claim, long amount) {
        return PayoutReleased.newBuilder()
                .setMetadata(meta(pool, version, minutes, "corr-" + claim))
                .setPoolId(pool)
                .setPayoutId(payout)
                .setClaimId(claim)
                .setAmount(BigDecimal.valueOf(amount))
                .setReturns(List.of(new TrancheAmount(TRANCHE, BigDecimal.valueOf(amount))))
                .setReason("claim withdrawn")
                .build();
    }

    static PolicyActivated policyActivated(String policy, String pool, int minutes, long cover) {
        return PolicyActivated.newBuilder()
                .setMetadata(meta(policy, 3, minutes, "corr-" + policy))
                .setPolicyId(policy)
                .setProductId("prod-x")
                .setPoolId(pool)
                .setHolder(HOLDER)
                .setAsset("tUSD")
                .setReservationId("res-" + policy)
                .setCoverAmount(BigDecimal.valueOf(cover))
                .setPremium(BigDecimal.valueOf(cover / 100))
                .setStartAt(T0)
                .setEndAt(T0.plusSeconds(86_400L * 30))
                .build();
    }

    static ClaimSettled claimSettled(String claim, String policy, String pool, int minutes, long amount) {
        return ClaimSettled.newBuilder()
                .setMetadata(meta(claim, 5, minutes, "corr-" + claim))
                .setClaimId(claim)
                .setPolicyId(policy)
                .setPoolId(pool)
                .setPayoutId("pay-" + claim)
                .setRecipient(HOLDER)
                .setAsset("tUSD")
                .setPayoutAmount(BigDecimal.valueOf(amount))
                .setSettledAmount(BigDecimal.valueOf(amount))
                .setProRataPpm(1_000_000)
                .build();
    }

    /** A settlement queued in {@code pool}'s settlement queue (chain's aggregate, keyed by the pool id). */
    static SettlementEnqueued enqueued(
            String pool, long version, int minutes, SettlementKind kind, String reference, long amount) {
        return SettlementEnqueued.newBuilder()
                .setMetadata(meta(pool, version, minutes, "corr-" + reference))
                .setPoolId(pool)
                .setKind(kind)
                .setReferenceId(reference)
                .setRecipient(HOLDER)
                .setAmount(BigDecimal.valueOf(amount))
                .setAsset("tUSD")
                .setQueueLength(1)
                .build();
    }

    /** A batch of leaves, each {@code (reference, amount)}, indexed from 0. */
    static SettlementBatchSealed sealed(String pool, long version, int minutes, String batch, Object... leaves) {
        List<SettlementLeaf> list = new java.util.ArrayList<>();
        long total = 0;
        for (int i = 0; i < leaves.length; i += 2) {
            long amount = ((Number) leaves[i + 1]).longValue();
            total += amount;
            list.add(new SettlementLeaf(
                    i / 2, SettlementKind.CLAIM_PAYOUT, (String) leaves[i], HOLDER, BigDecimal.valueOf(amount)));
        }
        return SettlementBatchSealed.newBuilder()
                .setMetadata(meta(pool, version, minutes, "corr-" + batch))
                .setPoolId(pool)
                .setBatchId(batch)
                .setAsset("tUSD")
                .setMerkleRoot("0x" + "ab".repeat(32))
                .setLeafCount(list.size())
                .setTotalAmount(BigDecimal.valueOf(total))
                .setLeaves(list)
                .setLeafEncoding("keccak256-abi-v1")
                .build();
    }

    static SettlementBatchAnchored anchored(String pool, long version, int minutes, String batch, long total) {
        return SettlementBatchAnchored.newBuilder()
                .setMetadata(meta(pool, version, minutes, "corr-" + batch))
                .setBatchId(batch)
                .setPoolId(pool)
                .setMerkleRoot("0x" + "ab".repeat(32))
                .setLeafCount(1)
                .setTotalAmount(BigDecimal.valueOf(total))
                .setTxHash("0x" + "01".repeat(32))
                .setBlockNumber(120)
                .setBlockHash("0x" + "02".repeat(32))
                .setGasUsed(80_000)
                .setEffectiveGasPriceWei(1_000_000_000L)
                .setConfirmations(2)
                .setRequiredConfirmations(2)
                .setAttempt(1)
                .build();
    }

    static SettlementRedeemed redeemed(
            String pool, long version, int minutes, String batch, int leaf, String reference, long amount) {
        return SettlementRedeemed.newBuilder()
                .setMetadata(meta(pool, version, minutes, "corr-" + batch))
                .setBatchId(batch)
                .setPoolId(pool)
                .setLeafIndex(leaf)
                .setKind(SettlementKind.CLAIM_PAYOUT)
                .setReferenceId(reference)
                .setRecipient(HOLDER)
                .setAmount(BigDecimal.valueOf(amount))
                .setTxHash("0x" + "03".repeat(32))
                .setLogIndex(leaf)
                .setBlockNumber(130)
                .setBlockHash("0x" + "04".repeat(32))
                .build();
    }

    static DepositCapital depositCommand(String pool, String depositId, long amount) {
        return DepositCapital.newBuilder()
                .setMetadata(CommandMetadata.newBuilder()
                        .setCommandId("cmd-" + depositId)
                        .setAggregateId(pool)
                        .setExpectedVersion(null)
                        .setCorrelationId("cmd-" + depositId)
                        .setCausationId(null)
                        .setIssuedAt(T0)
                        .setActor("operator:alice")
                        .setRequestHash(null)
                        .build())
                .setPoolId(pool)
                .setDepositId(depositId)
                .setProvider(PROVIDER)
                .setAmount(BigDecimal.valueOf(amount))
                .setTrancheId(null)
                .setSource(FundsSource.API)
                .setTxHash(null)
                .setLogIndex(null)
                .build();
    }

    /** {@code event} as read from {@code topic} at {@code offset} of partition 0, taken by the broker when it occurred. */
    static LoggedEvent logged(String topic, long offset, SpecificRecord event) {
        EventMetadata metadata = io.coverclaims.platform.streams.WireMetadata.ofEvent(event);
        return new LoggedEvent(
                topic, 0, offset, metadata.getOccurredAt().toEpochMilli(), metadata.getAggregateId(), event, metadata);
    }
}
