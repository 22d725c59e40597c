package io.coverclaims.chainbridge.domain.deposit;

import io.coverclaims.platform.money.Money;

/**
 * What an observed payment log is told: the log watcher saw a confirmed {@code CapitalDeposited} or
 * {@code ClaimBondPaid} log. Each record mirrors the chain.avdl command of the same name, component for field. The
 * aggregate is the log itself ({@link DepositDecider#aggregateId}): one per {@code txHash:logIndex}.
 */
public sealed interface DepositCommand {

    /** The log's transaction hash. */
    String txHash();

    /** The log's index in its block. */
    int logIndex();

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

    /** A confirmed {@code ClaimBondPaid} log: a claim deposit or an appeal bond paid into the pool contract. */
    record RecordClaimBond(
            long chainId,
            String txHash,
            int logIndex,
            long blockNumber,
            String blockHash,
            String contract,
            String poolId,
            String claimId,
            ClaimBondKind kind,
            String payer,
            Money amount,
            String asset,
            int confirmations)
            implements DepositCommand {}
}
