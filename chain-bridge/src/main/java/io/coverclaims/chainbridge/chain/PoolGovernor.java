package io.coverclaims.chainbridge.chain;

import io.coverclaims.chainbridge.domain.poolcontract.PoolContractCommand.RecordPoolContractUpgrade;
import io.coverclaims.chainbridge.domain.poolcontract.PoolContractCommand.RecordPoolContractUpgradeFailure;
import io.coverclaims.chainbridge.domain.poolcontract.PoolContractCommand.RecordPoolPauseMirrored;
import io.coverclaims.chainbridge.domain.poolcontract.PoolContractDecider;
import io.coverclaims.chainbridge.domain.poolcontract.PoolPauseFlag;
import io.coverclaims.chainbridge.view.ChainEventsView;
import io.coverclaims.chainbridge.view.GovernanceView;
import io.coverclaims.platform.ids.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
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
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * The governance executor: carries governance.events out on the pool contract, with the bridge's key (which holds
 * the contract's GUARDIAN_ROLE and UPGRADER_ROLE), on a thread of its own beside the anchoring worker (one
 * {@link TransactionSender}: one nonce sequence).
 *
 * <ul>
 *   <li><b>Pause mirror</b>: for each governance flag with an on-chain counterpart (POOLS → DEPOSITS, SETTLEMENT →
 *       ANCHORING, PAYOUTS → REDEMPTION, GLOBAL → ALL; {@link GovernanceView}, scope-less flags only) whose last
 *       change is not reported yet, read the contract's {@code pausedFlags()}; if it differs, send
 *       {@code setPaused(flag, paused)} and wait for its receipt. Once the state is {@code confirmations} deep (the
 *       transaction that made it: the one sent, or the contract's last {@code PauseFlagSet} log of the flag), report
 *       it: RecordPoolPauseMirrored → PoolPauseMirrored, once per request and state. Each governance change is
 *       carried out once: a flag governance never set, or one a guardian changed on chain after governance's last
 *       change was reported, is left alone.
 *   <li><b>Upgrades</b>: for each {@code UPGRADE_POOL_CONTRACT} action of an executed proposal naming the configured
 *       contract, in execution order, one at a time: if the ERC-1967 implementation slot already holds the new
 *       implementation, adopt the {@code Upgraded} log that put it there; otherwise check the implementation has code
 *       (else PoolContractUpgradeFailed NO_CODE) and send {@code upgradeToAndCall(implementation, "")} (reverted:
 *       REVERTED). Confirmed → RecordPoolContractUpgrade → PoolContractUpgraded, once per proposal.
 * </ul>
 *
 * <p>What it remembers (the transactions it sent) may be lost at any moment: every pass starts from the contract's
 * state and chain.events, so a restart neither sends twice nor reports twice.
 */
@ApplicationScoped
public class PoolGovernor {

    private static final Logger LOG = Logger.getLogger(PoolGovernor.class);

    /** ERC-1967: {@code bytes32(uint256(keccak256("eip1967.proxy.implementation")) - 1)}. */
    public static final String IMPLEMENTATION_SLOT =
            "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";

    static final Event PAUSE_FLAG_SET = new Event(
            "PauseFlagSet",
            List.of(
                    new TypeReference<Uint8>(true) {},
                    new TypeReference<Bool>() {},
                    new TypeReference<Address>(true) {}));

    static final Event UPGRADED = new Event("Upgraded", List.of(new TypeReference<Address>(true) {}));

    @Inject
    ChainConfig config;

    @Inject
    GovernanceView governance;

    @Inject
    ChainEventsView view;

    @Inject
    CommandPublisher commands;

    /** A transaction this instance sent for a flag or a proposal, not yet reported. */
    private record Sent(String txHash, String requestId, boolean paused) {}

    private final AtomicLong transactionsSent = new AtomicLong();
    private final Map<PoolPauseFlag, Sent> pauseSent = new EnumMap<>(PoolPauseFlag.class);
    private final Map<String, String> upgradeSent = new HashMap<>();
    private final Set<String> reported = new HashSet<>();
    private final Set<String> ignored = new HashSet<>();
    private volatile ChainWorker worker;
    private volatile Web3j web3j;
    private volatile TransactionSender sender;
    private volatile String contract;
    private volatile Duration lastPauseLatency;

    /** Starts the executor on the anchoring worker's node connection and sender. */
    void start(Web3j web3j, TransactionSender sender) {
        this.web3j = web3j;
        this.sender = sender;
        this.contract = Ids.canonical(config.contract().orElseThrow());
        worker = new ChainWorker(
                "chain-bridge-governance",
                config.pollInterval(),
                config,
                () -> governance.ready() && view.caughtUp(),
                this::pass);
        worker.start();
    }

    void stop() {
        if (worker != null) {
            worker.stop();
        }
    }

    /** Stops, forgets what it sent, starts again: what a process restart does. */
    public void restart() {
        worker.stop();
        pauseSent.clear();
        upgradeSent.clear();
        reported.clear();
        worker.start();
    }

    public long transactionsSent() {
        return transactionsSent.get();
    }

    public long failures() {
        return worker == null ? 0 : worker.failures();
    }

    public Optional<String> lastError() {
        return worker == null ? Optional.empty() : worker.lastError();
    }

    /** From the last PauseFlagChanged this instance applied to the time its transaction's receipt was seen. */
    public Optional<Duration> lastPauseLatency() {
        return Optional.ofNullable(lastPauseLatency);
    }

    /** One pass; only the executor's thread runs it. */
    private void pass() throws Exception {
        mirrorPauses();
        upgrade();
    }

    // ------------------------------------------------------------------------------------------ pause mirror

    private void mirrorPauses() throws Exception {
        Integer flags = null;
        for (PoolPauseFlag flag : PoolPauseFlag.mirrored()) {
            Optional<GovernanceView.Pause> wanted = governance.pause(flag.governanceFlag());
            if (wanted.isEmpty() || reported(flag, wanted.get())) {
                continue; // governance never set it, or its last change is carried out and reported: left alone
            }
            GovernanceView.Pause pause = wanted.get();
            if (flags == null) {
                flags = pausedFlags(DefaultBlockParameterName.LATEST);
            }
            if (flag.isSetIn(flags) != pause.paused()) {
                flags = apply(flag, pause);
            }
            report(flag, pause);
        }
    }

    private static String seed(String contract, PoolPauseFlag flag, GovernanceView.Pause pause) {
        return "pause-mirrored/" + contract + "/" + flag + "/" + pause.requestId() + "/" + pause.paused();
    }

    /** Whether governance's last change of the flag was reported mirrored (chain.events, or by this instance). */
    private boolean reported(PoolPauseFlag flag, GovernanceView.Pause pause) {
        return reported.contains(seed(contract, flag, pause))
                || view.mirrored(contract, flag)
                        .filter(m -> m.requestId().equals(pause.requestId()) && m.paused() == pause.paused())
                        .isPresent();
    }

    /** Sends setPaused for the flag and waits for its receipt; the contract's flags after it. */
    private int apply(PoolPauseFlag flag, GovernanceView.Pause pause) throws Exception {
        String data = FunctionEncoder.encode(
                new Function("setPaused", List.<Type>of(new Uint8(flag.bit()), new Bool(pause.paused())), List.of()));
        TransactionSender.Sent sent = sender.send(contract, data, BigInteger.valueOf(config.governanceGasLimit()));
        transactionsSent.incrementAndGet();
        LOG.infof(
                "governance %s %s (request %s): setPaused(%s, %s) in tx %s, nonce %s",
                pause.flag(),
                pause.paused() ? "paused" : "resumed",
                pause.requestId(),
                flag,
                pause.paused(),
                sent.txHash(),
                sent.nonce());
        TransactionReceipt receipt = awaitReceipt(sent.txHash());
        if (!receipt.isStatusOK()) {
            throw new IOException("setPaused(" + flag + ", " + pause.paused() + ") reverted in " + sent.txHash()
                    + ": does the bridge's key hold the pool's GUARDIAN_ROLE?");
        }
        Duration latency = Duration.between(pause.changedAt(), Instant.now());
        lastPauseLatency = latency;
        LOG.infof(
                "pool contract flag %s %s in block %s, %d ms after governance's PauseFlagChanged",
                flag, pause.paused() ? "set" : "cleared", receipt.getBlockNumber(), latency.toMillis());
        pauseSent.put(flag, new Sent(sent.txHash(), pause.requestId(), pause.paused()));
        return pausedFlags(DefaultBlockParameterName.LATEST);
    }

    /** Reports the flag's state once it is {@code confirmations} deep, unless chain.events already has it. */
    private void report(PoolPauseFlag flag, GovernanceView.Pause pause) throws Exception {
        String seed = seed(contract, flag, pause);
        long head = head();
        long deepest = head - config.confirmations() + 1;
        Sent mine = pauseSent.get(flag);
        String txHash;
        boolean sentByUs;
        if (mine != null && mine.requestId().equals(pause.requestId()) && mine.paused() == pause.paused()) {
            txHash = mine.txHash();
            sentByUs = true;
        } else {
            Optional<Log> last = lastPauseLog(flag);
            txHash = last.filter(log -> pausedIn(log) == pause.paused())
                    .map(Log::getTransactionHash)
                    .orElse(null);
            sentByUs = false;
            if (last.isPresent() && txHash == null) {
                return; // the last change on chain is the other way: apply() sends on the next pass
            }
        }
        long block;
        if (txHash != null) {
            Optional<TransactionReceipt> receipt = receipt(txHash);
            if (receipt.isEmpty()) {
                pauseSent.remove(flag); // reorged away or dropped: the next pass starts from the contract again
                return;
            }
            Optional<Long> confirmed = confirmedBlock(receipt.get(), head);
            if (confirmed.isEmpty()) {
                return; // not deep enough yet: next pass
            }
            block = confirmed.get();
        } else {
            block = Math.max(0, deepest);
        }
        int flags =
                pausedFlags(DefaultBlockParameter.valueOf(BigInteger.valueOf(Math.max(block, Math.max(0, deepest)))));
        if (flag.isSetIn(flags) != pause.paused()) {
            return; // the confirmed state is not (yet) governance's: next pass
        }
        commands.send(
                new RecordPoolPauseMirrored(
                        PoolContractDecider.aggregateId(contract),
                        contract,
                        flag,
                        pause.paused(),
                        flag.governanceFlag(),
                        pause.requestId(),
                        pause.changedAt(),
                        txHash,
                        block,
                        config.confirmations(),
                        flags,
                        sentByUs),
                seed,
                pause.requestId());
        reported.add(seed);
        if (sentByUs) {
            pauseSent.remove(flag);
        }
        LOG.infof(
                "pool contract flag %s reported %s (request %s, tx %s, block %d, flags %d)",
                flag, pause.paused() ? "paused" : "active", pause.requestId(), txHash, block, flags);
    }

    // ---------------------------------------------------------------------------------------------- upgrades

    private void upgrade() throws Exception {
        for (GovernanceView.Upgrade order : governance.upgrades()) {
            String key = order.proposalId() + "/" + order.action();
            if (!order.proxy().equals(contract)) {
                if (ignored.add(key)) {
                    LOG.infof(
                            "proposal %s upgrades %s, not this bridge's contract %s: ignored",
                            order.proposalId(), order.proxy(), contract);
                }
                continue;
            }
            if (reported.contains("upgrade/" + key)
                    || view.upgradeOutcome(contract, order.proposalId()).isPresent()) {
                continue;
            }
            carryOut(order, key);
            return; // one upgrade at a time, in execution order
        }
    }

    private void carryOut(GovernanceView.Upgrade order, String key) throws Exception {
        String implementation = order.implementation();
        String seed = "upgrade/" + contract + "/" + key;
        String txHash = upgradeSent.get(key);
        String previous;
        if (txHash == null) {
            String current = implementationAt(DefaultBlockParameterName.LATEST);
            if (current.equals(implementation)) {
                Optional<Log> log = lastUpgradedLog(implementation);
                if (log.isEmpty()) {
                    return; // the state says upgraded, the log query lags: next pass
                }
                txHash = log.get().getTransactionHash();
                upgradeSent.put(key, txHash);
                LOG.infof(
                        "proposal %s: the pool already runs %s (tx %s): adopted, nothing sent",
                        order.proposalId(), implementation, txHash);
            } else {
                if (!Ids.isAddress(implementation) || !hasCode(implementation)) {
                    fail(order, seed, PoolContractDecider.NO_CODE, "no contract at " + implementation, null);
                    return;
                }
                String data = FunctionEncoder.encode(new Function(
                        "upgradeToAndCall",
                        List.<Type>of(new Address(implementation), new DynamicBytes(new byte[0])),
                        List.of()));
                TransactionSender.Sent sent =
                        sender.send(contract, data, BigInteger.valueOf(config.governanceGasLimit()));
                transactionsSent.incrementAndGet();
                txHash = sent.txHash();
                upgradeSent.put(key, txHash);
                LOG.infof(
                        "proposal %s: upgradeToAndCall(%s) from %s in tx %s, nonce %s",
                        order.proposalId(), implementation, current, txHash, sent.nonce());
                TransactionReceipt receipt = awaitReceipt(txHash);
                if (!receipt.isStatusOK()) {
                    upgradeSent.remove(key);
                    fail(
                            order,
                            seed,
                            PoolContractDecider.REVERTED,
                            "upgradeToAndCall(" + implementation + ") reverted: not a UUPS implementation, or the"
                                    + " bridge's key lacks UPGRADER_ROLE",
                            txHash);
                    return;
                }
            }
        }
        long head = head();
        Optional<TransactionReceipt> receipt = receipt(txHash);
        if (receipt.isEmpty()) {
            upgradeSent.remove(key); // reorged away or dropped: the next pass reads the slot again
            return;
        }
        Optional<Long> confirmed = confirmedBlock(receipt.get(), head);
        if (confirmed.isEmpty()) {
            return;
        }
        long block = confirmed.get();
        previous = implementationAt(DefaultBlockParameter.valueOf(BigInteger.valueOf(block - 1)));
        String now = implementationAt(DefaultBlockParameter.valueOf(BigInteger.valueOf(block)));
        if (!now.equals(implementation)) {
            upgradeSent.remove(key);
            return; // that block does not hold the upgrade (another transaction of the block?): look again
        }
        commands.send(
                new RecordPoolContractUpgrade(
                        PoolContractDecider.aggregateId(contract),
                        order.proposalId(),
                        contract,
                        previous,
                        implementation,
                        txHash,
                        block,
                        config.confirmations()),
                seed,
                order.proposalId());
        reported.add("upgrade/" + key);
        upgradeSent.remove(key);
        LOG.infof(
                "proposal %s: the pool %s runs %s (was %s), block %d",
                order.proposalId(), contract, implementation, previous, block);
    }

    private void fail(GovernanceView.Upgrade order, String seed, String code, String reason, String txHash)
            throws Exception {
        LOG.warnf("proposal %s: upgrade of %s not carried out: %s", order.proposalId(), contract, reason);
        commands.send(
                new RecordPoolContractUpgradeFailure(
                        PoolContractDecider.aggregateId(contract),
                        order.proposalId(),
                        contract,
                        order.implementation(),
                        code,
                        reason,
                        txHash),
                seed,
                order.proposalId());
        reported.add("upgrade/" + order.proposalId() + "/" + order.action());
    }

    // -------------------------------------------------------------------------------------------- chain reads

    private TransactionReceipt awaitReceipt(String txHash) throws IOException, TransactionException {
        long poll = Math.max(1, config.pollInterval().toMillis());
        int attempts = (int) Math.max(1, config.resubmitAfter().toMillis() / poll);
        return new PollingTransactionReceiptProcessor(web3j, poll, attempts).waitForTransactionReceipt(txHash);
    }

    private Optional<TransactionReceipt> receipt(String txHash) throws IOException {
        return web3j.ethGetTransactionReceipt(txHash).send().getTransactionReceipt();
    }

    /** The block of a receipt if it is {@code confirmations} deep and still canonical. */
    private Optional<Long> confirmedBlock(TransactionReceipt receipt, long head) throws IOException {
        long block = receipt.getBlockNumber().longValueExact();
        if (head - block + 1 < config.confirmations()) {
            return Optional.empty();
        }
        EthBlock.Block canonical = web3j.ethGetBlockByNumber(
                        DefaultBlockParameter.valueOf(BigInteger.valueOf(block)), false)
                .send()
                .getBlock();
        if (canonical == null || !canonical.getHash().equalsIgnoreCase(receipt.getBlockHash())) {
            return Optional.empty();
        }
        return Optional.of(block);
    }

    private long head() throws IOException {
        return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    }

    int pausedFlags(DefaultBlockParameter at) throws IOException {
        Function function =
                new Function("pausedFlags", List.of(), List.<TypeReference<?>>of(new TypeReference<Uint8>() {}));
        EthCall call = web3j.ethCall(
                        Transaction.createEthCallTransaction(
                                sender.address(), contract, FunctionEncoder.encode(function)),
                        at)
                .send();
        if (call.hasError()) {
            throw new IOException("pausedFlags failed: " + call.getError().getMessage());
        }
        @SuppressWarnings("rawtypes")
        List<Type> values = FunctionReturnDecoder.decode(call.getValue(), function.getOutputParameters());
        if (values.isEmpty()) {
            throw new IOException("pausedFlags answered nothing: is " + contract + " a ClaimsPool?");
        }
        return ((Uint8) values.get(0)).getValue().intValueExact();
    }

    private String implementationAt(DefaultBlockParameter at) throws IOException {
        String word = web3j.ethGetStorageAt(contract, Numeric.toBigInt(IMPLEMENTATION_SLOT), at)
                .send()
                .getData();
        BigInteger value = Numeric.toBigInt(word);
        return "0x" + Numeric.toHexStringNoPrefixZeroPadded(value, 40).toLowerCase(Locale.ROOT);
    }

    private boolean hasCode(String address) throws IOException {
        String code = web3j.ethGetCode(address, DefaultBlockParameterName.LATEST)
                .send()
                .getCode();
        return code != null && code.length() > 2;
    }

    private Optional<Log> lastPauseLog(PoolPauseFlag flag) throws IOException {
        EthFilter filter = new EthFilter(
                DefaultBlockParameter.valueOf(BigInteger.valueOf(config.startBlock())),
                DefaultBlockParameterName.LATEST,
                contract);
        filter.addSingleTopic(EventEncoder.encode(PAUSE_FLAG_SET));
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(flag.bit()), 64));
        return lastLog(filter);
    }

    private Optional<Log> lastUpgradedLog(String implementation) throws IOException {
        EthFilter filter = new EthFilter(
                DefaultBlockParameter.valueOf(BigInteger.valueOf(config.startBlock())),
                DefaultBlockParameterName.LATEST,
                contract);
        filter.addSingleTopic(EventEncoder.encode(UPGRADED));
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(implementation), 64));
        return lastLog(filter);
    }

    private Optional<Log> lastLog(EthFilter filter) throws IOException {
        EthLog answer = web3j.ethGetLogs(filter).send();
        if (answer.hasError()) {
            throw new IOException("eth_getLogs failed: " + answer.getError().getMessage());
        }
        return answer.getLogs().stream().map(result -> (Log) result.get()).reduce((first, second) -> second);
    }

    private static boolean pausedIn(Log log) {
        @SuppressWarnings("rawtypes")
        List<Type> data = FunctionReturnDecoder.decode(log.getData(), PAUSE_FLAG_SET.getNonIndexedParameters());
        return ((Bool) data.get(0)).getValue();
    }
}
