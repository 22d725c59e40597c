package io.coverclaims.chainbridge.domain.settlement;

import io.coverclaims.chainbridge.domain.settlement.SettlementCommand.EnqueueSettlement;
import io.coverclaims.chainbridge.domain.settlement.SettlementCommand.SealSettlementBatch;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementBatchSealed;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementEnqueued;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.money.AmountOutOfRange;
import io.coverclaims.platform.money.Money;
import java.util.ArrayList;
import java.util.List;

/**
 * The queue: a settlement is queued once (by reference id), then sealed into the pool's next batch, whose id is fixed
 * by the number of batches sealed before ({@link BatchIds#batchId}) and whose root is the contract's tree over its
 * leaves.
 */
final class QueueRules {

    private QueueRules() {}

    static Decision<SettlementEvent> enqueue(EnqueueSettlement c, SettlementState state) {
        if (!c.aggregateId().equals(c.poolId())) {
            return Decision.reject("POOL_MISMATCH", "the command's pool id differs from its aggregate id", "poolId");
        }
        if (!c.amount().isPositive()) {
            return Decision.reject("INVALID_AMOUNT", "a settlement pays a positive amount", "amount");
        }
        if (c.amount().isGreaterThan(SettlementDecider.MAX_BATCH_TOTAL)) {
            return Decision.reject(
                    AmountOutOfRange.CODE,
                    "a settlement pays at most 2^128 - 1, the most a batch can anchor (ClaimsPool)",
                    "amount");
        }
        if (!Ids.isAddress(c.recipient())) {
            return Decision.reject("INVALID_RECIPIENT", "the recipient must be a 0x-prefixed address", "recipient");
        }
        if (c.referenceId().isBlank()) {
            return Decision.reject("INVALID_REFERENCE", "a settlement needs a reference id", "referenceId");
        }
        if (state.wasEnqueued(c.referenceId())) {
            return Decision.nothingToDo();
        }
        return Decision.accept(new SettlementEnqueued(
                c.aggregateId(),
                c.kind(),
                c.referenceId(),
                Ids.canonical(c.recipient()),
                c.amount(),
                c.asset(),
                state.queue().size() + 1));
    }

    /**
     * Up to maxLeaves queued settlements of the oldest one's asset, in queue order, while their total stays within
     * {@link SettlementDecider#MAX_BATCH_TOTAL} (what the contract anchors); other assets, and the leaf that would take
     * the total past it and those after it, wait for a batch of their own.
     */
    static Decision<SettlementEvent> seal(SealSettlementBatch c, SettlementState state) {
        String expected = BatchIds.batchId(c.aggregateId(), state.sealedCount());
        if (state.hasBatch(c.batchId())) {
            return Decision.nothingToDo(); // a retried seal
        }
        if (!expected.equals(c.batchId())) {
            return Decision.reject("BATCH_ID_MISMATCH", "the next batch of this pool is " + expected, "batchId");
        }
        if (state.queue().isEmpty()) {
            return Decision.reject("NOTHING_TO_SEAL", "the settlement queue is empty", "poolId");
        }
        if (c.maxLeaves() < 1) {
            return Decision.reject("INVALID_BATCH_SIZE", "maxLeaves must be positive", "maxLeaves");
        }
        String asset = state.queue().get(0).asset();
        List<SettlementLeaf> leaves = new ArrayList<>();
        Money total = Money.ZERO;
        for (SettlementEnqueued queued : state.queue()) {
            if (leaves.size() == c.maxLeaves()) {
                break;
            }
            if (!queued.asset().equals(asset)) {
                continue;
            }
            if (total.plus(queued.amount()).isGreaterThan(SettlementDecider.MAX_BATCH_TOTAL)) {
                break;
            }
            leaves.add(new SettlementLeaf(
                    leaves.size(), queued.kind(), queued.referenceId(), queued.recipient(), queued.amount()));
            total = total.plus(queued.amount());
        }
        String root = BatchIds.tree(c.batchId(), leaves).rootHex();
        return Decision.accept(new SettlementBatchSealed(
                c.aggregateId(), c.batchId(), asset, root, leaves.size(), total, leaves, BatchIds.LEAF_ENCODING));
    }
}
