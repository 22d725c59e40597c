package io.coverclaims.pool.domain.pool;

import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.money.Money;
import io.coverclaims.pool.domain.pool.PoolCommand.CancelWithdrawal;
import io.coverclaims.pool.domain.pool.PoolCommand.CompleteWithdrawal;
import io.coverclaims.pool.domain.pool.PoolCommand.ConfirmPayout;
import io.coverclaims.pool.domain.pool.PoolCommand.CreatePool;
import io.coverclaims.pool.domain.pool.PoolCommand.DepositCapital;
import io.coverclaims.pool.domain.pool.PoolCommand.RecordPremium;
import io.coverclaims.pool.domain.pool.PoolCommand.ReleaseCapacity;
import io.coverclaims.pool.domain.pool.PoolCommand.ReleasePayout;
import io.coverclaims.pool.domain.pool.PoolCommand.RequestWithdrawal;
import io.coverclaims.pool.domain.pool.PoolCommand.ReserveCapacity;
import io.coverclaims.pool.domain.pool.PoolCommand.ReservePayout;
import io.coverclaims.pool.domain.pool.PoolCommand.SetProductWeights;
import io.coverclaims.pool.domain.pool.PoolEvent.CapacityReleased;
import io.coverclaims.pool.domain.pool.PoolEvent.CapacityReservationDeclined;
import io.coverclaims.pool.domain.pool.PoolEvent.CapacityReserved;
import io.coverclaims.pool.domain.pool.PoolEvent.CapitalDeposited;
import io.coverclaims.pool.domain.pool.PoolEvent.CapitalWithdrawn;
import io.coverclaims.pool.domain.pool.PoolEvent.PayoutDisbursed;
import io.coverclaims.pool.domain.pool.PoolEvent.PayoutReleased;
import io.coverclaims.pool.domain.pool.PoolEvent.PayoutReservationDeclined;
import io.coverclaims.pool.domain.pool.PoolEvent.PayoutReserved;
import io.coverclaims.pool.domain.pool.PoolEvent.PoolCreated;
import io.coverclaims.pool.domain.pool.PoolEvent.PositionAmount;
import io.coverclaims.pool.domain.pool.PoolEvent.PremiumRecorded;
import io.coverclaims.pool.domain.pool.PoolEvent.ProductWeightsSet;
import io.coverclaims.pool.domain.pool.PoolEvent.WithdrawalCancelled;
import io.coverclaims.pool.domain.pool.PoolEvent.WithdrawalRequested;
import io.coverclaims.pool.domain.pool.PoolState.NoPool;
import io.coverclaims.pool.domain.pool.PoolState.Params;
import io.coverclaims.pool.domain.pool.PoolState.Payout;
import io.coverclaims.pool.domain.pool.PoolState.PayoutStatus;
import io.coverclaims.pool.domain.pool.PoolState.Pool;
import io.coverclaims.pool.domain.pool.PoolState.Reservation;
import io.coverclaims.pool.domain.pool.PoolState.Withdrawal;
import io.coverclaims.pool.domain.pool.PoolState.WithdrawalStatus;
import java.time.Duration;
import java.util.List;

/**
 * The pool aggregate: which rule group decides each command, and how each event changes the pool. Pure: time is the
 * command's {@code at}; parameters are the pool's, recorded in its events. Rounding always favours the pool: capacity
 * is floored, premium credits are floored and loss charges are ceiled per provider position, and whatever rounding
 * leaves over is kept by the pool (its ledger's fees line). Amounts are {@link Money}, exact uint256: a command whose
 * amounts would take the pool's books beyond 2^256 - 1 is rejected {@code AMOUNT_OUT_OF_RANGE} naming its field.
 *
 * <p>Rule groups: {@link ParameterRules} (creation, product weights), {@link CapitalRules} (deposits, withdrawals),
 * {@link CapacityRules} (reservations), {@link PremiumAndPayoutRules} (premiums, losses).
 */
public final class PoolDecider {

    public static final Decider<PoolCommand, PoolEvent, PoolState> DECIDER =
            Decider.of(PoolState.INITIAL, PoolDecider::decide, PoolDecider::evolve);

