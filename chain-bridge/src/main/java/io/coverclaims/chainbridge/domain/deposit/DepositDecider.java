package io.coverclaims.chainbridge.domain.deposit;

import io.coverclaims.chainbridge.domain.deposit.DepositCommand.RecordClaimBond;
import io.coverclaims.chainbridge.domain.deposit.DepositCommand.RecordOnChainDeposit;
import io.coverclaims.chainbridge.domain.deposit.DepositEvent.ClaimBondObserved;
import io.coverclaims.chainbridge.domain.deposit.DepositEvent.OnChainDepositObserved;
import io.coverclaims.chainbridge.domain.deposit.DepositState.Observed;
import io.coverclaims.chainbridge.domain.deposit.DepositState.Unobserved;
import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Decision;

/**
 * One payment log of the pool contract ({@code CapitalDeposited} or {@code ClaimBondPaid}), aggregate id
 * {@code txHash:logIndex}: observed once, however often it is re-read. The confirmations it was observed with are the
 * ones required (the watcher reads logs only that deep).
 */
public final class DepositDecider {

    public static final Decider<DepositCommand, DepositEvent, DepositState> DECIDER =
            Decider.of(DepositState.INITIAL, DepositDecider::decide, DepositDecider::evolve);

    private DepositDecider() {}

    /** The aggregate of a log: its coordinates. */
    public static String aggregateId(String txHash, long logIndex) {
        return txHash + ":" + logIndex;
    }

    public static Decision<DepositEvent> decide(DepositCommand command, DepositState state) {
        return switch (state) {
            case Observed observed -> Decision.nothingToDo();
            case Unobserved unobserved ->
                switch (command) {
                    case RecordOnChainDeposit c -> observe(c);
                    case RecordClaimBond c -> observe(c);
                };
        };
    }

    private static Decision<DepositEvent> observe(RecordOnChainDeposit c) {
        if (!c.amount().isPositive()) {
            return Decision.reject("INVALID_AMOUNT", "a deposit has a positive amount", "amount");
        }
        return Decision.accept(new OnChainDepositObserved(
                c.chainId(),
                c.txHash(),
                c.logIndex(),
                c.blockNumber(),
                c.blockHash(),
                c.contract(),
                c.poolId(),
                c.depositor(),
                c.amount(),
                c.asset(),
                c.confirmations(),
                c.confirmations()));
    }

    private static Decision<DepositEvent> observe(RecordClaimBond c) {
        if (!c.amount().isPositive()) {
            return Decision.reject("INVALID_AMOUNT", "a claim bond has a positive amount", "amount");
        }
        if (c.kind() == ClaimBondKind.UNKNOWN) {
            return Decision.reject("INVALID_KIND", "a claim bond is a claim deposit or an appeal bond", "kind");
        }
        if (c.claimId() == null || c.claimId().isBlank()) {
            return Decision.reject("INVALID_CLAIM_ID", "a claim bond names its claim", "claimId");
        }
        return Decision.accept(new ClaimBondObserved(
                c.chainId(),
                c.txHash(),
                c.logIndex(),
                c.blockNumber(),
                c.blockHash(),
                c.contract(),
                c.poolId(),
                c.claimId(),
                c.kind(),
                c.payer(),
                c.amount(),
                c.asset(),
                c.confirmations(),
                c.confirmations()));
    }

    public static DepositState evolve(DepositState state, DepositEvent event) {
        return switch (event) {
            case OnChainDepositObserved e -> new Observed(e);
            case ClaimBondObserved e -> new Observed(e);
        };
    }
}
