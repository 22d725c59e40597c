package io.coverclaims.policy.domain.product;

import io.coverclaims.policy.domain.product.ProductEvent.ProductDefined;
import io.coverclaims.policy.domain.product.ProductEvent.ProductPricingUpdated;
import io.coverclaims.policy.domain.product.ProductEvent.ProductRetired;

/**
 * One record per phase of a product: {@code None --ProductDefined--> Active --ProductRetired--> Retired}; repricing
 * keeps it active.
 */
public sealed interface ProductState {

    ProductState NONE = new None();

    /** The id is free. */
    record None() implements ProductState {
        Active defined(ProductDefined d) {
            return new Active(new Terms(
                    d.productId(),
                    d.name(),
                    d.category(),
                    d.claimMethod(),
                    d.asset(),
                    d.coveredContract(),
                    d.triggerId(),
                    new PricingCurve(d.floorRateBps(), d.ceilingRateBps(), d.minAnnualRateBps()),
                    d.minPeriodDays(),
                    d.maxPeriodDays()));
        }
    }

    /** A defined product, selling or not. */
    sealed interface Defined extends ProductState {
        Terms terms();
    }

    /** Selling: quotes are priced on its terms. */
    record Active(Terms terms) implements Defined {
        Active withPricing(ProductPricingUpdated p) {
            return new Active(
                    terms.withCurve(new PricingCurve(p.floorRateBps(), p.ceilingRateBps(), p.minAnnualRateBps())));
        }

        Retired retired(ProductRetired r) {
            return new Retired(terms, r.reason());
        }
    }

    /** No longer sold; cover bought on it runs to its end. */
    record Retired(Terms terms, String reason) implements Defined {}

    /** What a product covers and how it is priced. */
    record Terms(
            String productId,
            String name,
            ProductCategory category,
            ClaimMethod claimMethod,
            String asset,
            String coveredContract,
            String triggerId,
            PricingCurve pricing,
            int minPeriodDays,
            int maxPeriodDays) {
        Terms withCurve(PricingCurve curve) {
            return new Terms(
                    productId,
                    name,
                    category,
                    claimMethod,
                    asset,
                    coveredContract,
                    triggerId,
                    curve,
                    minPeriodDays,
                    maxPeriodDays);
        }
    }

    /** Annual rates, bps: at an empty pool, at a full pool, and the minimum ever charged. */
    record PricingCurve(int floorRateBps, int ceilingRateBps, int minAnnualRateBps) {}
}
