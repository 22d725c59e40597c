package io.coverclaims.chainbridge.chain;

import io.coverclaims.chainbridge.contracts.ClaimsPool;
import io.coverclaims.chainbridge.domain.deposit.ClaimBondKind;
import io.coverclaims.chainbridge.domain.deposit.DepositCommand.RecordClaimBond;
import io.coverclaims.chainbridge.domain.deposit.DepositCommand.RecordOnChainDeposit;
import io.coverclaims.chainbridge.domain.deposit.DepositDecider;
import io.coverclaims.chainbridge.domain.settlement.SettlementCommand.RecordRedemption;
import io.coverclaims.chainbridge.view.ChainEventsView;
import io.coverclaims.platform.money.Money;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * Log watching: the contract's {@code CapitalDeposited}, {@code ClaimBondPaid} and {@code PayoutRedeemed} logs up to
 * {@code head - confirmations + 1}, in ranges of 2,000 blocks, become RecordOnChainDeposit / RecordClaimBond /
 * RecordRedemption. The position is derived from chain.events: at start it resumes at the highest block of an observed
 * deposit, claim bond or redemption (or {@code start-block}); that block's logs are read again and decided once (deterministic command ids),
 * so a restart neither misses nor repeats one.
 */
final class LogWatcher {

    private static final Logger LOG = Logger.getLogger(AnchoringWorker.class);
    static final String DEPOSIT_TOPIC = EventEncoder.encode(ClaimsPool.CAPITALDEPOSITED_EVENT);
    static final String REDEEMED_TOPIC = EventEncoder.encode(ClaimsPool.PAYOUTREDEEMED_EVENT);
    static final String CLAIM_BOND_TOPIC = EventEncoder.encode(ClaimsPool.CLAIMBONDPAID_EVENT);
    private static final int LOG_RANGE = 2_000;

    private final ChainConfig config;
    private final ChainEventsView view;
    private final CommandPublisher commands;
    private final Web3j web3j;
    private long logCursor = -1;

    LogWatcher(ChainConfig config, ChainEventsView view, CommandPublisher commands, Web3j web3j) {
        this.config = config;
        this.view = view;
        this.commands = commands;
        this.web3j = web3j;
    }

    /** Reads every safe block not read yet, at chain height {@code head}. */
    void pass(long head) throws Exception {
        long safe = head - (config.confirmations() - 1);
        if (logCursor < 0) {
            long last = view.lastLogBlock();
            // the block of the last observed log is read again: its logs are decided once (command ids, aggregates)
            logCursor = Math.max(config.startBlock(), last);
        }
        while (logCursor <= safe) {
            long to = Math.min(safe, logCursor + LOG_RANGE - 1);
            EthFilter filter = new EthFilter(
                    DefaultBlockParameter.valueOf(BigInteger.valueOf(logCursor)),
                    DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
                    config.contract().get());
            filter.addOptionalTopics(DEPOSIT_TOPIC, CLAIM_BOND_TOPIC, REDEEMED_TOPIC);
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
                } else if (CLAIM_BOND_TOPIC.equals(topic)) {
                    claimBond(log, confirmations);
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
        String aggregateId = DepositDecider.aggregateId(log.getTransactionHash(), logIndex);
        commands.send(
                new RecordOnChainDeposit(
                        config.chainId(),
                        log.getTransactionHash(),
                        (int) logIndex,
                        log.getBlockNumber().longValueExact(),
                        log.getBlockHash(),
                        config.contract().get(),
                        config.poolId(),
                        deposit.provider,
                        Money.of(deposit.amount),
                        config.asset(),
                        confirmations),
                "deposit/" + aggregateId,
                log.getTransactionHash());
    }

    /** A claim deposit or appeal bond: its own aggregate ({@code txHash:logIndex}), like a capital deposit. */
    private void claimBond(Log log, int confirmations) throws Exception {
        ClaimsPool.ClaimBondPaidEventResponse bond = ClaimsPool.getClaimBondPaidEventFromLog(log);
        long logIndex = log.getLogIndex().longValueExact();
        String aggregateId = DepositDecider.aggregateId(log.getTransactionHash(), logIndex);
        commands.send(
                new RecordClaimBond(
                        config.chainId(),
                        log.getTransactionHash(),
                        (int) logIndex,
                        log.getBlockNumber().longValueExact(),
                        log.getBlockHash(),
                        config.contract().get(),
                        config.poolId(),
                        bond.claimId,
                        ClaimBondKind.ofOnChain(bond.kind.intValueExact()),
                        bond.payer,
                        Money.of(bond.amount),
                        config.asset(),
                        confirmations),
                "claim-bond/" + aggregateId,
                bond.claimId);
    }

    private void redemption(Log log, int confirmations) throws Exception {
        ClaimsPool.PayoutRedeemedEventResponse redeemed = ClaimsPool.getPayoutRedeemedEventFromLog(log);
        String batchId = Numeric.toHexString(redeemed.batchId);
        Optional<ChainEventsView.BatchView> batch = view.batch(batchId);
        Optional<Integer> leafIndex = view.leafIndex(batchId, redeemed.claimId);
        if (batch.isEmpty() || leafIndex.isEmpty()) {
            LOG.warnf(
                    "redemption of unknown leaf (batch %s, claim %s) in tx %s: ignored",
                    batchId, Arrays.toString(redeemed.claimId), log.getTransactionHash());
            return;
        }
        String poolId = batch.get().sealed().poolId();
        long logIndex = log.getLogIndex().longValueExact();
        commands.send(
                new RecordRedemption(
                        poolId,
                        batchId,
                        leafIndex.get(),
                        redeemed.claimant,
                        Money.of(redeemed.amount),
                        log.getTransactionHash(),
                        (int) logIndex,
                        log.getBlockNumber().longValueExact(),
                        log.getBlockHash(),
                        confirmations),
                "redemption/" + log.getTransactionHash() + ":" + logIndex,
                batchId);
    }
}
