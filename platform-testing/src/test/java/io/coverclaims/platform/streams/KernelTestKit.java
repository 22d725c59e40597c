package io.coverclaims.platform.streams;

import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.policy.ClaimMethod;
import io.coverclaims.schemas.policy.DefineProduct;
import io.coverclaims.schemas.policy.ProductCategory;
import io.coverclaims.schemas.policy.ProductDefined;
import java.time.Instant;
import java.util.UUID;

/** The kernel tests' commands: a fixed issue time and actor, so events are comparable across runs. */
public final class KernelTestKit extends KafkaTestKit {

    public static CommandMetadata metadata(String aggregateId) {
        return metadata(aggregateId, UUID.randomUUID().toString(), null);
    }

    /** Recent: a command issued longer ago than the idempotency window (7 days) is refused, not decided. */
    public static final Instant ISSUED_AT = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    public static CommandMetadata metadata(String aggregateId, String commandId, Long expectedVersion) {
        return CommandMetadata.newBuilder()
                .setCommandId(commandId)
                .setAggregateId(aggregateId)
                .setExpectedVersion(expectedVersion)
                .setCorrelationId("corr-" + commandId)
                .setCausationId(null)
                .setIssuedAt(ISSUED_AT)
                .setActor("0xtester")
                .build();
    }

    /** A protocol-exploit product in USDC, assessed, sold for 28 to 365 days. */
    public static DefineProduct defineProduct(String productId, String name, int floorBps, int ceilingBps) {
        return DefineProduct.newBuilder()
                .setMetadata(metadata(productId))
                .setProductId(productId)
                .setName(name)
                .setCategory(ProductCategory.PROTOCOL_EXPLOIT)
                .setClaimMethod(ClaimMethod.ASSESSMENT)
                .setAsset("USDC")
                .setFloorRateBps(floorBps)
                .setCeilingRateBps(ceilingBps)
                .setMinPeriodDays(28)
                .setMaxPeriodDays(365)
                .build();
    }

    /** A product another context defined: in USDC, priced 2%..12% a year, sold for 28 to 365 days. */
    public static ProductDefined productDefined(
            EventMetadata metadata, String productId, String name, ProductCategory category, ClaimMethod claimMethod) {
        return ProductDefined.newBuilder()
                .setMetadata(metadata)
                .setProductId(productId)
                .setName(name)
                .setCategory(category)
                .setClaimMethod(claimMethod)
                .setAsset("USDC")
                .setFloorRateBps(200)
                .setCeilingRateBps(1200)
                .setMinPeriodDays(28)
                .setMaxPeriodDays(365)
                .build();
    }
}
