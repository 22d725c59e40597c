package io.coverclaims.policy.product;

import io.coverclaims.platform.streams.AggregateType;
import io.coverclaims.schemas.policy.DefineProduct;
import io.coverclaims.schemas.policy.ProductDefined;
import io.coverclaims.schemas.policy.ProductPricingUpdated;
import io.coverclaims.schemas.policy.ProductRetired;
import io.coverclaims.schemas.policy.RetireProduct;
import io.coverclaims.schemas.policy.UpdateProductPricing;

/** The product aggregate's wire mapping (policy.avdl records to and from {@link Product}'s domain records). */
public final class ProductWire {

    public static final AggregateType<Product.Command, Product.Event, Product.State> TYPE = AggregateType
            .named("product", Product.DECIDER)
            .command(DefineProduct.class, w -> new Product.Define(w.getProductId(), w.getName(), category(w.getCategory()),
                    claimMethod(w.getClaimMethod()), w.getAsset(), w.getCoveredContract(), w.getTriggerId(),
                    new Product.Pricing(w.getFloorRateBps(), w.getCeilingRateBps(),
                            w.getMinAnnualRateBps() == null ? Product.DEFAULT_MIN_ANNUAL_RATE_BPS : w.getMinAnnualRateBps()),
                    w.getMinPeriodDays(), w.getMaxPeriodDays(), w.getMetadata().getIssuedAt()))
            .command(UpdateProductPricing.class, w -> new Product.UpdatePricing(w.getProductId(), w.getFloorRateBps(),
                    w.getCeilingRateBps(), w.getMinAnnualRateBps(), w.getMetadata().getIssuedAt()))
            .command(RetireProduct.class, w -> new Product.Retire(w.getProductId(), w.getReason(), w.getMetadata().getIssuedAt()))
            .event(Product.Defined.class, ProductDefined.class,
                    (e, metadata) -> ProductDefined.newBuilder().setMetadata(metadata).setProductId(e.productId())
                            .setName(e.name()).setCategory(io.coverclaims.schemas.policy.ProductCategory.valueOf(e.category().name()))
                            .setClaimMethod(io.coverclaims.schemas.policy.ClaimMethod.valueOf(e.claimMethod().name()))
                            .setAsset(e.asset()).setCoveredContract(e.coveredContract()).setTriggerId(e.triggerId())
                            .setFloorRateBps(e.pricing().floorRateBps()).setCeilingRateBps(e.pricing().ceilingRateBps())
                            .setMinAnnualRateBps(e.pricing().minAnnualRateBps())
                            .setMinPeriodDays(e.minPeriodDays()).setMaxPeriodDays(e.maxPeriodDays()).build(),
                    w -> new Product.Defined(w.getProductId(), w.getName(), category(w.getCategory()), claimMethod(w.getClaimMethod()),
                            w.getAsset(), w.getCoveredContract(), w.getTriggerId(),
                            new Product.Pricing(w.getFloorRateBps(), w.getCeilingRateBps(),
                                    w.getMinAnnualRateBps() == null ? Product.DEFAULT_MIN_ANNUAL_RATE_BPS : w.getMinAnnualRateBps()),
                            w.getMinPeriodDays(), w.getMaxPeriodDays()))
            .event(Product.PricingUpdated.class, ProductPricingUpdated.class,
                    (e, metadata) -> ProductPricingUpdated.newBuilder().setMetadata(metadata).setProductId(e.productId())
                            .setFloorRateBps(e.pricing().floorRateBps()).setCeilingRateBps(e.pricing().ceilingRateBps())
                            .setMinAnnualRateBps(e.pricing().minAnnualRateBps()).build(),
                    w -> new Product.PricingUpdated(w.getProductId(), new Product.Pricing(w.getFloorRateBps(), w.getCeilingRateBps(),
                            w.getMinAnnualRateBps() == null ? Product.DEFAULT_MIN_ANNUAL_RATE_BPS : w.getMinAnnualRateBps())))
            .event(Product.Retired.class, ProductRetired.class,
                    (e, metadata) -> ProductRetired.newBuilder().setMetadata(metadata).setProductId(e.productId()).setReason(e.reason()).build(),
                    w -> new Product.Retired(w.getProductId(), w.getReason()))
            .build();

    static Product.Category category(io.coverclaims.schemas.policy.ProductCategory wire) {
        return wire == null || wire == io.coverclaims.schemas.policy.ProductCategory.UNKNOWN ? null : Product.Category.valueOf(wire.name());
    }

    static Product.ClaimMethod claimMethod(io.coverclaims.schemas.policy.ClaimMethod wire) {
        return wire == null || wire == io.coverclaims.schemas.policy.ClaimMethod.UNKNOWN ? null : Product.ClaimMethod.valueOf(wire.name());
    }

    private ProductWire() {
    }
}
