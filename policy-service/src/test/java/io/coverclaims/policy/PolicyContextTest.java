package io.coverclaims.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.platform.testing.WireRoundTrip;
import io.coverclaims.policy.domain.cover.CoverCommand;
import io.coverclaims.policy.domain.cover.CoverDecider;
import io.coverclaims.policy.domain.cover.CoverEvent;
import io.coverclaims.policy.domain.product.ProductCategory;
import io.coverclaims.policy.domain.product.ProductCommand;
import io.coverclaims.policy.domain.product.ProductDecider;
import io.coverclaims.policy.domain.product.ProductEvent;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.policy.CancelPolicy;
import io.coverclaims.schemas.policy.ClaimMethod;
import io.coverclaims.schemas.policy.DefineProduct;
import io.coverclaims.schemas.policy.PolicyRequested;
import io.coverclaims.schemas.policy.ProductDefined;
import io.coverclaims.schemas.policy.ProductPricingUpdated;
import io.coverclaims.schemas.policy.QuoteIssued;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The policy context's aggregates on the wire: every record round-trips, and older records read with today's defaults. */
class PolicyContextTest {

    static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");
    static final String COVER_ID = "cov-00000000-0000-0000-0000-000000000001";

    @Test
    void every_product_command_and_event_survives_its_wire_record() {
        assertThat(WireRoundTrip.assertRoundTrips(PolicyContext.PRODUCT)).isEqualTo(6);
    }

    @Test
    void every_cover_command_and_event_survives_its_wire_record() {
        assertThat(WireRoundTrip.assertRoundTrips(PolicyContext.COVER)).isEqualTo(14);
    }

    @Test
    void a_quote_issued_before_period_bounds_were_recorded_reads_them_as_zero() {
        QuoteIssued wire = QuoteIssued.newBuilder()
                .setMetadata(event(COVER_ID))
                .setQuoteId(COVER_ID)
                .setProductId("prod-aave")
                .setHolder("0x" + "1".repeat(40))
                .setPoolId("pool-1")
                .setAsset("USDC")
                .setCoverAmount(BigDecimal.valueOf(1_000))
                .setPeriodDays(30)
                .setUtilisationPpm(0)
                .setFloorRateBps(200)
                .setCeilingRateBps(1200)
                .setMinAnnualRateBps(100)
                .setAnnualRatePpm(20_000)
                .setPremium(BigDecimal.valueOf(2))
                .setExpiresAt(AT.plusSeconds(900))
                .setMinPeriodDays(null)
                .setMaxPeriodDays(null)
                .build();
        CoverEvent.QuoteIssued quote = (CoverEvent.QuoteIssued) PolicyContext.COVER.readEvent(wire);
        assertThat(quote.minPeriodDays()).isZero();
        assertThat(quote.maxPeriodDays()).isZero();
        assertThat(quote.at()).isEqualTo(AT);
    }

    @Test
    void a_purchase_recorded_before_reservation_deadlines_is_due_the_reservation_timeout_after_it() {
        PolicyRequested wire = PolicyRequested.newBuilder()
                .setMetadata(event(COVER_ID))
                .setPolicyId(COVER_ID)
                .setQuoteId(COVER_ID)
                .setProductId("prod-aave")
                .setPoolId("pool-1")
                .setHolder("0x" + "1".repeat(40))
                .setAsset("USDC")
                .setCoverAmount(BigDecimal.valueOf(1_000))
                .setPremium(BigDecimal.valueOf(2))
                .setAnnualRatePpm(20_000)
                .setStartAt(AT)
                .setEndAt(AT.plus(Duration.ofDays(30)))
                .setPremiumPaymentRef(null)
                .setReservationDeadline(null)
                .build();
        CoverEvent.PolicyRequested requested = (CoverEvent.PolicyRequested) PolicyContext.COVER.readEvent(wire);
        assertThat(requested.reservationDeadline()).isEqualTo(AT.plus(CoverDecider.RESERVATION_TIMEOUT));
    }

