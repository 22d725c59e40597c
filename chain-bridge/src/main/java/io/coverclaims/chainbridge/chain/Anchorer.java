package io.coverclaims.chainbridge.chain;

import io.coverclaims.chainbridge.contracts.ClaimsPool;
import io.coverclaims.chainbridge.domain.poolcontract.PoolPauseFlag;
import io.coverclaims.chainbridge.domain.settlement.BatchIds;
import io.coverclaims.chainbridge.domain.settlement.SettlementCommand.RecordAnchorReceipt;
import io.coverclaims.chainbridge.domain.settlement.SettlementCommand.RecordAnchorReorg;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementBatchSealed;
import io.coverclaims.chainbridge.view.ChainEventsView;
import java.io.IOException;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
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
import org.web3j.abi.datatypes.generated.Uint8;
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
import org.web3j.utils.Numeric;

/**
 * Anchoring: per sealed batch, if nothing is in flight, ask the contract {@code isAnchored(batchId)}; if it is, adopt
 * the BatchAnchored log's transaction, otherwise send {@code anchorBatch} (nonce = the node's pending count, EIP-1559
 * fees). Then poll the receipt; once {@code confirmations} blocks deep and its block is still the canonical one at
 * that height, record it (RecordAnchorReceipt → SettlementBatchAnchored). A receipt that vanishes or moves to another
 * block is a reorg (RecordAnchorReorg → AnchorReorged) and the batch goes through the same steps again; confirmed
 * anchors stay watched for {@code reorg-watch-depth} blocks. Its memory (the transactions in flight) may be lost at
 * any moment: the batch id is fixed before anything is sent, and {@code isAnchored} is asked before every send.
 */
final class Anchorer {

    private static final Logger LOG = Logger.getLogger(AnchoringWorker.class);
    static final String ANCHORED_TOPIC = EventEncoder.encode(ClaimsPool.BATCHANCHORED_EVENT);

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

    private final ChainConfig config;
    private final ChainEventsView view;
    private final CommandPublisher commands;
    private final Web3j web3j;
    private final TransactionSender sender;
    private final AnchoringFaults faults;
    private final AtomicLong anchorsSent;
    private final Map<String, Inflight> inflight = new HashMap<>();
    private final Set<String> reorgsReported = new HashSet<>();
    private final Map<String, Long> notBefore = new HashMap<>();
    private final Supplier<Optional<String>> governanceHold;
    private String holdLogged;

    Anchorer(
            ChainConfig config,
            ChainEventsView view,
            CommandPublisher commands,
            Web3j web3j,
            TransactionSender sender,
            AnchoringFaults faults,
            AtomicLong anchorsSent,
            Supplier<Optional<String>> governanceHold) {
        this.config = config;
        this.view = view;
        this.commands = commands;
        this.web3j = web3j;
        this.sender = sender;
        this.faults = faults;
        this.anchorsSent = anchorsSent;
        this.governanceHold = governanceHold;
    }

