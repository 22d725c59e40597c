package io.coverclaims.governance.domain.proposal;

import io.coverclaims.governance.domain.parameter.ParameterCatalogue;
import io.coverclaims.governance.domain.parameter.ParameterSpec;
import io.coverclaims.governance.domain.parameter.ParameterValue;
import io.coverclaims.governance.domain.pause.GuardianSet;
import io.coverclaims.governance.domain.proposal.ProposalCommand.ProposeChange;
import io.coverclaims.governance.domain.proposal.ProposalEvent.ProposalCreated;
import io.coverclaims.governance.domain.proposal.ProposalState.NoProposal;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.money.Money;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Making a proposal: only a member (stake > 0 in the snapshot) proposes; at least one change or action; each change
 * names a catalogue parameter once, with a value of its kind within its bounds; each action is well formed; the
 * rules are sane. The proposal records the rules, its voting window (from the command's time) and the snapshot's
 * total weight.
 */
final class CreationRules {

    /** Longest voting period or timelock a proposal accepts: a year, in ms (the catalogue's bounds are tighter). */
    static final long YEAR_MS = 31_622_400_000L;

    private CreationRules() {}

    static Decision<ProposalEvent> propose(ParameterCatalogue catalogue, ProposeChange c, ProposalState state) {
        if (!(state instanceof NoProposal)) {
            return Decision.reject("PROPOSAL_EXISTS", "proposal " + c.proposalId() + " exists already", "proposalId");
        }
        if (c.proposer() == null || !Ids.isAddress(c.proposer())) {
            return Decision.reject("INVALID_ADDRESS", "the proposer must be an address", "proposer");
        }
        if (c.title() == null || c.title().isBlank()) {
            return Decision.reject("INVALID_TITLE", "a proposal has a title", "title");
        }
        List<ParameterValue> changes = c.changes() == null ? List.of() : c.changes();
        List<ProposalAction> actions = c.actions() == null ? List.of() : c.actions();
        if (changes.isEmpty() && actions.isEmpty()) {
            return Decision.reject("NOTHING_PROPOSED", "a proposal changes a parameter or takes an action", "changes");
        }
        Optional<Decision<ProposalEvent>> refused =
                checkChanges(catalogue, changes).or(() -> checkActions(actions)).or(() -> checkRules(c.rules()));
        if (refused.isPresent()) {
            return refused.get();
        }
        Set<String> members = new HashSet<>();
        Money total = Money.ZERO;
        for (int i = 0; i < c.stakeSnapshot().size(); i++) {
            VoterStake stake = c.stakeSnapshot().get(i);
            if (stake.member() == null || !Ids.isCanonicalAddress(stake.member())) {
                return Decision.reject(
                        "INVALID_SNAPSHOT", "a member is a lower-case address", "stakeSnapshot[" + i + "].member");
            }
            if (!members.add(stake.member())) {
                return Decision.reject(
                        "INVALID_SNAPSHOT", stake.member() + " is listed twice", "stakeSnapshot[" + i + "].member");
            }
            total = total.plus(stake.stake());
        }
        String proposer = Ids.canonical(c.proposer());
        boolean member = c.stakeSnapshot().stream()
                .anyMatch(s -> s.member().equals(proposer) && s.stake().isPositive());
        if (!member) {
            return Decision.reject(
                    "NOT_A_MEMBER", proposer + " has no stake in any pool: only a member may propose", "proposer");
        }
        ProposalRules rules = c.rules();
        return Decision.accept(new ProposalCreated(
                c.proposalId(),
                proposer,
                c.title(),
                c.description() == null ? "" : c.description(),
                changes,
                c.at(),
                c.at().plusMillis(rules.votingPeriodMs()),
                actions,
                c.stakeSnapshot(),
                c.snapshotPosition(),
                rules.quorumBps(),
                rules.voterWeightCapBps(),
                rules.timelockMs(),
                total));
    }

    private static Optional<Decision<ProposalEvent>> checkChanges(
            ParameterCatalogue catalogue, List<ParameterValue> changes) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < changes.size(); i++) {
            ParameterValue change = changes.get(i);
            String field = "changes[" + i + "]";
            Optional<ParameterSpec> spec = change.name() == null ? Optional.empty() : catalogue.spec(change.name());
            if (spec.isEmpty()) {
                return Optional.of(Decision.reject(
                        "UNKNOWN_PARAMETER", "no governed parameter " + change.name(), field + ".name"));
            }
            if (!names.add(change.name())) {
                return Optional.of(
                        Decision.reject("DUPLICATE_CHANGE", change.name() + " is changed twice", field + ".name"));
            }
            Optional<ParameterSpec.Problem> problem = spec.get().check(change);
            if (problem.isPresent()) {
                return Optional.of(
                        Decision.reject(problem.get().code(), problem.get().message(), field + ".value"));
            }
        }
        return Optional.empty();
    }

    private static Optional<Decision<ProposalEvent>> checkActions(List<ProposalAction> actions) {
        for (int i = 0; i < actions.size(); i++) {
            Optional<Decision<ProposalEvent>> refused = checkAction(actions.get(i), "actions[" + i + "]");
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }

    private static Optional<Decision<ProposalEvent>> checkAction(ProposalAction action, String field) {
        if (action.kind() == null || action.kind() == ProposalActionKind.UNKNOWN) {
            return invalidAction("an action has a known kind", field + ".kind");
        }
        if (blank(action.target())) {
            return invalidAction("an action names its target", field + ".target");
        }
        return switch (action.kind()) {
            case APPOINT_ASSESSOR, REVOKE_ASSESSOR, APPOINT_ARBITER ->
                Ids.isAddress(action.target())
                        ? Optional.empty()
                        : invalidAction("the target of " + action.kind() + " is an address", field + ".target");
            case UPGRADE_POOL_CONTRACT -> {
                if (!Ids.isAddress(action.target())) {
                    yield invalidAction("the target is the pool contract's (proxy's) address", field + ".target");
                }
                yield Ids.isAddress(action.arguments().get("implementation"))
                        ? Optional.empty()
                        : invalidAction(
                                "the implementation argument is the new implementation's address",
                                field + ".arguments.implementation");
            }
            case REGISTER_ORACLE_SOURCE ->
                blank(action.arguments().get("sourceId"))
                        ? invalidAction("a source registration names its sourceId", field + ".arguments.sourceId")
                        : Optional.empty();
            case SET_GUARDIANS -> {
                List<String> guardians =
                        GuardianSet.parseGuardians(action.arguments().get(GuardianSet.GUARDIANS_ARGUMENT));
                int threshold = GuardianSet.parseThreshold(action.arguments().get(GuardianSet.THRESHOLD_ARGUMENT));
                yield GuardianSet.check(guardians, threshold)
                        .flatMap(invalid -> invalidAction(
                                invalid.message(),
                                field + ".arguments."
                                        + (invalid.field().equals("threshold")
                                                ? GuardianSet.THRESHOLD_ARGUMENT
                                                : GuardianSet.GUARDIANS_ARGUMENT)));
            }
            case UNKNOWN -> invalidAction("an action has a known kind", field + ".kind");
        };
    }

    private static Optional<Decision<ProposalEvent>> invalidAction(String message, String field) {
        return Optional.of(Decision.reject("INVALID_ACTION", message, field));
    }

    private static Optional<Decision<ProposalEvent>> checkRules(ProposalRules rules) {
        if (rules == null) {
            return Optional.of(Decision.reject("RULES_REQUIRED", "a proposal records its voting rules", "rules"));
        }
        if (rules.votingPeriodMs() <= 0 || rules.votingPeriodMs() > YEAR_MS) {
            return Optional.of(Decision.reject(
                    "INVALID_RULES", "the voting period must be 1 ms to a year", "rules.votingPeriodMs"));
        }
        if (rules.quorumBps() < 1 || rules.quorumBps() > 10_000) {
            return Optional.of(
                    Decision.reject("INVALID_RULES", "the quorum must be 1 to 10000 bps", "rules.quorumBps"));
        }
        if (rules.voterWeightCapBps() < 1 || rules.voterWeightCapBps() > 10_000) {
            return Optional.of(Decision.reject(
                    "INVALID_RULES", "the voter weight cap must be 1 to 10000 bps", "rules.voterWeightCapBps"));
        }
        if (rules.timelockMs() < 0 || rules.timelockMs() > YEAR_MS) {
            return Optional.of(
                    Decision.reject("INVALID_RULES", "the timelock must be 0 to a year", "rules.timelockMs"));
        }
        return Optional.empty();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
