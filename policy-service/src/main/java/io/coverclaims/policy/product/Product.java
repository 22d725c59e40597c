package io.coverclaims.policy.product;

import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Decision;

import java.time.Instant;

/**
 * A product buyers can quote and pools can underwrite: what it covers, how claims are decided, its pricing
 * curve (floor and ceiling annual rates, a minimum rate) and its cover period bounds. Pure: no Kafka, no clock.
 */
public final class Product {

    /** Nexus Mutual's bounds: cover runs 28 to 365 days unless a product says otherwise. */
    public static final int DEFAULT_MIN_PERIOD_DAYS = 28;
    public static final int DEFAULT_MAX_PERIOD_DAYS = 365;
    /** Minimum price: 1% a year. */
    public static final int DEFAULT_MIN_ANNUAL_RATE_BPS = 100;
    /** No curve may charge more than 100% a year. */
    public static final int MAX_RATE_BPS = 10_000;
    /** No cover longer than ten years. */
    public static final int MAX_PERIOD_DAYS = 3_650;

    public enum Category { PROTOCOL_EXPLOIT, STABLECOIN_DEPEG, CUSTODY, SLASHING }

    public enum ClaimMethod { ASSESSMENT, PARAMETRIC }

    public record Pricing(int floorRateBps, int ceilingRateBps, int minAnnualRateBps) {
    }

    // ------------------------------------------------------------------------------------------ commands

    public sealed interface Command permits Define, UpdatePricing, Retire {
        String productId();
    }

    /** {@code category} / {@code claimMethod} are null when the wire value is unknown to this service. */
    public record Define(String productId, String name, Category category, ClaimMethod claimMethod, String asset,
                         String coveredContract, String triggerId, Pricing pricing, int minPeriodDays, int maxPeriodDays,
                         Instant at) implements Command {
    }

    /** {@code minAnnualRateBps} null keeps the current minimum. */
    public record UpdatePricing(String productId, int floorRateBps, int ceilingRateBps, Integer minAnnualRateBps, Instant at)
            implements Command {
    }

    public record Retire(String productId, String reason, Instant at) implements Command {
    }

    // -------------------------------------------------------------------------------------------- events

    public sealed interface Event permits Defined, PricingUpdated, Retired {
    }

    public record Defined(String productId, String name, Category category, ClaimMethod claimMethod, String asset,
                          String coveredContract, String triggerId, Pricing pricing, int minPeriodDays, int maxPeriodDays)
            implements Event {
    }

    public record PricingUpdated(String productId, Pricing pricing) implements Event {
    }

    public record Retired(String productId, String reason) implements Event {
    }

    // --------------------------------------------------------------------------------------------- state

    public record State(String productId, String name, Category category, ClaimMethod claimMethod, String asset,
                        String coveredContract, String triggerId, Pricing pricing, int minPeriodDays, int maxPeriodDays,
                        boolean retired, String retiredReason) {

        public static final State NONE = new State(null, null, null, null, null, null, null, null, 0, 0, false, null);

        public boolean defined() {
            return productId != null;
        }
    }

    // ------------------------------------------------------------------------------------------- decider

    public static final Decider<Command, Event, State> DECIDER = new Decider<>() {
        @Override
        public State initialState() {
            return State.NONE;
        }

        @Override
        public Decision<Event> decide(Command command, State state) {
            return switch (command) {
                case Define define -> define(define, state);
                case UpdatePricing update -> updatePricing(update, state);
                case Retire retire -> retire(retire, state);
            };
        }

        @Override
        public State evolve(State state, Event event) {
            return switch (event) {
                case Defined d -> new State(d.productId(), d.name(), d.category(), d.claimMethod(), d.asset(), d.coveredContract(),
                        d.triggerId(), d.pricing(), d.minPeriodDays(), d.maxPeriodDays(), false, null);
                case PricingUpdated p -> new State(state.productId(), state.name(), state.category(), state.claimMethod(),
                        state.asset(), state.coveredContract(), state.triggerId(), p.pricing(), state.minPeriodDays(),
                        state.maxPeriodDays(), state.retired(), state.retiredReason());
                case Retired r -> new State(state.productId(), state.name(), state.category(), state.claimMethod(),
                        state.asset(), state.coveredContract(), state.triggerId(), state.pricing(), state.minPeriodDays(),
                        state.maxPeriodDays(), true, r.reason());
            };
        }
    };

