package io.coverclaims.chainbridge.domain.poolcontract;

import java.time.Instant;

/** What happened to the pool contract as governance steers it. Each record mirrors the chain.avdl event of the same name. */
public sealed interface PoolContractEvent {

    /** The contract's pause flag was found, with enough confirmations, as governance set it. */
    record PoolPauseMirrored(
            String contract,
            PoolPauseFlag flag,
            boolean paused,
            String governanceFlag,
            String requestId,
            Instant requestedAt,
            String txHash,
            long blockNumber,
            int confirmations,
            int onChainFlags,
            boolean sent)
            implements PoolContractEvent {}

    /** The proxy was upgraded for a passed proposal. */
    record PoolContractUpgraded(
            String proposalId,
            String proxy,
            String previousImplementation,
            String newImplementation,
            String txHash,
            long blockNumber,
            int confirmations)
            implements PoolContractEvent {}

    /** A proposal's upgrade could not be carried out. */
    record PoolContractUpgradeFailed(
            String proposalId, String proxy, String newImplementation, String reasonCode, String reason, String txHash)
            implements PoolContractEvent {}
}
