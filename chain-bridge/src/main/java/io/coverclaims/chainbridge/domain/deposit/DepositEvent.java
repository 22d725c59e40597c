package io.coverclaims.chainbridge.domain.deposit;

import io.coverclaims.platform.money.Money;

/**
 * A payment into the pool contract, observed with enough confirmations. Each record mirrors the chain.avdl event of
 * the same name.
 */
public sealed interface DepositEvent {

    /** The block the observed log is in. */
    long blockNumber();

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

    /** A claim deposit or appeal bond ({@code ClaimsPool.payClaimBond}); claim-service checks the claim id. */
    record ClaimBondObserved(
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
            int confirmations,
            int requiredConfirmations)
            implements DepositEvent {}
}
