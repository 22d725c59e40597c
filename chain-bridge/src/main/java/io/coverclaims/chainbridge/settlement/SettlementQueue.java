package io.coverclaims.chainbridge.settlement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.avro.specific.SpecificRecord;
import org.web3j.crypto.WalletUtils;

import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.streams.AggregateType;
import io.coverclaims.platform.streams.WireMetadata;
import io.coverclaims.schemas.chain.AnchorFailed;
import io.coverclaims.schemas.chain.AnchorReorged;
import io.coverclaims.schemas.chain.EnqueueSettlement;
import io.coverclaims.schemas.chain.RecordAnchorReceipt;
import io.coverclaims.schemas.chain.RecordAnchorReorg;
import io.coverclaims.schemas.chain.RecordRedemption;
import io.coverclaims.schemas.chain.SealSettlementBatch;
import io.coverclaims.schemas.chain.SettlementBatchAnchored;
import io.coverclaims.schemas.chain.SettlementBatchSealed;
import io.coverclaims.schemas.chain.SettlementEnqueued;
import io.coverclaims.schemas.chain.SettlementLeaf;
import io.coverclaims.schemas.chain.SettlementRedeemed;

/**
 * A pool's settlement queue and its batches, one aggregate per pool id.
 *
 * <p>Every command about a pool's settlements (enqueue, seal, the anchoring receipt, a reorg, a redemption) is
 * keyed by the pool id, so one aggregate holds the queue, the sequence that makes batch ids deterministic and each
 * batch's anchoring status: the whole lifecycle is decided in one place, exactly once, and rebuilt from
 * chain.events. (The batch id travels in the commands' {@code batchId} field.)
 *
 * <p>Commands and events are the Avro wire records themselves (events are built with a null metadata that the
 * kernel stamps): the chain schemas are already the domain language here and a second set of records would only
 * copy them.
 */
public final class SettlementQueue {

    public static final String TYPE_NAME = "settlement-queue";
    /** Batch size when SealSettlementBatch carries no maxLeaves. */
    public static final int DEFAULT_MAX_LEAVES = 1024;

    /** A command with the aggregate (pool) id it is addressed to. */
    public record Addressed(String poolId, SpecificRecord command) {
    }

    public enum Status { SEALED, ANCHORED }

    public record Pending(SettlementEnqueued enqueued) {
    }

    public record Batch(SettlementBatchSealed sealed, Status status, int attempt, String txHash, long blockNumber,
                        String blockHash, Set<Integer> redeemed) {
        Batch with(Status status, int attempt, String txHash, long blockNumber, String blockHash) {
            return new Batch(sealed, status, attempt, txHash, blockNumber, blockHash, redeemed);
        }
    }

    /**
     * @param references every reference id ever enqueued (a settlement is queued once)
     * @param sealedCount batches sealed so far: the sequence of the next batch id
     */
    public record State(List<SettlementEnqueued> queue, Set<String> references, long sealedCount,
                        Map<String, Batch> batches) {
    }

    public static final Decider<Addressed, SpecificRecord, State> DECIDER = new Decider<>() {
        @Override
        public State initialState() {
            return new State(List.of(), Set.of(), 0, Map.of());
        }

        @Override
        public Decision<SpecificRecord> decide(Addressed addressed, State state) {
            String poolId = addressed.poolId();
            return switch (addressed.command()) {
                case EnqueueSettlement c -> enqueue(poolId, c, state);
                case SealSettlementBatch c -> seal(poolId, c, state);
                case RecordAnchorReceipt c -> receipt(poolId, c, state);
                case RecordAnchorReorg c -> reorg(c, state);
                case RecordRedemption c -> redemption(poolId, c, state);
                default -> throw new IllegalArgumentException("not a settlement command: "
                        + addressed.command().getSchema().getFullName());
            };
        }

        @Override
        public State evolve(State state, SpecificRecord event) {
            return switch (event) {
                case SettlementEnqueued e -> {
                    List<SettlementEnqueued> queue = new ArrayList<>(state.queue());
                    queue.add(e);
                    Set<String> references = new HashSet<>(state.references());
                    references.add(e.getReferenceId());
                    yield new State(List.copyOf(queue), Set.copyOf(references), state.sealedCount(), state.batches());
                }
                case SettlementBatchSealed e -> {
                    Set<String> sealedReferences = new HashSet<>();
                    e.getLeaves().forEach(leaf -> sealedReferences.add(leaf.getReferenceId()));
                    List<SettlementEnqueued> queue = state.queue().stream()
                            .filter(q -> !sealedReferences.contains(q.getReferenceId())).toList();
                    Map<String, Batch> batches = new HashMap<>(state.batches());
                    batches.put(e.getBatchId(), new Batch(e, Status.SEALED, 1, null, 0, null, Set.of()));
                    yield new State(queue, state.references(), state.sealedCount() + 1, Map.copyOf(batches));
                }
                case SettlementBatchAnchored e -> withBatch(state, e.getBatchId(), batch -> batch.with(
                        Status.ANCHORED, batch.attempt(), e.getTxHash(), e.getBlockNumber(), e.getBlockHash()));
                case AnchorReorged e -> withBatch(state, e.getBatchId(), batch -> batch.with(
                        Status.SEALED, e.getAttempt() + 1, null, 0, null));
                case AnchorFailed e -> withBatch(state, e.getBatchId(), batch -> batch.with(
                        Status.SEALED, e.getAttempt() + 1, null, 0, null));
                case SettlementRedeemed e -> withBatch(state, e.getBatchId(), batch -> {
                    Set<Integer> redeemed = new HashSet<>(batch.redeemed());
                    redeemed.add(e.getLeafIndex());
                    return new Batch(batch.sealed(), batch.status(), batch.attempt(), batch.txHash(),
                            batch.blockNumber(), batch.blockHash(), Set.copyOf(redeemed));
                });
                default -> throw new IllegalArgumentException("not a settlement event: " + event.getSchema().getFullName());
            };
        }
    };

