package io.coverclaims.chainbridge.domain.deposit;

import io.coverclaims.platform.money.Money;

/**
 * What an observed deposit is told: the log watcher saw a confirmed {@code CapitalDeposited} log. Mirrors
 * chain.avdl's RecordOnChainDeposit, component for field. The aggregate is the log itself
 * ({@link DepositDecider#aggregateId}).
 */
public sealed interface DepositCommand {

    record RecordOnChainDeposit(
            long chainId,
            String txHash,
            int logIndex,
            long blockNumber,
            String blockHash,
            String contract,
            String poolId,
            String depositor,
            Money amount,
            String asset,
            int confirmations)
            implements DepositCommand {}
}
