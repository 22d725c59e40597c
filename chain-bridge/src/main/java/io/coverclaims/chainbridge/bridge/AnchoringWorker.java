package io.coverclaims.chainbridge.bridge;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

import io.coverclaims.chainbridge.contracts.ClaimsPool;
import io.coverclaims.chainbridge.settlement.BatchIds;
import io.coverclaims.chainbridge.settlement.ObservedDeposit;
import io.coverclaims.schemas.chain.RecordAnchorReceipt;
import io.coverclaims.schemas.chain.RecordAnchorReorg;
import io.coverclaims.schemas.chain.RecordOnChainDeposit;
import io.coverclaims.schemas.chain.RecordRedemption;
import io.coverclaims.schemas.chain.SealSettlementBatch;
import io.coverclaims.schemas.chain.SettlementBatchSealed;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import okhttp3.OkHttpClient;

/**
 * The only signer: one thread that seals due batches, anchors sealed ones, confirms them, notices reorgs, and turns
 * the contract's logs into commands. Everything it knows comes from {@link ChainEventsView} (chain.events) and the
 * chain itself; its in-memory state (the transactions in flight) may be lost at any moment.
 *
 * <p>Per sealed batch, each pass: if nothing is in flight, ask the contract {@code isAnchored(batchId)}; if it is,
 * adopt the BatchAnchored log's transaction, otherwise send {@code anchorBatch} (nonce = the node's pending count,
 * EIP-1559 fees). Then poll the receipt; once {@code confirmations} blocks deep and its block is still the
 * canonical one at that height, record it (RecordAnchorReceipt → SettlementBatchAnchored). A receipt that vanishes
 * or moves to another block is a reorg (RecordAnchorReorg → AnchorReorged) and the batch goes through the same
 * steps again; confirmed anchors stay watched for {@code reorg-watch-depth} blocks. Node failures are retried with
 * exponential backoff; sealing (Kafka only) goes on meanwhile.
 */
@ApplicationScoped
public class AnchoringWorker {

    private static final Logger LOG = Logger.getLogger(AnchoringWorker.class);
    static final String DEPOSIT_TOPIC = EventEncoder.encode(ClaimsPool.CAPITALDEPOSITED_EVENT);
    static final String REDEEMED_TOPIC = EventEncoder.encode(ClaimsPool.PAYOUTREDEEMED_EVENT);
    static final String ANCHORED_TOPIC = EventEncoder.encode(ClaimsPool.BATCHANCHORED_EVENT);
    private static final int LOG_RANGE = 2_000;

    @Inject
    ChainConfig config;

    @Inject
    ChainEventsView view;

    @Inject
    CommandPublisher commands;

    /** A transaction in flight for a batch. */
    private static final class Inflight {
        final String txHash;
        final long since = System.nanoTime();
        TransactionReceipt seen;
        boolean reported;

        Inflight(String txHash) {
            this.txHash = txHash;
        }
    }

    private final Map<String, Inflight> inflight = new ConcurrentHashMap<>();
    private final Map<String, Long> sealRequested = new HashMap<>();
    private final Set<String> reorgsReported = new HashSet<>();
    private final Map<String, Long> notBefore = new HashMap<>();
    private long logCursor = -1;
    private volatile boolean chainIdChecked;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicBoolean crashAfterNextSend = new AtomicBoolean();
    private final AtomicLong anchorsSent = new AtomicLong();
    private final AtomicLong chainFailures = new AtomicLong();
    private volatile Thread thread;
    private volatile SigningKey key;
    private volatile Web3j web3j;
    private volatile TransactionSender sender;
    private volatile String lastChainError;

