package io.coverclaims.pool;

import io.coverclaims.platform.streams.AggregateType;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.pool.domain.pool.PoolCommand;
import io.coverclaims.pool.domain.pool.PoolDecider;
import io.coverclaims.pool.domain.pool.PoolEvent;
import io.coverclaims.pool.domain.pool.PoolState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

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

    @Produces
    @Singleton
    BoundedContext context() {
        return BoundedContext.of(NAME, POOL);
    }
}