    @Test
    void a_product_defined_or_repriced_without_a_minimum_price_has_the_default_minimum() {
        DefineProduct define = defineAave(
                io.coverclaims.schemas.policy.ProductCategory.PROTOCOL_EXPLOIT, ClaimMethod.ASSESSMENT, null);
        assertThat(((ProductCommand.DefineProduct) PolicyContext.PRODUCT.readCommand(define)).minAnnualRateBps())
                .isEqualTo(ProductDecider.DEFAULT_MIN_ANNUAL_RATE_BPS);

        ProductDefined defined = ProductDefined.newBuilder()
                .setMetadata(event("prod-aave"))
                .setProductId("prod-aave")
                .setName("Aave")
                .setCategory(io.coverclaims.schemas.policy.ProductCategory.PROTOCOL_EXPLOIT)
                .setClaimMethod(ClaimMethod.ASSESSMENT)
                .setAsset("USDC")
                .setFloorRateBps(200)
                .setCeilingRateBps(1200)
                .setMinPeriodDays(28)
                .setMaxPeriodDays(365)
                .setMinAnnualRateBps(null)
                .build();
        assertThat(((ProductEvent.ProductDefined) PolicyContext.PRODUCT.readEvent(defined)).minAnnualRateBps())
                .isEqualTo(ProductDecider.DEFAULT_MIN_ANNUAL_RATE_BPS);

        ProductPricingUpdated repriced = ProductPricingUpdated.newBuilder()
                .setMetadata(event("prod-aave"))
                .setProductId("prod-aave")
                .setFloorRateBps(300)
                .setCeilingRateBps(1500)
                .setMinAnnualRateBps(null)
                .build();
        assertThat(((ProductEvent.ProductPricingUpdated) PolicyContext.PRODUCT.readEvent(repriced)).minAnnualRateBps())
                .isEqualTo(ProductDecider.DEFAULT_MIN_ANNUAL_RATE_BPS);
    }

    @Test
    void a_category_this_service_does_not_know_reaches_the_decider_as_unknown() {
        DefineProduct define =
                defineAave(io.coverclaims.schemas.policy.ProductCategory.UNKNOWN, ClaimMethod.UNKNOWN, 150);
        ProductCommand.DefineProduct domain = (ProductCommand.DefineProduct) PolicyContext.PRODUCT.readCommand(define);
        assertThat(domain.category()).isEqualTo(ProductCategory.UNKNOWN);
        assertThat(domain.claimMethod()).isEqualTo(io.coverclaims.policy.domain.product.ClaimMethod.UNKNOWN);
        assertThat(domain.minAnnualRateBps()).isEqualTo(150);
    }

    @Test
    void a_cancellation_is_asked_by_the_commands_actor() {
        CancelPolicy wire = CancelPolicy.newBuilder()
                .setMetadata(command(COVER_ID, "operator:alice"))
                .setPolicyId(COVER_ID)
                .setReason("fraud")
                .build();
        assertThat(PolicyContext.COVER.readCommand(wire))
                .isEqualTo(new CoverCommand.CancelPolicy(COVER_ID, "fraud", "operator:alice", AT));
    }

    /** The admin defining "prod-aave" (USDC, 2%..12% a year, 28..365 days) on the wire. */
    static DefineProduct defineAave(
            io.coverclaims.schemas.policy.ProductCategory category, ClaimMethod claimMethod, Integer minAnnualRateBps) {
        return DefineProduct.newBuilder()
                .setMetadata(command("prod-aave", "admin"))
                .setProductId("prod-aave")
                .setName("Aave")
                .setCategory(category)
                .setClaimMethod(claimMethod)
                .setAsset("USDC")
                .setFloorRateBps(200)
                .setCeilingRateBps(1200)
                .setMinPeriodDays(28)
                .setMaxPeriodDays(365)
                .setMinAnnualRateBps(minAnnualRateBps)
                .build();
    }

    static EventMetadata event(String aggregateId) {
        return EventMetadata.newBuilder()
                .setEventId("e-1")
                .setAggregateId(aggregateId)
                .setAggregateVersion(1)
                .setCausationId("c-1")
                .setCorrelationId("c-1")
                .setOccurredAt(AT)
                .setActor("someone")
                .build();
    }

    static CommandMetadata command(String aggregateId, String actor) {
        return KafkaTestKit.command(aggregateId, AT, actor);
    }
}
