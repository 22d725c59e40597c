package io.coverclaims.governance.view;

import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.view.ReadModel;
import io.coverclaims.platform.view.ViewEntry;
import io.coverclaims.platform.view.ViewTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Governance as its readers see it, folded from governance.events by the kernel's {@link ReadModel}: every parameter
 * with its value and history, every proposal with its tallies and votes, the guardian set, every pause flag and
 * pause request, and the circuit-breaker trips ({@link GovernanceProjection}).
 */
@ApplicationScoped
public class GovernanceView {

    public static final String GOVERNANCE_EVENTS = "governance.events";

    public static final String VOTING = "VOTING";
    public static final String PASSED = "PASSED";
    public static final String DEFEATED = "DEFEATED";
    public static final String EXECUTED = "EXECUTED";
    public static final String CANCELLED = "CANCELLED";

    public static final String PENDING = "PENDING";
    public static final String APPLIED = "APPLIED";
    public static final String EXPIRED = "EXPIRED";

    /** A parameter's current value; {@code proposalId} null for the genesis value. */
    public record Parameter(
            String name,
            Long longValue,
            String stringValue,
            String value,
            String description,
            Instant since,
            String proposalId,
            long historySize) {}

    /** One value a parameter took: ParameterInitialized or ParameterChanged (with the value before and the proposal). */
    public record HistoryEntry(
            long seq,
            String event,
            String value,
            String previous,
            String proposalId,
            Instant effectiveAt,
            String eventId) {}

    public record Change(String name, Long longValue, String stringValue, String value) {}

    public record Action(String kind, String target, Map<String, String> arguments) {}

    public record Vote(String voter, String support, Money weight, Money countedWeight, Instant at) {}

    public record Proposal(
            String proposalId,
            String proposer,
            String title,
            String description,
            List<Change> changes,
            List<Action> actions,
            String state,
            Instant createdAt,
            Instant votingStartsAt,
            Instant votingEndsAt,
            int quorumBps,
            int voterWeightCapBps,
            long timelockMs,
            Money totalWeight,
            Money quorumWeight,
            Money voterWeightCap,
            int members,
            String snapshotPosition,
            Money forWeight,
            Money againstWeight,
            Money abstainWeight,
            List<Vote> votes,
            Instant executableAt,
            String defeatReason,
            Instant executedAt,
            Instant cancelledAt,
            String cancelReason) {

        Proposal with(java.util.function.Consumer<ProposalChange> change) {
            ProposalChange c = new ProposalChange(this);
            change.accept(c);
            return c.build();
        }
    }

    /** A mutable copy of a proposal, for the projection's updates. */
    static final class ProposalChange {
        private final Proposal p;
        String state;
        Money forWeight;
        Money againstWeight;
        Money abstainWeight;
        List<Vote> votes;
        Instant executableAt;
        String defeatReason;
        Instant executedAt;
        Instant cancelledAt;
        String cancelReason;

        ProposalChange(Proposal p) {
            this.p = p;
            state = p.state();
            forWeight = p.forWeight();
            againstWeight = p.againstWeight();
            abstainWeight = p.abstainWeight();
            votes = new ArrayList<>(p.votes());
            executableAt = p.executableAt();
            defeatReason = p.defeatReason();
            executedAt = p.executedAt();
            cancelledAt = p.cancelledAt();
            cancelReason = p.cancelReason();
        }

        Proposal build() {
            return new Proposal(
                    p.proposalId(),
                    p.proposer(),
                    p.title(),
                    p.description(),
                    p.changes(),
                    p.actions(),
                    state,
                    p.createdAt(),
                    p.votingStartsAt(),
                    p.votingEndsAt(),
                    p.quorumBps(),
                    p.voterWeightCapBps(),
                    p.timelockMs(),
                    p.totalWeight(),
                    p.quorumWeight(),
                    p.voterWeightCap(),
                    p.members(),
                    p.snapshotPosition(),
                    forWeight,
                    againstWeight,
                    abstainWeight,
                    List.copyOf(votes),
                    executableAt,
                    defeatReason,
                    executedAt,
                    cancelledAt,
                    cancelReason);
        }
    }

    /** A proposal in a listing. */
    public record ProposalSummary(
            String proposalId,
            String proposer,
            String title,
            String state,
            Instant votingEndsAt,
            Instant executableAt,
            Money forWeight,
            Money againstWeight,
            Money abstainWeight,
            Money quorumWeight,
            int votes) {}

    public record Guardians(List<String> guardians, int threshold, Instant since, String proposalId) {}

    /** A flag's value for a scope (null: everywhere); {@code breaker} when a circuit breaker set it. */
    public record Flag(
            String flag,
            String scope,
            boolean paused,
            Instant since,
            String requestId,
            List<String> approvers,
            String breaker) {}

