package io.coverclaims.chainbridge.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import io.coverclaims.chainbridge.merkle.MerkleTree;
import io.coverclaims.platform.testing.DeciderFixture;
import io.coverclaims.schemas.chain.AnchorReorged;
import io.coverclaims.schemas.chain.EnqueueSettlement;
import io.coverclaims.schemas.chain.RecordAnchorReceipt;
import io.coverclaims.schemas.chain.RecordAnchorReorg;
import io.coverclaims.schemas.chain.RecordRedemption;
import io.coverclaims.schemas.chain.SealSettlementBatch;
import io.coverclaims.schemas.chain.SettlementBatchAnchored;
import io.coverclaims.schemas.chain.SettlementBatchSealed;
import io.coverclaims.schemas.chain.SettlementEnqueued;
import io.coverclaims.schemas.chain.SettlementKind;
import io.coverclaims.schemas.chain.SettlementRedeemed;
import io.coverclaims.schemas.claim.ClaimSettled;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.EventMetadata;

/** The settlement queue's decisions, without Kafka. */
class SettlementQueueTest {

    private static final String POOL = "pool-1";
    private static final String ALICE = "0x00000000000000000000000000000000000a11ce";
    private static final String BOB = "0x0000000000000000000000000000000000000b0b";
    private final DeciderFixture<SettlementQueue.Addressed, SpecificRecord, SettlementQueue.State> fixture =
            DeciderFixture.of(SettlementQueue.DECIDER);

    private static CommandMetadata meta() {
        return CommandMetadata.newBuilder().setCommandId("c").setAggregateId(POOL).setExpectedVersion(null)
                .setCorrelationId("x").setCausationId(null).setIssuedAt(Instant.EPOCH).setActor("test").build();
    }

    private static SettlementQueue.Addressed cmd(SpecificRecord command) {
        return new SettlementQueue.Addressed(POOL, command);
    }

    private static EnqueueSettlement enqueue(String ref, String to, long amount) {
        return new EnqueueSettlement(meta(), POOL, SettlementKind.CLAIM_PAYOUT, ref, to, amount, "USDC");
    }

    private static SettlementEnqueued enqueued(String ref, String to, long amount, int length) {
        return new SettlementEnqueued(null, POOL, SettlementKind.CLAIM_PAYOUT, ref, to, amount, "USDC", length);
    }

    private SettlementBatchSealed sealedOfTwo() {
        return (SettlementBatchSealed) fixture.given(enqueued("a", ALICE, 10, 1), enqueued("b", BOB, 5, 2))
                .when(cmd(new SealSettlementBatch(meta(), POOL, BatchIds.batchId(POOL, 0), null)))
                .acceptedEvents().get(0);
    }

    @Test
    void a_settlement_is_queued_once_and_checked() {
        fixture.given().when(cmd(enqueue("a", ALICE, 10))).thenEvents(enqueued("a", ALICE, 10, 1));
        fixture.given(enqueued("a", ALICE, 10, 1)).when(cmd(enqueue("a", ALICE, 10))).thenNoEvents();
        fixture.given().when(cmd(enqueue("a", ALICE, 0))).thenRejected("INVALID_AMOUNT", "amount");
        fixture.given().when(cmd(enqueue("a", "not-an-address", 1))).thenRejected("INVALID_RECIPIENT", "recipient");
    }

    @Test
    void sealing_takes_the_queue_under_the_next_deterministic_batch_id_and_the_contracts_tree() {
        SettlementBatchSealed sealed = sealedOfTwo();
        assertThat(sealed.getBatchId()).isEqualTo(BatchIds.batchId(POOL, 0));
        assertThat(sealed.getLeafCount()).isEqualTo(2);
        assertThat(sealed.getTotalAmount()).isEqualTo(15);
        assertThat(sealed.getMerkleRoot()).isEqualTo(MerkleTree.ofClaims(List.of(
                new io.coverclaims.chainbridge.merkle.ClaimLeaf(BatchIds.bytes32(sealed.getBatchId()),
                        BatchIds.claimId32("a"), ALICE, java.math.BigInteger.TEN),
                new io.coverclaims.chainbridge.merkle.ClaimLeaf(BatchIds.bytes32(sealed.getBatchId()),
                        BatchIds.claimId32("b"), BOB, java.math.BigInteger.valueOf(5)))).rootHex());
        // a retried seal of the same batch adds nothing; a wrong id or an empty queue is refused
        fixture.given(enqueued("a", ALICE, 10, 1), sealed)
                .when(cmd(new SealSettlementBatch(meta(), POOL, sealed.getBatchId(), null))).thenNoEvents();
        fixture.given(enqueued("a", ALICE, 10, 1))
                .when(cmd(new SealSettlementBatch(meta(), POOL, BatchIds.batchId(POOL, 1), null)))
                .thenRejected("BATCH_ID_MISMATCH", "batchId");
        fixture.given().when(cmd(new SealSettlementBatch(meta(), POOL, BatchIds.batchId(POOL, 0), null)))
                .thenRejected("NOTHING_TO_SEAL");
        // maxLeaves bounds the batch; the rest waits for the next one
        SettlementBatchSealed first = (SettlementBatchSealed) fixture.given(enqueued("a", ALICE, 10, 1), enqueued("b", BOB, 5, 2))
                .when(cmd(new SealSettlementBatch(meta(), POOL, BatchIds.batchId(POOL, 0), 1))).acceptedEvents().get(0);
        assertThat(first.getLeafCount()).isEqualTo(1);
        fixture.given(enqueued("a", ALICE, 10, 1), enqueued("b", BOB, 5, 2), first)
                .when(cmd(new SealSettlementBatch(meta(), POOL, BatchIds.batchId(POOL, 1), null)))
                .thenEventsSatisfy(events -> assertThat(((SettlementBatchSealed) events.get(0)).getLeaves())
                        .extracting(l -> l.getReferenceId()).containsExactly("b"));
    }