    void onStart(@Observes StartupEvent ignored) throws IOException {
        if (!config.enabled()) {
            LOG.info("coverclaims.chain.enabled=false: no anchoring, no log watching");
            return;
        }
        String rpcUrl = config.rpcUrl().orElseThrow(() -> new IllegalStateException("coverclaims.chain.rpc-url is not set"));
        config.contract().orElseThrow(() -> new IllegalStateException("coverclaims.chain.contract is not set"));
        key = SigningKey.load(config.signer().keyFile(), config.signer().keyEnv(), System::getenv);
        OkHttpClient http = new OkHttpClient.Builder()
                .callTimeout(config.rpcTimeout()).connectTimeout(config.rpcTimeout()).readTimeout(config.rpcTimeout())
                .build();
        // the polling interval is set explicitly: web3j's default (15 s) would make every wait a quarter minute
        web3j = Web3j.build(new HttpService(rpcUrl, http), config.pollInterval().toMillis(),
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "chain-bridge-web3j");
                    t.setDaemon(true);
                    return t;
                }));
        sender = new TransactionSender(web3j, key, config.chainId(), config.maxPriorityFeeWei(), config.baseFeeMultiplier());
        LOG.infof("chain bridge signs as %s, contract %s, %d confirmations", key.address(), config.contract().get(),
                config.confirmations());
        startThread();
    }

    void onStop(@Observes ShutdownEvent ignored) {
        stopThread();
        if (web3j != null) {
            web3j.shutdown();
        }
    }

    private synchronized void startThread() {
        running.set(true);
        thread = new Thread(this::loop, "chain-bridge-anchoring");
        thread.setDaemon(true);
        thread.start();
    }

    private synchronized void stopThread() {
        running.set(false);
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the worker, forgets everything it held in memory, and starts it again: what a process restart does. */
    public void restart() {
        stopThread();
        forget();
        startThread();
    }

    /** Test hook: the next anchoring transaction is sent, then the worker "crashes" (loses its memory). */
    void crashAfterNextSend() {
        crashAfterNextSend.set(true);
    }

    /** Test hook: holds the loop (nothing is sent or polled) until {@link #resume()}. */
    void pause() {
        paused.set(true);
    }

    void resume() {
        paused.set(false);
    }

    /** Test hook: whether the crash requested by {@link #crashAfterNextSend()} is still to happen. */
    boolean crashPending() {
        return crashAfterNextSend.get();
    }

    /** Test hook: whether the worker has seen a receipt of the batch's anchoring transaction (not yet confirmed). */
    boolean receiptSeen(String batchId) {
        Inflight f = inflight.get(batchId);
        return f != null && f.seen != null;
    }

    public long anchorsSent() {
        return anchorsSent.get();
    }

    public long chainFailures() {
        return chainFailures.get();
    }

    public Optional<String> signerAddress() {
        return Optional.ofNullable(key).map(SigningKey::address);
    }

    public Optional<String> lastChainError() {
        return Optional.ofNullable(lastChainError);
    }

    private void forget() {
        inflight.clear();
        synchronized (this) {
            sealRequested.clear();
            reorgsReported.clear();
            notBefore.clear();
            logCursor = -1;
        }
    }

    private void loop() {
        long backoff = config.backoffMin().toMillis();
        while (running.get()) {
            long wait = config.pollInterval().toMillis();
            if (!paused.get() && view.caughtUp()) {
                try {
                    sealDue();
                } catch (Exception e) {
                    LOG.warnf("sealing failed, will retry: %s", e.toString());
                }
                try {
                    chainPass();
                    backoff = config.backoffMin().toMillis();
                    lastChainError = null;
                } catch (SimulatedCrash crash) {
                    LOG.warn("simulated crash after sending: in-memory state dropped");
                    forget();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    chainFailures.incrementAndGet();
                    lastChainError = e.toString();
                    LOG.warnf("chain pass failed, retrying in %d ms: %s", backoff, e.toString());
                    wait = backoff;
                    backoff = Math.min(backoff * 2, config.backoffMax().toMillis());
                }
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    // ------------------------------------------------------------------ sealing (Kafka only)

    private void sealDue() throws Exception {
        long now = System.nanoTime();
        for (Map.Entry<String, long[]> entry : view.pendingByPool().entrySet()) {
            String poolId = entry.getKey();
            long count = entry.getValue()[0];
            long oldestSeen = entry.getValue()[1];
            boolean due = count >= config.batchSize() || now - oldestSeen >= config.batchMaxWait().toNanos();
            if (!due) {
                continue;
            }
            String batchId = BatchIds.batchId(poolId, view.sealedCount(poolId));
            Long requested;
            synchronized (this) {
                requested = sealRequested.get(batchId);
            }
            if (requested != null && now - requested < Duration.ofSeconds(5).toNanos()) {
                continue; // asked already; the sealed event is on its way
            }
            commands.send(SealSettlementBatch.newBuilder()
                    .setMetadata(CommandPublisher.metadata(poolId, "seal/" + batchId, batchId))
                    .setPoolId(poolId).setBatchId(batchId).setMaxLeaves(config.batchSize()).build());
            synchronized (this) {
                sealRequested.put(batchId, now);
            }
        }
    }

    // ------------------------------------------------------------------ the chain

    private void chainPass() throws Exception {
        if (!chainIdChecked) {
            long chainId = web3j.ethChainId().send().getChainId().longValueExact();
            if (chainId != config.chainId()) {
                throw new IOException("the node is on chain " + chainId + ", coverclaims.chain.chain-id is "
                        + config.chainId() + ": nothing is sent");
            }
            chainIdChecked = true;
        }
        long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        for (ChainEventsView.BatchView batch : view.batches()) {
            if (batch.status() == ChainEventsView.Status.SEALED) {
                anchor(batch, head);
            } else {
                inflight.remove(batch.batchId());
                watchAnchored(batch, head);
            }
        }
        watchLogs(head);
    }

    private void anchor(ChainEventsView.BatchView batch, long head) throws Exception {
        String batchId = batch.batchId();
        Inflight f = inflight.get(batchId);
        if (f == null) {
            Long wait = notBefore.get(batchId);
            if (wait != null && System.nanoTime() < wait) {
                return;
            }
            if (isAnchored(batchId)) {
                Optional<Log> anchoredLog = findAnchorLog(batchId);
                if (anchoredLog.isEmpty()) {
                    return; // the state says anchored, the log query lags: next pass
                }
                f = new Inflight(anchoredLog.get().getTransactionHash());
                LOG.infof("batch %s is already anchored on chain (tx %s): adopting it, nothing sent", batchId, f.txHash);
            } else {
                SettlementBatchSealed sealed = batch.sealed();
                String data = FunctionEncoder.encode(new Function("anchorBatch", List.<Type>of(
                        new Bytes32(BatchIds.bytes32(batchId)), new Bytes32(BatchIds.bytes32(sealed.getMerkleRoot())),
                        new Uint32(sealed.getLeafCount()), new Uint256(sealed.getTotalAmount())), List.of()));
                TransactionSender.Sent sent = sender.send(config.contract().get(), data,
                        BigInteger.valueOf(config.anchorGasLimit()));
                anchorsSent.incrementAndGet();
                f = new Inflight(sent.txHash());
                LOG.infof("batch %s (%d leaves, attempt %d) anchoring in tx %s, nonce %s", batchId,
                        sealed.getLeafCount(), batch.attempt(), sent.txHash(), sent.nonce());
                if (crashAfterNextSend.compareAndSet(true, false)) {
                    throw new SimulatedCrash();
                }
            }
            inflight.put(batchId, f);
        }
        if (f.reported) {
            return; // waiting for SettlementBatchAnchored
        }
        TransactionReceipt receipt = web3j.ethGetTransactionReceipt(f.txHash).send().getTransactionReceipt().orElse(null);
        if (receipt == null) {
            if (f.seen != null) {
                reportReorg(batch, f.txHash, f.seen.getBlockNumber().longValueExact(), f.seen.getBlockHash());
                inflight.remove(batchId);
            } else if (System.nanoTime() - f.since > config.resubmitAfter().toNanos()
                    && web3j.ethGetTransactionByHash(f.txHash).send().getTransaction().isEmpty()) {
                LOG.warnf("tx %s of batch %s was dropped: anchoring again", f.txHash, batchId);
                inflight.remove(batchId);
            }
            return;
        }
        if (f.seen != null && !f.seen.getBlockHash().equals(receipt.getBlockHash())) {
            reportReorg(batch, f.txHash, f.seen.getBlockNumber().longValueExact(), f.seen.getBlockHash());
        }
        f.seen = receipt;
        long block = receipt.getBlockNumber().longValueExact();
        if (!receipt.isStatusOK()) {
            commands.send(receiptCommand(batch, receipt, 0, false));
            inflight.remove(batchId);
            notBefore.put(batchId, System.nanoTime() + config.resubmitAfter().toNanos());
            LOG.warnf("anchoring tx %s of batch %s reverted", f.txHash, batchId);
            return;
        }
        int confirmations = (int) (head - block + 1);
        if (confirmations < config.confirmations()) {
            return;
        }
        if (!canonical(block, receipt.getBlockHash())) {
            reportReorg(batch, f.txHash, block, receipt.getBlockHash());
            inflight.remove(batchId);
            return;
        }
        commands.send(receiptCommand(batch, receipt, config.confirmations(), true));
        f.reported = true;
        LOG.infof("batch %s anchored in block %d (%s), %d confirmations", batchId, block, receipt.getBlockHash(),
                config.confirmations());
    }

    private void watchAnchored(ChainEventsView.BatchView batch, long head) throws Exception {
        if (head - batch.blockNumber() >= config.reorgWatchDepth()) {
            return;
        }
        if (!canonical(batch.blockNumber(), batch.blockHash())) {
            reportReorg(batch, batch.txHash(), batch.blockNumber(), batch.blockHash());
        }
    }

    private boolean canonical(long blockNumber, String blockHash) throws IOException {
        EthBlock.Block block = web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(blockNumber)),
                false).send().getBlock();
        return block != null && blockHash.equalsIgnoreCase(block.getHash());
    }

    private void reportReorg(ChainEventsView.BatchView batch, String txHash, long blockNumber, String blockHash)
            throws Exception {
        String seed = "reorg/" + batch.batchId() + "/" + blockHash;
        synchronized (this) {
            if (!reorgsReported.add(seed)) {
                return;
            }
        }
        LOG.warnf("block %d (%s) holding the anchor of batch %s is no longer canonical: anchoring again", blockNumber,
                blockHash, batch.batchId());
        String poolId = batch.sealed().getPoolId();
        commands.send(RecordAnchorReorg.newBuilder()
                .setMetadata(CommandPublisher.metadata(poolId, seed, batch.batchId()))
                .setBatchId(batch.batchId()).setTxHash(txHash).setBlockNumber(blockNumber)
                .setOrphanedBlockHash(blockHash).build());
    }

    private RecordAnchorReceipt receiptCommand(ChainEventsView.BatchView batch, TransactionReceipt receipt,
                                               int confirmations, boolean success) {
        String poolId = batch.sealed().getPoolId();
        BigInteger price = receipt.getEffectiveGasPrice() == null ? BigInteger.ZERO
                : Numeric.decodeQuantity(receipt.getEffectiveGasPrice());
        return RecordAnchorReceipt.newBuilder()
                .setMetadata(CommandPublisher.metadata(poolId,
                        "receipt/" + batch.batchId() + "/" + receipt.getTransactionHash() + "/" + receipt.getBlockHash(),
                        batch.batchId()))
                .setBatchId(batch.batchId()).setTxHash(receipt.getTransactionHash())
                .setBlockNumber(receipt.getBlockNumber().longValueExact()).setBlockHash(receipt.getBlockHash())
                .setGasUsed(receipt.getGasUsed().longValueExact()).setEffectiveGasPriceWei(price.longValueExact())
                .setSuccess(success).setConfirmations(confirmations).build();
    }

    private boolean isAnchored(String batchId) throws IOException {
        Function function = new Function("isAnchored", List.<Type>of(new Bytes32(BatchIds.bytes32(batchId))),
                List.<TypeReference<?>>of(new TypeReference<Bool>() { }));
        EthCall call = web3j.ethCall(Transaction.createEthCallTransaction(sender.address(), config.contract().get(),
                FunctionEncoder.encode(function)), DefaultBlockParameterName.LATEST).send();
        if (call.hasError()) {
            throw new IOException("isAnchored failed: " + call.getError().getMessage());
        }
        @SuppressWarnings("rawtypes")
        List<Type> values = FunctionReturnDecoder.decode(call.getValue(), function.getOutputParameters());
        return !values.isEmpty() && ((Bool) values.get(0)).getValue();
    }

    private Optional<Log> findAnchorLog(String batchId) throws IOException {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(config.startBlock())),
                DefaultBlockParameterName.LATEST, config.contract().get());
        filter.addSingleTopic(ANCHORED_TOPIC);
        filter.addSingleTopic(batchId);
        EthLog answer = web3j.ethGetLogs(filter).send();
        if (answer.hasError()) {
            throw new IOException("eth_getLogs failed: " + answer.getError().getMessage());
        }
        return answer.getLogs().stream().map(result -> (Log) result.get()).reduce((first, second) -> second);
    }

    // ------------------------------------------------------------------ the contract's logs

    private void watchLogs(long head) throws Exception {
        long safe = head - (config.confirmations() - 1);
        if (logCursor < 0) {
            long last = view.lastLogBlock();
            // the block of the last observed log is read again: its logs are decided once (command ids, aggregates)
            logCursor = Math.max(config.startBlock(), last);
        }
        while (logCursor <= safe) {
            long to = Math.min(safe, logCursor + LOG_RANGE - 1);
            EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(logCursor)),
                    DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), config.contract().get());
            filter.addOptionalTopics(DEPOSIT_TOPIC, REDEEMED_TOPIC);
            EthLog answer = web3j.ethGetLogs(filter).send();
            if (answer.hasError()) {
                throw new IOException("eth_getLogs failed: " + answer.getError().getMessage());
            }
            for (EthLog.LogResult<?> result : answer.getLogs()) {
                Log log = (Log) result.get();
                if (log.isRemoved()) {
                    continue;
                }
                int confirmations = (int) (head - log.getBlockNumber().longValueExact() + 1);
                String topic = log.getTopics().get(0);
                if (DEPOSIT_TOPIC.equals(topic)) {
                    deposit(log, confirmations);
                } else if (REDEEMED_TOPIC.equals(topic)) {
                    redemption(log, confirmations);
                }
            }
            logCursor = to + 1;
        }
    }

    private void deposit(Log log, int confirmations) throws Exception {
        ClaimsPool.CapitalDepositedEventResponse deposit = ClaimsPool.getCapitalDepositedEventFromLog(log);
        long logIndex = log.getLogIndex().longValueExact();
        String aggregateId = ObservedDeposit.aggregateId(log.getTransactionHash(), logIndex);
        commands.send(RecordOnChainDeposit.newBuilder()
                .setMetadata(CommandPublisher.metadata(aggregateId, "deposit/" + aggregateId, log.getTransactionHash()))
                .setChainId(config.chainId()).setTxHash(log.getTransactionHash()).setLogIndex((int) logIndex)
                .setBlockNumber(log.getBlockNumber().longValueExact()).setBlockHash(log.getBlockHash())
                .setContract(config.contract().get()).setPoolId(config.poolId()).setDepositor(deposit.provider)
                .setAmount(deposit.amount.longValueExact()).setAsset(config.asset())
                .setConfirmations(confirmations).build());
    }

    private void redemption(Log log, int confirmations) throws Exception {
        ClaimsPool.PayoutRedeemedEventResponse redeemed = ClaimsPool.getPayoutRedeemedEventFromLog(log);
        String batchId = Numeric.toHexString(redeemed.batchId);
        Optional<ChainEventsView.BatchView> batch = view.batch(batchId);
        Optional<Integer> leafIndex = view.leafIndex(batchId, redeemed.claimId);
        if (batch.isEmpty() || leafIndex.isEmpty()) {
            LOG.warnf("redemption of unknown leaf (batch %s, claim %s) in tx %s: ignored", batchId,
                    Arrays.toString(redeemed.claimId), log.getTransactionHash());
            return;
        }
        String poolId = batch.get().sealed().getPoolId();
        long logIndex = log.getLogIndex().longValueExact();
        commands.send(RecordRedemption.newBuilder()
                .setMetadata(CommandPublisher.metadata(poolId,
                        "redemption/" + log.getTransactionHash() + ":" + logIndex, batchId))
                .setBatchId(batchId).setLeafIndex(leafIndex.get()).setRecipient(redeemed.claimant)
                .setAmount(redeemed.amount.longValueExact()).setTxHash(log.getTransactionHash())
                .setLogIndex((int) logIndex).setBlockNumber(log.getBlockNumber().longValueExact())
                .setBlockHash(log.getBlockHash()).setConfirmations(confirmations).build());
    }

    /** Thrown by the crash test hook right after a transaction was sent. */
    private static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash() {
            super("simulated crash", null, false, false);
        }
    }
}