    public record Request(
            String requestId,
            String flag,
            String scope,
            boolean paused,
            String requestedBy,
            String reason,
            int requiredApprovals,
            List<String> approvers,
            Instant requestedAt,
            Instant expiresAt,
            String status,
            Instant settledAt) {}

    public record Trip(
            String rule,
            String flag,
            String scope,
            Money observed,
            Money limit,
            long thresholdPpm,
            long windowMs,
            String detail,
            Instant at,
            String eventId) {}

    // ------------------------------------------------------------------------------------------------ tables

    static final ViewTable<Parameter> PARAMETERS = ViewTable.of("parameter", Parameter.class);
    /** {@code <name>/<seq, 19 digits>} → a value the parameter took, in order. */
    static final ViewTable<HistoryEntry> HISTORY = ViewTable.of("parameter-history", HistoryEntry.class);

    static final ViewTable<Proposal> PROPOSALS = ViewTable.of("proposal", Proposal.class);
    /** {@code <proposal id>/<member>} → its stake in the proposal's snapshot (its weight). */
    static final ViewTable<Money> SNAPSHOTS = ViewTable.of("proposal-stake", Money.class);

    static final ViewTable<Guardians> GUARDIANS = ViewTable.of("guardians", Guardians.class);
    /** {@code <FLAG>} or {@code <FLAG>/<scope>} → its value. */
    static final ViewTable<Flag> FLAGS = ViewTable.of("flag", Flag.class);

    static final ViewTable<Request> REQUESTS = ViewTable.of("pause-request", Request.class);
    /** {@code <occurredAt ms, 20 digits>/<event id>} → a breaker trip. */
    static final ViewTable<Trip> TRIPS = ViewTable.of("breaker-trip", Trip.class);

    static final String CURRENT = "current";

    static String historyKey(String name, long seq) {
        return name + "/" + String.format("%019d", seq);
    }

    private final ReadModel model;

    public GovernanceView() {
        this(readModel(GOVERNANCE_EVENTS));
    }

    public GovernanceView(ReadModel model) {
        this.model = model;
    }

    public static ReadModel readModel(String topic) {
        return ReadModel.named("governance-view")
                .from(topic)
                .tables(PARAMETERS, HISTORY, PROPOSALS, SNAPSHOTS, GUARDIANS, FLAGS, REQUESTS, TRIPS)
                .projector(GovernanceProjection::project)
                .build();
    }

    @Produces
    @Singleton
    ReadModel governanceViewModel() {
        return model;
    }

    // ------------------------------------------------------------------------------------------- queries

    public boolean ready() {
        return model.ready();
    }

    public Optional<Parameter> parameter(String name) {
        return model.get(PARAMETERS, name);
    }

    public List<Parameter> parameters() {
        return model.all(PARAMETERS).stream().map(ViewEntry::value).toList();
    }

    /** The governed numeric value of {@code name}, if governance has one. */
    public Optional<Long> longValue(String name) {
        return parameter(name).map(Parameter::longValue);
    }

    /** Every value the parameter took, oldest first. */
    public List<HistoryEntry> history(String name) {
        return model.prefix(HISTORY, name + "/").stream().map(ViewEntry::value).toList();
    }

    public Optional<Proposal> proposal(String proposalId) {
        return model.get(PROPOSALS, proposalId);
    }

    /** Every proposal, newest first. */
    public List<ProposalSummary> proposals() {
        List<ProposalSummary> all = new ArrayList<>(model.all(PROPOSALS).stream()
                .map(ViewEntry::value)
                .sorted(java.util.Comparator.comparing(Proposal::createdAt))
                .map(p -> new ProposalSummary(
                        p.proposalId(),
                        p.proposer(),
                        p.title(),
                        p.state(),
                        p.votingEndsAt(),
                        p.executableAt(),
                        p.forWeight(),
                        p.againstWeight(),
                        p.abstainWeight(),
                        p.quorumWeight(),
                        p.votes().size()))
                .toList());
        Collections.reverse(all);
        return all;
    }

    /** The member's stake in the proposal's snapshot: its voting weight (zero when it is no member). */
    public Money weightOf(String proposalId, String member) {
        return model.get(SNAPSHOTS, proposalId + "/" + member).orElse(Money.ZERO);
    }

    public Optional<Guardians> guardians() {
        return model.get(GUARDIANS, CURRENT);
    }

    public List<Flag> flags() {
        return model.all(FLAGS).stream().map(ViewEntry::value).toList();
    }

    public Optional<Request> request(String requestId) {
        return model.get(REQUESTS, requestId);
    }

    public List<Request> requests() {
        return model.all(REQUESTS).stream().map(ViewEntry::value).toList();
    }

    /** Every circuit-breaker trip, oldest first. */
    public List<Trip> trips() {
        return model.all(TRIPS).stream().map(ViewEntry::value).toList();
    }
}
