package io.coverclaims.chainbridge.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.chainbridge.ChainContext;
import io.coverclaims.chainbridge.domain.deposit.DepositEvent.OnChainDepositObserved;
import io.coverclaims.chainbridge.domain.merkle.MerkleTree;
import io.coverclaims.chainbridge.domain.settlement.BatchIds;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.AnchorReorged;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementBatchAnchored;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementBatchSealed;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementEnqueued;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementRedeemed;
import io.coverclaims.chainbridge.domain.settlement.SettlementKind;
import io.coverclaims.chainbridge.domain.settlement.SettlementLeaf;
import io.coverclaims.chainbridge.view.ChainEventsView.BatchView;
import io.coverclaims.chainbridge.view.ChainEventsView.Status;
import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.platform.view.ReadModelRuntime;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * chain-bridge's read model of chain.events as the kernel runs it, on a topic of its own: queues, batches and their
 * anchoring (with the indexes the anchoring worker reads), proofs, the log watcher's resume block; restarted it
 * applies only the records written while it was stopped, and from a wiped state directory it answers as before.
 */
class ChainEventsViewTest {

    static final BoundedContext CONTEXT = BoundedContext.of("chain-view-" + UUID.randomUUID());
    static final String POOL_A = "pool-a";
    static final String POOL_B = "pool-b";

    @TempDir
    static Path dirs;

    static KafkaTestKit kit;

    @BeforeAll
    static void start() {
        kit = new KafkaTestKit();
        kit.createTopics(CONTEXT, 3);
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    @Test
    void the_view_folds_queues_batches_anchoring_and_proofs_and_survives_a_restart_and_a_wipe() throws Exception {
        for (String reference : List.of("claim-a1", "claim-a2", "claim-a3")) {
            settlement(
                    POOL_A,
                    new SettlementEnqueued(
                            POOL_A, SettlementKind.CLAIM_PAYOUT, reference, recipient(1), Money.of(100), "USDC", 1));
        }
        String batch0 = BatchIds.batchId(POOL_A, 0);
        List<SettlementLeaf> leaves = List.of(
                new SettlementLeaf(0, SettlementKind.CLAIM_PAYOUT, "claim-a1", recipient(1), Money.of(100)),
                new SettlementLeaf(1, SettlementKind.CLAIM_PAYOUT, "claim-a2", recipient(2), Money.of(100)));
        MerkleTree tree = BatchIds.tree(batch0, leaves);
        settlement(
                POOL_A,
                new SettlementBatchSealed(
                        POOL_A, batch0, "USDC", tree.rootHex(), 2, Money.of(200), leaves, BatchIds.LEAF_ENCODING));
        settlement(POOL_A, anchored(batch0, 100, "0xb100", 1));
        settlement(POOL_A, new AnchorReorged(batch0, "0xt1", 100, "0xb100", 1));
        settlement(POOL_A, anchored(batch0, 120, "0xb120", 2));
        settlement(
                POOL_A,
                new SettlementRedeemed(
                        batch0,
                        POOL_A,
                        1,
                        SettlementKind.CLAIM_PAYOUT,
                        "claim-a2",
                        recipient(2),
                        Money.of(100),
                        "0xt9",
                        0,
                        125,
                        "0xb125"));
        deposit(130);

        Path state = dirs.resolve("views");
        Map<String, String> before;
        try (Running running = Running.start(state)) {
            ChainEventsView view = running.view();
            assertThat(view.caughtUp()).isTrue();
            assertThat(view.pendingByPool()).containsOnlyKeys(POOL_A);
            assertThat(view.pendingByPool().get(POOL_A).count()).isEqualTo(1);
            assertThat(view.sealedCount(POOL_A)).isEqualTo(1);
            assertThat(view.lastLogBlock()).isEqualTo(130);
            BatchView batch = view.batch(batch0).orElseThrow();
            assertThat(batch.status()).isEqualTo(Status.ANCHORED);
            assertThat(batch.blockNumber()).isEqualTo(120);
            assertThat(batch.reorgs()).isEqualTo(1);
            assertThat(batch.attempt()).isEqualTo(2);
            // the worker watches an anchored batch while it is within the reorg depth, never after
            assertThat(view.batchesToWatch(110)).extracting(BatchView::batchId).containsExactly(batch0);
            assertThat(view.batchesToWatch(121)).isEmpty();
            assertThat(view.leafIndex(batch0, BatchIds.claimId32("claim-a2"))).contains(1);
            ChainEventsView.LeafPosition position = view.position("claim-a2").orElseThrow();
            assertThat(MerkleTree.verify(
                            tree.root(),
                            BatchIds.leaf(batch0, leaves.get(1)).hash(),
                            position.proof().stream()
                                    .map(hex -> HexFormat.of().parseHex(hex.substring(2)))
                                    .toList()))
                    .isTrue();
            assertThat(view.position("claim-a3")).isEmpty();
            before = answers(view);
        }

        settlement(
                POOL_B,
                new SettlementEnqueued(
                        POOL_B, SettlementKind.CLAIM_PAYOUT, "claim-b1", recipient(3), Money.of(7), "USDC", 1));
        String batchB = BatchIds.batchId(POOL_B, 0);
        List<SettlementLeaf> leavesB =
                List.of(new SettlementLeaf(0, SettlementKind.CLAIM_PAYOUT, "claim-b1", recipient(3), Money.of(7)));
        settlement(
                POOL_B,
                new SettlementBatchSealed(
                        POOL_B,
                        batchB,
                        "USDC",
                        BatchIds.tree(batchB, leavesB).rootHex(),
                        1,
                        Money.of(7),
                        leavesB,
                        BatchIds.LEAF_ENCODING));

        Map<String, String> after;
        try (Running running = Running.start(state)) {
            ChainEventsView view = running.view();
            assertThat(view.model().projected()).isEqualTo(2);
            assertThat(view.model().rebuilds()).isZero();
            assertThat(view.batchesToWatch(Long.MAX_VALUE / 2))
                    .extracting(BatchView::batchId)
                    .containsExactly(batchB);
            assertThat(view.pendingByPool()).containsOnlyKeys(POOL_A);
            after = answers(view);
            assertThat(after).containsEntry("position claim-a2", before.get("position claim-a2"));
        }

        KafkaTestKit.deleteRecursively(state);
        try (Running running = Running.start(state)) {
            assertThat(running.view().model().rebuilds()).isEqualTo(1);
            assertThat(running.view().model().projected()).isEqualTo(11);
            assertThat(answers(running.view())).isEqualTo(after);
        }
    }

    record Running(ReadModelRuntime runtime, ChainEventsView view) implements AutoCloseable {
        static Running start(Path state) {
            ChainEventsView view = new ChainEventsView(ChainEventsView.readModel(CONTEXT.eventsTopic()));
            Properties config = new Properties();
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, "chain-view-test-read-models");
            config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrap());
            config.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
            ReadModelRuntime runtime = ReadModelRuntime.create(List.of(view.model()), config);
            runtime.start();
            KafkaTestKit.awaitTrue("the read model caught up", KafkaTestKit.PATIENCE, runtime::ready);
            return new Running(runtime, view);
        }

