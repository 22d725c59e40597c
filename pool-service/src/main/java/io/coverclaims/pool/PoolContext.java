package io.coverclaims.pool;

import io.coverclaims.platform.governance.Capability;
import io.coverclaims.platform.governance.PauseKey;
import io.coverclaims.platform.streams.AggregateType;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.pool.domain.pool.PoolCommand;
import io.coverclaims.pool.domain.pool.PoolDecider;
import io.coverclaims.pool.domain.pool.PoolEvent;
import io.coverclaims.pool.domain.pool.PoolState;
import io.coverclaims.schemas.pool.CompleteWithdrawal;
import io.coverclaims.schemas.pool.DepositCapital;
import io.coverclaims.schemas.pool.RequestWithdrawal;
import io.coverclaims.schemas.pool.ReservePayout;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/** The pool context as the kernel runs it: its aggregates and, by convention, its pool.* topics. */
@ApplicationScoped
public class PoolContext {

    public static final String NAME = "pool";

    /**
     * The pool aggregate: its records map to pool.avdl by name. PoolCreated events written before
     * {@code assetDecimals} and {@code withdrawalCooldownMs} existed read as the defaults of that time (6 decimals, 7 days);
     * every other nullable field of pool.avdl is a boxed component (a null stays null).
     */
    public static final AggregateType<PoolCommand, PoolEvent, PoolState> POOL = AggregateType.of(
                    "pool", PoolDecider.DECIDER, PoolCommand.class, PoolEvent.class, "io.coverclaims.schemas.pool")
            .upcast(PoolEvent.PoolCreated.class, "assetDecimals", at -> PoolDecider.DEFAULT_ASSET_DECIMALS)
            .upcast(
                    PoolEvent.PoolCreated.class,
                    "withdrawalCooldownMs",
                    at -> PoolDecider.DEFAULT_WITHDRAWAL_COOLDOWN_MS)
            .build();

    /** The pool context, governed: deposits, withdrawals and payout reservations stop for a paused pool. */
    public static final BoundedContext CONTEXT = BoundedContext.of(NAME, POOL).pausedBy(PoolContext::pausedBy);

    @Produces
    @Singleton
    BoundedContext context() {
        return CONTEXT;
    }

    /**
     * What a pool command needs to be running, scoped to its pool: {@code deposits} (off-chain and observed on-chain
     * deposits), {@code withdrawals} (requests and completions), {@code payouts} (reservations for accepted claims).
     * Capacity reservations, premiums and releases are not paused: they follow cover sales and claims, which are.
     */
    static Optional<PauseKey> pausedBy(SpecificRecord command) {
        return switch (command) {
            case DepositCapital deposit -> Optional.of(PauseKey.of(Capability.DEPOSITS, deposit.getPoolId()));
            case RequestWithdrawal request -> Optional.of(PauseKey.of(Capability.WITHDRAWALS, request.getPoolId()));
            case CompleteWithdrawal complete -> Optional.of(PauseKey.of(Capability.WITHDRAWALS, complete.getPoolId()));
            case ReservePayout payout -> Optional.of(PauseKey.of(Capability.PAYOUTS, payout.getPoolId()));
            default -> Optional.empty();
        };
    }
}
