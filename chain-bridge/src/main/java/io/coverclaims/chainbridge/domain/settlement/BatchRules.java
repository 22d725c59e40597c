package io.coverclaims.chainbridge.domain.settlement;

import io.coverclaims.chainbridge.domain.settlement.SettlementCommand.RecordAnchorReceipt;
import io.coverclaims.chainbridge.domain.settlement.SettlementCommand.RecordAnchorReorg;
import io.coverclaims.chainbridge.domain.settlement.SettlementCommand.RecordRedemption;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.AnchorFailed;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.AnchorReorged;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementBatchAnchored;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementBatchSealed;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementRedeemed;
import io.coverclaims.chainbridge.domain.settlement.SettlementState.Anchored;
import io.coverclaims.chainbridge.domain.settlement.SettlementState.AwaitingAnchor;
import io.coverclaims.chainbridge.domain.settlement.SettlementState.Batch;
import io.coverclaims.platform.decider.Decision;
import java.util.List;
import java.util.Optional;

/**
 * A sealed batch on chain: the first successful receipt of the current attempt anchors it (later ones add nothing), a
 * reverted one fails the attempt; an orphaned anchor block reopens it; each leaf is redeemed once.
 */
final class BatchRules {

    private BatchRules() {}

    static Decision<SettlementEvent> receipt(RecordAnchorReceipt c, SettlementState state) {
        Optional<Batch> found = state.batch(c.batchId());
        if (found.isEmpty()) {
            return batchNotFound();
        }
        return switch (found.get()) {
            case Anchored anchored -> Decision.nothingToDo();
            case AwaitingAnchor awaiting
            when !c.success() ->
                Decision.accept(new AnchorFailed(c.batchId(), c.txHash(), "transaction reverted", awaiting.attempt()));
            case AwaitingAnchor awaiting -> {
                SettlementBatchSealed sealed = awaiting.sealed();
                yield Decision.accept(new SettlementBatchAnchored(
                        c.batchId(),
                        c.aggregateId(),
                        sealed.merkleRoot(),
                        sealed.leafCount(),
                        sealed.totalAmount(),
                        c.txHash(),
                        c.blockNumber(),
                        c.blockHash(),
                        c.gasUsed(),
                        c.effectiveGasPriceWei(),
                        c.confirmations(),
                        c.confirmations(),
                        awaiting.attempt()));
            }
        };
    }

    /** A reorg report about another block than the recorded anchor's adds nothing: that anchor stands. */
    static Decision<SettlementEvent> reorg(RecordAnchorReorg c, SettlementState state) {
        Optional<Batch> found = state.batch(c.batchId());
        if (found.isEmpty()) {
            return batchNotFound();
        }
        return switch (found.get()) {
            case Anchored anchored when !c.orphanedBlockHash().equals(anchored.blockHash()) -> Decision.nothingToDo();
            case Anchored anchored -> reorged(c, anchored);
            case AwaitingAnchor awaiting -> reorged(c, awaiting);
        };
    }

    private static Decision<SettlementEvent> reorged(RecordAnchorReorg c, Batch batch) {
        return Decision.accept(
                new AnchorReorged(c.batchId(), c.txHash(), c.blockNumber(), c.orphanedBlockHash(), batch.attempt()));
    }

    /** Each leaf is redeemed once on chain: a re-observed log adds nothing. */
    static Decision<SettlementEvent> redemption(RecordRedemption c, SettlementState state) {
        Optional<Batch> found = state.batch(c.batchId());
        if (found.isEmpty()) {
            return batchNotFound();
        }
        Batch batch = found.get();
        List<SettlementLeaf> leaves = batch.sealed().leaves();
        if (c.leafIndex() < 0 || c.leafIndex() >= leaves.size()) {
            return Decision.reject("LEAF_NOT_FOUND", "no such leaf in the batch", "leafIndex");
        }
        if (batch.redeemed().contains(c.leafIndex())) {
            return Decision.nothingToDo();
        }
        SettlementLeaf leaf = leaves.get(c.leafIndex());
        return Decision.accept(new SettlementRedeemed(
                c.batchId(),
                c.aggregateId(),
                c.leafIndex(),
                leaf.kind(),
                leaf.referenceId(),
                c.recipient(),
                c.amount(),
                c.txHash(),
                c.logIndex(),
                c.blockNumber(),
                c.blockHash()));
    }

    private static Decision<SettlementEvent> batchNotFound() {
        return Decision.reject("BATCH_NOT_FOUND", "no such batch in this pool", "batchId");
    }
}
