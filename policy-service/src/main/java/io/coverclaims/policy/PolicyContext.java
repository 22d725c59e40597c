package io.coverclaims.policy;

import io.coverclaims.platform.governance.Capability;
import io.coverclaims.platform.governance.PauseKey;
import io.coverclaims.platform.streams.AggregateType;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.policy.domain.cover.CoverCommand;
import io.coverclaims.policy.domain.cover.CoverDecider;
import io.coverclaims.policy.domain.cover.CoverEvent;
import io.coverclaims.policy.domain.cover.CoverState;
import io.coverclaims.policy.domain.product.ProductCommand;
import io.coverclaims.policy.domain.product.ProductDecider;
import io.coverclaims.policy.domain.product.ProductEvent;
import io.coverclaims.policy.domain.product.ProductState;
import io.coverclaims.schemas.policy.BuyCover;
import io.coverclaims.schemas.policy.RequestQuote;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The policy context as the kernel runs it: products (ids {@code prod-…}) and quotes-that-become-policies (ids
 * {@code cov-…}), on the policy.* topics. Both map to policy.avdl by the kernel's convention; the upcasts give the
 * values of fields that records written before them lack.
 */
@ApplicationScoped
public class PolicyContext {

    public static final String NAME = "policy";
    public static final String WIRE_NAMESPACE = "io.coverclaims.schemas.policy";

    public static final AggregateType<ProductCommand, ProductEvent, ProductState> PRODUCT = AggregateType.of(
                    "product", ProductDecider.DECIDER, ProductCommand.class, ProductEvent.class, WIRE_NAMESPACE)
            .upcast(
                    ProductCommand.DefineProduct.class,
                    "minAnnualRateBps",
                    at -> ProductDecider.DEFAULT_MIN_ANNUAL_RATE_BPS)
            .upcast(
                    ProductEvent.ProductDefined.class,
                    "minAnnualRateBps",
                    at -> ProductDecider.DEFAULT_MIN_ANNUAL_RATE_BPS)
            .upcast(
                    ProductEvent.ProductPricingUpdated.class,
                    "minAnnualRateBps",
                    at -> ProductDecider.DEFAULT_MIN_ANNUAL_RATE_BPS)
            .build();

    /** A quote and the policy bought on it: one aggregate, type {@code policy}. */
    public static final AggregateType<CoverCommand, CoverEvent, CoverState> COVER = AggregateType.of(
                    "policy", CoverDecider.DECIDER, CoverCommand.class, CoverEvent.class, WIRE_NAMESPACE)
            .upcast(CoverEvent.QuoteIssued.class, "minPeriodDays", at -> 0)
            .upcast(CoverEvent.QuoteIssued.class, "maxPeriodDays", at -> 0)
            .upcast(
                    CoverEvent.PolicyRequested.class,
                    "reservationDeadline",
                    at -> at.plus(CoverDecider.RESERVATION_TIMEOUT))
            .build();

    /** The policy context, governed: buying cover stops while cover sales are paused. */
    public static final BoundedContext CONTEXT =
            BoundedContext.of(NAME, PRODUCT, COVER).pausedBy(PolicyContext::pausedBy);

    /**
     * What a policy command needs to be running: {@code cover-sales} for a quote (scoped to the pool it names, else
     * to its product) and for buying cover on a quote (unscoped: the command names neither). The purchase saga's later
     * steps (activation, decline) and cancellations, expiries and reductions are not paused: a sale already made is
     * completed or unwound as usual.
     */
    static Optional<PauseKey> pausedBy(SpecificRecord command) {
        return switch (command) {
            case RequestQuote quote ->
                Optional.of(PauseKey.of(
                        Capability.COVER_SALES, quote.getPoolId() != null ? quote.getPoolId() : quote.getProductId()));
            case BuyCover buy -> Optional.of(PauseKey.of(Capability.COVER_SALES));
            default -> Optional.empty();
        };
    }

    @Produces
    @Singleton
    BoundedContext context() {
        return CONTEXT;
    }
}
