package io.coverclaims.chainbridge.view;

import io.coverclaims.chainbridge.ChainContext;
import io.coverclaims.chainbridge.domain.deposit.DepositEvent;
import io.coverclaims.chainbridge.domain.merkle.MerkleTree;
import io.coverclaims.chainbridge.domain.poolcontract.PoolContractEvent;
import io.coverclaims.chainbridge.domain.poolcontract.PoolContractEvent.PoolContractUpgradeFailed;
import io.coverclaims.chainbridge.domain.poolcontract.PoolContractEvent.PoolContractUpgraded;
import io.coverclaims.chainbridge.domain.poolcontract.PoolContractEvent.PoolPauseMirrored;
import io.coverclaims.chainbridge.domain.poolcontract.PoolPauseFlag;
import io.coverclaims.chainbridge.domain.settlement.BatchIds;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.AnchorFailed;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.AnchorReorged;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementBatchAnchored;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementBatchSealed;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementEnqueued;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementRedeemed;
import io.coverclaims.chainbridge.domain.settlement.SettlementLeaf;
import io.coverclaims.platform.view.ReadModel;
import io.coverclaims.platform.view.ViewEntry;
import io.coverclaims.platform.view.ViewEvent;
import io.coverclaims.platform.view.ViewTable;
import io.coverclaims.platform.view.ViewUpdate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the anchoring worker and the proof endpoint need, folded from chain.events by the kernel's {@link ReadModel}
 * into a persistent global store (every instance holds all of it, on disk; a restart reads only what is new, a wiped
 * state directory is rebuilt from the topic): the queued settlements of each pool, each sealed batch and its anchoring
 * status, indexes of the batches still to anchor or to watch for reorgs, where each settled claim sits, the last
 * block of an observed log, and what the governance executor reported about the pool contract. Records are read as
 * the chain context's domain events ({@link ChainContext}); other records on the topic are skipped.
 *
 * <p>Every key is written by the events of one aggregate (one partition of chain.events): a pool's settlement queue,
 * or the pool contract's (its pause flags as last reported mirrored, its upgrades' outcomes), except the last log
 * block, a maximum over deposits, claim bonds and redemptions: so a rebuild, which reads partition after partition,
 * comes out as the live view did.
 */
@ApplicationScoped
public class ChainEventsView {

    private static final HexFormat HEX = HexFormat.of();

    public enum Status {
        SEALED,
        ANCHORED
    }

    /** A sealed batch as the bridge knows it. */
    public record BatchView(
            SettlementBatchSealed sealed,
            Status status,
            int attempt,
            String txHash,
            long blockNumber,
            String blockHash,
            long gasUsed,
            int reorgs) {
        /** Just sealed: waiting for its first anchoring attempt. */
        static BatchView of(SettlementBatchSealed sealed) {
            return new BatchView(sealed, Status.SEALED, 1, null, 0, null, 0, 0);
        }

        /** Anchored by the transaction {@code anchored} names. */
        BatchView anchoredBy(SettlementBatchAnchored anchored) {
            return new BatchView(
                    sealed,
                    Status.ANCHORED,
                    anchored.attempt(),
                    anchored.txHash(),
                    anchored.blockNumber(),
                    anchored.blockHash(),
                    anchored.gasUsed(),
                    reorgs);
        }

        /** Sealed again, waiting for anchoring attempt {@code attempt}, after {@code reorgs} reorgs in all. */
        BatchView resealed(int attempt, int reorgs) {
            return new BatchView(sealed, Status.SEALED, attempt, null, 0, null, 0, reorgs);
        }

        public String batchId() {
            return sealed.batchId();
        }

        public boolean isAnchored() {
            return status == Status.ANCHORED;
        }
    }

    /** A claim's place in a batch. */
    public record LeafPosition(BatchView batch, SettlementLeaf leaf, List<String> proof) {}

    /** A pool's queue: how many settlements wait, and when the oldest was enqueued. */
    public record Pending(long count, Instant oldest) {}

    /** {@code <pool id>/<reference id>} → when the settlement was enqueued (its record's time), until sealed. */
    static final ViewTable<Instant> PENDING = ViewTable.of("pending", Instant.class);

    /** Pool id → batches sealed so far (the sequence of its next batch id). */
    static final ViewTable<Long> SEALED_COUNT = ViewTable.of("sealed-count", Long.class);

    /** Batch id → the batch. */
    static final ViewTable<BatchView> BATCHES = ViewTable.of("batch", BatchView.class);

    /** Batch id → pool id, while the batch waits to be anchored (sealed, or sealed again after a reorg). */
    static final ViewTable<String> TO_ANCHOR = ViewTable.of("to-anchor", String.class);

    /** {@code <anchoring block, 19 digits>/<batch id>} → batch id: anchored batches by block, to watch for reorgs. */
    static final ViewTable<String> ANCHORED_AT = ViewTable.of("anchored-at", String.class);

    /** Settled reference (claim) id → the batch it was sealed in. */
    static final ViewTable<String> BATCH_OF_REFERENCE = ViewTable.of("batch-of-reference", String.class);

