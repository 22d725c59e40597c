package io.coverclaims.policy.view;

import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.view.ReadModel;
import io.coverclaims.platform.view.ViewEntry;
import io.coverclaims.platform.view.ViewEvent;
import io.coverclaims.platform.view.ViewTable;
import io.coverclaims.platform.view.ViewUpdate;
import io.coverclaims.policy.domain.pricing.Pricing;
import io.coverclaims.policy.saga.PolicyTopology;
import io.coverclaims.schemas.pool.CapacityReleased;
import io.coverclaims.schemas.pool.CapacityReservationDeclined;
import io.coverclaims.schemas.pool.CapacityReserved;
import io.coverclaims.schemas.pool.PoolCreated;
import io.coverclaims.schemas.pool.ProductWeight;
import io.coverclaims.schemas.pool.ProductWeightsSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Policy's read model of pool.events: which pools underwrite which products, and each (pool, product)'s
 * utilisation as of the pool's last capacity decision; kept by the kernel's {@link ReadModel} in a persistent global
 * store (a restart reads only what is new; a wiped state directory is rebuilt from the topic).
 *
 * <p>Utilisation of (pool, product) = used / capacity, in ppm: after CapacityReserved, capacity is its
 * productCapacity and used is productCapacity - availableAfter; after CapacityReservationDeclined, capacity is
 * eligibleStake x ratio x weight and used is that minus availableCapacity; CapacityReleased lowers used by the
 * released amount. Amounts are exact (decimal(78, 0) on the wire, {@link Money} here), so an 18-decimal pool's
 * wei prices like a 6-decimal one. A pool that has taken no decision for the product yet is at 0; a capacity of 0 is
 * fully used. An event whose amount is no uint256 (never written by pool-service) tells nothing: the read model skips
 * it. Every key is written by the events of one pool (one partition of pool.events).
 */
@ApplicationScoped
public class PoolCapacityView {

    public record Pool(String poolId, String asset, Map<String, Integer> productWeightsBps) {}

    /** Capacity and use of a (pool, product), exact amounts of the pool's asset (any decimals). */
    record Usage(Money capacity, Money used) {
        long utilisationPpm() {
            return Pricing.utilisationPpm(used, capacity);
        }
    }

    record Reservation(String poolId, String productId, Money amount) {}

    /** Pool id → the pool. */
    static final ViewTable<Pool> POOLS = ViewTable.of("pool", Pool.class);

    /** {@code <pool id>|<product id>} → its capacity and use. */
    static final ViewTable<Usage> USAGE = ViewTable.of("usage", Usage.class);

    /** Reservation id → what it holds, until released. */
    static final ViewTable<Reservation> RESERVATIONS = ViewTable.of("reservation", Reservation.class);

    private final ReadModel model;

    public PoolCapacityView() {
        this(readModel(PolicyTopology.POOL_EVENTS));
    }

    /** A view of the read model {@code model} (a test's, on a topic of its own). */
    public PoolCapacityView(ReadModel model) {
        this.model = model;
    }

    /** The read model of {@code topic} (pool.events, or a test's stand-in). */
    public static ReadModel readModel(String topic) {
        return ReadModel.named("pool-view")
                .from(topic)
                .tables(POOLS, USAGE, RESERVATIONS)
                .projector(PoolCapacityView::project)
                .build();
    }

    @Produces
    @Singleton
    ReadModel poolViewModel() {
        return model;
    }

    static void project(ViewEvent event, ViewUpdate view) {
        switch (event.value()) {
            case PoolCreated created ->
                view.put(
                        POOLS,
                        created.getPoolId(),
                        new Pool(created.getPoolId(), created.getAsset(), weights(created.getProducts())));
            case ProductWeightsSet set ->
                view.get(POOLS, set.getPoolId())
                        .ifPresent(pool -> view.put(
                                POOLS,
                                pool.poolId(),
                                new Pool(pool.poolId(), pool.asset(), weights(set.getProducts()))));
            case CapacityReserved reserved -> {
                Money capacity = money(reserved.getProductCapacity());
                view.put(
                        USAGE,
                        key(reserved.getPoolId(), reserved.getProductId()),
                        new Usage(capacity, capacity.minusOrZero(money(reserved.getAvailableAfter()))));
                view.put(
                        RESERVATIONS,
                        reserved.getReservationId(),
                        new Reservation(reserved.getPoolId(), reserved.getProductId(), money(reserved.getAmount())));
            }
            case CapacityReservationDeclined declined -> {
                Money capacity = money(declined.getEligibleStake())
                        .mulDivFloor(
                                BigInteger.valueOf(declined.getCapacityRatioBps())
                                        .multiply(BigInteger.valueOf(declined.getProductWeightBps())),
                                BigInteger.valueOf(100_000_000L));
                view.put(
                        USAGE,
                        key(declined.getPoolId(), declined.getProductId()),
                        new Usage(capacity, capacity.minusOrZero(money(declined.getAvailableCapacity()))));
            }
            case CapacityReleased released -> {
                Optional<Reservation> reservation = view.get(RESERVATIONS, released.getReservationId());
                if (reservation.isPresent()) {
                    view.delete(RESERVATIONS, released.getReservationId());
                    Money amount = money(released.getAmount());
                    String key =
                            key(reservation.get().poolId(), reservation.get().productId());
                    view.get(USAGE, key)
                            .ifPresent(current -> view.put(
                                    USAGE,
                                    key,
                                    new Usage(current.capacity(), current.used().minusOrZero(amount))));
                }
            }
            default -> {}
        }
    }

    /** A pool.events amount (Avro decimal(78, 0)) as the exact Money it is; a fraction or a negative throws. */
    static Money money(BigDecimal amount) {
        return Money.of(amount.toBigIntegerExact());
    }

    /** Utilisation of the pool's capacity for the product, ppm. */
    public long utilisationPpm(String poolId, String productId) {
        return model.get(USAGE, key(poolId, productId))
                .map(Usage::utilisationPpm)
                .orElse(0L);
    }

    public Optional<Pool> pool(String poolId) {
        return model.get(POOLS, poolId);
    }

    /** The least used pool that underwrites the product (weight above 0), if any. */
    public Optional<String> poolFor(String productId) {
        return model.all(POOLS).stream()
                .map(ViewEntry::value)
                .filter(pool -> pool.productWeightsBps().getOrDefault(productId, 0) > 0)
                .min(Comparator.comparingLong((Pool pool) -> utilisationPpm(pool.poolId(), productId))
                        .thenComparing(Pool::poolId))
                .map(Pool::poolId);
    }

    private static String key(String poolId, String productId) {
        return poolId + "|" + productId;
    }

    private static Map<String, Integer> weights(List<ProductWeight> products) {
        Map<String, Integer> weights = new HashMap<>();
        products.forEach(weight -> weights.put(weight.getProductId(), weight.getWeightBps()));
        return Map.copyOf(weights);
    }
}
