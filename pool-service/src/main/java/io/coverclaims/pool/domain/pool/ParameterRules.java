package io.coverclaims.pool.domain.pool;

import static io.coverclaims.pool.domain.pool.PoolDecider.DEFAULT_ASSET_DECIMALS;
import static io.coverclaims.pool.domain.pool.PoolDecider.DEFAULT_TRANCHE_DURATION_MS;
import static io.coverclaims.pool.domain.pool.PoolDecider.DEFAULT_WITHDRAWAL_COOLDOWN_MS;
import static io.coverclaims.pool.domain.pool.PoolDecider.MAX_CAPACITY_RATIO_BPS;
import static io.coverclaims.pool.domain.pool.PoolDecider.MAX_TRANCHE_DURATION_MS;
import static io.coverclaims.pool.domain.pool.PoolDecider.MAX_WITHDRAWAL_COOLDOWN_MS;
import static io.coverclaims.pool.domain.pool.PoolDecider.MIN_TRANCHE_DURATION_MS;

import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.money.Money;
import io.coverclaims.pool.domain.pool.PoolCommand.CreatePool;
import io.coverclaims.pool.domain.pool.PoolCommand.ProductWeight;
import io.coverclaims.pool.domain.pool.PoolCommand.SetProductWeights;
import io.coverclaims.pool.domain.pool.PoolState.Params;
import io.coverclaims.pool.domain.pool.PoolState.Pool;
import io.coverclaims.pool.domain.pool.PoolState.Reservation;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A pool's parameters: creation (each default recorded in {@code PoolCreated}) and its product weights. */
final class ParameterRules {

    private ParameterRules() {}

    static Decision<PoolEvent> create(CreatePool c) {
        if (!Ids.isCanonicalAddress(c.manager())) {
            return Decision.reject("INVALID_ADDRESS", "manager must be 0x and 40 hex digits", "manager");
        }
        if (c.capacityRatioBps() <= 0 || c.capacityRatioBps() > MAX_CAPACITY_RATIO_BPS) {
            return Decision.reject(
                    "INVALID_CAPACITY_RATIO",
                    "capacity ratio must be in 1.." + MAX_CAPACITY_RATIO_BPS + " bps",
                    "capacityRatioBps");
        }
        long tranche = c.trancheDurationMs() == null ? DEFAULT_TRANCHE_DURATION_MS : c.trancheDurationMs();
        if (tranche < MIN_TRANCHE_DURATION_MS || tranche > MAX_TRANCHE_DURATION_MS) {
            return Decision.reject(
                    "INVALID_TRANCHE_DURATION", "tranche duration must be 1 s .. 366 days", "trancheDurationMs");
        }
        long cooldown = c.withdrawalCooldownMs() == null ? DEFAULT_WITHDRAWAL_COOLDOWN_MS : c.withdrawalCooldownMs();
        if (cooldown < 0 || cooldown > MAX_WITHDRAWAL_COOLDOWN_MS) {
            return Decision.reject("INVALID_COOLDOWN", "cooldown must be 0 .. 366 days", "withdrawalCooldownMs");
        }
        int decimals = c.assetDecimals() == null ? DEFAULT_ASSET_DECIMALS : c.assetDecimals();
        if (decimals < 0 || decimals > 18) {
            return Decision.reject("INVALID_ASSET_DECIMALS", "decimals must be 0..18", "assetDecimals");
        }
        Decision<PoolEvent> invalid = checkWeights(c.products());
        if (invalid != null) {
            return invalid;
        }
        return Decision.accept(new PoolEvent.PoolCreated(
                c.poolId(),
                c.name(),
                c.manager(),
                c.asset(),
                decimals,
                c.capacityRatioBps(),
                List.copyOf(c.products()),
                tranche,
                cooldown));
    }

    static Decision<PoolEvent> createAgain(CreatePool c) {
        return Decision.reject("POOL_ALREADY_EXISTS", "pool " + c.poolId() + " exists", "poolId");
    }

    /** A weight may be raised freely; lowered only as far as the product's active cover still fits. */
    static Decision<PoolEvent> setWeights(SetProductWeights c, Pool pool) {
        Decision<PoolEvent> invalid = checkWeights(c.products());
        if (invalid != null) {
            return invalid;
        }
        Map<String, Integer> next = Params.weights(c.products());
        for (String productId : pool.reservations().values().stream()
                .map(Reservation::productId)
                .distinct()
                .sorted()
                .toList()) {
            int newWeight = next.getOrDefault(productId, 0);
            if (newWeight >= pool.params().weightOf(productId)) {
                continue;
            }
            Money capacity =
                    PoolMath.capacity(pool.eligibleStake(), pool.params().capacityRatioBps(), newWeight);
            if (capacity.isLessThan(pool.activeCover(productId))) {
                return Decision.reject(
                        "ACTIVE_COVER_EXCEEDS_CAPACITY",
                        "product " + productId + " has " + pool.activeCover(productId)
                                + " of active cover, more than weight " + newWeight + " bps allows",
                        "products");
            }
        }
        return Decision.accept(new PoolEvent.ProductWeightsSet(c.poolId(), List.copyOf(c.products())));
    }

    private static Decision<PoolEvent> checkWeights(List<ProductWeight> products) {
        Set<String> seen = new HashSet<>();
        for (ProductWeight product : products) {
            if (product.productId() == null || product.productId().isBlank()) {
                return Decision.reject("INVALID_PRODUCT", "product id is required", "products");
            }
            if (!seen.add(product.productId())) {
                return Decision.reject(
                        "DUPLICATE_PRODUCT", "product " + product.productId() + " listed twice", "products");
            }
            if (product.weightBps() < 0 || product.weightBps() > PoolMath.BPS) {
                return Decision.reject(
                        "INVALID_WEIGHT", "weight of " + product.productId() + " must be 0..10000 bps", "products");
            }
        }
        return null;
    }
}
