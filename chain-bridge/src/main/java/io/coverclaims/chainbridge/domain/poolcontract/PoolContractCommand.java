package io.coverclaims.chainbridge.domain.poolcontract;

import java.time.Instant;

/**
 * What the pool contract's aggregate is told by the governance executor: a pause flag found as governance set it, a
 * proposal's upgrade carried out or failed. Each record mirrors the chain.avdl command of the same name, component for
 * field; {@code aggregateId} is the command's aggregate id ({@link PoolContractDecider#aggregateId}).
 */
public sealed interface PoolContractCommand {

    String aggregateId();

    /** The contract's pause flag {@code flag} is {@code paused}, as governance's request {@code requestId} said. */
    record RecordPoolPauseMirrored(
            String aggregateId,
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
            implements PoolContractCommand {}

    /** The proxy runs {@code newImplementation} since {@code txHash}, for the passed proposal {@code proposalId}. */
    record RecordPoolContractUpgrade(
            String aggregateId,
            String proposalId,
            String proxy,
            String previousImplementation,
            String newImplementation,
            String txHash,
            long blockNumber,
            int confirmations)
            implements PoolContractCommand {}

    /** The proposal's upgrade could not be carried out ({@code NO_CODE}, {@code REVERTED}). */
    record RecordPoolContractUpgradeFailure(
            String aggregateId,
            String proposalId,
            String proxy,
            String newImplementation,
            String reasonCode,
            String reason,
            String txHash)
            implements PoolContractCommand {}
}
