package io.coverclaims.chainbridge.view;

import io.coverclaims.chainbridge.ChainContext;
import io.coverclaims.chainbridge.domain.deposit.DepositEvent;
import io.coverclaims.chainbridge.domain.deposit.DepositEvent.OnChainDepositObserved;
import io.coverclaims.chainbridge.domain.merkle.MerkleTree;
import io.coverclaims.chainbridge.domain.settlement.BatchIds;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.AnchorFailed;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.AnchorReorged;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementBatchAnchored;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementBatchSealed;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementEnqueued;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementRedeemed;
import io.coverclaims.chainbridge.domain.settlement.SettlementLeaf;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.schemas.serde.AvroSingleObjectDeserializer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What the anchoring worker and the proof endpoint need, folded from the whole of chain.events (every partition,
 * committed records only, from the beginning at every start): the queued settlements per pool, each sealed batch
 * with its tree and anchoring status, and the last block of an observed log. Nothing here is stored elsewhere:
 * a restart rebuilds it from the topic. Records are read as the chain context's domain events ({@link ChainContext});
 * other records on the topic are skipped.
 */
@ApplicationScoped
public class ChainEventsView {

    private static final Logger LOG = Logger.getLogger(ChainEventsView.class);
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

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    BoundedContext context;

    private final Map<String, LinkedHashMap<String, Long>> pending = new HashMap<>(); // pool -> reference -> seen at
    private final Map<String, Long> sealedCount = new HashMap<>();
    private final Map<String, BatchView> batches = new LinkedHashMap<>();
    private final Map<String, MerkleTree> trees = new HashMap<>();
    private final Map<String, String> batchOfReference = new HashMap<>();
    private final Map<String, Integer> leafOfClaim = new HashMap<>(); // batchId + claimId32 hex -> leaf index
    private long lastLogBlock = -1;
    private final AtomicBoolean caughtUp = new AtomicBoolean();
    private volatile boolean running;
    private Thread thread;
    private KafkaConsumer<String, byte[]> consumer;