    /** {@code <batch id>/<claim id bytes32, hex>} → the leaf's index: what the contract's redemption log names. */
    static final ViewTable<Integer> LEAF_OF_CLAIM = ViewTable.of("leaf-of-claim", Integer.class);

    /** {@value #LAST} → the highest block of an observed deposit, claim bond or redemption. */
    static final ViewTable<Long> LOG_BLOCK = ViewTable.of("log-block", Long.class);

    private static final String LAST = "last";

    /** A pause flag of a pool contract as last reported mirrored: which governance request, which state, which tx. */
    public record MirroredFlag(String requestId, boolean paused, String txHash, long blockNumber, int onChainFlags) {}

    /** {@code <contract>/<flag>} → the flag as last reported mirrored (PoolPauseMirrored). */
    static final ViewTable<MirroredFlag> MIRRORED = ViewTable.of("pause-mirrored", MirroredFlag.class);

    /** {@code <proxy>/<proposal id>} → UPGRADED or FAILED: a proposal's upgrade, reported once. */
    static final ViewTable<String> UPGRADE_OUTCOMES = ViewTable.of("upgrade-outcome", String.class);

    private final ReadModel model;

    public ChainEventsView() {
        this(readModel(ChainContext.NAME + ".events"));
    }

    /** A view of the read model {@code model} (a test's, on topics of its own). */
    public ChainEventsView(ReadModel model) {
        this.model = model;
    }

    /** The read model of {@code topic} (chain.events, or a test's stand-in). */
    public static ReadModel readModel(String topic) {
        return ReadModel.named("chain-view")
                .from(topic)
                .tables(
                        PENDING,
                        SEALED_COUNT,
                        BATCHES,
                        TO_ANCHOR,
                        ANCHORED_AT,
                        BATCH_OF_REFERENCE,
                        LEAF_OF_CLAIM,
                        LOG_BLOCK,
                        MIRRORED,
                        UPGRADE_OUTCOMES)
                .projector(ChainEventsView::project)
                .build();
    }

    @Produces
    @Singleton
    ReadModel chainViewModel() {
        return model;
    }

    public ReadModel model() {
        return model;
    }

    /** True once everything chain.events held when this instance started has been read. */
    public boolean caughtUp() {
        return model.ready();
    }

    // ---------------------------------------------------------------------------------------------- projection

    static void project(ViewEvent event, ViewUpdate view) {
        SpecificRecord wire = event.value();
        if (ChainContext.SETTLEMENT.handlesEvent(wire)) {
            apply(ChainContext.SETTLEMENT.readEvent(wire), Instant.ofEpochMilli(event.timestamp()), view);
        } else if (ChainContext.DEPOSIT.handlesEvent(wire)) {
            apply(ChainContext.DEPOSIT.readEvent(wire), view);
        } else if (ChainContext.POOL_CONTRACT.handlesEvent(wire)) {
            apply(ChainContext.POOL_CONTRACT.readEvent(wire), view);
        }
    }

    /** One pool contract's events: one aggregate, one partition. */
    private static void apply(PoolContractEvent event, ViewUpdate view) {
        switch (event) {
            case PoolPauseMirrored e ->
                view.put(
                        MIRRORED,
                        e.contract() + "/" + e.flag().name(),
                        new MirroredFlag(e.requestId(), e.paused(), e.txHash(), e.blockNumber(), e.onChainFlags()));
            case PoolContractUpgraded e -> view.put(UPGRADE_OUTCOMES, e.proxy() + "/" + e.proposalId(), "UPGRADED");
            case PoolContractUpgradeFailed e -> view.put(UPGRADE_OUTCOMES, e.proxy() + "/" + e.proposalId(), "FAILED");
        }
    }

    private static void apply(SettlementEvent event, Instant at, ViewUpdate view) {
        switch (event) {
            case SettlementEnqueued e -> {
                String key = e.poolId() + "/" + e.referenceId();
                if (view.get(PENDING, key).isEmpty()) {
                    view.put(PENDING, key, at);
                }
            }
            case SettlementBatchSealed e -> {
                for (SettlementLeaf leaf : e.leaves()) {
                    view.delete(PENDING, e.poolId() + "/" + leaf.referenceId());
                    view.put(BATCH_OF_REFERENCE, leaf.referenceId(), e.batchId());
                    view.put(LEAF_OF_CLAIM, leafKey(e.batchId(), BatchIds.claimId32(leaf.referenceId())), leaf.index());
                }
                view.put(
                        SEALED_COUNT,
                        e.poolId(),
                        view.get(SEALED_COUNT, e.poolId()).orElse(0L) + 1);
                change(view, null, BatchView.of(e));
            }
            case SettlementBatchAnchored e ->
                view.get(BATCHES, e.batchId()).ifPresent(b -> change(view, b, b.anchoredBy(e)));
            case AnchorReorged e ->
                view.get(BATCHES, e.batchId())
                        .ifPresent(b -> change(view, b, b.resealed(e.attempt() + 1, b.reorgs() + 1)));
            case AnchorFailed e ->
                view.get(BATCHES, e.batchId()).ifPresent(b -> change(view, b, b.resealed(e.attempt() + 1, b.reorgs())));
            case SettlementRedeemed e -> raiseLogBlock(view, e.blockNumber());
        }
    }