    public static final long DEFAULT_TRANCHE_DURATION_MS = Duration.ofDays(91).toMillis();
    public static final long DEFAULT_WITHDRAWAL_COOLDOWN_MS = Duration.ofDays(7).toMillis();
    public static final int DEFAULT_ASSET_DECIMALS = 6;
    public static final long MIN_TRANCHE_DURATION_MS = 1_000;
    public static final long MAX_TRANCHE_DURATION_MS = Duration.ofDays(366).toMillis();
    public static final long MAX_WITHDRAWAL_COOLDOWN_MS = Duration.ofDays(366).toMillis();
    public static final int MAX_CAPACITY_RATIO_BPS = 100_000;
    /** A deposit may lock into the current tranche or one of the next eight (two years at 91 days). */
    public static final int MAX_FUTURE_TRANCHES = 8;

    private PoolDecider() {}

    // ------------------------------------------------------------------ decide

    public static Decision<PoolEvent> decide(PoolCommand command, PoolState state) {
        return switch (state) {
            case NoPool none -> decideWithoutPool(command);
            case Pool pool -> decideForPool(command, pool);
        };
    }

    /** Before the pool exists: it can be created; a capacity request is declined (the saga needs an answer). */
    private static Decision<PoolEvent> decideWithoutPool(PoolCommand command) {
        return switch (command) {
            case CreatePool c -> ParameterRules.create(c);
            case ReserveCapacity c -> CapacityRules.declineWithoutPool(c);
            case ReleaseCapacity c -> Decision.nothingToDo(); // nothing was reserved
            case SetProductWeights c -> notFound(c);
            case DepositCapital c -> notFound(c);
            case RequestWithdrawal c -> notFound(c);
            case CompleteWithdrawal c -> notFound(c);
            case CancelWithdrawal c -> notFound(c);
            case RecordPremium c -> notFound(c);
            case ReservePayout c -> notFound(c);
            case ReleasePayout c -> notFound(c);
            case ConfirmPayout c -> notFound(c);
        };
    }

    private static Decision<PoolEvent> decideForPool(PoolCommand command, Pool pool) {
        return switch (command) {
            case CreatePool c -> ParameterRules.createAgain(c);
            case SetProductWeights c -> ParameterRules.setWeights(c, pool);
            case DepositCapital c -> CapitalRules.deposit(c, pool);
            case RequestWithdrawal c -> CapitalRules.requestWithdrawal(c, pool);
            case CompleteWithdrawal c -> CapitalRules.completeWithdrawal(c, pool);
            case CancelWithdrawal c -> CapitalRules.cancelWithdrawal(c, pool);
            case ReserveCapacity c -> CapacityRules.reserve(c, pool);
            case ReleaseCapacity c -> CapacityRules.release(c, pool);
            case RecordPremium c -> PremiumAndPayoutRules.recordPremium(c, pool);
            case ReservePayout c -> PremiumAndPayoutRules.reservePayout(c, pool);
            case ReleasePayout c -> PremiumAndPayoutRules.releasePayout(c, pool);
            case ConfirmPayout c -> PremiumAndPayoutRules.confirmPayout(c, pool);
        };
    }

    private static Decision<PoolEvent> notFound(PoolCommand command) {
        return Decision.reject("POOL_NOT_FOUND", "no pool " + command.poolId(), "poolId");
    }

    // ------------------------------------------------------------------ evolve

    public static PoolState evolve(PoolState state, PoolEvent event) {
        return switch (state) {
            case NoPool none -> evolveWithoutPool(none, event);
            case Pool pool -> apply(pool, event);
        };
    }