    private static State withBatch(State state, String batchId, java.util.function.UnaryOperator<Batch> change) {
        Map<String, Batch> batches = new HashMap<>(state.batches());
        batches.computeIfPresent(batchId, (id, batch) -> change.apply(batch));
        return new State(state.queue(), state.references(), state.sealedCount(), Map.copyOf(batches));
    }

    private static Decision<SpecificRecord> enqueue(String poolId, EnqueueSettlement c, State state) {
        if (!poolId.equals(c.getPoolId())) {
            return Decision.reject("POOL_MISMATCH", "the command's pool id differs from its aggregate id", "poolId");
        }
        if (c.getAmount() <= 0) {
            return Decision.reject("INVALID_AMOUNT", "a settlement pays a positive amount", "amount");
        }
        if (!c.getRecipient().startsWith("0x") || !WalletUtils.isValidAddress(c.getRecipient())) {
            return Decision.reject("INVALID_RECIPIENT", "the recipient must be a 0x-prefixed address", "recipient");
        }
        if (c.getReferenceId().isBlank()) {
            return Decision.reject("INVALID_REFERENCE", "a settlement needs a reference id", "referenceId");
        }
        if (state.references().contains(c.getReferenceId())) {
            return Decision.nothingToDo();
        }
        return Decision.accept(new SettlementEnqueued(null, poolId, c.getKind(), c.getReferenceId(),
                c.getRecipient().toLowerCase(java.util.Locale.ROOT), c.getAmount(), c.getAsset(),
                state.queue().size() + 1));
    }

    private static Decision<SpecificRecord> seal(String poolId, SealSettlementBatch c, State state) {
        String expected = BatchIds.batchId(poolId, state.sealedCount());
        if (state.batches().containsKey(c.getBatchId())) {
            return Decision.nothingToDo();
        }
        if (!expected.equals(c.getBatchId())) {
            return Decision.reject("BATCH_ID_MISMATCH", "the next batch of this pool is " + expected, "batchId");
        }
        if (state.queue().isEmpty()) {
            return Decision.reject("NOTHING_TO_SEAL", "the settlement queue is empty", "poolId");
        }
        int max = c.getMaxLeaves() == null ? DEFAULT_MAX_LEAVES : c.getMaxLeaves();
        if (max < 1) {
            return Decision.reject("INVALID_BATCH_SIZE", "maxLeaves must be positive", "maxLeaves");
        }
        String asset = state.queue().get(0).getAsset();
        List<SettlementLeaf> leaves = new ArrayList<>();
        long total = 0;
        for (SettlementEnqueued q : state.queue()) {
            if (leaves.size() == max) {
                break;
            }
            if (!q.getAsset().equals(asset)) {
                continue; // one asset per batch: other assets wait for their own batch
            }
            leaves.add(new SettlementLeaf(leaves.size(), q.getKind(), q.getReferenceId(), q.getRecipient(), q.getAmount()));
            total = Math.addExact(total, q.getAmount());
        }
        String root = BatchIds.tree(c.getBatchId(), leaves).rootHex();
        return Decision.accept(new SettlementBatchSealed(null, poolId, c.getBatchId(), asset, root, leaves.size(),
                total, leaves, BatchIds.LEAF_ENCODING));
    }

