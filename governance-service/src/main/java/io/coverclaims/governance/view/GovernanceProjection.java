package io.coverclaims.governance.view;

import static io.coverclaims.governance.view.GovernanceView.APPLIED;
import static io.coverclaims.governance.view.GovernanceView.CANCELLED;
import static io.coverclaims.governance.view.GovernanceView.CURRENT;
import static io.coverclaims.governance.view.GovernanceView.DEFEATED;
import static io.coverclaims.governance.view.GovernanceView.EXECUTED;
import static io.coverclaims.governance.view.GovernanceView.EXPIRED;
import static io.coverclaims.governance.view.GovernanceView.FLAGS;
import static io.coverclaims.governance.view.GovernanceView.GUARDIANS;
import static io.coverclaims.governance.view.GovernanceView.HISTORY;
import static io.coverclaims.governance.view.GovernanceView.PARAMETERS;
import static io.coverclaims.governance.view.GovernanceView.PASSED;
import static io.coverclaims.governance.view.GovernanceView.PENDING;
import static io.coverclaims.governance.view.GovernanceView.PROPOSALS;
import static io.coverclaims.governance.view.GovernanceView.REQUESTS;
import static io.coverclaims.governance.view.GovernanceView.SNAPSHOTS;
import static io.coverclaims.governance.view.GovernanceView.TRIPS;
import static io.coverclaims.governance.view.GovernanceView.VOTING;
import static io.coverclaims.governance.view.GovernanceView.historyKey;

import io.coverclaims.governance.view.GovernanceView.Action;
import io.coverclaims.governance.view.GovernanceView.Change;
import io.coverclaims.governance.view.GovernanceView.Flag;
import io.coverclaims.governance.view.GovernanceView.Guardians;
import io.coverclaims.governance.view.GovernanceView.HistoryEntry;
import io.coverclaims.governance.view.GovernanceView.Parameter;
import io.coverclaims.governance.view.GovernanceView.Proposal;
import io.coverclaims.governance.view.GovernanceView.Request;
import io.coverclaims.governance.view.GovernanceView.Trip;
import io.coverclaims.governance.view.GovernanceView.Vote;
import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.streams.WireMetadata;
import io.coverclaims.platform.view.ViewEvent;
import io.coverclaims.platform.view.ViewUpdate;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.governance.CircuitBreakerTripped;
import io.coverclaims.schemas.governance.GovernanceVoteCast;
import io.coverclaims.schemas.governance.GuardiansSet;
import io.coverclaims.schemas.governance.ParameterChanged;
import io.coverclaims.schemas.governance.ParameterInitialized;
import io.coverclaims.schemas.governance.ParameterValue;
import io.coverclaims.schemas.governance.PauseChangeApproved;
import io.coverclaims.schemas.governance.PauseChangeExpired;
import io.coverclaims.schemas.governance.PauseChangeRequested;
import io.coverclaims.schemas.governance.PauseFlagChanged;
import io.coverclaims.schemas.governance.ProposalCancelled;
import io.coverclaims.schemas.governance.ProposalCreated;
import io.coverclaims.schemas.governance.ProposalDefeated;
import io.coverclaims.schemas.governance.ProposalExecuted;
import io.coverclaims.schemas.governance.ProposalPassed;
import io.coverclaims.schemas.governance.VoterStake;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** How {@link GovernanceView} folds governance.events. */
final class GovernanceProjection {

    private GovernanceProjection() {}

