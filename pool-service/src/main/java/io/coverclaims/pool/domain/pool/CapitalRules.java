package io.coverclaims.pool.domain.pool;

import static io.coverclaims.pool.domain.pool.PoolDecider.MAX_FUTURE_TRANCHES;

import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.money.AmountOutOfRange;
import io.coverclaims.platform.money.Money;
import io.coverclaims.pool.domain.pool.PoolCommand.CancelWithdrawal;
import io.coverclaims.pool.domain.pool.PoolCommand.CompleteWithdrawal;
import io.coverclaims.pool.domain.pool.PoolCommand.DepositCapital;
import io.coverclaims.pool.domain.pool.PoolCommand.RequestWithdrawal;
import io.coverclaims.pool.domain.pool.PoolState.Params;
import io.coverclaims.pool.domain.pool.PoolState.Pool;
import io.coverclaims.pool.domain.pool.PoolState.Position;
import io.coverclaims.pool.domain.pool.PoolState.Withdrawal;
import io.coverclaims.pool.domain.pool.PoolState.WithdrawalStatus;
import java.math.BigInteger;
import java.time.Instant;
import java.util.function.Function;

/**
 * Capital in and out. A deposit locks into a tranche and is counted once per deposit id. A withdrawal is requested
 * (the stake stops backing new cover at once), completes no earlier than {@code max(tranche end, request + cooldown)},
 * and may only take stake that does not back active cover (checked at request and again at completion). Only the
 * withdrawal's provider (the command's actor) may complete or cancel it.
 */
final class CapitalRules {

    private CapitalRules() {}

    static Decision<PoolEvent> deposit(DepositCapital c, Pool pool) {
        if (pool.depositIds().contains(c.depositId())) {
            return Decision.nothingToDo();
        }
        if (!Ids.isCanonicalAddress(c.provider())) {
            return Decision.reject("INVALID_ADDRESS", "provider must be 0x and 40 hex digits", "provider");
        }
        if (!c.amount().isPositive()) {
            return Decision.reject("INVALID_AMOUNT", "amount must be positive", "amount");
        }
        if (!pool.ledger().admits(c.amount())) {
            return Decision.reject(
                    AmountOutOfRange.CODE,
                    "a deposit of " + c.amount() + " would take the pool's books (deposits "
                            + pool.ledger().deposits() + " + premiums "
                            + pool.ledger().premiums() + ") beyond 2^256 - 1",
                    "amount");
        }
        Params params = pool.params();
        int current = params.currentTranche(c.at());
        int tranche = c.trancheId() == null ? current : c.trancheId();
        if (tranche < current || tranche > current + MAX_FUTURE_TRANCHES) {
            return Decision.reject(
                    "TRANCHE_NOT_OPEN",
                    "tranche " + tranche + " is not open for deposits (open: " + current + ".."
                            + (current + MAX_FUTURE_TRANCHES) + ")",
                    "trancheId");
        }
        return Decision.accept(new PoolEvent.CapitalDeposited(
                c.poolId(),
                c.depositId(),
                c.provider(),
                c.amount(),
                tranche,
                params.trancheEndsAt(tranche),
                params.trancheDurationMs(),
                c.source(),
                c.txHash(),
                c.logIndex(),
                pool.capital().plus(c.amount())));
    }

