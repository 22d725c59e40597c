package io.coverclaims.chainbridge.domain.settlement;

import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementBatchSealed;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementEnqueued;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A pool's settlement queue and batches as its events made them. The queue has no lifecycle of its own (an empty
 * queue is where every pool starts); each batch has one: {@link AwaitingAnchor} from its sealing (and again after a
 * reverted or orphaned anchor), then {@link Anchored}. Immutable: {@link SettlementDecider#evolve} returns a new state.
 *
 * @param queue       settlements waiting for a batch, in the order they were enqueued
 * @param references  every reference id ever enqueued (a settlement is queued once)
 * @param sealedCount batches sealed so far: the sequence of the next batch id
 * @param batches     every sealed batch, by batch id
 */
public record SettlementState(
        List<SettlementEnqueued> queue, Set<String> references, long sealedCount, Map<String, Batch> batches) {

    public static final SettlementState INITIAL = new SettlementState(List.of(), Set.of(), 0, Map.of());

    /** A sealed batch, in one of its two phases; the leaves redeemed on chain stay redeemed through both. */
    public sealed interface Batch {

        /** The event that sealed the batch: its leaves, root and totals. */
        SettlementBatchSealed sealed();

        /** The anchoring attempt under way (or, once anchored, the one that anchored it), from 1. */
        int attempt();

        /** Indexes of the leaves redeemed on chain. */
        Set<Integer> redeemed();

        default Anchored anchoredIn(String txHash, long blockNumber, String blockHash) {
            return new Anchored(sealed(), attempt(), txHash, blockNumber, blockHash, redeemed());
        }

        /** Back to awaiting an anchor (a reverted or orphaned one), as the given attempt. */
        default AwaitingAnchor reopened(int nextAttempt) {
            return new AwaitingAnchor(sealed(), nextAttempt, redeemed());
        }

        Batch withRedeemed(int leafIndex);
    }

    /** Sealed, its root not (or no longer) anchored on chain. */
    public record AwaitingAnchor(SettlementBatchSealed sealed, int attempt, Set<Integer> redeemed) implements Batch {
        public static AwaitingAnchor of(SettlementBatchSealed sealed) {
            return new AwaitingAnchor(sealed, 1, Set.of());
        }

        @Override
        public AwaitingAnchor withRedeemed(int leafIndex) {
            return new AwaitingAnchor(sealed, attempt, add(redeemed, leafIndex));
        }
    }

    /** Its root anchored in {@code txHash}, in the block {@code blockNumber} / {@code blockHash}. */
    public record Anchored(
            SettlementBatchSealed sealed,
            int attempt,
            String txHash,
            long blockNumber,
            String blockHash,
            Set<Integer> redeemed)
            implements Batch {
        @Override
        public Anchored withRedeemed(int leafIndex) {
            return new Anchored(sealed, attempt, txHash, blockNumber, blockHash, add(redeemed, leafIndex));
        }
    }

    // -------------------------------------------------------------- with…

    public SettlementState withEnqueued(SettlementEnqueued enqueued) {
        List<SettlementEnqueued> nextQueue = new ArrayList<>(queue);
        nextQueue.add(enqueued);
        return new SettlementState(
                List.copyOf(nextQueue), add(references, enqueued.referenceId()), sealedCount, batches);
    }

    /** The sealed leaves leave the queue, the batch joins the batches, and the sequence moves on. */
    public SettlementState withSealed(SettlementBatchSealed sealed) {
        Set<String> sealedReferences = new HashSet<>();
        sealed.leaves().forEach(leaf -> sealedReferences.add(leaf.referenceId()));
        List<SettlementEnqueued> rest = queue.stream()
                .filter(q -> !sealedReferences.contains(q.referenceId()))
                .toList();
        Map<String, Batch> nextBatches = new HashMap<>(batches);
        nextBatches.put(sealed.batchId(), AwaitingAnchor.of(sealed));
        return new SettlementState(rest, references, sealedCount + 1, Map.copyOf(nextBatches));
    }

    /** The batch changed as given; an unknown batch id changes nothing. */
    public SettlementState withBatch(String batchId, UnaryOperator<Batch> change) {
        if (!batches.containsKey(batchId)) {
            return this;
        }
        Map<String, Batch> nextBatches = new HashMap<>(batches);
        nextBatches.computeIfPresent(batchId, (id, batch) -> change.apply(batch));
        return new SettlementState(queue, references, sealedCount, Map.copyOf(nextBatches));
    }

    // -------------------------------------------------------------- what the rules ask

    public Optional<Batch> batch(String batchId) {
        return Optional.ofNullable(batches.get(batchId));
    }

    public boolean hasBatch(String batchId) {
        return batches.containsKey(batchId);
    }

    public boolean wasEnqueued(String referenceId) {
        return references.contains(referenceId);
    }

    private static <T> Set<T> add(Set<T> set, T value) {
        Set<T> next = new HashSet<>(set);
        next.add(value);
        return Set.copyOf(next);
    }
}