    static void project(ViewEvent event, ViewUpdate view) {
        EventMetadata metadata = WireMetadata.ofEvent(event.value());
        Instant at = metadata.getOccurredAt();
        String eventId = metadata.getEventId();
        switch (event.value()) {
            case ParameterInitialized e -> {
                ParameterValue value = e.getValue();
                if (view.get(PARAMETERS, value.getName()).isPresent()) {
                    return;
                }
                view.put(
                        PARAMETERS,
                        value.getName(),
                        new Parameter(
                                value.getName(),
                                value.getLongValue(),
                                value.getStringValue(),
                                text(value),
                                e.getDescription(),
                                at,
                                null,
                                1));
                view.put(
                        HISTORY,
                        historyKey(value.getName(), 1),
                        new HistoryEntry(1, "ParameterInitialized", text(value), null, null, at, eventId));
            }
            case ParameterChanged e -> {
                ParameterValue value = e.getValue();
                Parameter before = view.get(PARAMETERS, value.getName()).orElse(null);
                long seq = before == null ? 1 : before.historySize() + 1;
                view.put(
                        PARAMETERS,
                        value.getName(),
                        new Parameter(
                                value.getName(),
                                value.getLongValue(),
                                value.getStringValue(),
                                text(value),
                                before == null ? "" : before.description(),
                                e.getEffectiveAt(),
                                e.getProposalId(),
                                seq));
                view.put(
                        HISTORY,
                        historyKey(value.getName(), seq),
                        new HistoryEntry(
                                seq,
                                "ParameterChanged",
                                text(value),
                                e.getPrevious() == null ? null : text(e.getPrevious()),
                                e.getProposalId(),
                                e.getEffectiveAt(),
                                eventId));
            }
            case ProposalCreated e -> created(e, at, view);
            case GovernanceVoteCast e ->
                proposal(view, e.getProposalId(), c -> {
                    c.votes.add(new Vote(
                            e.getVoter(),
                            e.getSupport().name(),
                            money(e.getWeight()),
                            money(e.getCountedWeight()),
                            at));
                    Money counted = money(e.getCountedWeight());
                    switch (e.getSupport()) {
                        case FOR -> c.forWeight = c.forWeight.plus(counted);
                        case AGAINST -> c.againstWeight = c.againstWeight.plus(counted);
                        default -> c.abstainWeight = c.abstainWeight.plus(counted);
                    }
                });
            case ProposalPassed e ->
                proposal(view, e.getProposalId(), c -> {
                    c.state = PASSED;
                    c.forWeight = money(e.getForWeight());
                    c.againstWeight = money(e.getAgainstWeight());
                    c.abstainWeight = money(e.getAbstainWeight());
                    c.executableAt = e.getExecutableAt();
                });
            case ProposalDefeated e ->
                proposal(view, e.getProposalId(), c -> {
                    c.state = DEFEATED;
                    c.forWeight = money(e.getForWeight());
                    c.againstWeight = money(e.getAgainstWeight());
                    c.abstainWeight = money(e.getAbstainWeight());
                    c.defeatReason = e.getReasonCode();
                });
            case ProposalExecuted e ->
                proposal(view, e.getProposalId(), c -> {
                    c.state = EXECUTED;
                    c.executedAt = at;
                });
            case ProposalCancelled e ->
                proposal(view, e.getProposalId(), c -> {
                    c.state = CANCELLED;
                    c.cancelledAt = at;
                    c.cancelReason = e.getReason();
                });
            case GuardiansSet e ->
                view.put(
                        GUARDIANS,
                        CURRENT,
                        new Guardians(List.copyOf(e.getGuardians()), e.getThreshold(), at, e.getProposalId()));
            case PauseChangeRequested e ->
                view.put(
                        REQUESTS,
                        e.getRequestId(),
                        new Request(
                                e.getRequestId(),
                                e.getFlag().name(),
                                e.getScope(),
                                e.getPaused(),
                                e.getAdmin(),
                                e.getReason(),
                                e.getRequiredApprovals(),
                                List.of(e.getAdmin()),
                                at,
                                e.getExpiresAt(),
                                PENDING,
                                null));
            case PauseChangeApproved e ->
                request(view, e.getRequestId(), r -> {
                    List<String> approvers = new ArrayList<>(r.approvers());
                    approvers.add(e.getAdmin());
                    return withStatus(r, approvers, r.status(), r.settledAt());
                });
            case PauseFlagChanged e -> {
                String key =
                        e.getScope() == null ? e.getFlag().name() : e.getFlag().name() + "/" + e.getScope();
                view.put(
                        FLAGS,
                        key,
                        new Flag(
                                e.getFlag().name(),
                                e.getScope(),
                                e.getPaused(),
                                at,
                                e.getRequestId(),
                                List.copyOf(e.getApprovers()),
                                e.getBreaker()));
                request(view, e.getRequestId(), r -> withStatus(r, r.approvers(), APPLIED, at));
            }
            case PauseChangeExpired e ->
                request(view, e.getRequestId(), r -> withStatus(r, r.approvers(), EXPIRED, at));
            case CircuitBreakerTripped e ->
                view.put(
                        TRIPS,
                        String.format("%020d", at.toEpochMilli()) + "/" + eventId,
                        new Trip(
                                e.getRule(),
                                e.getFlag().name(),
                                e.getScope(),
                                money(e.getObserved()),
                                money(e.getLimit()),
                                e.getThresholdPpm(),
                                e.getWindowMs(),
                                e.getDetail(),
                                at,
                                eventId));
            default -> {}
        }
    }

