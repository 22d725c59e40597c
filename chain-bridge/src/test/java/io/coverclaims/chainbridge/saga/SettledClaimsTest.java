package io.coverclaims.chainbridge.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.schemas.chain.EnqueueSettlement;
import io.coverclaims.schemas.chain.SettlementKind;
import io.coverclaims.schemas.claim.ClaimSettled;
import io.coverclaims.schemas.common.EventMetadata;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The process manager ClaimSettled → EnqueueSettlement, as it goes on chain.commands. */
class SettledClaimsTest {

    private static final String POOL = "pool-1";
    private static final String ALICE = "0x00000000000000000000000000000000000a11ce";

    @Test
    void a_settled_claim_becomes_one_enqueue_command_whose_id_derives_from_the_event() {
        ClaimSettled settled = ClaimSettled.newBuilder()
                .setMetadata(EventMetadata.newBuilder()
                        .setEventId("e-1")
                        .setAggregateId("claim-1")
                        .setAggregateVersion(5)
                        .setCausationId("x")
                        .setCorrelationId("corr")
                        .setOccurredAt(Instant.EPOCH)
                        .setActor("claim-service")
                        .build())
                .setClaimId("claim-1")
                .setPolicyId("p")
                .setPoolId(POOL)
                .setPayoutId("po")
                .setRecipient(ALICE)
                .setAsset("USDC")
                .setPayoutAmount(BigDecimal.valueOf(100))
                .setSettledAmount(BigDecimal.valueOf(80))
                .setProRataPpm(800_000)
                .build();
        SettledClaims manager = new SettledClaims();
        List<SpecificRecord> first = manager.react(settled);
        assertThat(first).hasSize(1);
        EnqueueSettlement command = (EnqueueSettlement) first.get(0);
        assertThat(command.getAmount()).isEqualTo(BigDecimal.valueOf(80));
        assertThat(command.getReferenceId()).isEqualTo("claim-1");
        assertThat(command.getMetadata().getAggregateId()).isEqualTo(POOL);
        assertThat(((EnqueueSettlement) manager.react(settled).get(0))
                        .getMetadata()
                        .getCommandId())
                .isEqualTo(command.getMetadata().getCommandId());
        // the whole wire record, as the hand-built one was
        assertThat(command)
                .isEqualTo(EnqueueSettlement.newBuilder()
                        .setMetadata(command.getMetadata())
                        .setPoolId(POOL)
                        .setKind(SettlementKind.CLAIM_PAYOUT)
                        .setReferenceId("claim-1")
                        .setRecipient(ALICE)
                        .setAmount(BigDecimal.valueOf(80))
                        .setAsset("USDC")
                        .build());
    }
}
