package io.coverclaims.pool.domain;

import io.coverclaims.platform.streams.AggregateType;
import io.coverclaims.pool.domain.PoolCommand.ProductWeight;
import io.coverclaims.pool.domain.PoolCommand.Source;
import io.coverclaims.pool.domain.PoolEvent.PositionAmount;
import io.coverclaims.pool.domain.PoolEvent.TrancheAmount;
import io.coverclaims.schemas.pool.FundsSource;

import java.util.List;

/** The pool aggregate as the kernel runs it: the decider plus the mapping of its domain records to pool.avdl. */
public final class PoolAggregate {

    public static final String NAME = "pool";

    public static final AggregateType<PoolCommand, PoolEvent, PoolState> TYPE = AggregateType.named(NAME, PoolDecider.INSTANCE)
            .command(io.coverclaims.schemas.pool.CreatePool.class, w -> new PoolCommand.CreatePool(w.getPoolId(), w.getName(),
                    w.getManager(), w.getAsset(), w.getAssetDecimals(), w.getCapacityRatioBps(), weights(w.getProducts()),
                    w.getTrancheDurationMs(), w.getWithdrawalCooldownMs(), w.getMetadata().getIssuedAt()))
            .command(io.coverclaims.schemas.pool.SetProductWeights.class, w -> new PoolCommand.SetProductWeights(w.getPoolId(),
                    weights(w.getProducts()), w.getMetadata().getIssuedAt()))
            .command(io.coverclaims.schemas.pool.DepositCapital.class, w -> new PoolCommand.DepositCapital(w.getPoolId(),
                    w.getDepositId(), w.getProvider(), w.getAmount(), w.getTrancheId(), source(w.getSource()), w.getTxHash(),
                    w.getLogIndex(), w.getMetadata().getIssuedAt()))
            .command(io.coverclaims.schemas.pool.RequestWithdrawal.class, w -> new PoolCommand.RequestWithdrawal(w.getPoolId(),
                    w.getWithdrawalId(), w.getProvider(), w.getTrancheId(), w.getAmount(), w.getRecipient(), w.getMetadata().getIssuedAt()))
            .command(io.coverclaims.schemas.pool.CompleteWithdrawal.class, w -> new PoolCommand.CompleteWithdrawal(w.getPoolId(),
                    w.getWithdrawalId(), w.getMetadata().getIssuedAt()))
            .command(io.coverclaims.schemas.pool.CancelWithdrawal.class, w -> new PoolCommand.CancelWithdrawal(w.getPoolId(),
                    w.getWithdrawalId(), w.getMetadata().getIssuedAt()))
            .command(io.coverclaims.schemas.pool.ReserveCapacity.class, w -> new PoolCommand.ReserveCapacity(w.getPoolId(),
                    w.getReservationId(), w.getPolicyId(), w.getProductId(), w.getAmount(), w.getCoverStartsAt(), w.getCoverEndsAt(),
                    w.getMetadata().getIssuedAt()))
            .command(io.coverclaims.schemas.pool.ReleaseCapacity.class, w -> new PoolCommand.ReleaseCapacity(w.getPoolId(),
                    w.getReservationId(), w.getPolicyId(), w.getReason(), w.getMetadata().getIssuedAt()))
            .command(io.coverclaims.schemas.pool.RecordPremium.class, w -> new PoolCommand.RecordPremium(w.getPoolId(),
                    w.getPolicyId(), w.getAmount(), w.getPaymentRef(), w.getMetadata().getIssuedAt()))
            .command(io.coverclaims.schemas.pool.ReservePayout.class, w -> new PoolCommand.ReservePayout(w.getPoolId(),
                    w.getPayoutId(), w.getClaimId(), w.getPolicyId(), w.getRecipient(), w.getAmount(), w.getIncidentId(),
                    w.getMetadata().getIssuedAt()))
            .command(io.coverclaims.schemas.pool.ReleasePayout.class, w -> new PoolCommand.ReleasePayout(w.getPoolId(),
                    w.getPayoutId(), w.getClaimId(), w.getReason(), w.getMetadata().getIssuedAt()))
            .command(io.coverclaims.schemas.pool.ConfirmPayout.class, w -> new PoolCommand.ConfirmPayout(w.getPoolId(),
                    w.getPayoutId(), w.getClaimId(), w.getAmount(), w.getBatchId(), w.getTxHash(), w.getMetadata().getIssuedAt()))
            .event(PoolEvent.PoolCreated.class, io.coverclaims.schemas.pool.PoolCreated.class,
                    (e, m) -> io.coverclaims.schemas.pool.PoolCreated.newBuilder().setMetadata(m).setPoolId(e.poolId())
                            .setName(e.name()).setManager(e.manager()).setAsset(e.asset()).setCapacityRatioBps(e.capacityRatioBps())
                            .setProducts(wireWeights(e.products())).setTrancheDurationMs(e.trancheDurationMs())
                            .setWithdrawalCooldownMs(e.withdrawalCooldownMs()).setAssetDecimals(e.assetDecimals()).build(),
                    w -> new PoolEvent.PoolCreated(w.getPoolId(), w.getName(), w.getManager(), w.getAsset(),
                            w.getAssetDecimals() == null ? PoolDecider.DEFAULT_ASSET_DECIMALS : w.getAssetDecimals(),
                            w.getCapacityRatioBps(), weights(w.getProducts()), w.getTrancheDurationMs(),
                            w.getWithdrawalCooldownMs() == null ? PoolDecider.DEFAULT_WITHDRAWAL_COOLDOWN_MS : w.getWithdrawalCooldownMs()))
            .event(PoolEvent.ProductWeightsSet.class, io.coverclaims.schemas.pool.ProductWeightsSet.class,
                    (e, m) -> io.coverclaims.schemas.pool.ProductWeightsSet.newBuilder().setMetadata(m).setPoolId(e.poolId())
                            .setProducts(wireWeights(e.products())).build(),
                    w -> new PoolEvent.ProductWeightsSet(w.getPoolId(), weights(w.getProducts())))
            .event(PoolEvent.CapitalDeposited.class, io.coverclaims.schemas.pool.CapitalDeposited.class,
                    (e, m) -> io.coverclaims.schemas.pool.CapitalDeposited.newBuilder().setMetadata(m).setPoolId(e.poolId())
                            .setDepositId(e.depositId()).setProvider(e.provider()).setAmount(e.amount()).setTrancheId(e.trancheId())
                            .setTrancheEndsAt(e.trancheEndsAt()).setTrancheDurationMs(e.trancheDurationMs())
                            .setSource(e.source() == Source.CHAIN ? FundsSource.CHAIN : FundsSource.API).setTxHash(e.txHash())
                            .setLogIndex(e.logIndex()).setTotalStake(e.totalStake()).build(),
                    w -> new PoolEvent.CapitalDeposited(w.getPoolId(), w.getDepositId(), w.getProvider(), w.getAmount(),
                            w.getTrancheId(), w.getTrancheEndsAt(), w.getTrancheDurationMs(), source(w.getSource()), w.getTxHash(),
                            w.getLogIndex(), w.getTotalStake()))
            .event(PoolEvent.WithdrawalRequested.class, io.coverclaims.schemas.pool.WithdrawalRequested.class,
                    (e, m) -> io.coverclaims.schemas.pool.WithdrawalRequested.newBuilder().setMetadata(m).setPoolId(e.poolId())
                            .setWithdrawalId(e.withdrawalId()).setProvider(e.provider()).setRecipient(e.recipient())
                            .setTrancheId(e.trancheId()).setAmount(e.amount()).setTrancheEndsAt(e.trancheEndsAt())
                            .setCooldownMs(e.cooldownMs()).setCooldownEndsAt(e.cooldownEndsAt()).build(),
                    w -> new PoolEvent.WithdrawalRequested(w.getPoolId(), w.getWithdrawalId(), w.getProvider(), w.getRecipient(),
                            w.getTrancheId(), w.getAmount(), w.getTrancheEndsAt(), w.getCooldownMs(), w.getCooldownEndsAt()))
            .event(PoolEvent.CapitalWithdrawn.class, io.coverclaims.schemas.pool.CapitalWithdrawn.class,
                    (e, m) -> io.coverclaims.schemas.pool.CapitalWithdrawn.newBuilder().setMetadata(m).setPoolId(e.poolId())
                            .setWithdrawalId(e.withdrawalId()).setProvider(e.provider()).setRecipient(e.recipient())
                            .setAsset(e.asset()).setTrancheId(e.trancheId()).setRequestedAmount(e.requestedAmount())
                            .setWithdrawnAmount(e.withdrawnAmount()).setTotalStake(e.totalStake()).build(),
                    w -> new PoolEvent.CapitalWithdrawn(w.getPoolId(), w.getWithdrawalId(), w.getProvider(), w.getRecipient(),
                            w.getAsset(), w.getTrancheId(), w.getRequestedAmount(), w.getWithdrawnAmount(), w.getTotalStake()))
            .event(PoolEvent.WithdrawalCancelled.class, io.coverclaims.schemas.pool.WithdrawalCancelled.class,
                    (e, m) -> io.coverclaims.schemas.pool.WithdrawalCancelled.newBuilder().setMetadata(m).setPoolId(e.poolId())
                            .setWithdrawalId(e.withdrawalId()).setProvider(e.provider()).setTrancheId(e.trancheId())
                            .setAmount(e.amount()).build(),
                    w -> new PoolEvent.WithdrawalCancelled(w.getPoolId(), w.getWithdrawalId(), w.getProvider(), w.getTrancheId(),
                            w.getAmount()))
            .event(PoolEvent.CapacityReserved.class, io.coverclaims.schemas.pool.CapacityReserved.class,
                    (e, m) -> io.coverclaims.schemas.pool.CapacityReserved.newBuilder().setMetadata(m).setPoolId(e.poolId())
                            .setReservationId(e.reservationId()).setPolicyId(e.policyId()).setProductId(e.productId())
                            .setAmount(e.amount()).setCoverEndsAt(e.coverEndsAt()).setEligibleStake(e.eligibleStake())
                            .setCapacityRatioBps(e.capacityRatioBps()).setProductWeightBps(e.productWeightBps())
                            .setProductCapacity(e.productCapacity()).setAvailableAfter(e.availableAfter()).build(),
                    w -> new PoolEvent.CapacityReserved(w.getPoolId(), w.getReservationId(), w.getPolicyId(), w.getProductId(),
                            w.getAmount(), w.getCoverEndsAt(), w.getEligibleStake(), w.getCapacityRatioBps(), w.getProductWeightBps(),
                            w.getProductCapacity(), w.getAvailableAfter()))
            .event(PoolEvent.CapacityReservationDeclined.class, io.coverclaims.schemas.pool.CapacityReservationDeclined.class,
                    (e, m) -> io.coverclaims.schemas.pool.CapacityReservationDeclined.newBuilder().setMetadata(m).setPoolId(e.poolId())
                            .setReservationId(e.reservationId()).setPolicyId(e.policyId()).setProductId(e.productId())
                            .setRequestedAmount(e.requestedAmount()).setReasonCode(e.reasonCode()).setEligibleStake(e.eligibleStake())
                            .setCapacityRatioBps(e.capacityRatioBps()).setProductWeightBps(e.productWeightBps())
                            .setAvailableCapacity(e.availableCapacity()).build(),
                    w -> new PoolEvent.CapacityReservationDeclined(w.getPoolId(), w.getReservationId(), w.getPolicyId(),
                            w.getProductId(), w.getRequestedAmount(), w.getReasonCode(), w.getEligibleStake(), w.getCapacityRatioBps(),
                            w.getProductWeightBps(), w.getAvailableCapacity()))
            .event(PoolEvent.CapacityReleased.class, io.coverclaims.schemas.pool.CapacityReleased.class,
                    (e, m) -> io.coverclaims.schemas.pool.CapacityReleased.newBuilder().setMetadata(m).setPoolId(e.poolId())
                            .setReservationId(e.reservationId()).setPolicyId(e.policyId()).setAmount(e.amount())
                            .setReason(e.reason()).build(),
                    w -> new PoolEvent.CapacityReleased(w.getPoolId(), w.getReservationId(), w.getPolicyId(), w.getAmount(), w.getReason()))
            .event(PoolEvent.PremiumRecorded.class, io.coverclaims.schemas.pool.PremiumRecorded.class,
                    (e, m) -> io.coverclaims.schemas.pool.PremiumRecorded.newBuilder().setMetadata(m).setPoolId(e.poolId())
                            .setPolicyId(e.policyId()).setAmount(e.amount()).setPaymentRef(e.paymentRef())
                            .setAllocations(wireTranches(e.allocations())).setPositionAllocations(wirePositions(e.positionAllocations()))
                            .setRetained(e.retained()).build(),
                    w -> new PoolEvent.PremiumRecorded(w.getPoolId(), w.getPolicyId(), w.getAmount(), w.getPaymentRef(),
                            tranches(w.getAllocations()), positions(w.getPositionAllocations()), w.getRetained()))
            .event(PoolEvent.PayoutReserved.class, io.coverclaims.schemas.pool.PayoutReserved.class,
                    (e, m) -> io.coverclaims.schemas.pool.PayoutReserved.newBuilder().setMetadata(m).setPoolId(e.poolId())
                            .setPayoutId(e.payoutId()).setClaimId(e.claimId()).setPolicyId(e.policyId()).setRecipient(e.recipient())
                            .setIncidentId(e.incidentId()).setRequestedAmount(e.requestedAmount()).setReservedAmount(e.reservedAmount())
                            .setProRataPpm(e.proRataPpm()).setAvailableCapital(e.availableCapital())
                            .setCharges(wireTranches(e.charges())).setTotalStakeAfter(e.totalStakeAfter())
                            .setPositionCharges(wirePositions(e.positionCharges())).setRetained(e.retained()).build(),
                    w -> new PoolEvent.PayoutReserved(w.getPoolId(), w.getPayoutId(), w.getClaimId(), w.getPolicyId(),
                            w.getRecipient(), w.getIncidentId(), w.getRequestedAmount(), w.getReservedAmount(), w.getProRataPpm(),
                            w.getAvailableCapital(), tranches(w.getCharges()), w.getTotalStakeAfter(), positions(w.getPositionCharges()),
                            w.getRetained()))
            .event(PoolEvent.PayoutReservationDeclined.class, io.coverclaims.schemas.pool.PayoutReservationDeclined.class,
                    (e, m) -> io.coverclaims.schemas.pool.PayoutReservationDeclined.newBuilder().setMetadata(m).setPoolId(e.poolId())
                            .setPayoutId(e.payoutId()).setClaimId(e.claimId()).setRequestedAmount(e.requestedAmount())
                            .setReasonCode(e.reasonCode()).build(),
                    w -> new PoolEvent.PayoutReservationDeclined(w.getPoolId(), w.getPayoutId(), w.getClaimId(),
                            w.getRequestedAmount(), w.getReasonCode()))
            .event(PoolEvent.PayoutReleased.class, io.coverclaims.schemas.pool.PayoutReleased.class,
                    (e, m) -> io.coverclaims.schemas.pool.PayoutReleased.newBuilder().setMetadata(m).setPoolId(e.poolId())
                            .setPayoutId(e.payoutId()).setClaimId(e.claimId()).setAmount(e.amount())
                            .setReturns(wireTranches(e.returns())).setReason(e.reason()).build(),
                    w -> new PoolEvent.PayoutReleased(w.getPoolId(), w.getPayoutId(), w.getClaimId(), w.getAmount(),
                            tranches(w.getReturns()), w.getReason()))
            .event(PoolEvent.PayoutDisbursed.class, io.coverclaims.schemas.pool.PayoutDisbursed.class,
                    (e, m) -> io.coverclaims.schemas.pool.PayoutDisbursed.newBuilder().setMetadata(m).setPoolId(e.poolId())
                            .setPayoutId(e.payoutId()).setClaimId(e.claimId()).setAmount(e.amount()).setBatchId(e.batchId())
                            .setTxHash(e.txHash()).build(),
                    w -> new PoolEvent.PayoutDisbursed(w.getPoolId(), w.getPayoutId(), w.getClaimId(), w.getAmount(),
                            w.getBatchId(), w.getTxHash()))
            .build();

