package io.coverclaims.chainbridge.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.schemas.chain.EnqueueSettlement;
import io.coverclaims.schemas.chain.SettlementKind;
import io.coverclaims.schemas.claim.ClaimClosed;
import io.coverclaims.schemas.claim.ClaimClosure;
import io.coverclaims.schemas.claim.ClaimRefundDue;
import io.coverclaims.schemas.claim.ClaimSettled;
import io.coverclaims.schemas.claim.RefundKind;
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

    private static EventMetadata eventMetadata(String eventId) {
        return EventMetadata.newBuilder()
                .setEventId(eventId)
                .setAggregateId("cov-1")
                .setAggregateVersion(9)
                .setCausationId("x")
                .setCorrelationId("corr")
                .setOccurredAt(Instant.EPOCH)
                .setActor("claim-service")
                .build();
    }

    private static ClaimRefundDue refundDue(String eventId, RefundKind kind, String refundId, long amount) {
        return ClaimRefundDue.newBuilder()
                .setMetadata(eventMetadata(eventId))
                .setClaimId("clm-1-1")
                .setPolicyId("cov-1")
                .setPoolId(POOL)
                .setRefundId(refundId)
                .setKind(kind)
                .setRecipient(ALICE)
                .setAsset("USDC")
                .setAmount(BigDecimal.valueOf(amount))
                .build();
    }

    @Test
    void a_refund_due_becomes_a_claim_refund_settlement_named_by_its_refund_id() {
        ClaimRefundDue refund = refundDue("e-2", RefundKind.CLAIM_DEPOSIT, "clm-1-1/deposit", 50_000_000);
        SettledClaims manager = new SettledClaims();
        EnqueueSettlement command = (EnqueueSettlement) manager.react(refund).getFirst();
        assertThat(command)
                .isEqualTo(EnqueueSettlement.newBuilder()
                        .setMetadata(command.getMetadata())
                        .setPoolId(POOL)
                        .setKind(SettlementKind.CLAIM_REFUND)
                        .setReferenceId("clm-1-1/deposit")
                        .setRecipient(ALICE)
                        .setAmount(BigDecimal.valueOf(50_000_000))
                        .setAsset("USDC")
                        .build());
        assertThat(command.getMetadata().getAggregateId()).isEqualTo(POOL);
        assertThat(command.getMetadata().getCausationId()).isEqualTo("e-2");
        assertThat(command.getMetadata().getCorrelationId()).isEqualTo("corr");
        // re-delivered: the same command id, so it is queued once
        assertThat(((EnqueueSettlement) manager.react(refund).getFirst())
                        .getMetadata()
                        .getCommandId())
                .isEqualTo(command.getMetadata().getCommandId());
    }

    @Test
    void an_appeal_bond_refund_is_queued_under_its_own_refund_id() {
        EnqueueSettlement command = (EnqueueSettlement) new SettledClaims()
                .react(refundDue("e-3", RefundKind.APPEAL_BOND, "clm-1-1/apl-clm-1-1/bond", 10_000_000))
                .getFirst();
        assertThat(command.getKind()).isEqualTo(SettlementKind.CLAIM_REFUND);
        assertThat(command.getReferenceId()).isEqualTo("clm-1-1/apl-clm-1-1/bond");
    }

    @Test
    void a_refund_of_nothing_and_other_claim_events_enqueue_nothing() {
        SettledClaims manager = new SettledClaims();
        assertThat(manager.react(refundDue("e-4", RefundKind.CLAIM_DEPOSIT, "clm-1-1/deposit", 0)))
                .isEmpty();
        assertThat(manager.react(ClaimClosed.newBuilder()
                        .setMetadata(eventMetadata("e-5"))
                        .setClaimId("clm-1-1")
                        .setPolicyId("cov-1")
                        .setClosure(ClaimClosure.APPEAL_WINDOW_PASSED)
                        .build()))
                .isEmpty();
    }
}