    /** Only creation starts a pool; a declined request for a pool that does not exist changes nothing. */
    private static PoolState evolveWithoutPool(NoPool none, PoolEvent event) {
        return switch (event) {
            case PoolCreated e -> Pool.of(Params.of(e));
            case CapacityReservationDeclined e -> none;
            case PayoutReservationDeclined e -> none;
            case ProductWeightsSet e -> notCreated(e);
            case CapitalDeposited e -> notCreated(e);
            case WithdrawalRequested e -> notCreated(e);
            case CapitalWithdrawn e -> notCreated(e);
            case WithdrawalCancelled e -> notCreated(e);
            case CapacityReserved e -> notCreated(e);
            case CapacityReleased e -> notCreated(e);
            case PremiumRecorded e -> notCreated(e);
            case PayoutReserved e -> notCreated(e);
            case PayoutReleased e -> notCreated(e);
            case PayoutDisbursed e -> notCreated(e);
        };
    }

    private static PoolState notCreated(PoolEvent event) {
        throw new IllegalStateException(
                event.getClass().getSimpleName() + " of " + event.poolId() + " before the pool was created");
    }

    /** An event applied to a live pool; the rules also use it to look at the pool an event would leave. */
    static Pool apply(Pool pool, PoolEvent event) {
        return switch (event) {
            case PoolCreated e -> pool.withParams(Params.of(e));
            case ProductWeightsSet e -> pool.withParams(pool.params().withWeights(e.products()));
            case CapitalDeposited e ->
                pool.withStakesCredited(List.of(new PositionAmount(e.provider(), e.trancheId(), e.amount())))
                        .withDepositId(e.depositId())
                        .withBooks(
                                pool.ledger().withDeposit(e.amount()),
                                pool.capital().plus(e.amount()));
            case WithdrawalRequested e ->
                pool.withWithdrawal(new Withdrawal(
                        e.withdrawalId(),
                        e.provider(),
                        e.recipient(),
                        e.trancheId(),
                        e.amount(),
                        e.cooldownEndsAt(),
                        WithdrawalStatus.PENDING,
                        Money.ZERO));
            case WithdrawalCancelled e ->
                pool.withWithdrawal(pool.withdrawals().get(e.withdrawalId()).cancelled());
            case CapitalWithdrawn e ->
                pool.withWithdrawal(pool.withdrawals().get(e.withdrawalId()).completed(e.withdrawnAmount()))
                        .withStakesDebited(
                                List.of(new PositionAmount(e.provider(), e.trancheId(), e.withdrawnAmount())))
                        .withBooks(
                                pool.ledger().withWithdrawal(e.withdrawnAmount()),
                                pool.capital().minus(e.withdrawnAmount()));
            case CapacityReserved e ->
                pool.withReservation(
                        new Reservation(e.reservationId(), e.policyId(), e.productId(), e.amount(), e.coverEndsAt()));
            case CapacityReservationDeclined e -> pool;
            case CapacityReleased e -> pool.withoutReservation(e.reservationId());
            case PremiumRecorded e ->
                pool.withStakesCredited(e.positionAllocations())
                        .withPremiumPolicy(e.policyId())
                        .withBooks(
                                pool.ledger().withPremium(e.amount(), e.retained()),
                                pool.capital().plus(e.amount()).minus(e.retained()));
            case PayoutReserved e ->
                pool.withPayout(new Payout(
                                e.payoutId(),
                                e.claimId(),
                                e.recipient(),
                                e.reservedAmount(),
                                List.copyOf(e.positionCharges()),
                                e.retained(),
                                PayoutStatus.RESERVED))
                        .withStakesDebited(e.positionCharges())
                        .withBooks(
                                pool.ledger().withPayoutReserved(e.reservedAmount(), e.retained()),
                                pool.capital().minus(e.reservedAmount().plus(e.retained())));
            case PayoutReservationDeclined e -> pool;
            case PayoutDisbursed e ->
                pool.withPayout(pool.payouts().get(e.payoutId()).withStatus(PayoutStatus.DISBURSED));
            case PayoutReleased e -> {
                // the recorded charges go back to their positions, the retained rounding with them
                Payout payout = pool.payouts().get(e.payoutId());
                yield pool.withPayout(payout.withStatus(PayoutStatus.RELEASED))
                        .withStakesCredited(payout.charges())
                        .withBooks(
                                pool.ledger().withPayoutReleased(payout.reservedAmount(), payout.retained()),
                                pool.capital().plus(payout.reservedAmount()).plus(payout.retained()));
            }
        };
    }
}