    private PoolAggregate() {
    }

    static List<ProductWeight> weights(List<io.coverclaims.schemas.pool.ProductWeight> wire) {
        return wire.stream().map(w -> new ProductWeight(w.getProductId(), w.getWeightBps())).toList();
    }

    public static List<io.coverclaims.schemas.pool.ProductWeight> wireWeights(List<ProductWeight> products) {
        return products.stream().map(p -> io.coverclaims.schemas.pool.ProductWeight.newBuilder()
                .setProductId(p.productId()).setWeightBps(p.weightBps()).build()).toList();
    }

    static Source source(FundsSource wire) {
        return wire == FundsSource.CHAIN ? Source.CHAIN : Source.API;
    }

    static List<io.coverclaims.schemas.pool.TrancheAmount> wireTranches(List<TrancheAmount> amounts) {
        return amounts.stream().map(a -> io.coverclaims.schemas.pool.TrancheAmount.newBuilder().setTrancheId(a.trancheId())
                .setAmount(a.amount()).build()).toList();
    }

    static List<TrancheAmount> tranches(List<io.coverclaims.schemas.pool.TrancheAmount> wire) {
        return wire.stream().map(a -> new TrancheAmount(a.getTrancheId(), a.getAmount())).toList();
    }

    static List<io.coverclaims.schemas.pool.PositionAmount> wirePositions(List<PositionAmount> amounts) {
        return amounts.stream().map(a -> io.coverclaims.schemas.pool.PositionAmount.newBuilder().setProvider(a.provider())
                .setTrancheId(a.trancheId()).setAmount(a.amount()).build()).toList();
    }

    static List<PositionAmount> positions(List<io.coverclaims.schemas.pool.PositionAmount> wire) {
        return wire.stream().map(a -> new PositionAmount(a.getProvider(), a.getTrancheId(), a.getAmount())).toList();
    }
}
