package io.coverclaims.schemas;

import io.coverclaims.schemas.claim.ClaimSubmitted;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.policy.BuyCover;
import java.time.Instant;

/** Records for tests. */
public final class Samples {

    public static final Instant AT = Instant.parse("2026-03-01T12:00:00.123Z");

    private Samples() {}

    public static EventMetadata eventMetadata(String aggregateId) {
        return EventMetadata.newBuilder()
                .setEventId("cmd-1:0")
                .setAggregateId(aggregateId)
                .setAggregateVersion(1)
                .setCausationId("cmd-1")
                .setCorrelationId("corr-1")
                .setOccurredAt(AT)
                .setActor("0xabc")
                .build();
    }

    public static CommandMetadata commandMetadata(String aggregateId) {
        return CommandMetadata.newBuilder()
                .setCommandId("cmd-1")
                .setAggregateId(aggregateId)
                .setCorrelationId("corr-1")
                .setIssuedAt(AT)
                .setActor("0xabc")
                .build();
    }

    public static ClaimSubmitted claimSubmitted() {
        return ClaimSubmitted.newBuilder()
                .setMetadata(eventMetadata("claim-1"))
                .setClaimId("claim-1")
                .setPolicyId("policy-1")
                .setProductId("product-1")
                .setPoolId("pool-1")
                .setClaimant("0xabc")
                .setAsset("USDC")
                .setIncidentAt(AT)
                .setClaimedAmount(new java.math.BigDecimal("1500000000"))
                .setCoverAmount(new java.math.BigDecimal("10000000000"))
                .setDescription("exploit of the lending market")
                .setEvidenceUri("ipfs://evidence")
                .setDepositAmount(new java.math.BigDecimal("50000000"))
                .setRequiredDeposit(new java.math.BigDecimal("50000000"))
                .build();
    }

    public static BuyCover buyCover() {
        return BuyCover.newBuilder()
                .setMetadata(commandMetadata("policy-1"))
                .setPolicyId("policy-1")
                .setQuoteId("quote-1")
                .setHolder("0xabc")
                .setStartAt(AT.plusSeconds(3600))
                .build();
    }
}
