package io.coverclaims.policy.view;

import io.coverclaims.platform.money.Money;
import io.coverclaims.policy.domain.pricing.Pricing;
import io.coverclaims.schemas.pool.CapacityReleased;
import io.coverclaims.schemas.pool.CapacityReservationDeclined;
import io.coverclaims.schemas.pool.CapacityReserved;
import io.coverclaims.schemas.pool.PoolCreated;
import io.coverclaims.schemas.pool.ProductWeight;
import io.coverclaims.schemas.pool.ProductWeightsSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Policy's read model of pool.events: which pools underwrite which products, and each (pool, product)'s
 * utilisation as of the pool's last capacity decision. Read from the first offset at every start.
 *
 * <p>Utilisation of (pool, product) = used / capacity, in ppm: after CapacityReserved, capacity is its
 * productCapacity and used is productCapacity - availableAfter; after CapacityReservationDeclined, capacity is
 * eligibleStake x ratio x weight and used is that minus availableCapacity; CapacityReleased lowers used by the
 * released amount. Amounts are exact (decimal(78, 0) on the wire, {@link Money} here), so an 18-decimal pool's
 * wei prices like a 6-decimal one. A pool that has taken no decision for the product yet is at 0; a capacity of 0 is fully used.
 */
@ApplicationScoped
public class PoolCapacityView {

    private static final Logger LOG = Logger.getLogger(PoolCapacityView.class);

    public record Pool(String poolId, String asset, Map<String, Integer> productWeightsBps) {}

    /** Capacity and use of a (pool, product), exact amounts of the pool's asset (any decimals). */
    record Usage(Money capacity, Money used) {
        long utilisationPpm() {
            return Pricing.utilisationPpm(used, capacity);
        }
    }

    record Reservation(String poolId, String productId, Money amount) {}

    private final Map<String, Pool> pools = new ConcurrentHashMap<>();
    private final Map<String, Usage> usage = new ConcurrentHashMap<>();
    private final Map<String, Reservation> reservations = new ConcurrentHashMap<>();

    @Incoming("pool-view")
    public void on(SpecificRecord event) {
        try {
            apply(event);
        } catch (ArithmeticException | IllegalArgumentException notAnAmount) {
            // an amount that is no uint256 (never written by pool-service): the event tells nothing about capacity
            LOG.warnf("pool event %s ignored: %s", event.getSchema().getFullName(), notAnAmount.getMessage());
        }
    }

    private void apply(SpecificRecord event) {
        switch (event) {
            case PoolCreated created ->
                pools.put(
                        created.getPoolId(),
                        new Pool(created.getPoolId(), created.getAsset(), weights(created.getProducts())));
            case ProductWeightsSet set ->
                pools.computeIfPresent(
                        set.getPoolId(), (id, pool) -> new Pool(id, pool.asset(), weights(set.getProducts())));
            case CapacityReserved reserved -> {
                Money capacity = money(reserved.getProductCapacity());
                usage.put(
                        key(reserved.getPoolId(), reserved.getProductId()),
                        new Usage(capacity, capacity.minusOrZero(money(reserved.getAvailableAfter()))));
                reservations.put(
                        reserved.getReservationId(),
                        new Reservation(reserved.getPoolId(), reserved.getProductId(), money(reserved.getAmount())));
            }
            case CapacityReservationDeclined declined -> {
                Money capacity = money(declined.getEligibleStake())
                        .mulDivFloor(
                                BigInteger.valueOf(declined.getCapacityRatioBps())
                                        .multiply(BigInteger.valueOf(declined.getProductWeightBps())),
                                BigInteger.valueOf(100_000_000L));
                usage.put(
                        key(declined.getPoolId(), declined.getProductId()),
                        new Usage(capacity, capacity.minusOrZero(money(declined.getAvailableCapacity()))));
            }
            case CapacityReleased released -> {
                Reservation reservation = reservations.remove(released.getReservationId());
                if (reservation != null) {
                    Money amount = money(released.getAmount());
                    usage.computeIfPresent(
                            key(reservation.poolId(), reservation.productId()),
                            (key, current) ->
                                    new Usage(current.capacity(), current.used().minusOrZero(amount)));
                }
            }
            case null, default -> {}
        }
    }

    /** A pool.events amount (Avro decimal(78, 0)) as the exact Money it is; a fraction or a negative throws. */
    static Money money(BigDecimal amount) {
        return Money.of(amount.toBigIntegerExact());
    }

    /** Utilisation of the pool's capacity for the product, ppm. */
    public long utilisationPpm(String poolId, String productId) {
        Usage current = usage.get(key(poolId, productId));
        return current == null ? 0 : current.utilisationPpm();
    }

    public Optional<Pool> pool(String poolId) {
        return Optional.ofNullable(pools.get(poolId));
    }

    /** The least used pool that underwrites the product (weight above 0), if any. */
    public Optional<String> poolFor(String productId) {
        return pools.values().stream()
                .filter(pool -> pool.productWeightsBps().getOrDefault(productId, 0) > 0)
                .min(Comparator.comparingLong((Pool pool) -> utilisationPpm(pool.poolId(), productId))
                        .thenComparing(Pool::poolId))
                .map(Pool::poolId);
    }

    private static String key(String poolId, String productId) {
        return poolId + "|" + productId;
    }

    private static Map<String, Integer> weights(List<ProductWeight> products) {
        Map<String, Integer> weights = new ConcurrentHashMap<>();
        products.forEach(weight -> weights.put(weight.getProductId(), weight.getWeightBps()));
        return Map.copyOf(weights);
    }
}
