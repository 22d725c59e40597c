package io.coverclaims.policy.product;

import io.coverclaims.platform.testing.DeciderFixture;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ProductDeciderTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final String ID = "prod-aave";
    static final Product.Pricing PRICING = new Product.Pricing(200, 1200, 100);

    final DeciderFixture<Product.Command, Product.Event, Product.State> fixture = DeciderFixture.of(Product.DECIDER);

    static Product.Define define(Product.ClaimMethod method, String trigger, Product.Pricing pricing, int minDays, int maxDays) {
        return new Product.Define(ID, "Aave v3 exploit", Product.Category.PROTOCOL_EXPLOIT, method, "USDC", null, trigger,
                pricing, minDays, maxDays, NOW);
    }

    static Product.Defined defined() {
        return new Product.Defined(ID, "Aave v3 exploit", Product.Category.PROTOCOL_EXPLOIT, Product.ClaimMethod.ASSESSMENT, "USDC",
                null, null, PRICING, 28, 365);
    }

    @Test
    void a_product_is_defined_with_its_pricing_curve_and_period_bounds() {
        fixture.given().when(define(Product.ClaimMethod.ASSESSMENT, null, PRICING, 28, 365))
                .thenEvents(defined())
                .thenState(state -> assertThat(state.minPeriodDays()).isEqualTo(28));
    }

    @Test
    void a_product_id_is_defined_once() {
        fixture.given(defined()).when(define(Product.ClaimMethod.ASSESSMENT, null, PRICING, 28, 365))
                .thenRejected("PRODUCT_ALREADY_DEFINED", "productId");
    }

    @Test
    void the_floor_rate_may_not_exceed_the_ceiling() {
        fixture.given().when(define(Product.ClaimMethod.ASSESSMENT, null, new Product.Pricing(1300, 1200, 100), 28, 365))
                .thenRejected("INVALID_PRICING", "ceilingRateBps");
    }

    @Test
    void the_minimum_price_is_at_least_one_bp_and_at_most_the_ceiling() {
        fixture.given().when(define(Product.ClaimMethod.ASSESSMENT, null, new Product.Pricing(200, 1200, 0), 28, 365))
                .thenRejected("INVALID_MINIMUM_PRICE", "minAnnualRateBps");
        fixture.given().when(define(Product.ClaimMethod.ASSESSMENT, null, new Product.Pricing(200, 1200, 1300), 28, 365))
                .thenRejected("INVALID_MINIMUM_PRICE", "minAnnualRateBps");
    }

    @Test
    void the_period_bounds_must_be_ordered_and_within_ten_years() {
        fixture.given().when(define(Product.ClaimMethod.ASSESSMENT, null, PRICING, 100, 28))
                .thenRejected("INVALID_PERIOD_BOUNDS", "maxPeriodDays");
        fixture.given().when(define(Product.ClaimMethod.ASSESSMENT, null, PRICING, 0, 28))
                .thenRejected("INVALID_PERIOD_BOUNDS", "minPeriodDays");
        fixture.given().when(define(Product.ClaimMethod.ASSESSMENT, null, PRICING, 28, 4000))
                .thenRejected("INVALID_PERIOD_BOUNDS", "maxPeriodDays");
    }

    @Test
    void a_parametric_product_needs_its_oracle_trigger() {
        fixture.given().when(define(Product.ClaimMethod.PARAMETRIC, null, PRICING, 28, 365))
                .thenRejected("TRIGGER_REQUIRED", "triggerId");
    }

    @Test
    void an_unknown_category_is_refused() {
        fixture.given().when(new Product.Define(ID, "x", null, Product.ClaimMethod.ASSESSMENT, "USDC", null, null, PRICING, 28, 365, NOW))
                .thenRejected("UNKNOWN_CATEGORY", "category");
    }

    @Test
    void repricing_changes_the_curve_and_keeps_the_minimum_when_none_is_given() {
        fixture.given(defined()).when(new Product.UpdatePricing(ID, 300, 1500, null, NOW))
                .thenEvents(new Product.PricingUpdated(ID, new Product.Pricing(300, 1500, 100)));
    }

    @Test
    void repricing_to_the_same_curve_records_nothing() {
        fixture.given(defined()).when(new Product.UpdatePricing(ID, 200, 1200, 100, NOW)).thenNoEvents();
    }

    @Test
    void an_unknown_product_cannot_be_repriced_or_retired() {
        fixture.given().when(new Product.UpdatePricing(ID, 300, 1500, null, NOW)).thenRejected("PRODUCT_NOT_FOUND", "productId");
        fixture.given().when(new Product.Retire(ID, "gone", NOW)).thenRejected("PRODUCT_NOT_FOUND", "productId");
    }

    @Test
    void a_retired_product_cannot_be_repriced_and_retiring_it_again_records_nothing() {
        fixture.given(defined(), new Product.Retired(ID, "exploit"))
                .when(new Product.UpdatePricing(ID, 300, 1500, null, NOW)).thenRejected("PRODUCT_RETIRED", "productId");
        fixture.given(defined(), new Product.Retired(ID, "exploit")).when(new Product.Retire(ID, "again", NOW)).thenNoEvents();
    }

    @Test
    void retiring_a_product_stops_its_sales() {
        fixture.given(defined()).when(new Product.Retire(ID, "protocol sunset", NOW))
                .thenEvents(new Product.Retired(ID, "protocol sunset"))
                .thenState(state -> assertThat(state.retired()).isTrue());
    }
}
