package io.coverclaims.platform.example;

import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.streams.AggregateType;
import io.coverclaims.schemas.policy.ClaimMethod;
import io.coverclaims.schemas.policy.DefineProduct;
import io.coverclaims.schemas.policy.ProductCategory;
import io.coverclaims.schemas.policy.ProductDefined;
import io.coverclaims.schemas.policy.ProductPricingUpdated;
import io.coverclaims.schemas.policy.UpdateProductPricing;

/**
 * A kernel test aggregate on real wire types (the policy context's product records), kept deliberately
 * simpler than policy-service's product. A product named {@value #EXPLODING} makes {@code decide} throw, to
 * exercise the dead-letter path for processing failures.
 */
public final class PricedProduct {

    public static final String EXPLODING = "explode";

    public sealed interface Command permits Define, Reprice {
    }

    public record Define(String name, int floorBps, int ceilingBps) implements Command {
    }

    public record Reprice(int floorBps, int ceilingBps) implements Command {
    }

    public sealed interface Event permits Defined, Repriced {
    }

    public record Defined(String productId, String name, int floorBps, int ceilingBps) implements Event {
    }

    public record Repriced(String productId, int floorBps, int ceilingBps) implements Event {
    }

    public record State(String productId, String name, int floorBps, int ceilingBps) {
        boolean defined() {
            return productId != null;
        }
    }

    /** The decider needs the product id for its events; the kernel passes it through the command. */
    public record Addressed<C extends Command>(String productId, C command) {
    }

    public static final Decider<Addressed<?>, Event, State> DECIDER = new Decider<>() {
        @Override
        public State initialState() {
            return new State(null, null, 0, 0);
        }

        @Override
        public Decision<Event> decide(Addressed<?> addressed, State state) {
            return switch (addressed.command()) {
                case Define define when EXPLODING.equals(define.name()) -> throw new IllegalStateException("boom");
                case Define define when state.defined() -> Decision.reject("ALREADY_DEFINED", "product exists", "productId");
                case Define define when define.floorBps() > define.ceilingBps() ->
                        Decision.reject("INVALID_PRICING", "floor above ceiling", "floorRateBps");
                case Define define ->
                        Decision.accept(new Defined(addressed.productId(), define.name(), define.floorBps(), define.ceilingBps()));
                case Reprice reprice when !state.defined() -> Decision.reject("PRODUCT_NOT_FOUND", "no such product", "productId");
                case Reprice reprice -> Decision.accept(new Repriced(addressed.productId(), reprice.floorBps(), reprice.ceilingBps()));
            };
        }

        @Override
        public State evolve(State state, Event event) {
            return switch (event) {
                case Defined defined -> new State(defined.productId(), defined.name(), defined.floorBps(), defined.ceilingBps());
                case Repriced repriced -> new State(state.productId(), state.name(), repriced.floorBps(), repriced.ceilingBps());
            };
        }
    };

    public static final AggregateType<Addressed<?>, Event, State> TYPE = AggregateType.named("product", DECIDER)
            .command(DefineProduct.class, wire -> new Addressed<>(wire.getProductId(),
                    new Define(wire.getName(), wire.getFloorRateBps(), wire.getCeilingRateBps())))
            .command(UpdateProductPricing.class, wire -> new Addressed<>(wire.getProductId(),
                    new Reprice(wire.getFloorRateBps(), wire.getCeilingRateBps())))
            .event(Defined.class, ProductDefined.class,
                    (event, metadata) -> ProductDefined.newBuilder().setMetadata(metadata).setProductId(event.productId())
                            .setName(event.name()).setCategory(ProductCategory.PROTOCOL_EXPLOIT)
                            .setClaimMethod(ClaimMethod.ASSESSMENT).setAsset("USDC")
                            .setFloorRateBps(event.floorBps()).setCeilingRateBps(event.ceilingBps())
                            .setMinPeriodDays(28).setMaxPeriodDays(365).build(),
                    wire -> new Defined(wire.getProductId(), wire.getName(), wire.getFloorRateBps(), wire.getCeilingRateBps()))
            .event(Repriced.class, ProductPricingUpdated.class,
                    (event, metadata) -> ProductPricingUpdated.newBuilder().setMetadata(metadata).setProductId(event.productId())
                            .setFloorRateBps(event.floorBps()).setCeilingRateBps(event.ceilingBps()).build(),
                    wire -> new Repriced(wire.getProductId(), wire.getFloorRateBps(), wire.getCeilingRateBps()))
            .build();

    private PricedProduct() {
    }
}
