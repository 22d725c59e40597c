package io.coverclaims.policy.it;

import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.policy.ActivatePolicy;
import io.coverclaims.schemas.policy.BuyCover;
import io.coverclaims.schemas.policy.RequestQuote;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/** The cover commands the integration tests send straight to policy.commands, as the edge would. */
final class PolicyCommands {

    private PolicyCommands() {}

    /** A quote for 1_000_000 of cover priced 2%..12% a year (at least 1%), valid 15 minutes, issued at {@code at}. */
    static RequestQuote requestQuote(
            String quoteId,
            String productId,
            String poolId,
            long utilisationPpm,
            String holder,
            Instant at,
            int periodDays) {
        return RequestQuote.newBuilder()
                .setMetadata(KafkaTestKit.command(quoteId, at, holder))
                .setQuoteId(quoteId)
                .setProductId(productId)
                .setHolder(holder)
                .setCoverAmount(BigDecimal.valueOf(1_000_000))
                .setPeriodDays(periodDays)
                .setPoolId(poolId)
                .setUtilisationPpm(utilisationPpm)
                .setAsset("USDC")
                .setFloorRateBps(200)
                .setCeilingRateBps(1200)
                .setMinAnnualRateBps(100)
                .setMinPeriodDays(1)
                .setMaxPeriodDays(365)
                .setValidityMs(Duration.ofMinutes(15).toMillis())
                .build();
    }

    /** The holder buying cover on quote {@code quoteId} (the policy takes the quote's id), at {@code at}. */
    static BuyCover buyCover(String quoteId, String holder, Instant at) {
        CommandMetadata metadata = KafkaTestKit.command(quoteId, at, holder);
        metadata.setCorrelationId(quoteId); // as the edge does: a purchase is correlated by its policy id
        return BuyCover.newBuilder()
                .setMetadata(metadata)
                .setPolicyId(quoteId)
                .setQuoteId(quoteId)
                .setHolder(holder)
                .build();
    }

    /** The pool's answer as the purchase saga sends it: cover reserved on {@code reservationId}, at {@code at}. */
    static ActivatePolicy activatePolicy(
            String policyId, String poolId, String reservationId, long reservedAmount, Instant at) {
        return activatePolicy(policyId, poolId, reservationId, BigDecimal.valueOf(reservedAmount), at);
    }

    /** The same with an amount of any size (e.g. wei of an 18-decimal asset). */
    static ActivatePolicy activatePolicy(
            String policyId, String poolId, String reservationId, BigDecimal reservedAmount, Instant at) {
        return ActivatePolicy.newBuilder()
                .setMetadata(KafkaTestKit.command(policyId, at, "pool-service"))
                .setPolicyId(policyId)
                .setPoolId(poolId)
                .setReservationId(reservationId)
                .setReservedAmount(reservedAmount)
                .build();
    }
}
