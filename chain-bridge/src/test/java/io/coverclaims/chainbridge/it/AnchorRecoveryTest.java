package io.coverclaims.chainbridge.it;

import static io.coverclaims.chainbridge.it.ChainTestKit.account;
import static io.coverclaims.chainbridge.it.ChainTestKit.awaitTrue;
import static io.coverclaims.chainbridge.it.ChainTestKit.quietly;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.chainbridge.chain.AnchoringWorker;
import io.coverclaims.chainbridge.domain.settlement.BatchIds;
import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.ServiceConformance;
import io.coverclaims.schemas.chain.AnchorFailed;
import io.coverclaims.schemas.chain.AnchorReorged;
import io.coverclaims.schemas.chain.SettlementBatchAnchored;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exactly one anchor per batch through crashes, reorgs and an unreachable node. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(ChainTestResource.class)
class AnchorRecoveryTest extends ChainServiceTest {

    @Inject
    AnchoringWorker worker;

    @Inject
    TestAnchoringFaults faults;

    private String poolId;
    private String batchId;

    @BeforeEach
    void freshPool() {
        ServiceConformance.awaitReady();
        poolId = "pool-recovery-" + UUID.randomUUID();
        batchId = BatchIds.batchId(poolId, 0);
    }

    @AfterEach
    void chainBackToNormal() {
        kit.run("proxy.start");
        kit.run("clock.resume");
    }

