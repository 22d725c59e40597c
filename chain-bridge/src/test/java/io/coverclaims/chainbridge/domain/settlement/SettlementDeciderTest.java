package io.coverclaims.chainbridge.domain.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.chainbridge.domain.merkle.ClaimLeaf;
import io.coverclaims.chainbridge.domain.merkle.MerkleTree;
import io.coverclaims.chainbridge.domain.settlement.SettlementCommand.EnqueueSettlement;
import io.coverclaims.chainbridge.domain.settlement.SettlementCommand.RecordAnchorReceipt;
import io.coverclaims.chainbridge.domain.settlement.SettlementCommand.RecordAnchorReorg;
import io.coverclaims.chainbridge.domain.settlement.SettlementCommand.RecordRedemption;
import io.coverclaims.chainbridge.domain.settlement.SettlementCommand.SealSettlementBatch;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.AnchorReorged;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementBatchAnchored;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementBatchSealed;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementEnqueued;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementRedeemed;
import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.testing.DeciderFixture;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The settlement queue's decisions, without Kafka. */
class SettlementDeciderTest {

    private static final String POOL = "pool-1";
    private static final String ALICE = "0x00000000000000000000000000000000000a11ce";
    private static final String BOB = "0x0000000000000000000000000000000000000b0b";
    private static final int DEFAULT = SettlementDecider.DEFAULT_MAX_LEAVES;
    private final DeciderFixture<SettlementCommand, SettlementEvent, SettlementState> fixture =
            DeciderFixture.of(SettlementDecider.DECIDER);

    private static EnqueueSettlement enqueue(String ref, String to, long amount) {
        return enqueue(ref, to, Money.of(amount));
    }

    private static EnqueueSettlement enqueue(String ref, String to, Money amount) {
        return new EnqueueSettlement(POOL, POOL, SettlementKind.CLAIM_PAYOUT, ref, to, amount, "USDC");
    }

    private static SettlementEnqueued enqueued(String ref, String to, long amount, int length) {
        return enqueued(ref, to, Money.of(amount), length);
    }

    private static SettlementEnqueued enqueued(String ref, String to, Money amount, int length) {
        return new SettlementEnqueued(POOL, SettlementKind.CLAIM_PAYOUT, ref, to, amount, "USDC", length);
    }

    private static SealSettlementBatch seal(long sequence, int maxLeaves) {
        return new SealSettlementBatch(POOL, POOL, BatchIds.batchId(POOL, sequence), maxLeaves);
    }

    private SettlementBatchSealed sealedOfTwo() {
        return sealedFirst(DEFAULT, enqueued("a", ALICE, 10, 1), enqueued("b", BOB, 5, 2));
    }

    /** The first batch (sequence 0) sealed from the queue {@code history}, at most {@code maxLeaves} leaves. */
    private SettlementBatchSealed sealedFirst(int maxLeaves, SettlementEvent... history) {
        return (SettlementBatchSealed)
                fixture.given(history).when(seal(0, maxLeaves)).acceptedEvents().get(0);
    }

    /** The contract's Merkle root of {@code sealed} holding claim "a" of {@code toAlice} and "b" of {@code toBob}. */
    private static String rootOfAAndB(SettlementBatchSealed sealed, BigInteger toAlice, BigInteger toBob) {
        return MerkleTree.ofClaims(List.of(
                        new ClaimLeaf(BatchIds.bytes32(sealed.batchId()), BatchIds.claimId32("a"), ALICE, toAlice),
                        new ClaimLeaf(BatchIds.bytes32(sealed.batchId()), BatchIds.claimId32("b"), BOB, toBob)))
                .rootHex();
    }