    void start(@Observes StartupEvent ignored) {
        running = true;
        thread = new Thread(this::run, "chain-events-view");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ignored) {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** True once everything chain.events held when this instance started has been read. */
    public boolean caughtUp() {
        return caughtUp.get();
    }

    private void run() {
        AvroSingleObjectDeserializer decoder = new AvroSingleObjectDeserializer();
        String topic = context.eventsTopic();
        while (running) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    false,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    ByteArrayDeserializer.class))) {
                consumer = c;
                List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(30));
                List<TopicPartition> partitions = infos.stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
                c.assign(partitions);
                c.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = c.endOffsets(partitions);
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(200))) {
                        Object event;
                        try {
                            event = read(decoder.deserialize(topic, record.value()));
                        } catch (RuntimeException e) {
                            LOG.warnf(
                                    "undecodable record at %s-%d@%d: %s",
                                    topic, record.partition(), record.offset(), e.getMessage());
                            continue;
                        }
                        if (event instanceof SettlementEvent e) {
                            apply(e);
                        } else if (event instanceof DepositEvent e) {
                            apply(e);
                        }
                    }
                    if (!caughtUp.get() && partitions.stream().allMatch(p -> c.position(p) >= end.get(p))) {
                        caughtUp.set(true);
                        LOG.infof("chain.events read up to where it was at start: %d batches", batchCount());
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf("chain.events reader failed, rebuilding: %s", e.toString());
                synchronized (this) {
                    pending.clear();
                    sealedCount.clear();
                    batches.clear();
                    trees.clear();
                    batchOfReference.clear();
                    leafOfClaim.clear();
                    lastLogBlock = -1;
                }
                caughtUp.set(false);
            }
        }
    }

    /** The chain context's domain event a wire record is, or null (a record no aggregate here writes). */
    private static Object read(SpecificRecord wire) {
        if (ChainContext.SETTLEMENT.handlesEvent(wire)) {
            return ChainContext.SETTLEMENT.readEvent(wire);
        }
        if (ChainContext.DEPOSIT.handlesEvent(wire)) {
            return ChainContext.DEPOSIT.readEvent(wire);
        }
        return null;
    }

    synchronized void apply(SettlementEvent event) {
        switch (event) {
            case SettlementEnqueued e ->
                pending.computeIfAbsent(e.poolId(), p -> new LinkedHashMap<>())
                        .putIfAbsent(e.referenceId(), System.nanoTime());
            case SettlementBatchSealed e -> {
                LinkedHashMap<String, Long> queue = pending.getOrDefault(e.poolId(), new LinkedHashMap<>());
                MerkleTree tree = BatchIds.tree(e.batchId(), e.leaves());
                for (SettlementLeaf leaf : e.leaves()) {
                    queue.remove(leaf.referenceId());
                    batchOfReference.put(leaf.referenceId(), e.batchId());
                    leafOfClaim.put(e.batchId() + HEX.formatHex(BatchIds.claimId32(leaf.referenceId())), leaf.index());
                }
                sealedCount.merge(e.poolId(), 1L, Long::sum);
                trees.put(e.batchId(), tree);
                batches.put(e.batchId(), BatchView.of(e));
            }
            case SettlementBatchAnchored e -> batches.computeIfPresent(e.batchId(), (id, b) -> b.anchoredBy(e));
            case AnchorReorged e ->
                batches.computeIfPresent(e.batchId(), (id, b) -> b.resealed(e.attempt() + 1, b.reorgs() + 1));
            case AnchorFailed e ->
                batches.computeIfPresent(e.batchId(), (id, b) -> b.resealed(e.attempt() + 1, b.reorgs()));
            case SettlementRedeemed e -> lastLogBlock = Math.max(lastLogBlock, e.blockNumber());
        }
    }

    synchronized void apply(DepositEvent event) {
        switch (event) {
            case OnChainDepositObserved e -> lastLogBlock = Math.max(lastLogBlock, e.blockNumber());
        }
    }

    /** Pools with queued settlements: pool id -> (count, nanoTime the oldest was seen). */
    public synchronized Map<String, long[]> pendingByPool() {
        Map<String, long[]> out = new HashMap<>();
        pending.forEach((pool, queue) -> {
            if (!queue.isEmpty()) {
                out.put(
                        pool,
                        new long[] {queue.size(), queue.values().iterator().next()});
            }
        });
        return out;
    }

    public synchronized long sealedCount(String poolId) {
        return sealedCount.getOrDefault(poolId, 0L);
    }

    public synchronized List<BatchView> batches() {
        return new ArrayList<>(batches.values());
    }

    public synchronized Optional<BatchView> batch(String batchId) {
        return Optional.ofNullable(batches.get(batchId));
    }

    public synchronized int batchCount() {
        return batches.size();
    }

    /** The leaf index of an on-chain (batchId, claimId) pair. */
    public synchronized Optional<Integer> leafIndex(String batchId, byte[] claimId32) {
        return Optional.ofNullable(leafOfClaim.get(batchId + HEX.formatHex(claimId32)));
    }

    /** A settled claim's batch, leaf and Merkle proof. */
    public synchronized Optional<LeafPosition> position(String referenceId) {
        String batchId = batchOfReference.get(referenceId);
        if (batchId == null) {
            return Optional.empty();
        }
        BatchView batch = batches.get(batchId);
        SettlementLeaf leaf = batch.sealed().leaves().stream()
                .filter(l -> l.referenceId().equals(referenceId))
                .findFirst()
                .orElseThrow();
        List<String> proof = trees.get(batchId).proof(BatchIds.leaf(batchId, leaf)).stream()
                .map(node -> "0x" + HEX.formatHex(node))
                .toList();
        return Optional.of(new LeafPosition(batch, leaf, proof));
    }

    /** Highest block of an observed deposit or redemption, -1 if none: where the log watcher resumes. */
    public synchronized long lastLogBlock() {
        return lastLogBlock;
    }
}
