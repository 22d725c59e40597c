package io.coverclaims.policy.domain.product;

import java.time.Instant;

/**
 * What an administrator asks of a product. Each record is the wire record of the same name in policy.avdl, field for
 * field; {@code at} is the command's issuedAt.
 */
public sealed interface ProductCommand {

    String productId();

    /** {@code minAnnualRateBps} is {@link ProductDecider#DEFAULT_MIN_ANNUAL_RATE_BPS} when the wire record has none. */
    record DefineProduct(
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
            int minAnnualRateBps,
            Instant at)
            implements ProductCommand {}

    /** {@code minAnnualRateBps} null keeps the current minimum. */
    record UpdateProductPricing(
            String productId, int floorRateBps, int ceilingRateBps, Integer minAnnualRateBps, Instant at)
            implements ProductCommand {}

    record RetireProduct(String productId, String reason, Instant at) implements ProductCommand {}
}