    static Decision<PoolEvent> requestWithdrawal(RequestWithdrawal c, Pool pool) {
        if (pool.withdrawals().containsKey(c.withdrawalId())) {
            return Decision.reject(
                    "WITHDRAWAL_ALREADY_EXISTS", "withdrawal " + c.withdrawalId() + " exists", "withdrawalId");
        }
        if (!Ids.isCanonicalAddress(c.provider())) {
            return Decision.reject("INVALID_ADDRESS", "provider must be 0x and 40 hex digits", "provider");
        }
        if (c.recipient() != null && !Ids.isCanonicalAddress(c.recipient())) {
            return Decision.reject("INVALID_ADDRESS", "recipient must be 0x and 40 hex digits", "recipient");
        }
        if (!c.amount().isPositive()) {
            return Decision.reject("INVALID_AMOUNT", "amount must be positive", "amount");
        }
        Position position = new Position(c.provider(), c.trancheId());
        if (pool.stakeOf(position).isZero()) {
            return Decision.reject(
                    "POSITION_NOT_FOUND", c.provider() + " has no stake in tranche " + c.trancheId(), "trancheId");
        }
        Money free = pool.stakeOf(position).minus(pool.pendingOf(position));
        if (c.amount().isGreaterThan(free)) {
            return Decision.reject(
                    "INSUFFICIENT_STAKE",
                    "at most " + free + " can be withdrawn from tranche " + c.trancheId(),
                    "amount");
        }
        Params params = pool.params();
        Instant trancheEndsAt = params.trancheEndsAt(c.trancheId());
        Instant afterCooldown = c.at().plusMillis(params.withdrawalCooldownMs());
        Instant cooldownEndsAt = afterCooldown.isAfter(trancheEndsAt) ? afterCooldown : trancheEndsAt;
        PoolEvent requested = new PoolEvent.WithdrawalRequested(
                c.poolId(),
                c.withdrawalId(),
                c.provider(),
                c.recipient() == null ? c.provider() : c.recipient(),
                c.trancheId(),
                c.amount(),
                trancheEndsAt,
                params.withdrawalCooldownMs(),
                cooldownEndsAt);
        if (!PoolDecider.apply(pool, requested).backsActiveCover()) {
            return Decision.reject(
                    "CAPITAL_BACKS_ACTIVE_COVER",
                    "at most "
                            + pool.eligibleStake()
                                    .value()
                                    .subtract(pool.requiredBase())
                                    .max(BigInteger.ZERO) + " of the pool's stake is not backing active cover",
                    "amount");
        }
        return Decision.accept(requested);
    }

    static Decision<PoolEvent> completeWithdrawal(CompleteWithdrawal c, Pool pool) {
        return whilePending(pool, c.withdrawalId(), c.actor(), WithdrawalStatus.COMPLETED, w -> {
            if (c.at().isBefore(w.cooldownEndsAt())) {
                return Decision.reject(
                        "COOLDOWN_NOT_OVER",
                        "withdrawal " + c.withdrawalId() + " may complete from " + w.cooldownEndsAt()
                                + " (tranche end and cooldown), asked at " + c.at(),
                        "withdrawalId");
            }
            Money withdrawn = w.amount().min(pool.stakeOf(w.position()));
            PoolEvent completed = new PoolEvent.CapitalWithdrawn(
                    c.poolId(),
                    w.withdrawalId(),
                    w.provider(),
                    w.recipient(),
                    pool.params().asset(),
                    w.trancheId(),
                    w.amount(),
                    withdrawn,
                    pool.capital().minus(withdrawn));
            if (!PoolDecider.apply(pool, completed).backsActiveCover()) {
                return Decision.reject(
                        "CAPITAL_BACKS_ACTIVE_COVER",
                        "the stake of " + c.withdrawalId()
                                + " backs active cover (losses reduced the pool since the request)",
                        "withdrawalId");
            }
            return Decision.accept(completed);
        });
    }

    static Decision<PoolEvent> cancelWithdrawal(CancelWithdrawal c, Pool pool) {
        return whilePending(
                pool,
                c.withdrawalId(),
                c.actor(),
                WithdrawalStatus.CANCELLED,
                w -> Decision.accept(new PoolEvent.WithdrawalCancelled(
                        c.poolId(), w.withdrawalId(), w.provider(), w.trancheId(), w.amount())));
    }

    /**
     * Decides on a pending withdrawal with {@code decide}, asked by {@code actor}. A withdrawal that does not exist is
     * rejected; so is anyone but its provider asking, whatever its status ({@code NOT_WITHDRAWAL_OWNER}); one already
     * {@code done} needs nothing (the command is a retry), one that ended the other way is rejected.
     */
    private static Decision<PoolEvent> whilePending(
            Pool pool,
            String withdrawalId,
            String actor,
            WithdrawalStatus done,
            Function<Withdrawal, Decision<PoolEvent>> decide) {
        Withdrawal w = pool.withdrawals().get(withdrawalId);
        if (w == null) {
            return Decision.reject("WITHDRAWAL_NOT_FOUND", "no withdrawal " + withdrawalId, "withdrawalId");
        }
        if (!w.provider().equals(actor)) {
            return Decision.reject(
                    "NOT_WITHDRAWAL_OWNER",
                    "only withdrawal " + withdrawalId + "'s provider " + w.provider()
                            + " may complete or cancel it, not " + actor,
                    "withdrawalId");
        }
        if (w.status() == done) {
            return Decision.nothingToDo();
        }
        if (w.status() != WithdrawalStatus.PENDING) {
            return Decision.reject(
                    "WITHDRAWAL_NOT_PENDING", "withdrawal " + withdrawalId + " is " + w.status(), "withdrawalId");
        }
        return decide.apply(w);
    }
}