    private static void created(ProposalCreated e, Instant at, ViewUpdate view) {
        if (view.get(PROPOSALS, e.getProposalId()).isPresent()) {
            return;
        }
        List<Change> changes = e.getChanges().stream()
                .map(v -> new Change(v.getName(), v.getLongValue(), v.getStringValue(), text(v)))
                .toList();
        List<Action> actions = e.getActions().stream()
                .map(a -> {
                    Map<String, String> arguments = new LinkedHashMap<>();
                    a.getArguments().entrySet().stream()
                            .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(Object::toString)))
                            .forEach(entry -> arguments.put(
                                    entry.getKey().toString(), entry.getValue().toString()));
                    return new Action(a.getKind().name(), a.getTarget(), arguments);
                })
                .toList();
        Money total = money(e.getTotalWeight());
        for (VoterStake stake : e.getStakeSnapshot()) {
            view.put(SNAPSHOTS, e.getProposalId() + "/" + stake.getMember(), money(stake.getStake()));
        }
        view.put(
                PROPOSALS,
                e.getProposalId(),
                new Proposal(
                        e.getProposalId(),
                        e.getProposer(),
                        e.getTitle(),
                        e.getDescription(),
                        changes,
                        actions,
                        VOTING,
                        at,
                        e.getVotingStartsAt(),
                        e.getVotingEndsAt(),
                        e.getQuorumBps(),
                        e.getVoterWeightCapBps(),
                        e.getTimelockMs(),
                        total,
                        total.mulDivCeil(e.getQuorumBps(), 10_000),
                        total.mulDivFloor(e.getVoterWeightCapBps(), 10_000),
                        e.getStakeSnapshot().size(),
                        e.getSnapshotPosition(),
                        Money.ZERO,
                        Money.ZERO,
                        Money.ZERO,
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        null));
    }

    private static void proposal(ViewUpdate view, String proposalId, Consumer<GovernanceView.ProposalChange> change) {
        view.get(PROPOSALS, proposalId).ifPresent(p -> view.put(PROPOSALS, proposalId, p.with(change)));
    }

    private static void request(ViewUpdate view, String requestId, java.util.function.UnaryOperator<Request> change) {
        view.get(REQUESTS, requestId).ifPresent(r -> view.put(REQUESTS, requestId, change.apply(r)));
    }

    private static Request withStatus(Request r, List<String> approvers, String status, Instant settledAt) {
        return new Request(
                r.requestId(),
                r.flag(),
                r.scope(),
                r.paused(),
                r.requestedBy(),
                r.reason(),
                r.requiredApprovals(),
                List.copyOf(approvers),
                r.requestedAt(),
                r.expiresAt(),
                status,
                settledAt);
    }

    static String text(ParameterValue value) {
        return value.getLongValue() != null ? value.getLongValue().toString() : value.getStringValue();
    }

    private static Money money(BigDecimal amount) {
        return Money.of(amount.toBigIntegerExact());
    }
}
