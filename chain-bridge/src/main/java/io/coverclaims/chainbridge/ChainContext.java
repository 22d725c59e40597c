package io.coverclaims.chainbridge;

import io.coverclaims.chainbridge.domain.deposit.DepositCommand;
import io.coverclaims.chainbridge.domain.deposit.DepositDecider;
import io.coverclaims.chainbridge.domain.deposit.DepositEvent;
import io.coverclaims.chainbridge.domain.deposit.DepositState;
import io.coverclaims.chainbridge.domain.poolcontract.PoolContractCommand;
import io.coverclaims.chainbridge.domain.poolcontract.PoolContractDecider;
import io.coverclaims.chainbridge.domain.poolcontract.PoolContractEvent;
import io.coverclaims.chainbridge.domain.poolcontract.PoolContractState;
import io.coverclaims.chainbridge.domain.settlement.SettlementCommand;
import io.coverclaims.chainbridge.domain.settlement.SettlementDecider;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent;
import io.coverclaims.chainbridge.domain.settlement.SettlementState;
import io.coverclaims.platform.streams.AggregateType;
import io.coverclaims.platform.streams.BoundedContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The chain context as the kernel runs it: its aggregates and, by convention, its chain.* topics. */
@ApplicationScoped
public class ChainContext {

    public static final String NAME = "chain";

    /**
     * A pool's settlement queue and batches, keyed by pool id; its records map to chain.avdl by name. A
     * SealSettlementBatch without maxLeaves reads as {@link SettlementDecider#DEFAULT_MAX_LEAVES}.
     */
    public static final AggregateType<SettlementCommand, SettlementEvent, SettlementState> SETTLEMENT =
            AggregateType.of(
                            "settlement-queue",
                            SettlementDecider.DECIDER,
                            SettlementCommand.class,
                            SettlementEvent.class,
                            "io.coverclaims.schemas.chain")
                    .upcast(
                            SettlementCommand.SealSettlementBatch.class,
                            "maxLeaves",
                            at -> SettlementDecider.DEFAULT_MAX_LEAVES)
                    .build();

    /** An observed deposit log, keyed by {@code txHash:logIndex} ({@link DepositDecider#aggregateId}). */
    public static final AggregateType<DepositCommand, DepositEvent, DepositState> DEPOSIT = AggregateType.of(
                    "observed-deposit",
                    DepositDecider.DECIDER,
                    DepositCommand.class,
                    DepositEvent.class,
                    "io.coverclaims.schemas.chain")
            .build();

    /**
     * The pool contract as governance steers it (pause flags mirrored, upgrades), keyed by {@code contract-<address>}
     * ({@link PoolContractDecider#aggregateId}).
     */
    public static final AggregateType<PoolContractCommand, PoolContractEvent, PoolContractState> POOL_CONTRACT =
            AggregateType.of(
                            "pool-contract",
                            PoolContractDecider.DECIDER,
                            PoolContractCommand.class,
                            PoolContractEvent.class,
                            "io.coverclaims.schemas.chain")
                    .build();

    /** The chain context: every aggregate chain-bridge runs (what the service runs and the operators' tools fold). */
    public static final BoundedContext CONTEXT = BoundedContext.of(NAME, SETTLEMENT, DEPOSIT, POOL_CONTRACT);

    @Produces
    @Singleton
    BoundedContext context() {
        return CONTEXT;
    }
}
