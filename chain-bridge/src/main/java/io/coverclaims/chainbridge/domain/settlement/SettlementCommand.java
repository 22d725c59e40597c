package io.coverclaims.chainbridge.domain.settlement;

import io.coverclaims.platform.money.Money;

/**
 * What a pool's settlement queue is asked to do. Each record mirrors the command of the same name in chain.avdl,
 * component for field; {@code aggregateId} is the command's aggregate id (its metadata's): the pool whose queue and
 * batches decide it. The batch commands name their batch in {@code batchId}.
 */
public sealed interface SettlementCommand {

    /** The pool whose queue decides this command. */
    String aggregateId();

    /** Process manager, on a settled claim: queues a redeemable amount ({@code poolId} must be the aggregate's). */
    record EnqueueSettlement(
            String aggregateId,
            String poolId,
            SettlementKind kind,
            String referenceId,
            String recipient,
            Money amount,
            String asset)
            implements SettlementCommand {}

    /**
     * Anchoring worker, when the queue is full or old enough: seals up to {@code maxLeaves} queued leaves (one asset)
     * into the batch {@code batchId}, which must be the pool's next one. A wire command without maxLeaves reads as
     * {@link SettlementDecider#DEFAULT_MAX_LEAVES}.
     */
    record SealSettlementBatch(String aggregateId, String poolId, String batchId, int maxLeaves)
            implements SettlementCommand {}

    /** Anchoring worker: the receipt of the batch's anchoring transaction, confirmed (or reverted). */
    record RecordAnchorReceipt(
            String aggregateId,
            String batchId,
            String txHash,
            long blockNumber,
            String blockHash,
            long gasUsed,
            long effectiveGasPriceWei,
            boolean success,
            int confirmations)
            implements SettlementCommand {}

    /** Anchoring worker: the block holding the batch's anchor was orphaned. */
    record RecordAnchorReorg(
            String aggregateId, String batchId, String txHash, long blockNumber, String orphanedBlockHash)
            implements SettlementCommand {}

    /** Log watcher: a confirmed redemption of one leaf of the batch. */
    record RecordRedemption(
            String aggregateId,
            String batchId,
            int leafIndex,
            String recipient,
            Money amount,
            String txHash,
            int logIndex,
            long blockNumber,
            String blockHash,
            int confirmations)
            implements SettlementCommand {}
}