        @Override
        public void close() {
            runtime.close();
        }
    }

    /** What the worker, the log watcher and the proof endpoint read, printed. */
    static Map<String, String> answers(ChainEventsView view) {
        Map<String, String> answers = new TreeMap<>();
        answers.put("pending", view.pendingByPool().toString());
        answers.put("sealed a", Long.toString(view.sealedCount(POOL_A)));
        answers.put("sealed b", Long.toString(view.sealedCount(POOL_B)));
        answers.put("to watch", view.batchesToWatch(0).toString());
        answers.put("last log block", Long.toString(view.lastLogBlock()));
        for (String reference : List.of("claim-a1", "claim-a2", "claim-a3", "claim-b1")) {
            answers.put("position " + reference, view.position(reference).toString());
        }
        return answers;
    }

    static SettlementBatchAnchored anchored(String batchId, long block, String blockHash, int attempt) {
        return new SettlementBatchAnchored(
                batchId,
                POOL_A,
                "0xroot",
                2,
                Money.of(200),
                "0xt" + attempt,
                block,
                blockHash,
                50_000,
                1,
                2,
                2,
                attempt);
    }

    static void settlement(String poolId, SettlementEvent event) {
        kit.send(
                CONTEXT.eventsTopic(),
                ChainContext.SETTLEMENT.writeEvent(event, KafkaTestKit.event(poolId, 1, "test")));
    }

    static void deposit(long block) {
        String id = "0xdeposit:" + block;
        kit.send(
                CONTEXT.eventsTopic(),
                ChainContext.DEPOSIT.writeEvent(
                        new OnChainDepositObserved(
                                31337,
                                "0xdeposit",
                                1,
                                block,
                                "0xb" + block,
                                "0xcontract",
                                POOL_A,
                                recipient(4),
                                Money.of(1_000),
                                "USDC",
                                2,
                                2),
                        KafkaTestKit.event(id, 1, "test")));
    }

    static String recipient(int i) {
        return "0x" + Integer.toString(i).repeat(40);
    }
}
