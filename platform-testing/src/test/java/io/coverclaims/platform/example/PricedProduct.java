package io.coverclaims.platform.example;

import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.streams.AggregateType;

/**
 * A kernel test aggregate on real wire types (the policy context's product records), kept deliberately simpler than
 * policy-service's product, in the one shape of docs/adding-an-aggregate.md. A product named {@value #EXPLODING}
 * makes {@code decide} throw, to exercise the dead-letter path for processing failures.
 */
public final class PricedProduct {

    public static final String EXPLODING = "explode";

    public enum ProductCategory {
        PROTOCOL_EXPLOIT,
        STABLECOIN_DEPEG,
        CUSTODY,
        SLASHING,
        UNKNOWN
    }

    public enum ClaimMethod {
        ASSESSMENT,
        PARAMETRIC,
        UNKNOWN
    }

    public sealed interface Command permits DefineProduct, UpdateProductPricing {}

    public record DefineProduct(
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
            Integer minAnnualRateBps)
            implements Command {}

    public record UpdateProductPricing(String productId, int floorRateBps, int ceilingRateBps, Integer minAnnualRateBps)
            implements Command {}

    public sealed interface Event permits ProductDefined, ProductPricingUpdated {}

    public record ProductDefined(
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
            Integer minAnnualRateBps)
            implements Event {}

    public record ProductPricingUpdated(
            String productId, int floorRateBps, int ceilingRateBps, Integer minAnnualRateBps) implements Event {}

    /** Phases: nothing yet, or a defined product. */
    public sealed interface State permits None, Defined {}

    public record None() implements State {}

    public record Defined(String productId, String name, int floorBps, int ceilingBps) implements State {
        Defined withPricing(int floor, int ceiling) {
            return new Defined(productId, name, floor, ceiling);
        }
    }

    public static final Decider<Command, Event, State> DECIDER =
            Decider.of(new None(), PricedProduct::decide, PricedProduct::evolve);

    public static final AggregateType<Command, Event, State> TYPE = AggregateType.of(
                    "product", DECIDER, Command.class, Event.class, "io.coverclaims.schemas.policy")
            .build();

    static Decision<Event> decide(Command command, State state) {
        return switch (command) {
            case DefineProduct define when EXPLODING.equals(define.name()) -> throw new IllegalStateException("boom");
            case DefineProduct define
            when state instanceof Defined -> Decision.reject("ALREADY_DEFINED", "product exists", "productId");
            case DefineProduct define
            when define.floorRateBps() > define.ceilingRateBps() ->
                Decision.reject("INVALID_PRICING", "floor above ceiling", "floorRateBps");
            case DefineProduct d ->
                Decision.accept(new ProductDefined(
                        d.productId(),
                        d.name(),
                        d.category(),
                        d.claimMethod(),
                        d.asset(),
                        d.coveredContract(),
                        d.triggerId(),
                        d.floorRateBps(),
                        d.ceilingRateBps(),
                        d.minPeriodDays(),
                        d.maxPeriodDays(),
                        d.minAnnualRateBps()));
            case UpdateProductPricing reprice
            when state instanceof None -> Decision.reject("PRODUCT_NOT_FOUND", "no such product", "productId");
            case UpdateProductPricing r ->
                Decision.accept(new ProductPricingUpdated(
                        r.productId(), r.floorRateBps(), r.ceilingRateBps(), r.minAnnualRateBps()));
        };
    }

    static State evolve(State state, Event event) {
        return switch (event) {
            case ProductDefined d -> new Defined(d.productId(), d.name(), d.floorRateBps(), d.ceilingRateBps());
            case ProductPricingUpdated r ->
                state instanceof Defined defined ? defined.withPricing(r.floorRateBps(), r.ceilingRateBps()) : state;
        };
    }

    private PricedProduct() {}
}
