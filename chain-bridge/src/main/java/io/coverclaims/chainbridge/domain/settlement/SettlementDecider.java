package io.coverclaims.chainbridge.domain.settlement;

import io.coverclaims.chainbridge.domain.settlement.SettlementCommand.EnqueueSettlement;
import io.coverclaims.chainbridge.domain.settlement.SettlementCommand.RecordAnchorReceipt;
import io.coverclaims.chainbridge.domain.settlement.SettlementCommand.RecordAnchorReorg;
import io.coverclaims.chainbridge.domain.settlement.SettlementCommand.RecordRedemption;
import io.coverclaims.chainbridge.domain.settlement.SettlementCommand.SealSettlementBatch;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.AnchorFailed;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.AnchorReorged;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementBatchAnchored;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementBatchSealed;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementEnqueued;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementRedeemed;
import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.money.Money;
import java.math.BigInteger;

/**
 * A pool's settlement queue and its batches, one aggregate per pool id: every command about a pool's settlements
 * (enqueue, seal, the anchoring receipt, a reorg, a redemption) is addressed to the pool, so one aggregate holds the
 * queue, the sequence that makes batch ids deterministic and each batch's anchoring, decided in one place, once, and
 * rebuilt from chain.events.
 *
 * <p>Rule groups: {@link QueueRules} (enqueue, seal), {@link BatchRules} (receipts, reorgs, redemptions of a sealed
 * batch).
 */
public final class SettlementDecider {

    public static final Decider<SettlementCommand, SettlementEvent, SettlementState> DECIDER =
            Decider.of(SettlementState.INITIAL, SettlementDecider::decide, SettlementDecider::evolve);

    /**
     * The largest batch total (and so the largest settlement) {@code ClaimsPool.anchorBatch} accepts:
     * {@code type(uint128).max}. A sealed batch never exceeds it, so its anchoring never reverts for its size.
     */
    public static final Money MAX_BATCH_TOTAL =
            Money.of(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));

    /** Batch size of a SealSettlementBatch written without maxLeaves. */
    public static final int DEFAULT_MAX_LEAVES = 1024;

    private SettlementDecider() {}

    public static Decision<SettlementEvent> decide(SettlementCommand command, SettlementState state) {
        return switch (command) {
            case EnqueueSettlement c -> QueueRules.enqueue(c, state);
            case SealSettlementBatch c -> QueueRules.seal(c, state);
            case RecordAnchorReceipt c -> BatchRules.receipt(c, state);
            case RecordAnchorReorg c -> BatchRules.reorg(c, state);
            case RecordRedemption c -> BatchRules.redemption(c, state);
        };
    }

    public static SettlementState evolve(SettlementState state, SettlementEvent event) {
        return switch (event) {
            case SettlementEnqueued e -> state.withEnqueued(e);
            case SettlementBatchSealed e -> state.withSealed(e);
            // the attempt that anchored is the batch's current one
            case SettlementBatchAnchored e ->
                state.withBatch(e.batchId(), batch -> batch.anchoredIn(e.txHash(), e.blockNumber(), e.blockHash()));
            case AnchorReorged e -> state.withBatch(e.batchId(), batch -> batch.reopened(e.attempt() + 1));
            case AnchorFailed e -> state.withBatch(e.batchId(), batch -> batch.reopened(e.attempt() + 1));
            case SettlementRedeemed e -> state.withBatch(e.batchId(), batch -> batch.withRedeemed(e.leafIndex()));
        };
    }
}
