package io.coverclaims.chainbridge.domain.poolcontract;

import io.coverclaims.chainbridge.domain.poolcontract.PoolContractCommand.RecordPoolContractUpgrade;
import io.coverclaims.chainbridge.domain.poolcontract.PoolContractCommand.RecordPoolContractUpgradeFailure;
import io.coverclaims.chainbridge.domain.poolcontract.PoolContractCommand.RecordPoolPauseMirrored;
import io.coverclaims.chainbridge.domain.poolcontract.PoolContractEvent.PoolContractUpgradeFailed;
import io.coverclaims.chainbridge.domain.poolcontract.PoolContractEvent.PoolContractUpgraded;
import io.coverclaims.chainbridge.domain.poolcontract.PoolContractEvent.PoolPauseMirrored;
import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Decision;
import java.util.Locale;
import java.util.Set;

/**
 * The pool contract as governance steers it, aggregate id {@code contract-<address>}: each governance pause request
 * is reported mirrored once per flag and state, each proposal's upgrade once (carried out or failed), whatever the
 * executor re-sends after a crash or a restart.
 */
public final class PoolContractDecider {

    public static final Decider<PoolContractCommand, PoolContractEvent, PoolContractState> DECIDER =
            Decider.of(PoolContractState.INITIAL, PoolContractDecider::decide, PoolContractDecider::evolve);

    /** Why an upgrade was not carried out. */
    public static final String NO_CODE = "NO_CODE";

    public static final String REVERTED = "REVERTED";

    private static final Set<String> FAILURE_CODES = Set.of(NO_CODE, REVERTED);

    private PoolContractDecider() {}

    /** The aggregate of a pool contract: {@code contract-} and its address in lower case. */
    public static String aggregateId(String contract) {
        return "contract-" + contract.toLowerCase(Locale.ROOT);
    }

    public static Decision<PoolContractEvent> decide(PoolContractCommand command, PoolContractState state) {
        return switch (command) {
            case RecordPoolPauseMirrored c -> mirrored(c, state);
            case RecordPoolContractUpgrade c -> upgraded(c, state);
            case RecordPoolContractUpgradeFailure c -> failed(c, state);
        };
    }

    private static Decision<PoolContractEvent> mirrored(RecordPoolPauseMirrored c, PoolContractState state) {
        if (!isContract(c.aggregateId(), c.contract())) {
            return Decision.reject("WRONG_CONTRACT", "the contract is the aggregate's", "contract");
        }
        if (c.flag() == PoolPauseFlag.UNKNOWN) {
            return Decision.reject("INVALID_FLAG", "a pause flag of the pool contract is named", "flag");
        }
        if (!c.flag().governanceFlag().equals(c.governanceFlag())) {
            return Decision.reject(
                    "FLAG_MISMATCH",
                    c.flag() + " mirrors governance's " + c.flag().governanceFlag() + ", not " + c.governanceFlag(),
                    "governanceFlag");
        }
        if (c.paused() != c.flag().isSetIn(c.onChainFlags())) {
            return Decision.reject(
                    "NOT_MIRRORED", "the on-chain flags " + c.onChainFlags() + " disagree with paused", "onChainFlags");
        }
        if (state.mirrored(c.flag(), c.requestId(), c.paused())) {
            return Decision.nothingToDo();
        }
        return Decision.accept(new PoolPauseMirrored(
                c.contract(),
                c.flag(),
                c.paused(),
                c.governanceFlag(),
                c.requestId(),
                c.requestedAt(),
                c.txHash(),
                c.blockNumber(),
                c.confirmations(),
                c.onChainFlags(),
                c.sent()));
    }

    private static Decision<PoolContractEvent> upgraded(RecordPoolContractUpgrade c, PoolContractState state) {
        if (!isContract(c.aggregateId(), c.proxy())) {
            return Decision.reject("WRONG_CONTRACT", "the proxy is the aggregate's", "proxy");
        }
        if (state.proposals().contains(c.proposalId())) {
            return Decision.nothingToDo();
        }
        return Decision.accept(new PoolContractUpgraded(
                c.proposalId(),
                c.proxy(),
                c.previousImplementation(),
                c.newImplementation(),
                c.txHash(),
                c.blockNumber(),
                c.confirmations()));
    }

    private static Decision<PoolContractEvent> failed(RecordPoolContractUpgradeFailure c, PoolContractState state) {
        if (!isContract(c.aggregateId(), c.proxy())) {
            return Decision.reject("WRONG_CONTRACT", "the proxy is the aggregate's", "proxy");
        }
        if (!FAILURE_CODES.contains(c.reasonCode())) {
            return Decision.reject("INVALID_REASON", "a failure is NO_CODE or REVERTED", "reasonCode");
        }
        if (state.proposals().contains(c.proposalId())) {
            return Decision.nothingToDo();
        }
        return Decision.accept(new PoolContractUpgradeFailed(
                c.proposalId(), c.proxy(), c.newImplementation(), c.reasonCode(), c.reason(), c.txHash()));
    }

    private static boolean isContract(String aggregateId, String contract) {
        return contract != null && aggregateId.equals(aggregateId(contract));
    }

    public static PoolContractState evolve(PoolContractState state, PoolContractEvent event) {
        return switch (event) {
            case PoolPauseMirrored e -> state.withFlag(e.flag(), e.requestId(), e.paused());
            case PoolContractUpgraded e -> state.withProposal(e.proposalId(), e.newImplementation());
            case PoolContractUpgradeFailed e -> state.withProposal(e.proposalId(), state.implementation());
        };
    }
}
