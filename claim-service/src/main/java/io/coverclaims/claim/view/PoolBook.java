package io.coverclaims.claim.view;

import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.view.ReadModel;
import io.coverclaims.platform.view.ViewEvent;
import io.coverclaims.platform.view.ViewTable;
import io.coverclaims.platform.view.ViewUpdate;
import io.coverclaims.schemas.pool.CapitalDeposited;
import io.coverclaims.schemas.pool.CapitalWithdrawn;
import io.coverclaims.schemas.pool.PayoutReleased;
import io.coverclaims.schemas.pool.PayoutReserved;
import io.coverclaims.schemas.pool.PoolCreated;
import io.coverclaims.schemas.pool.PremiumRecorded;
import io.coverclaims.schemas.pool.TrancheAmount;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Claim-service's read model of pool.events: each pool's asset, its decimals (a claim deposit is a number of whole
 * tokens) and its capital, the total stake after the pool's last change of it. Capital is what pool-service's events
 * say: {@code totalStake} after a deposit or withdrawal, {@code totalStakeAfter} after a payout's reservation, plus
 * what a premium credited to the stakes ({@code allocations}) or a released payout gave back ({@code returns}).
 */
@ApplicationScoped
public class PoolBook {

    public static final String POOL_EVENTS = "pool.events";

    /** Decimals of a pool created before the field existed (pool.avdl's default). */
    static final int DEFAULT_DECIMALS = 6;

    public record Pool(String poolId, String asset, int assetDecimals, Money capital) {
        Pool withCapital(Money capital) {
            return new Pool(poolId, asset, assetDecimals, capital);
        }

        /** {@code units} whole tokens of the pool's asset in its smallest unit. */
        public Money wholeTokens(long units) {
            return Money.of(java.math.BigInteger.valueOf(units).multiply(java.math.BigInteger.TEN.pow(assetDecimals)));
        }
    }

    static final ViewTable<Pool> POOLS = ViewTable.of("pool", Pool.class);

    private final ReadModel model;

    public PoolBook() {
        this(readModel(POOL_EVENTS));
    }

    public PoolBook(ReadModel model) {
        this.model = model;
    }

    public static ReadModel readModel(String topic) {
        return ReadModel.named("claim-pool-book")
                .from(topic)
                .tables(POOLS)
                .projector(PoolBook::project)
                .build();
    }

    @Produces
    @Singleton
    ReadModel poolBookModel() {
        return model;
    }

    static void project(ViewEvent event, ViewUpdate view) {
        switch (event.value()) {
            case PoolCreated e ->
                view.put(
                        POOLS,
                        e.getPoolId(),
                        new Pool(
                                e.getPoolId(),
                                e.getAsset(),
                                e.getAssetDecimals() == null ? DEFAULT_DECIMALS : e.getAssetDecimals(),
                                Money.ZERO));
            case CapitalDeposited e -> update(view, e.getPoolId(), p -> p.withCapital(money(e.getTotalStake())));
            case CapitalWithdrawn e -> update(view, e.getPoolId(), p -> p.withCapital(money(e.getTotalStake())));
            case PayoutReserved e -> update(view, e.getPoolId(), p -> p.withCapital(money(e.getTotalStakeAfter())));
            case PremiumRecorded e ->
                update(view, e.getPoolId(), p -> p.withCapital(p.capital().plus(sum(e.getAllocations()))));
            case PayoutReleased e ->
                update(view, e.getPoolId(), p -> p.withCapital(p.capital().plus(sum(e.getReturns()))));
            default -> {}
        }
    }

    private static Money sum(List<TrancheAmount> amounts) {
        return amounts.stream().map(a -> money(a.getAmount())).reduce(Money.ZERO, Money::plus);
    }

    private static void update(ViewUpdate view, String poolId, UnaryOperator<Pool> change) {
        view.get(POOLS, poolId).ifPresent(p -> view.put(POOLS, poolId, change.apply(p)));
    }

    private static Money money(BigDecimal amount) {
        return Money.of(amount.toBigIntegerExact());
    }

    public boolean ready() {
        return model.ready();
    }

    public Optional<Pool> pool(String poolId) {
        return model.get(POOLS, poolId);
    }
}
