package io.coverclaims.policy.domain.product;

/**
 * What happened to a product. Each record is the wire record of the same name in policy.avdl, field for field;
 * {@code minAnnualRateBps} is {@link ProductDecider#DEFAULT_MIN_ANNUAL_RATE_BPS} in events written before it existed.
 */
public sealed interface ProductEvent {

    String productId();

    record ProductDefined(
            String productId,
            String name,
            ProductCategory category,
            ClaimMethod claimMethod,
            String asset,
            String coveredContract,
            String triggerId,
            int floorRateBps,
            int ceilingRateBps,
            int minPeriodDays,
            int maxPeriodDays,
            int minAnnualRateBps)
            implements ProductEvent {}

    /** Quotes issued before keep their price. */
    record ProductPricingUpdated(String productId, int floorRateBps, int ceilingRateBps, int minAnnualRateBps)
            implements ProductEvent {}

    record ProductRetired(String productId, String reason) implements ProductEvent {}
}