    private List<String> settle(int claims) {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < claims; i++) {
            String claimId = "claim-" + UUID.randomUUID();
            kit.settle(poolId, claimId, account(5 + i % 3).getAddress(), 1_000_000L * (i + 1));
            ids.add(claimId);
        }
        kit.flush();
        return ids;
    }

    private SettlementBatchAnchored awaitAnchored(int attempt) {
        return kit.await(
                        "chain.events",
                        SettlementBatchAnchored.class,
                        e -> e.getBatchId().equals(batchId) && e.getAttempt() == attempt,
                        1)
                .get(0);
    }

    /** Waits until each claim's proof is served: its batch is sealed. */
    private static void awaitSealed(List<String> claims) {
        for (String claimId : claims) {
            awaitTrue(
                    "claim sealed",
                    () -> RestAssured.given()
                                    .get("/settlements/claims/{id}/proof", claimId)
                                    .statusCode()
                            == 200);
        }
    }

    /** Every anchor of the batch recorded on chain.events now. */
    private List<SettlementBatchAnchored> anchorsRecorded() {
        return kit.readAll(
                "chain.events",
                SettlementBatchAnchored.class,
                e -> e.getBatchId().equals(batchId));
    }

    @Test
    void a_crash_between_sending_and_confirming_does_not_anchor_twice() throws Exception {
        String bridge = account(1).getAddress();
        kit.run("clock.pause"); // no confirmations while the worker "restarts"
        BigInteger nonceBefore = kit.nonce(bridge);
        long sentBefore = worker.anchorsSent();
        faults.crashAfterNextSend();
        settle(2);

        awaitTrue(
                "the anchoring transaction sent and the worker crashed",
                () -> !faults.crashPending() && quietly(() -> kit.isAnchored(batchId)));
        // the restarted worker finds the batch on chain (isAnchored) and adopts that transaction
        kit.run("clock.resume");
        SettlementBatchAnchored anchored = awaitAnchored(1);

        assertThat(kit.nonce(bridge)).isEqualTo(nonceBefore.add(BigInteger.ONE)); // one transaction, no second send
        assertThat(worker.anchorsSent() - sentBefore).isEqualTo(1);
        assertThat(kit.anchorLogs(batchId)).isEqualTo(1);
        assertThat(anchorsRecorded()).hasSize(1);
        assertThat(anchored.getLeafCount()).isEqualTo(2);
    }

    @Test
    void a_reorg_dropping_the_anchor_block_before_confirmation_leads_to_a_reanchor() throws Exception {
        kit.run("clock.pause");
        settle(2);
        awaitTrue(
                "the anchor mined and its receipt seen",
                () -> quietly(() -> kit.isAnchored(batchId)) && faults.receiptSeen(batchId));

        kit.rpc("anvil_reorg", 1, List.of()); // the anchor's block is replaced by an empty one
        assertThat(kit.isAnchored(batchId)).isFalse();
        kit.run("clock.resume");

        AnchorReorged reorged = kit.await(
                        "chain.events", AnchorReorged.class, e -> e.getBatchId().equals(batchId), 1)
                .get(0);
        assertThat(reorged.getAttempt()).isEqualTo(1);
        SettlementBatchAnchored anchored = awaitAnchored(2);
        assertThat(anchored.getTxHash()).isNotEqualTo(reorged.getTxHash());
        assertThat(kit.isAnchored(batchId)).isTrue();
        assertThat(kit.anchorLogs(batchId)).isEqualTo(1);
        assertThat(anchorsRecorded()).hasSize(1);
    }

    @Test
    void a_reorg_after_confirmation_is_detected_and_the_batch_anchored_again() throws Exception {
        List<String> claims = settle(1);
        SettlementBatchAnchored first = awaitAnchored(1);
        kit.run("clock.pause");
        long depth = kit.head() - first.getBlockNumber() + 1;
        kit.rpc("anvil_reorg", depth, List.of()); // deeper than the confirmations: the anchor is gone
        assertThat(kit.isAnchored(batchId)).isFalse();
        kit.run("clock.resume");

        AnchorReorged reorged = kit.await(
                        "chain.events", AnchorReorged.class, e -> e.getBatchId().equals(batchId), 1)
                .get(0);
        assertThat(reorged.getOrphanedBlockHash()).isEqualTo(first.getBlockHash());
        SettlementBatchAnchored second = awaitAnchored(2);
        assertThat(second.getMerkleRoot()).isEqualTo(first.getMerkleRoot());
        assertThat(kit.isAnchored(batchId)).isTrue();
        RestAssured.given()
                .get("/settlements/claims/{id}/proof", claims.get(0))
                .then()
                .statusCode(200)
                .body("anchored", org.hamcrest.Matchers.equalTo(true))
                .body("attempt", org.hamcrest.Matchers.equalTo(2))
                .body("txHash", org.hamcrest.Matchers.equalTo(second.getTxHash()));
    }

    @Test
    void the_node_stopped_and_restarted_mid_batch_loses_nothing() throws Exception {
        kit.run("clock.pause");
        settle(2);
        awaitTrue(
                "the first batch's anchor mined and its receipt seen",
                () -> quietly(() -> kit.isAnchored(batchId)) && faults.receiptSeen(batchId));
        long sentBefore = worker.anchorsSent();

        kit.run("node.stop"); // anvil exits (SIGTERM), dumping its state to its --state file
        List<String> later = settle(3); // more settlements while the node is down: a second batch is sealed
        String secondBatch = BatchIds.batchId(poolId, 1);
        awaitSealed(later);
        long failures = worker.chainFailures();
        awaitTrue("retries against the stopped node", () -> worker.chainFailures() >= failures + 2);

        kit.run("node.start"); // the same chain again, loaded from the state file, on a new port
        kit.run("clock.resume");
        SettlementBatchAnchored first = awaitAnchored(1);
        SettlementBatchAnchored second = kit.await(
                        "chain.events",
                        SettlementBatchAnchored.class,
                        e -> e.getBatchId().equals(secondBatch),
                        1)
                .get(0);
        assertThat(first.getLeafCount()).isEqualTo(2);
        assertThat(second.getLeafCount()).isEqualTo(3);
        assertThat(kit.anchorLogs(batchId)).isEqualTo(1);
        assertThat(kit.anchorLogs(secondBatch)).isEqualTo(1);
        assertThat(worker.anchorsSent() - sentBefore).isEqualTo(1); // only the second batch was sent after the restart
        for (String claimId : later) {
            SettlementFlowTest.awaitAnchoredProof(claimId);
        }
    }

    @Test
    void a_reverted_anchor_is_recorded_and_sent_again() throws Exception {
        var admin = kit.pool(account(0));
        byte[] bridgeRole = admin.BRIDGE_ROLE().send();
        String bridge = account(1).getAddress();
        admin.revokeRole(bridgeRole, bridge).send(); // anchorBatch reverts: the bridge lost its role
        try {
            settle(1);
            AnchorFailed failed = kit.await(
                            "chain.events",
                            AnchorFailed.class,
                            e -> e.getBatchId().equals(batchId),
                            1)
                    .get(0);
            assertThat(failed.getAttempt()).isEqualTo(1);
        } finally {
            admin.grantRole(bridgeRole, bridge).send();
        }
        SettlementBatchAnchored anchored = awaitAnchored(2); // re-sent after resubmit-after
        assertThat(anchored.getTxHash())
                .isNotEqualTo(kit.readAll(
                                "chain.events",
                                AnchorFailed.class,
                                e -> e.getBatchId().equals(batchId))
                        .get(0)
                        .getTxHash());
        assertThat(kit.anchorLogs(batchId)).isEqualTo(1);
    }

    @Test
    void a_pool_paused_on_chain_by_a_guardian_holds_anchoring_without_a_reverted_transaction() throws Exception {
        var guardian = kit.pool(account(2));
        long sentBefore = worker.anchorsSent();
        BigInteger nonceBefore = kit.nonce(account(1).getAddress());
        guardian.setPaused(BigInteger.TWO, true).send(); // PAUSE_ANCHORING, set on chain outside governance
        List<String> claims;
        try {
            claims = settle(2);
            awaitSealed(claims);
            Thread.sleep(2_000); // ten block times: the worker would have sent by now
            assertThat(worker.anchorsSent()).isEqualTo(sentBefore);
            assertThat(kit.nonce(account(1).getAddress())).isEqualTo(nonceBefore);
            assertThat(kit.isAnchored(batchId)).isFalse();
        } finally {
            guardian.setPaused(BigInteger.TWO, false).send();
        }
        SettlementBatchAnchored anchored = awaitAnchored(1); // the first attempt: nothing reverted
        assertThat(anchored.getLeafCount()).isEqualTo(2);
        assertThat(kit.readAll(
                        "chain.events", AnchorFailed.class, e -> e.getBatchId().equals(batchId)))
                .isEmpty();
        assertThat(worker.anchorsSent() - sentBefore).isEqualTo(1);
        assertThat(kit.anchorLogs(batchId)).isEqualTo(1);
    }

    @Test
    void an_unreachable_node_mid_batch_is_retried_with_backoff_and_loses_nothing() throws Exception {
        long failuresBefore = worker.chainFailures();
        kit.run("proxy.stop");
        List<String> claims = settle(3);
        // sealing needs only Kafka: the batch is sealed (proofs served) while the node is away
        awaitSealed(claims);
        awaitTrue("retries against the unreachable node", () -> worker.chainFailures() >= failuresBefore + 3);
        RestAssured.given()
                .get("/settlements/claims/{id}/proof", claims.get(0))
                .then()
                .body("anchored", org.hamcrest.Matchers.equalTo(false));
        RestAssured.given().get("/chain/bridge").then().body("lastChainError", org.hamcrest.Matchers.notNullValue());

        kit.run("proxy.start");
        SettlementBatchAnchored anchored = awaitAnchored(1);
        assertThat(anchored.getLeafCount()).isEqualTo(3);
        for (String claimId : claims) {
            SettlementFlowTest.awaitAnchoredProof(claimId);
        }
        assertThat(kit.anchorLogs(batchId)).isEqualTo(1);
    }
}
