package io.coverclaims.chainbridge.domain.settlement;

import io.coverclaims.platform.money.Money;
import java.util.List;

/** What happened to a pool's settlement queue and its batches. Each record mirrors the event of the same name in chain.avdl. */
public sealed interface SettlementEvent {

    /** An amount joined the pool's queue; {@code queueLength} counts it. */
    record SettlementEnqueued(
            String poolId,
            SettlementKind kind,
            String referenceId,
            String recipient,
            Money amount,
            String asset,
            int queueLength)
            implements SettlementEvent {}

    /** Queued leaves were sealed into a batch; the leaves are kept so every proof can be rebuilt from the log. */
    record SettlementBatchSealed(
            String poolId,
            String batchId,
            String asset,
            String merkleRoot,
            int leafCount,
            Money totalAmount,
            List<SettlementLeaf> leaves,
            String leafEncoding)
            implements SettlementEvent {
        public SettlementBatchSealed {
            leaves = List.copyOf(leaves);
        }
    }

    /** The root is anchored with enough confirmations: its leaves are redeemable. */
    record SettlementBatchAnchored(
            String batchId,
            String poolId,
            String merkleRoot,
            int leafCount,
            Money totalAmount,
            String txHash,
            long blockNumber,
            String blockHash,
            long gasUsed,
            long effectiveGasPriceWei,
            int confirmations,
            int requiredConfirmations,
            int attempt)
            implements SettlementEvent {}

    /** The anchoring transaction reverted; the batch is to be anchored again (attempt + 1). */
    record AnchorFailed(String batchId, String txHash, String reason, int attempt) implements SettlementEvent {}

    /** A reorg orphaned the anchor; the batch is to be anchored again (attempt + 1). */
    record AnchorReorged(String batchId, String txHash, long blockNumber, String orphanedBlockHash, int attempt)
            implements SettlementEvent {}

    /** A leaf was redeemed on chain (once per leaf). */
    record SettlementRedeemed(
            String batchId,
            String poolId,
            int leafIndex,
            SettlementKind kind,
            String referenceId,
            String recipient,
            Money amount,
            String txHash,
            int logIndex,
            long blockNumber,
            String blockHash)
            implements SettlementEvent {}
}
