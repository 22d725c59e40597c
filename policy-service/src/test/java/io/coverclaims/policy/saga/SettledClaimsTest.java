package io.coverclaims.policy.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.schemas.claim.ClaimPayoutRequested;
import io.coverclaims.schemas.claim.ClaimSettled;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.policy.ReduceCover;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Policy's reaction to claim.events: a settled claim reduces the policy's cover by what it settled for. */
class SettledClaimsTest {

    static final String POLICY = "cov-00000000-0000-0000-0000-000000000001";
    static final String CLAIM = "clm-00000000-0000-0000-0000-000000000001-1";
    static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");

    static EventMetadata meta() {
        return EventMetadata.newBuilder()
                .setEventId("e-settled")
                .setAggregateId(POLICY)
                .setAggregateVersion(12)
                .setCausationId("cmd")
                .setCorrelationId("corr-claim")
                .setOccurredAt(AT)
                .setActor("claim-service")
                .build();
    }

    static ClaimSettled settled(BigInteger settledAmount) {
        return ClaimSettled.newBuilder()
                .setMetadata(meta())
                .setClaimId(CLAIM)
                .setPolicyId(POLICY)
                .setPoolId("pool-1")
                .setPayoutId("pay-" + CLAIM)
                .setRecipient("0x" + "ab".repeat(20))
                .setAsset("USDC")
                .setPayoutAmount(new BigDecimal(settledAmount.multiply(BigInteger.TWO)))
                .setSettledAmount(new BigDecimal(settledAmount))
                .setProRataPpm(500_000)
                .build();
    }

    @Test
    void a_settled_claim_reduces_its_policys_cover_by_the_settled_amount() {
        BigInteger wei = new BigInteger("250000000000000000000"); // past a long: exact
        assertThat(new SettledClaims().react(settled(wei)))
                .singleElement()
                .isInstanceOfSatisfying(ReduceCover.class, reduce -> {
                    assertThat(reduce.getMetadata().getAggregateId()).isEqualTo(POLICY);
                    assertThat(reduce.getPolicyId()).isEqualTo(POLICY);
                    assertThat(reduce.getClaimId()).isEqualTo(CLAIM);
                    // what the pool reserved and the claimant redeems, not the (larger) accepted payout
                    assertThat(reduce.getAmount().toBigIntegerExact()).isEqualTo(wei);
                    assertThat(reduce.getMetadata().getCausationId()).isEqualTo("e-settled");
                    assertThat(reduce.getMetadata().getCorrelationId()).isEqualTo("corr-claim");
                    assertThat(reduce.getMetadata().getIssuedAt()).isEqualTo(AT);
                });
    }

    @Test
    void a_redelivered_settlement_yields_the_same_command_id() {
        ClaimSettled event = settled(BigInteger.TEN);
        SettledClaims manager = new SettledClaims();
        assertThat(((ReduceCover) manager.react(event).getFirst()).getMetadata().getCommandId())
                .isEqualTo(((ReduceCover) manager.react(event).getFirst())
                        .getMetadata()
                        .getCommandId());
    }

    @Test
    void a_settlement_of_nothing_and_other_claim_events_reduce_nothing() {
        assertThat(new SettledClaims().react(settled(BigInteger.ZERO))).isEmpty();
        assertThat(new SettledClaims()
                        .react(ClaimPayoutRequested.newBuilder()
                                .setMetadata(meta())
                                .setClaimId(CLAIM)
                                .setPolicyId(POLICY)
                                .setPoolId("pool-1")
                                .setPayoutId("pay-" + CLAIM)
                                .setClaimant("0x" + "ab".repeat(20))
                                .setAsset("USDC")
                                .setPayoutAmount(BigDecimal.TEN)
                                .setRatioPpm(1_000_000)
                                .setAmount(BigDecimal.TEN)
                                .build()))
                .isEmpty();
    }
}
