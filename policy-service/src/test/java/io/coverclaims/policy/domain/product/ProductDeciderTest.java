package io.coverclaims.policy.domain.product;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.testing.DeciderFixture;
import io.coverclaims.policy.domain.product.ProductCommand.DefineProduct;
import io.coverclaims.policy.domain.product.ProductCommand.RetireProduct;
import io.coverclaims.policy.domain.product.ProductCommand.UpdateProductPricing;
import io.coverclaims.policy.domain.product.ProductEvent.ProductDefined;
import io.coverclaims.policy.domain.product.ProductEvent.ProductPricingUpdated;
import io.coverclaims.policy.domain.product.ProductEvent.ProductRetired;
import io.coverclaims.policy.domain.product.ProductState.Active;
import io.coverclaims.policy.domain.product.ProductState.Retired;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProductDeciderTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final String ID = "prod-aave";

    final DeciderFixture<ProductCommand, ProductEvent, ProductState> fixture =
            DeciderFixture.of(ProductDecider.DECIDER);

    static DefineProduct define(
            ClaimMethod method, String trigger, int floor, int ceiling, int minimum, int minDays, int maxDays) {
        return new DefineProduct(
                ID,
                "Aave v3 exploit",
                ProductCategory.PROTOCOL_EXPLOIT,
                method,
                "USDC",
                null,
                trigger,
                floor,
                ceiling,
                minDays,
                maxDays,
                minimum,
                NOW);
    }

    static DefineProduct define(int minDays, int maxDays) {
        return define(ClaimMethod.ASSESSMENT, null, 200, 1200, 100, minDays, maxDays);
    }

    static ProductDefined defined() {
        return new ProductDefined(
                ID,
                "Aave v3 exploit",
                ProductCategory.PROTOCOL_EXPLOIT,
                ClaimMethod.ASSESSMENT,
                "USDC",
                null,
                null,
                200,
                1200,
                28,
                365,
                100);
    }

    /** The standard product, in {@code category}. */
    static DefineProduct inCategory(ProductCategory category) {
        return new DefineProduct(
                ID, "x", category, ClaimMethod.ASSESSMENT, "USDC", null, null, 200, 1200, 28, 365, 100, NOW);
    }

    /** An assessed product on 28..365 days priced {@code floor}..{@code ceiling} bps a year, at least {@code min}. */
    static DefineProduct pricedAt(int floor, int ceiling, int min) {
        return define(ClaimMethod.ASSESSMENT, null, floor, ceiling, min, 28, 365);
    }

    @Test
    void a_product_is_defined_with_its_pricing_curve_and_period_bounds() {
        fixture.given()
                .when(define(28, 365))
                .thenEvents(defined())
                .thenState(state -> assertThat(state).isInstanceOfSatisfying(Active.class, active -> {
                    assertThat(active.terms().minPeriodDays()).isEqualTo(28);
                    assertThat(active.terms().pricing()).isEqualTo(new ProductState.PricingCurve(200, 1200, 100));
                }));
    }

    @Test
    void a_product_id_is_defined_once() {
        fixture.given(defined()).when(define(28, 365)).thenRejected("PRODUCT_ALREADY_DEFINED", "productId");
    }

    @Test
    void the_floor_rate_may_not_exceed_the_ceiling() {
        fixture.given().when(pricedAt(1300, 1200, 100)).thenRejected("INVALID_PRICING", "ceilingRateBps");
    }

    @Test
    void the_minimum_price_is_at_least_one_bp_and_at_most_the_ceiling() {
        fixture.given().when(pricedAt(200, 1200, 0)).thenRejected("INVALID_MINIMUM_PRICE", "minAnnualRateBps");
        fixture.given().when(pricedAt(200, 1200, 1300)).thenRejected("INVALID_MINIMUM_PRICE", "minAnnualRateBps");
    }

    @Test
    void the_period_bounds_must_be_ordered_and_within_ten_years() {
        fixture.given().when(define(100, 28)).thenRejected("INVALID_PERIOD_BOUNDS", "maxPeriodDays");
        fixture.given().when(define(0, 28)).thenRejected("INVALID_PERIOD_BOUNDS", "minPeriodDays");
        fixture.given().when(define(28, 4000)).thenRejected("INVALID_PERIOD_BOUNDS", "maxPeriodDays");
    }

    @Test
    void a_parametric_product_needs_its_oracle_trigger() {
        fixture.given()
                .when(define(ClaimMethod.PARAMETRIC, null, 200, 1200, 100, 28, 365))
                .thenRejected("TRIGGER_REQUIRED", "triggerId");
    }

    @Test
    void an_unknown_category_is_refused() {
        fixture.given().when(inCategory(ProductCategory.UNKNOWN)).thenRejected("UNKNOWN_CATEGORY", "category");
        fixture.given().when(inCategory(null)).thenRejected("UNKNOWN_CATEGORY", "category");
    }

    @Test
    void repricing_changes_the_curve_and_keeps_the_minimum_when_none_is_given() {
        fixture.given(defined())
                .when(new UpdateProductPricing(ID, 300, 1500, null, NOW))
                .thenEvents(new ProductPricingUpdated(ID, 300, 1500, 100));
    }

    @Test
    void repricing_to_the_same_curve_records_nothing() {
        fixture.given(defined())
                .when(new UpdateProductPricing(ID, 200, 1200, 100, NOW))
                .thenNoEvents();
    }

    @Test
    void an_unknown_product_cannot_be_repriced_or_retired() {
        fixture.given()
                .when(new UpdateProductPricing(ID, 300, 1500, null, NOW))
                .thenRejected("PRODUCT_NOT_FOUND", "productId");
        fixture.given().when(new RetireProduct(ID, "gone", NOW)).thenRejected("PRODUCT_NOT_FOUND", "productId");
    }

    @Test
    void a_retired_product_cannot_be_repriced_and_retiring_it_again_records_nothing() {
        fixture.given(defined(), new ProductRetired(ID, "exploit"))
                .when(new UpdateProductPricing(ID, 300, 1500, null, NOW))
                .thenRejected("PRODUCT_RETIRED", "productId");
        fixture.given(defined(), new ProductRetired(ID, "exploit"))
                .when(new RetireProduct(ID, "again", NOW))
                .thenNoEvents();
    }

    @Test
    void retiring_a_product_stops_its_sales() {
        fixture.given(defined())
                .when(new RetireProduct(ID, "protocol sunset", NOW))
                .thenEvents(new ProductRetired(ID, "protocol sunset"))
                .thenState(state -> assertThat(state)
                        .isInstanceOfSatisfying(
                                Retired.class,
                                retired -> assertThat(retired.reason()).isEqualTo("protocol sunset")));
    }

    @Test
    void an_unknown_claim_method_is_refused() {
        fixture.given()
                .when(define(ClaimMethod.UNKNOWN, null, 200, 1200, 100, 28, 365))
                .thenRejected("UNKNOWN_CLAIM_METHOD", "claimMethod");
    }
}