    /** A capital deposit or a claim bond: the watcher resumes at the highest block of an observed log. */
    private static void apply(DepositEvent event, ViewUpdate view) {
        raiseLogBlock(view, event.blockNumber());
    }

    /** Writes the batch's new state and keeps the to-anchor and anchored-at indexes in step with it. */
    private static void change(ViewUpdate view, BatchView before, BatchView after) {
        if (before != null && before.isAnchored()) {
            view.delete(ANCHORED_AT, anchoredKey(before));
        }
        if (after.isAnchored()) {
            view.delete(TO_ANCHOR, after.batchId());
            view.put(ANCHORED_AT, anchoredKey(after), after.batchId());
        } else {
            view.put(TO_ANCHOR, after.batchId(), after.sealed().poolId());
        }
        view.put(BATCHES, after.batchId(), after);
    }

    private static void raiseLogBlock(ViewUpdate view, long block) {
        if (view.get(LOG_BLOCK, LAST).orElse(-1L) < block) {
            view.put(LOG_BLOCK, LAST, block);
        }
    }

    private static String anchoredKey(BatchView batch) {
        return String.format("%019d/%s", batch.blockNumber(), batch.batchId());
    }

    private static String leafKey(String batchId, byte[] claimId32) {
        return batchId + "/" + HEX.formatHex(claimId32);
    }

    // ------------------------------------------------------------------------------------------------- reads

    /** Pools with queued settlements: their count and when the oldest was enqueued (one consistent scan). */
    public Map<String, Pending> pendingByPool() {
        Map<String, Pending> out = new TreeMap<>();
        for (ViewEntry<Instant> entry : model.all(PENDING)) {
            String pool = entry.key().substring(0, entry.key().indexOf('/'));
            Pending seen = out.get(pool);
            out.put(
                    pool,
                    seen == null
                            ? new Pending(1, entry.value())
                            : new Pending(
                                    seen.count() + 1,
                                    seen.oldest().isBefore(entry.value()) ? seen.oldest() : entry.value()));
        }
        return out;
    }

    public long sealedCount(String poolId) {
        return model.get(SEALED_COUNT, poolId).orElse(0L);
    }

    /**
     * The batches the anchoring worker still acts on: those waiting to be anchored, and those anchored in block
     * {@code fromBlock} or later (still to watch for reorgs), in batch id then block order. Older anchored batches are
     * final and never read again: the pass costs what is live, not the whole history.
     */
    public List<BatchView> batchesToWatch(long fromBlock) {
        List<BatchView> batches = new ArrayList<>();
        for (ViewEntry<String> entry : model.all(TO_ANCHOR)) {
            model.get(BATCHES, entry.key()).ifPresent(batches::add);
        }
        for (ViewEntry<String> entry :
                model.range(ANCHORED_AT, String.format("%019d/", Math.max(0, fromBlock)), null)) {
            model.get(BATCHES, entry.value()).ifPresent(batches::add);
        }
        return batches;
    }

    public Optional<BatchView> batch(String batchId) {
        return model.get(BATCHES, batchId);
    }

    /** The leaf index of an on-chain (batchId, claimId) pair. */
    public Optional<Integer> leafIndex(String batchId, byte[] claimId32) {
        return model.get(LEAF_OF_CLAIM, leafKey(batchId, claimId32));
    }

    /** A settled claim's batch, leaf and Merkle proof (the tree is built again from the batch's leaves). */
    public Optional<LeafPosition> position(String referenceId) {
        return model.get(BATCH_OF_REFERENCE, referenceId)
                .flatMap(batchId -> model.get(BATCHES, batchId))
                .map(batch -> {
                    SettlementLeaf leaf = batch.sealed().leaves().stream()
                            .filter(l -> l.referenceId().equals(referenceId))
                            .findFirst()
                            .orElseThrow();
                    MerkleTree tree =
                            BatchIds.tree(batch.batchId(), batch.sealed().leaves());
                    List<String> proof = tree.proof(BatchIds.leaf(batch.batchId(), leaf)).stream()
                            .map(node -> "0x" + HEX.formatHex(node))
                            .toList();
                    return new LeafPosition(batch, leaf, proof);
                });
    }

    /** Highest block of an observed deposit, claim bond or redemption, -1 if none: where the log watcher resumes. */
    public long lastLogBlock() {
        return model.get(LOG_BLOCK, LAST).orElse(-1L);
    }

    /** A pool contract's pause flag as last reported mirrored ({@code contract} in lower case). */
    public Optional<MirroredFlag> mirrored(String contract, PoolPauseFlag flag) {
        return model.get(MIRRORED, contract + "/" + flag.name());
    }

    /** Whether a proposal's upgrade of {@code proxy} (lower case) was reported: UPGRADED or FAILED. */
    public Optional<String> upgradeOutcome(String proxy, String proposalId) {
        return model.get(UPGRADE_OUTCOMES, proxy + "/" + proposalId);
    }
}