    @Test
    void a_receipt_anchors_once_a_reorg_reopens_and_a_leaf_is_redeemed_once() {
        SettlementBatchSealed sealed = sealedOfTwo();
        String id = sealed.getBatchId();
        RecordAnchorReceipt receipt = new RecordAnchorReceipt(meta(), id, "0xt1", 7L, "0xb7", 74_000L, 1L, true, 2);
        SettlementBatchAnchored anchored = (SettlementBatchAnchored) fixture.given(sealed).when(cmd(receipt))
                .acceptedEvents().get(0);
        assertThat(anchored.getAttempt()).isEqualTo(1);
        assertThat(anchored.getMerkleRoot()).isEqualTo(sealed.getMerkleRoot());
        fixture.given(sealed, anchored).when(cmd(receipt)).thenNoEvents();

        RecordAnchorReorg reorg = new RecordAnchorReorg(meta(), id, "0xt1", 7L, "0xb7");
        AnchorReorged reorged = (AnchorReorged) fixture.given(sealed, anchored).when(cmd(reorg)).acceptedEvents().get(0);
        fixture.given(sealed, anchored).when(cmd(new RecordAnchorReorg(meta(), id, "0xt1", 7L, "0xother")))
                .thenNoEvents(); // not the block the anchor is in
        fixture.given(sealed, anchored, reorged)
                .when(cmd(new RecordAnchorReceipt(meta(), id, "0xt2", 9L, "0xb9", 74_000L, 1L, true, 2)))
                .thenEventsSatisfy(events -> assertThat(((SettlementBatchAnchored) events.get(0)).getAttempt()).isEqualTo(2));

        RecordRedemption redemption = new RecordRedemption(meta(), id, 1, BOB, 5L, "0xr", 0, 12L, "0xb12", 2);
        SettlementRedeemed redeemed = (SettlementRedeemed) fixture.given(sealed, anchored).when(cmd(redemption))
                .acceptedEvents().get(0);
        assertThat(redeemed.getReferenceId()).isEqualTo("b");
        assertThat(redeemed.getPoolId()).isEqualTo(POOL);
        fixture.given(sealed, anchored, redeemed).when(cmd(redemption)).thenNoEvents();
        fixture.given(sealed).when(cmd(new RecordRedemption(meta(), id, 5, BOB, 5L, "0xr", 0, 12L, "0xb12", 2)))
                .thenRejected("LEAF_NOT_FOUND", "leafIndex");
    }

    @Test
    void a_settled_claim_becomes_one_enqueue_command_whose_id_derives_from_the_event() {
        ClaimSettled settled = ClaimSettled.newBuilder()
                .setMetadata(EventMetadata.newBuilder().setEventId("e-1").setAggregateId("claim-1").setAggregateVersion(5)
                        .setCausationId("x").setCorrelationId("corr").setOccurredAt(Instant.EPOCH).setActor("claim-service")
                        .build())
                .setClaimId("claim-1").setPolicyId("p").setPoolId(POOL).setPayoutId("po").setRecipient(ALICE)
                .setAsset("USDC").setPayoutAmount(100).setSettledAmount(80).setProRataPpm(800_000).build();
        SettledClaims manager = new SettledClaims();
        List<SpecificRecord> first = manager.react(settled);
        assertThat(first).hasSize(1);
        EnqueueSettlement command = (EnqueueSettlement) first.get(0);
        assertThat(command.getAmount()).isEqualTo(80);
        assertThat(command.getReferenceId()).isEqualTo("claim-1");
        assertThat(command.getMetadata().getAggregateId()).isEqualTo(POOL);
        assertThat(((EnqueueSettlement) manager.react(settled).get(0)).getMetadata().getCommandId())
                .isEqualTo(command.getMetadata().getCommandId());
    }
}
