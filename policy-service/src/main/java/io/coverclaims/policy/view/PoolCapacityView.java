package io.coverclaims.policy.view;

import io.coverclaims.policy.domain.pricing.Pricing;
import io.coverclaims.schemas.pool.CapacityReleased;
import io.coverclaims.schemas.pool.CapacityReservationDeclined;
import io.coverclaims.schemas.pool.CapacityReserved;
import io.coverclaims.schemas.pool.PoolCreated;
import io.coverclaims.schemas.pool.ProductWeight;
import io.coverclaims.schemas.pool.ProductWeightsSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Policy's read model of pool.events: which pools underwrite which products, and each (pool, product)'s
 * utilisation as of the pool's last capacity decision. Read from the first offset at every start.
 *
 * <p>Utilisation of (pool, product) = used / capacity, in ppm: after CapacityReserved, capacity is its
 * productCapacity and used is productCapacity - availableAfter; after CapacityReservationDeclined, capacity is
 * eligibleStake x ratio x weight and used is that minus availableCapacity; CapacityReleased lowers used by the
 * released amount. A pool that has taken no decision for the product yet is at 0; a capacity of 0 is fully used.
 */
@ApplicationScoped
public class PoolCapacityView {

    public record Pool(String poolId, String asset, Map<String, Integer> productWeightsBps) {}

    record Usage(long capacity, long used) {
        long utilisationPpm() {
            if (capacity <= 0) {
                return Pricing.PPM;
            }
            // rounded up: the pool's favour
            java.math.BigInteger[] division = java.math.BigInteger.valueOf(Math.max(0, used))
                    .multiply(java.math.BigInteger.valueOf(Pricing.PPM))
                    .divideAndRemainder(java.math.BigInteger.valueOf(capacity));
            long ppm =
                    division[0].min(java.math.BigInteger.valueOf(Pricing.PPM)).longValue()
                            + (division[1].signum() > 0 ? 1 : 0);
            return Math.min(ppm, Pricing.PPM);
        }
    }

    record Reservation(String poolId, String productId, long amount) {}

    private final Map<String, Pool> pools = new ConcurrentHashMap<>();
    private final Map<String, Usage> usage = new ConcurrentHashMap<>();
    private final Map<String, Reservation> reservations = new ConcurrentHashMap<>();

    @Incoming("pool-view")
    public void on(SpecificRecord event) {
        switch (event) {
            case PoolCreated created ->
                pools.put(
                        created.getPoolId(),
                        new Pool(created.getPoolId(), created.getAsset(), weights(created.getProducts())));
            case ProductWeightsSet set ->
                pools.computeIfPresent(
                        set.getPoolId(), (id, pool) -> new Pool(id, pool.asset(), weights(set.getProducts())));
            case CapacityReserved reserved -> {
                usage.put(
                        key(reserved.getPoolId(), reserved.getProductId()),
                        new Usage(
                                reserved.getProductCapacity(),
                                reserved.getProductCapacity() - reserved.getAvailableAfter()));
                reservations.put(
                        reserved.getReservationId(),
                        new Reservation(reserved.getPoolId(), reserved.getProductId(), reserved.getAmount()));
            }
            case CapacityReservationDeclined declined -> {
                long capacity = java.math.BigInteger.valueOf(declined.getEligibleStake())
                        .multiply(java.math.BigInteger.valueOf(declined.getCapacityRatioBps()))
                        .multiply(java.math.BigInteger.valueOf(declined.getProductWeightBps()))
                        .divide(java.math.BigInteger.valueOf(100_000_000L))
                        .longValue();
                usage.put(
                        key(declined.getPoolId(), declined.getProductId()),
                        new Usage(capacity, capacity - declined.getAvailableCapacity()));
            }
            case CapacityReleased released -> {
                Reservation reservation = reservations.remove(released.getReservationId());
                if (reservation != null) {
                    usage.computeIfPresent(
                            key(reservation.poolId(), reservation.productId()),
                            (key, current) ->
                                    new Usage(current.capacity(), Math.max(0, current.used() - released.getAmount())));
                }
            }
            case null, default -> {}
        }
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