    @Test
    void a_settlement_is_queued_once_and_checked() {
        fixture.given().when(enqueue("a", ALICE, 10)).thenEvents(enqueued("a", ALICE, 10, 1));
        fixture.given(enqueued("a", ALICE, 10, 1)).when(enqueue("a", ALICE, 10)).thenNoEvents();
        fixture.given().when(enqueue("a", ALICE, 0)).thenRejected("INVALID_AMOUNT", "amount");
        fixture.given().when(enqueue("a", "not-an-address", 1)).thenRejected("INVALID_RECIPIENT", "recipient");
    }

    @Test
    void sealing_takes_the_queue_under_the_next_deterministic_batch_id_and_the_contracts_tree() {
        SettlementBatchSealed sealed = sealedOfTwo();
        assertThat(sealed.batchId()).isEqualTo(BatchIds.batchId(POOL, 0));
        assertThat(sealed.leafCount()).isEqualTo(2);
        assertThat(sealed.totalAmount()).isEqualTo(Money.of(15));
        assertThat(sealed.merkleRoot()).isEqualTo(rootOfAAndB(sealed, BigInteger.TEN, BigInteger.valueOf(5)));
        // a retried seal of the same batch adds nothing; a wrong id or an empty queue is refused
        fixture.given(enqueued("a", ALICE, 10, 1), sealed)
                .when(seal(0, DEFAULT))
                .thenNoEvents();
        fixture.given(enqueued("a", ALICE, 10, 1)).when(seal(1, DEFAULT)).thenRejected("BATCH_ID_MISMATCH", "batchId");
        fixture.given().when(seal(0, DEFAULT)).thenRejected("NOTHING_TO_SEAL");
        // maxLeaves bounds the batch; the rest waits for the next one
        SettlementBatchSealed first = sealedFirst(1, enqueued("a", ALICE, 10, 1), enqueued("b", BOB, 5, 2));
        assertThat(first.leafCount()).isEqualTo(1);
        fixture.given(enqueued("a", ALICE, 10, 1), enqueued("b", BOB, 5, 2), first)
                .when(seal(1, DEFAULT))
                .thenEventsSatisfy(events -> assertThat(((SettlementBatchSealed) events.get(0)).leaves())
                        .extracting(SettlementLeaf::referenceId)
                        .containsExactly("b"));
    }

    @Test
    void a_receipt_anchors_once_a_reorg_reopens_and_a_leaf_is_redeemed_once() {
        SettlementBatchSealed sealed = sealedOfTwo();
        String id = sealed.batchId();
        RecordAnchorReceipt receipt = new RecordAnchorReceipt(POOL, id, "0xt1", 7L, "0xb7", 74_000L, 1L, true, 2);
        SettlementBatchAnchored anchored = (SettlementBatchAnchored)
                fixture.given(sealed).when(receipt).acceptedEvents().get(0);
        assertThat(anchored.attempt()).isEqualTo(1);
        assertThat(anchored.merkleRoot()).isEqualTo(sealed.merkleRoot());
        fixture.given(sealed, anchored).when(receipt).thenNoEvents();

        RecordAnchorReorg reorg = new RecordAnchorReorg(POOL, id, "0xt1", 7L, "0xb7");
        AnchorReorged reorged = (AnchorReorged)
                fixture.given(sealed, anchored).when(reorg).acceptedEvents().get(0);
        fixture.given(sealed, anchored)
                .when(new RecordAnchorReorg(POOL, id, "0xt1", 7L, "0xother"))
                .thenNoEvents(); // not the block the anchor is in
        fixture.given(sealed, anchored, reorged)
                .when(new RecordAnchorReceipt(POOL, id, "0xt2", 9L, "0xb9", 74_000L, 1L, true, 2))
                .thenEventsSatisfy(events -> assertThat(((SettlementBatchAnchored) events.get(0)).attempt())
                        .isEqualTo(2));

        RecordRedemption redemption = new RecordRedemption(POOL, id, 1, BOB, Money.of(5), "0xr", 0, 12L, "0xb12", 2);
        SettlementRedeemed redeemed = (SettlementRedeemed) fixture.given(sealed, anchored)
                .when(redemption)
                .acceptedEvents()
                .get(0);
        assertThat(redeemed.referenceId()).isEqualTo("b");
        assertThat(redeemed.poolId()).isEqualTo(POOL);
        fixture.given(sealed, anchored, redeemed).when(redemption).thenNoEvents();
        fixture.given(sealed)
                .when(new RecordRedemption(POOL, id, 5, BOB, Money.of(5), "0xr", 0, 12L, "0xb12", 2))
                .thenRejected("LEAF_NOT_FOUND", "leafIndex");
    }

