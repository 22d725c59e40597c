package io.coverclaims.chainbridge;

import io.coverclaims.chainbridge.settlement.ObservedDeposit;
import io.coverclaims.chainbridge.settlement.SettlementQueue;
import io.coverclaims.platform.streams.BoundedContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The chain context as the kernel runs it: a pool's settlement queue and batches ({@link SettlementQueue}, keyed by
 * pool id) and observed deposits ({@link ObservedDeposit}, keyed by {@code txHash:logIndex}).
 */
@ApplicationScoped
public class ChainContext {

    public static final String NAME = "chain";

    @Produces
    @Singleton
    BoundedContext context() {
        return BoundedContext.of(NAME, SettlementQueue.TYPE, ObservedDeposit.TYPE);
    }
}