    private static Decision<Event> define(Define c, State state) {
        if (state.defined()) {
            return Decision.reject("PRODUCT_ALREADY_DEFINED", "product " + c.productId() + " already exists", "productId");
        }
        if (c.name() == null || c.name().isBlank()) {
            return Decision.reject("INVALID_NAME", "a product needs a name", "name");
        }
        if (c.category() == null) {
            return Decision.reject("UNKNOWN_CATEGORY", "the category is not one policy-service sells", "category");
        }
        if (c.claimMethod() == null) {
            return Decision.reject("UNKNOWN_CLAIM_METHOD", "the claim method is not one policy-service knows", "claimMethod");
        }
        if (c.asset() == null || c.asset().isBlank()) {
            return Decision.reject("INVALID_ASSET", "a product needs the asset cover is bought and paid in", "asset");
        }
        if (c.claimMethod() == ClaimMethod.PARAMETRIC && (c.triggerId() == null || c.triggerId().isBlank())) {
            return Decision.reject("TRIGGER_REQUIRED", "a parametric product needs the oracle trigger that decides its claims", "triggerId");
        }
        var pricingRejection = checkPricing(c.pricing());
        if (pricingRejection != null) {
            return pricingRejection;
        }
        if (c.minPeriodDays() < 1 || c.minPeriodDays() > MAX_PERIOD_DAYS) {
            return Decision.reject("INVALID_PERIOD_BOUNDS", "the minimum period must be 1 to " + MAX_PERIOD_DAYS + " days", "minPeriodDays");
        }
        if (c.maxPeriodDays() < c.minPeriodDays() || c.maxPeriodDays() > MAX_PERIOD_DAYS) {
            return Decision.reject("INVALID_PERIOD_BOUNDS",
                    "the maximum period must be between the minimum (" + c.minPeriodDays() + ") and " + MAX_PERIOD_DAYS + " days", "maxPeriodDays");
        }
        return Decision.accept(new Defined(c.productId(), c.name(), c.category(), c.claimMethod(), c.asset(), c.coveredContract(),
                c.triggerId(), c.pricing(), c.minPeriodDays(), c.maxPeriodDays()));
    }

    private static Decision<Event> updatePricing(UpdatePricing c, State state) {
        if (!state.defined()) {
            return Decision.reject("PRODUCT_NOT_FOUND", "no product " + c.productId(), "productId");
        }
        if (state.retired()) {
            return Decision.reject("PRODUCT_RETIRED", "product " + c.productId() + " is retired", "productId");
        }
        Pricing pricing = new Pricing(c.floorRateBps(), c.ceilingRateBps(),
                c.minAnnualRateBps() == null ? state.pricing().minAnnualRateBps() : c.minAnnualRateBps());
        var rejection = checkPricing(pricing);
        if (rejection != null) {
            return rejection;
        }
        if (pricing.equals(state.pricing())) {
            return Decision.nothingToDo();
        }
        return Decision.accept(new PricingUpdated(c.productId(), pricing));
    }

    private static Decision<Event> retire(Retire c, State state) {
        if (!state.defined()) {
            return Decision.reject("PRODUCT_NOT_FOUND", "no product " + c.productId(), "productId");
        }
        if (state.retired()) {
            return Decision.nothingToDo();
        }
        if (c.reason() == null || c.reason().isBlank()) {
            return Decision.reject("REASON_REQUIRED", "say why the product stops selling", "reason");
        }
        return Decision.accept(new Retired(c.productId(), c.reason()));
    }

    private static Decision<Event> checkPricing(Pricing p) {
        if (p.floorRateBps() < 0 || p.floorRateBps() > MAX_RATE_BPS) {
            return Decision.reject("INVALID_PRICING", "the floor rate must be 0 to " + MAX_RATE_BPS + " bps", "floorRateBps");
        }
        if (p.ceilingRateBps() < p.floorRateBps() || p.ceilingRateBps() > MAX_RATE_BPS) {
            return Decision.reject("INVALID_PRICING", "the ceiling rate must be between the floor rate and " + MAX_RATE_BPS + " bps", "ceilingRateBps");
        }
        if (p.minAnnualRateBps() < 1 || p.minAnnualRateBps() > p.ceilingRateBps()) {
            return Decision.reject("INVALID_MINIMUM_PRICE",
                    "the minimum annual rate must be at least 1 bp and at most the ceiling rate", "minAnnualRateBps");
        }
        return null;
    }

    private Product() {
    }
}