    @Test
    void a_claims_payout_and_its_deposit_refund_are_two_leaves_with_distinct_on_chain_claim_ids() {
        String claim = "clm-7d8e2a04-1c1f-4d43-9a51-0f0e4bb7b0aa-1";
        String refund = claim + "/deposit";
        SettlementEnqueued payout = enqueued(claim, ALICE, 80, 1);
        SettlementEnqueued deposit =
                new SettlementEnqueued(POOL, SettlementKind.CLAIM_REFUND, refund, ALICE, Money.of(50), "USDC", 2);
        fixture.given(payout)
                .when(new EnqueueSettlement(
                        POOL, POOL, SettlementKind.CLAIM_REFUND, refund, ALICE, Money.of(50), "USDC"))
                .thenEvents(deposit);
        SettlementBatchSealed sealed = sealedFirst(DEFAULT, payout, deposit);
        assertThat(sealed.leaves())
                .extracting(SettlementLeaf::kind, SettlementLeaf::referenceId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(SettlementKind.CLAIM_PAYOUT, claim),
                        org.assertj.core.groups.Tuple.tuple(SettlementKind.CLAIM_REFUND, refund));
        // the leaf's bytes32 claim id is keccak256(utf8(referenceId)): distinct, and neither is taken as raw hex
        assertThat(BatchIds.claimId32(refund)).isNotEqualTo(BatchIds.claimId32(claim));
        assertThat(BatchIds.claimId32(claim))
                .isEqualTo(org.web3j.crypto.Hash.sha3(claim.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(BatchIds.leaves(sealed.batchId(), sealed.leaves()))
                .extracting(ClaimLeaf::hash)
                .doesNotHaveDuplicates();
        // each is redeemed on its own, with its own kind and reference id
        SettlementBatchAnchored anchored = (SettlementBatchAnchored) fixture.given(sealed)
                .when(new RecordAnchorReceipt(POOL, sealed.batchId(), "0xt", 7L, "0xb7", 74_000L, 1L, true, 2))
                .acceptedEvents()
                .get(0);
        SettlementRedeemed redeemed = (SettlementRedeemed) fixture.given(sealed, anchored)
                .when(new RecordRedemption(POOL, sealed.batchId(), 1, ALICE, Money.of(50), "0xr", 0, 12L, "0xb12", 2))
                .acceptedEvents()
                .get(0);
        assertThat(redeemed.kind()).isEqualTo(SettlementKind.CLAIM_REFUND);
        assertThat(redeemed.referenceId()).isEqualTo(refund);
    }

    @Test
    void a_reverted_receipt_fails_the_attempt_and_the_next_receipt_anchors_as_the_next_attempt() {
        SettlementBatchSealed sealed = sealedOfTwo();
        String id = sealed.batchId();
        fixture.given(sealed)
                .when(new RecordAnchorReceipt(POOL, id, "0xt1", 7L, "0xb7", 21_000L, 1L, false, 0))
                .thenEvents(new SettlementEvent.AnchorFailed(id, "0xt1", "transaction reverted", 1));
        fixture.given(sealed, new SettlementEvent.AnchorFailed(id, "0xt1", "transaction reverted", 1))
                .when(new RecordAnchorReceipt(POOL, id, "0xt2", 9L, "0xb9", 74_000L, 1L, true, 2))
                .thenEventsSatisfy(events -> assertThat(((SettlementBatchAnchored) events.get(0)).attempt())
                        .isEqualTo(2));
    }

    @Test
    void commands_about_an_unknown_batch_or_naming_another_pool_are_rejected() {
        String unknown = BatchIds.batchId(POOL, 7);
        fixture.given()
                .when(new RecordAnchorReceipt(POOL, unknown, "0xt", 1L, "0xb", 1L, 1L, true, 2))
                .thenRejected("BATCH_NOT_FOUND", "batchId");
        fixture.given()
                .when(new RecordAnchorReorg(POOL, unknown, "0xt", 1L, "0xb"))
                .thenRejected("BATCH_NOT_FOUND", "batchId");
        fixture.given()
                .when(new RecordRedemption(POOL, unknown, 0, BOB, Money.of(5), "0xr", 0, 12L, "0xb12", 2))
                .thenRejected("BATCH_NOT_FOUND", "batchId");
        fixture.given()
                .when(new EnqueueSettlement(
                        POOL, "pool-2", SettlementKind.CLAIM_PAYOUT, "a", ALICE, Money.of(1), "USDC"))
                .thenRejected("POOL_MISMATCH", "poolId");
    }

    @Test
    void an_amount_beyond_a_long_is_queued_sealed_and_hashed_to_the_last_unit() {
        Money wei = Money.parse("250000000000000000000"); // 250 tokens of 18 decimals
        Money more = Money.parse("1500000000000000000000");
        fixture.given().when(enqueue("a", ALICE, wei)).thenEvents(enqueued("a", ALICE, wei, 1));
        SettlementBatchSealed sealed = sealedFirst(DEFAULT, enqueued("a", ALICE, wei, 1), enqueued("b", BOB, more, 2));
        assertThat(sealed.totalAmount()).isEqualTo(Money.parse("1750000000000000000000"));
        assertThat(sealed.leaves()).extracting(SettlementLeaf::amount).containsExactly(wei, more);
        assertThat(sealed.merkleRoot())
                .isEqualTo(rootOfAAndB(
                        sealed, new BigInteger("250000000000000000000"), new BigInteger("1500000000000000000000")));
    }

    @Test
    void a_settlement_larger_than_a_batch_can_anchor_is_rejected() {
        Money most = SettlementDecider.MAX_BATCH_TOTAL;
        assertThat(most.value()).isEqualTo(BigInteger.TWO.pow(128).subtract(BigInteger.ONE));
        fixture.given().when(enqueue("a", ALICE, most)).thenEvents(enqueued("a", ALICE, most, 1));
        fixture.given().when(enqueue("a", ALICE, most.plus(Money.of(1)))).thenRejected("AMOUNT_OUT_OF_RANGE", "amount");
        fixture.given().when(enqueue("a", ALICE, Money.MAX)).thenRejected("AMOUNT_OUT_OF_RANGE", "amount");
    }

    @Test
    void a_batch_closes_before_the_leaf_that_would_take_its_total_past_what_the_contract_anchors() {
        Money most = SettlementDecider.MAX_BATCH_TOTAL;
        SettlementEnqueued a = enqueued("a", ALICE, most.minus(Money.of(10)), 1);
        SettlementEnqueued b = enqueued("b", BOB, Money.of(11), 2);
        SettlementEnqueued c = enqueued("c", BOB, Money.of(10), 3);
        SettlementBatchSealed first = sealedFirst(DEFAULT, a, b, c);
        assertThat(first.leaves()).extracting(SettlementLeaf::referenceId).containsExactly("a");
        assertThat(first.totalAmount()).isEqualTo(most.minus(Money.of(10)));
        fixture.given(a, b, c, first).when(seal(1, DEFAULT)).thenEventsSatisfy(events -> {
            SettlementBatchSealed second = (SettlementBatchSealed) events.get(0);
            assertThat(second.leaves()).extracting(SettlementLeaf::referenceId).containsExactly("b", "c");
            assertThat(second.totalAmount()).isEqualTo(Money.of(21));
        });
    }
}