    /** One pass over the batches still to anchor or to watch for reorgs, at chain height {@code head}. */
    void pass(long head) throws Exception {
        Set<String> sealed = new HashSet<>();
        for (ChainEventsView.BatchView batch : view.batchesToWatch(head - config.reorgWatchDepth() + 1)) {
            if (batch.status() == ChainEventsView.Status.SEALED) {
                sealed.add(batch.batchId());
                anchor(batch, head);
            } else {
                watchAnchored(batch, head);
            }
        }
        inflight.keySet().retainAll(sealed); // an anchored batch needs no transaction of ours any more
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
                LOG.infof(
                        "batch %s is already anchored on chain (tx %s): adopting it, nothing sent", batchId, f.txHash);
            } else {
                Optional<String> hold = hold();
                if (hold.isPresent()) {
                    if (!hold.get().equals(holdLogged)) {
                        LOG.infof("anchoring held, batch %s waits: %s", batchId, hold.get());
                        holdLogged = hold.get();
                    }
                    return; // nothing sent; the batch is anchored after the unpause
                }
                holdLogged = null;
                SettlementBatchSealed sealed = batch.sealed();
                String data = FunctionEncoder.encode(new Function(
                        "anchorBatch",
                        List.<Type>of(
                                new Bytes32(BatchIds.bytes32(batchId)),
                                        new Bytes32(BatchIds.bytes32(sealed.merkleRoot())),
                                new Uint32(sealed.leafCount()),
                                        new Uint256(sealed.totalAmount().value())),
                        List.of()));
                TransactionSender.Sent sent =
                        sender.send(config.contract().get(), data, BigInteger.valueOf(config.anchorGasLimit()));
                anchorsSent.incrementAndGet();
                f = new Inflight(sent.txHash());
                LOG.infof(
                        "batch %s (%d leaves, attempt %d) anchoring in tx %s, nonce %s",
                        batchId, sealed.leafCount(), batch.attempt(), sent.txHash(), sent.nonce());
                faults.anchorSent(batchId, sent.txHash());
            }
            inflight.put(batchId, f);
        }
        if (f.reported) {
            return; // waiting for SettlementBatchAnchored
        }
        TransactionReceipt receipt = web3j.ethGetTransactionReceipt(f.txHash)
                .send()
                .getTransactionReceipt()
                .orElse(null);
        if (receipt == null) {
            if (f.seen != null) {
                reportReorg(batch, f.txHash, f.seen.getBlockNumber().longValueExact(), f.seen.getBlockHash());
                inflight.remove(batchId);
            } else if (System.nanoTime() - f.since > config.resubmitAfter().toNanos()
                    && web3j.ethGetTransactionByHash(f.txHash)
                            .send()
                            .getTransaction()
                            .isEmpty()) {
                LOG.warnf("tx %s of batch %s was dropped: anchoring again", f.txHash, batchId);
                inflight.remove(batchId);
            }
            return;
        }
        if (f.seen != null && !f.seen.getBlockHash().equals(receipt.getBlockHash())) {
            reportReorg(batch, f.txHash, f.seen.getBlockNumber().longValueExact(), f.seen.getBlockHash());
        }
        f.seen = receipt;
        faults.receiptSeen(batchId, f.txHash);
        long block = receipt.getBlockNumber().longValueExact();
        if (!receipt.isStatusOK()) {
            sendReceipt(batch, receipt, 0, false);
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
        sendReceipt(batch, receipt, config.confirmations(), true);
        f.reported = true;
        LOG.infof(
                "batch %s anchored in block %d (%s), %d confirmations",
                batchId, block, receipt.getBlockHash(), config.confirmations());
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
        EthBlock.Block block = web3j.ethGetBlockByNumber(
                        DefaultBlockParameter.valueOf(BigInteger.valueOf(blockNumber)), false)
                .send()
                .getBlock();
        return block != null && blockHash.equalsIgnoreCase(block.getHash());
    }

    private void reportReorg(ChainEventsView.BatchView batch, String txHash, long blockNumber, String blockHash)
            throws Exception {
        String seed = "reorg/" + batch.batchId() + "/" + blockHash;
        if (!reorgsReported.add(seed)) {
            return;
        }
        LOG.warnf(
                "block %d (%s) holding the anchor of batch %s is no longer canonical: anchoring again",
                blockNumber, blockHash, batch.batchId());
        commands.send(
                new RecordAnchorReorg(batch.sealed().poolId(), batch.batchId(), txHash, blockNumber, blockHash),
                seed,
                batch.batchId());
    }

    private void sendReceipt(
            ChainEventsView.BatchView batch, TransactionReceipt receipt, int confirmations, boolean success)
            throws Exception {
        BigInteger price = receipt.getEffectiveGasPrice() == null
                ? BigInteger.ZERO
                : Numeric.decodeQuantity(receipt.getEffectiveGasPrice());
        commands.send(
                new RecordAnchorReceipt(
                        batch.sealed().poolId(),
                        batch.batchId(),
                        receipt.getTransactionHash(),
                        receipt.getBlockNumber().longValueExact(),
                        receipt.getBlockHash(),
                        receipt.getGasUsed().longValueExact(),
                        price.longValueExact(),
                        success,
                        confirmations),
                "receipt/" + batch.batchId() + "/" + receipt.getTransactionHash() + "/" + receipt.getBlockHash(),
                batch.batchId());
    }

    /**
     * Why no anchoring transaction may be sent now: governance paused SETTLEMENT or GLOBAL, or the contract's
     * ANCHORING or ALL flag is set (a guardian acting on chain directly). Empty: anchoring may go on.
     */
    private Optional<String> hold() throws IOException {
        Optional<String> governance = governanceHold.get();
        if (governance.isPresent()) {
            return governance;
        }
        Function function = new Function(
                "isPaused",
                List.<Type>of(new Uint8(PoolPauseFlag.ANCHORING.bit())),
                List.<TypeReference<?>>of(new TypeReference<Bool>() {}));
        EthCall call = web3j.ethCall(
                        Transaction.createEthCallTransaction(
                                sender.address(), config.contract().get(), FunctionEncoder.encode(function)),
                        DefaultBlockParameterName.LATEST)
                .send();
        if (call.hasError()) {
            throw new IOException("isPaused failed: " + call.getError().getMessage());
        }
        @SuppressWarnings("rawtypes")
        List<Type> values = FunctionReturnDecoder.decode(call.getValue(), function.getOutputParameters());
        if (!values.isEmpty() && ((Bool) values.get(0)).getValue()) {
            return Optional.of("the pool contract's anchoring is paused on chain");
        }
        return Optional.empty();
    }

    private boolean isAnchored(String batchId) throws IOException {
        Function function = new Function(
                "isAnchored",
                List.<Type>of(new Bytes32(BatchIds.bytes32(batchId))),
                List.<TypeReference<?>>of(new TypeReference<Bool>() {}));
        EthCall call = web3j.ethCall(
                        Transaction.createEthCallTransaction(
                                sender.address(), config.contract().get(), FunctionEncoder.encode(function)),
                        DefaultBlockParameterName.LATEST)
                .send();
        if (call.hasError()) {
            throw new IOException("isAnchored failed: " + call.getError().getMessage());
        }
        @SuppressWarnings("rawtypes")
        List<Type> values = FunctionReturnDecoder.decode(call.getValue(), function.getOutputParameters());
        return !values.isEmpty() && ((Bool) values.get(0)).getValue();
    }

    private Optional<Log> findAnchorLog(String batchId) throws IOException {
        EthFilter filter = new EthFilter(
                DefaultBlockParameter.valueOf(BigInteger.valueOf(config.startBlock())),
                DefaultBlockParameterName.LATEST,
                config.contract().get());
        filter.addSingleTopic(ANCHORED_TOPIC);
        filter.addSingleTopic(batchId);
        EthLog answer = web3j.ethGetLogs(filter).send();
        if (answer.hasError()) {
            throw new IOException("eth_getLogs failed: " + answer.getError().getMessage());
        }
        return answer.getLogs().stream().map(result -> (Log) result.get()).reduce((first, second) -> second);
    }
}
