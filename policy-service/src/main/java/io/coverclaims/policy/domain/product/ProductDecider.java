package io.coverclaims.policy.domain.product;

import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.policy.domain.product.ProductCommand.DefineProduct;
import io.coverclaims.policy.domain.product.ProductCommand.RetireProduct;
import io.coverclaims.policy.domain.product.ProductCommand.UpdateProductPricing;
import io.coverclaims.policy.domain.product.ProductEvent.ProductDefined;
import io.coverclaims.policy.domain.product.ProductEvent.ProductPricingUpdated;
import io.coverclaims.policy.domain.product.ProductEvent.ProductRetired;
import io.coverclaims.policy.domain.product.ProductState.Active;
import io.coverclaims.policy.domain.product.ProductState.None;
import io.coverclaims.policy.domain.product.ProductState.PricingCurve;
import io.coverclaims.policy.domain.product.ProductState.Retired;

/**
 * A product buyers can quote and pools can underwrite: what it covers, how claims are decided, its pricing curve
 * (floor and ceiling annual rates, a minimum rate) and its cover period bounds. Pure: no Kafka, no clock.
 */
public final class ProductDecider {

    /** Nexus Mutual's bounds: cover runs 28 to 365 days unless a product says otherwise. */
    public static final int DEFAULT_MIN_PERIOD_DAYS = 28;

    public static final int DEFAULT_MAX_PERIOD_DAYS = 365;
    /** Minimum price: 1% a year. */
    public static final int DEFAULT_MIN_ANNUAL_RATE_BPS = 100;
    /** No curve may charge more than 100% a year. */
    public static final int MAX_RATE_BPS = 10_000;
    /** No cover longer than ten years. */
    public static final int MAX_PERIOD_DAYS = 3_650;

    public static final Decider<ProductCommand, ProductEvent, ProductState> DECIDER =
            Decider.of(ProductState.NONE, ProductDecider::decide, ProductDecider::evolve);

    private ProductDecider() {}

    public static Decision<ProductEvent> decide(ProductCommand command, ProductState state) {
        return switch (command) {
            case DefineProduct c ->
                switch (state) {
                    case None none -> define(c);
                    case ProductState.Defined defined ->
                        Decision.reject(
                                "PRODUCT_ALREADY_DEFINED", "product " + c.productId() + " already exists", "productId");
                };
            case UpdateProductPricing c ->
                switch (state) {
                    case None none -> notFound(c.productId());
                    case Active active -> reprice(c, active);
                    case Retired retired ->
                        Decision.reject("PRODUCT_RETIRED", "product " + c.productId() + " is retired", "productId");
                };
            case RetireProduct c ->
                switch (state) {
                    case None none -> notFound(c.productId());
                    case Active active ->
                        c.reason() == null || c.reason().isBlank()
                                ? Decision.reject("REASON_REQUIRED", "say why the product stops selling", "reason")
                                : Decision.accept(new ProductRetired(c.productId(), c.reason()));
                    // retiring twice records nothing
                    case Retired retired -> Decision.nothingToDo();
                };
        };
    }

    /** An event never follows a phase it cannot follow (they are this decider's decisions); should one, nothing changes. */
    public static ProductState evolve(ProductState state, ProductEvent event) {
        return switch (event) {
            case ProductDefined e ->
                switch (state) {
                    case None none -> none.defined(e);
                    case Active active -> active;
                    case Retired retired -> retired;
                };
            case ProductPricingUpdated e ->
                switch (state) {
                    case Active active -> active.withPricing(e);
                    case None none -> none;
                    case Retired retired -> retired;
                };
            case ProductRetired e ->
                switch (state) {
                    case Active active -> active.retired(e);
                    case None none -> none;
                    case Retired retired -> retired;
                };
        };
    }

