package io.coverclaims.chainbridge.chain;

import io.coverclaims.chainbridge.domain.settlement.BatchIds;
import io.coverclaims.chainbridge.domain.settlement.SettlementCommand.SealSettlementBatch;
import io.coverclaims.chainbridge.view.ChainEventsView;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Sealing (Kafka only, so it goes on while the node is down): a pool whose queue holds {@code batch-size}
 * settlements, or whose oldest queued one was enqueued {@code batch-max-wait} ago or more (by its record's time, so a
 * restart does not make it wait again), gets a {@code SealSettlementBatch} with
 * its next deterministic batch id. Its memory (when each seal was asked) may be lost: a repeated seal is decided once.
 */
final class Sealer {

    /** A seal asked for is not asked again before this long: its SettlementBatchSealed is on its way. */
    private static final long ASK_AGAIN_AFTER = Duration.ofSeconds(5).toNanos();

    private final ChainConfig config;
    private final ChainEventsView view;
    private final CommandPublisher commands;
    private final Map<String, Long> sealRequested = new HashMap<>();

    Sealer(ChainConfig config, ChainEventsView view, CommandPublisher commands) {
        this.config = config;
        this.view = view;
        this.commands = commands;
    }

    void sealDue() throws Exception {
        long now = System.nanoTime();
        Instant overdue = Instant.now().minus(config.batchMaxWait());
        for (Map.Entry<String, ChainEventsView.Pending> entry :
                view.pendingByPool().entrySet()) {
            String poolId = entry.getKey();
            ChainEventsView.Pending pending = entry.getValue();
            boolean due =
                    pending.count() >= config.batchSize() || !pending.oldest().isAfter(overdue);
            if (!due) {
                continue;
            }
            String batchId = BatchIds.batchId(poolId, view.sealedCount(poolId));
            Long requested = sealRequested.get(batchId);
            if (requested != null && now - requested < ASK_AGAIN_AFTER) {
                continue; // asked already; the sealed event is on its way
            }
            commands.send(
                    new SealSettlementBatch(poolId, poolId, batchId, config.batchSize()), "seal/" + batchId, batchId);
            sealRequested.put(batchId, now);
        }
    }
}