    private static Decision<SpecificRecord> receipt(String poolId, RecordAnchorReceipt c, State state) {
        Batch batch = state.batches().get(c.getBatchId());
        if (batch == null) {
            return Decision.reject("BATCH_NOT_FOUND", "no such batch in this pool", "batchId");
        }
        if (batch.status() == Status.ANCHORED) {
            return Decision.nothingToDo();
        }
        SettlementBatchSealed sealed = batch.sealed();
        if (!c.getSuccess()) {
            return Decision.accept(new AnchorFailed(null, c.getBatchId(), c.getTxHash(), "transaction reverted",
                    batch.attempt()));
        }
        return Decision.accept(new SettlementBatchAnchored(null, c.getBatchId(), poolId, sealed.getMerkleRoot(),
                sealed.getLeafCount(), sealed.getTotalAmount(), c.getTxHash(), c.getBlockNumber(), c.getBlockHash(),
                c.getGasUsed(), c.getEffectiveGasPriceWei(), c.getConfirmations(), c.getConfirmations(),
                batch.attempt()));
    }

    private static Decision<SpecificRecord> reorg(RecordAnchorReorg c, State state) {
        Batch batch = state.batches().get(c.getBatchId());
        if (batch == null) {
            return Decision.reject("BATCH_NOT_FOUND", "no such batch in this pool", "batchId");
        }
        if (batch.status() == Status.ANCHORED && !c.getOrphanedBlockHash().equals(batch.blockHash())) {
            return Decision.nothingToDo(); // anchored since in another block: that anchor stands
        }
        return Decision.accept(new AnchorReorged(null, c.getBatchId(), c.getTxHash(), c.getBlockNumber(),
                c.getOrphanedBlockHash(), batch.attempt()));
    }

    private static Decision<SpecificRecord> redemption(String poolId, RecordRedemption c, State state) {
        Batch batch = state.batches().get(c.getBatchId());
        if (batch == null) {
            return Decision.reject("BATCH_NOT_FOUND", "no such batch in this pool", "batchId");
        }
        List<SettlementLeaf> leaves = batch.sealed().getLeaves();
        if (c.getLeafIndex() < 0 || c.getLeafIndex() >= leaves.size()) {
            return Decision.reject("LEAF_NOT_FOUND", "no such leaf in the batch", "leafIndex");
        }
        if (batch.redeemed().contains(c.getLeafIndex())) {
            return Decision.nothingToDo(); // each leaf is redeemed once on chain; a re-observed log adds nothing
        }
        SettlementLeaf leaf = leaves.get(c.getLeafIndex());
        return Decision.accept(new SettlementRedeemed(null, c.getBatchId(), poolId, c.getLeafIndex(), leaf.getKind(),
                leaf.getReferenceId(), c.getRecipient(), c.getAmount(), c.getTxHash(), c.getLogIndex(),
                c.getBlockNumber(), c.getBlockHash()));
    }

    public static final AggregateType<Addressed, SpecificRecord, State> TYPE = AggregateType
            .<Addressed, SpecificRecord, State>named(TYPE_NAME, DECIDER)
            .command(EnqueueSettlement.class, SettlementQueue::address)
            .command(SealSettlementBatch.class, SettlementQueue::address)
            .command(RecordAnchorReceipt.class, SettlementQueue::address)
            .command(RecordAnchorReorg.class, SettlementQueue::address)
            .command(RecordRedemption.class, SettlementQueue::address)
            .event(SettlementEnqueued.class, SettlementEnqueued.class,
                    (e, m) -> stamp(e, m), e -> e)
            .event(SettlementBatchSealed.class, SettlementBatchSealed.class,
                    (e, m) -> stamp(e, m), e -> e)
            .event(SettlementBatchAnchored.class, SettlementBatchAnchored.class,
                    (e, m) -> stamp(e, m), e -> e)
            .event(AnchorReorged.class, AnchorReorged.class,
                    (e, m) -> stamp(e, m), e -> e)
            .event(AnchorFailed.class, AnchorFailed.class,
                    (e, m) -> stamp(e, m), e -> e)
            .event(SettlementRedeemed.class, SettlementRedeemed.class,
                    (e, m) -> stamp(e, m), e -> e)
            .build();

    private static Addressed address(SpecificRecord wire) {
        return new Addressed(WireMetadata.ofCommand(wire).getAggregateId(), wire);
    }

    /**
     * The kernel's metadata on an event the decider built (fresh, unshared). Set in place rather than through
     * {@code newBuilder(event)}: Avro's copying builder re-creates enum values through the generated class's static
     * model, whose class loader is not necessarily the one the service runs in (Quarkus tests).
     */
    private static <T extends org.apache.avro.specific.SpecificRecord> T stamp(T event,
            io.coverclaims.schemas.common.EventMetadata metadata) {
        event.put(event.getSchema().getField("metadata").pos(), metadata);
        return event;
    }

    private SettlementQueue() {
    }
}