    private static Decision<ProductEvent> define(DefineProduct c) {
        if (c.name() == null || c.name().isBlank()) {
            return Decision.reject("INVALID_NAME", "a product needs a name", "name");
        }
        if (c.category() == null || c.category() == ProductCategory.UNKNOWN) {
            return Decision.reject("UNKNOWN_CATEGORY", "the category is not one policy-service sells", "category");
        }
        if (c.claimMethod() == null || c.claimMethod() == ClaimMethod.UNKNOWN) {
            return Decision.reject(
                    "UNKNOWN_CLAIM_METHOD", "the claim method is not one policy-service knows", "claimMethod");
        }
        if (c.asset() == null || c.asset().isBlank()) {
            return Decision.reject("INVALID_ASSET", "a product needs the asset cover is bought and paid in", "asset");
        }
        if (c.claimMethod() == ClaimMethod.PARAMETRIC
                && (c.triggerId() == null || c.triggerId().isBlank())) {
            return Decision.reject(
                    "TRIGGER_REQUIRED",
                    "a parametric product needs the oracle trigger that decides its claims",
                    "triggerId");
        }
        Decision<ProductEvent> pricingRejection =
                checkPricing(new PricingCurve(c.floorRateBps(), c.ceilingRateBps(), c.minAnnualRateBps()));
        if (pricingRejection != null) {
            return pricingRejection;
        }
        if (c.minPeriodDays() < 1 || c.minPeriodDays() > MAX_PERIOD_DAYS) {
            return Decision.reject(
                    "INVALID_PERIOD_BOUNDS",
                    "the minimum period must be 1 to " + MAX_PERIOD_DAYS + " days",
                    "minPeriodDays");
        }
        if (c.maxPeriodDays() < c.minPeriodDays() || c.maxPeriodDays() > MAX_PERIOD_DAYS) {
            return Decision.reject(
                    "INVALID_PERIOD_BOUNDS",
                    "the maximum period must be between the minimum (" + c.minPeriodDays() + ") and " + MAX_PERIOD_DAYS
                            + " days",
                    "maxPeriodDays");
        }
        return Decision.accept(new ProductDefined(
                c.productId(),
                c.name(),
                c.category(),
                c.claimMethod(),
                c.asset(),
                c.coveredContract(),
                c.triggerId(),
                c.floorRateBps(),
                c.ceilingRateBps(),
                c.minPeriodDays(),
                c.maxPeriodDays(),
                c.minAnnualRateBps()));
    }

    private static Decision<ProductEvent> reprice(UpdateProductPricing c, Active active) {
        PricingCurve current = active.terms().pricing();
        PricingCurve curve = new PricingCurve(
                c.floorRateBps(),
                c.ceilingRateBps(),
                c.minAnnualRateBps() == null ? current.minAnnualRateBps() : c.minAnnualRateBps());
        Decision<ProductEvent> rejection = checkPricing(curve);
        if (rejection != null) {
            return rejection;
        }
        if (curve.equals(current)) {
            return Decision.nothingToDo();
        }
        return Decision.accept(new ProductPricingUpdated(
                c.productId(), curve.floorRateBps(), curve.ceilingRateBps(), curve.minAnnualRateBps()));
    }

    /** The curve's rejection, or null when it is valid. */
    private static Decision<ProductEvent> checkPricing(PricingCurve p) {
        if (p.floorRateBps() < 0 || p.floorRateBps() > MAX_RATE_BPS) {
            return Decision.reject(
                    "INVALID_PRICING", "the floor rate must be 0 to " + MAX_RATE_BPS + " bps", "floorRateBps");
        }
        if (p.ceilingRateBps() < p.floorRateBps() || p.ceilingRateBps() > MAX_RATE_BPS) {
            return Decision.reject(
                    "INVALID_PRICING",
                    "the ceiling rate must be between the floor rate and " + MAX_RATE_BPS + " bps",
                    "ceilingRateBps");
        }
        if (p.minAnnualRateBps() < 1 || p.minAnnualRateBps() > p.ceilingRateBps()) {
            return Decision.reject(
                    "INVALID_MINIMUM_PRICE",
                    "the minimum annual rate must be at least 1 bp and at most the ceiling rate",
                    "minAnnualRateBps");
        }
        return null;
    }

    private static Decision<ProductEvent> notFound(String productId) {
        return Decision.reject("PRODUCT_NOT_FOUND", "no product " + productId, "productId");
    }
}
