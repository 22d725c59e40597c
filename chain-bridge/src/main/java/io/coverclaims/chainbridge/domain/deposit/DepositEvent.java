package io.coverclaims.chainbridge.domain.deposit;

import io.coverclaims.platform.money.Money;

/** A deposit into the pool contract, observed with enough confirmations. Mirrors chain.avdl's OnChainDepositObserved. */
public sealed interface DepositEvent {

    record OnChainDepositObserved(
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
            int confirmations,
            int requiredConfirmations)
            implements DepositEvent {}
}
