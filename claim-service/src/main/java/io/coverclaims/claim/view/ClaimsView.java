package io.coverclaims.claim.view;

import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.streams.WireMetadata;
import io.coverclaims.platform.view.ReadModel;
import io.coverclaims.platform.view.ViewEntry;
import io.coverclaims.platform.view.ViewEvent;
import io.coverclaims.platform.view.ViewTable;
import io.coverclaims.platform.view.ViewUpdate;
import io.coverclaims.schemas.claim.AppealBondReceived;
import io.coverclaims.schemas.claim.AppealDecided;
import io.coverclaims.schemas.claim.AssessmentClosed;
import io.coverclaims.schemas.claim.AssessmentOpened;
import io.coverclaims.schemas.claim.AssessmentVoteCast;
import io.coverclaims.schemas.claim.AssessmentVoteVoided;
import io.coverclaims.schemas.claim.AssessorGroupAppointed;
import io.coverclaims.schemas.claim.ClaimAccepted;
import io.coverclaims.schemas.claim.ClaimAppealed;
import io.coverclaims.schemas.claim.ClaimClosed;
import io.coverclaims.schemas.claim.ClaimDenied;
import io.coverclaims.schemas.claim.ClaimDepositReceived;
import io.coverclaims.schemas.claim.ClaimPaid;
import io.coverclaims.schemas.claim.ClaimPayoutDeclined;
import io.coverclaims.schemas.claim.ClaimPayoutRequested;
import io.coverclaims.schemas.claim.ClaimRefundDue;
import io.coverclaims.schemas.claim.ClaimSettled;
import io.coverclaims.schemas.claim.ClaimSubmitted;
import io.coverclaims.schemas.claim.ClaimWithdrawn;
import io.coverclaims.schemas.claim.IncidentClaimAdmitted;
import io.coverclaims.schemas.claim.IncidentClaimRegistered;
import io.coverclaims.schemas.claim.IncidentClaimReleased;
import io.coverclaims.schemas.claim.IncidentClaimResolved;
import io.coverclaims.schemas.claim.IncidentDeclared;
import io.coverclaims.schemas.claim.IncidentRatioFixed;
import io.coverclaims.schemas.claim.IncidentWindowClosed;
import io.coverclaims.schemas.claim.ParametricClaimOpened;
import io.coverclaims.schemas.common.EventMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The claims as their readers see them, folded from claim.events by the kernel's {@link ReadModel}: each claim with
 * its whole event history, the claims of a policy, a claimant and an incident, each assessor's open assessments, the
 * assessor groups and the incidents. Eventually consistent (a read right after a write may not see it yet); rebuilt
 * from the topic when its state is wiped.
 */
@ApplicationScoped
public class ClaimsView {

    public static final String CLAIM_EVENTS = "claim.events";

    /** One event of a claim's (or an incident's) history: its type, time, id, actor and every field but metadata. */
    public record HistoryEntry(String type, Instant at, String eventId, String actor, Map<String, String> fields) {}

    /** One counted ballot. */
    public record Ballot(String assessor, boolean accept, Money assessedLoss, String rationale, boolean voided) {}

    /** A claim, as its events tell it. */
    public record ClaimView(
            String claimId,
            String policyId,
            String productId,
            String productCategory,
            String poolId,
            String claimant,
            String asset,
            String incidentId,
            String status,
            Instant submittedAt,
            Instant incidentAt,
            Money claimedAmount,
            Money coverLeft,
            String description,
            String evidenceUri,
            Money requiredDeposit,
            Money depositReceived,
            List<String> assessors,
            Instant votingEndsAt,
            List<Ballot> ballots,
            String outcome,
            Instant cooldownEndsAt,
            Money assessedLoss,
            Money payoutAmount,
            boolean partial,
            Instant appealDeadline,
            Money appealBond,
            String appealId,
            Money bondReceived,
            List<String> arbiters,
            String payoutId,
            Long ratioPpm,
            Money requestedAmount,
            Money settledAmount,
            Long proRataPpm,
            String paidTxHash,
            List<HistoryEntry> history) {

        ClaimView status(String status) {
            return with(b -> b.status = status);
        }

        ClaimView with(java.util.function.Consumer<Builder> change) {
            Builder b = new Builder(this);
            change.accept(b);
            return b.build();
        }
    }

    /** A mutable copy of a {@link ClaimView}, for the projector's changes. */
    static final class Builder {
        String claimId, policyId, productId, productCategory, poolId, claimant, asset, incidentId, status;
        Instant submittedAt, incidentAt;
        Money claimedAmount, coverLeft;
        String description, evidenceUri;
        Money requiredDeposit, depositReceived;
        List<String> assessors;
        Instant votingEndsAt;
        List<Ballot> ballots;
        String outcome;
        Instant cooldownEndsAt;
        Money assessedLoss, payoutAmount;
        boolean partial;
        Instant appealDeadline;
        Money appealBond;
        String appealId;
        Money bondReceived;
        List<String> arbiters;
        String payoutId;
        Long ratioPpm;
        Money requestedAmount, settledAmount;
        Long proRataPpm;
        String paidTxHash;
        List<HistoryEntry> history;

        Builder(ClaimView v) {
            claimId = v.claimId();
            policyId = v.policyId();
            productId = v.productId();
            productCategory = v.productCategory();
            poolId = v.poolId();
            claimant = v.claimant();
            asset = v.asset();
            incidentId = v.incidentId();
            status = v.status();
            submittedAt = v.submittedAt();
            incidentAt = v.incidentAt();
            claimedAmount = v.claimedAmount();
            coverLeft = v.coverLeft();
            description = v.description();
            evidenceUri = v.evidenceUri();
            requiredDeposit = v.requiredDeposit();
            depositReceived = v.depositReceived();
            assessors = v.assessors();
            votingEndsAt = v.votingEndsAt();
            ballots = v.ballots();
            outcome = v.outcome();
            cooldownEndsAt = v.cooldownEndsAt();
            assessedLoss = v.assessedLoss();
            payoutAmount = v.payoutAmount();
            partial = v.partial();
            appealDeadline = v.appealDeadline();
            appealBond = v.appealBond();
            appealId = v.appealId();
            bondReceived = v.bondReceived();
            arbiters = v.arbiters();
            payoutId = v.payoutId();
            ratioPpm = v.ratioPpm();
            requestedAmount = v.requestedAmount();
            settledAmount = v.settledAmount();
            proRataPpm = v.proRataPpm();
            paidTxHash = v.paidTxHash();
            history = v.history();
        }

        ClaimView build() {
            return new ClaimView(
                    claimId,
                    policyId,
                    productId,
                    productCategory,
                    poolId,
                    claimant,
                    asset,
                    incidentId,
                    status,
                    submittedAt,
                    incidentAt,
                    claimedAmount,
                    coverLeft,
                    description,
                    evidenceUri,
                    requiredDeposit,
                    depositReceived,
                    assessors,
                    votingEndsAt,
                    ballots,
                    outcome,
                    cooldownEndsAt,
                    assessedLoss,
                    payoutAmount,
                    partial,
                    appealDeadline,
                    appealBond,
                    appealId,
                    bondReceived,
                    arbiters,
                    payoutId,
                    ratioPpm,
                    requestedAmount,
                    settledAmount,
                    proRataPpm,
                    paidTxHash,
                    history);
        }
    }

    /** An incident, as its events tell it. */
    public record IncidentView(
            String incidentId,
            String title,
            List<String> productIds,
            Instant occurredAt,
            Instant declaredAt,
            Instant claimWindowEndsAt,
            String mode,
            List<PoolFigures> pools,
            boolean windowClosed,
            Long ratioPpm,
            List<String> registeredClaims,
            List<String> acceptedClaims,
            List<String> releasedClaims,
            List<HistoryEntry> history,
            String triggerId,
            List<String> parametricPolicyIds) {}

    public record PoolFigures(String poolId, Money capital, Money worstCase) {}

    /** An assessor group (or the arbiters): its members. */
    public record Group(String groupId, String category, List<String> members, Instant appointedAt) {}

    static final ViewTable<ClaimView> CLAIMS = ViewTable.of("claim", ClaimView.class);
    static final ViewTable<Instant> BY_CLAIMANT = ViewTable.of("claimant-claim", Instant.class);
    static final ViewTable<Instant> BY_POLICY = ViewTable.of("policy-claim", Instant.class);
    static final ViewTable<Instant> BY_INCIDENT = ViewTable.of("incident-claim", Instant.class);
    /** {@code <assessor>/<claim id>} → the voting end: the assessments an assessor has still to vote in. */
    static final ViewTable<Instant> OPEN_BY_ASSESSOR = ViewTable.of("assessor-open", Instant.class);

    static final ViewTable<IncidentView> INCIDENTS = ViewTable.of("incident", IncidentView.class);
    static final ViewTable<Group> GROUPS = ViewTable.of("group", Group.class);

    private final ReadModel model;

    public ClaimsView() {
        this(readModel(CLAIM_EVENTS));
    }

    public ClaimsView(ReadModel model) {
        this.model = model;
    }

    public static ReadModel readModel(String topic) {
        return ReadModel.named("claim-view")
                .from(topic)
                .tables(CLAIMS, BY_CLAIMANT, BY_POLICY, BY_INCIDENT, OPEN_BY_ASSESSOR, INCIDENTS, GROUPS)
                .projector(ClaimsView::project)
                .build();
    }

    @Produces
    @Singleton
    ReadModel claimViewModel() {
        return model;
    }

    // ------------------------------------------------------------------------------------------- projection

    static void project(ViewEvent event, ViewUpdate view) {
        SpecificRecord wire = event.value();
        EventMetadata metadata = WireMetadata.ofEvent(wire);
        HistoryEntry entry = entry(wire, metadata);
        switch (wire) {
            case ClaimSubmitted e -> {
                Instant at = metadata.getOccurredAt();
                ClaimView claim = new ClaimView(
                        e.getClaimId(),
                        e.getPolicyId(),
                        e.getProductId(),
                        e.getProductCategory(),
                        e.getPoolId(),
                        e.getClaimant(),
                        e.getAsset(),
                        e.getIncidentId(),
                        "AWAITING_DEPOSIT",
                        at,
                        e.getIncidentAt(),
                        money(e.getClaimedAmount()),
                        money(e.getCoverAmount()),
                        e.getDescription(),
                        e.getEvidenceUri(),
                        money(e.getRequiredDeposit()),
                        Money.ZERO,
                        List.copyOf(e.getAssessors()),
                        null,
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        false,
                        null,
                        null,
                        null,
                        null,
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        List.of(entry));
                view.put(CLAIMS, e.getClaimId(), claim);
                view.put(BY_CLAIMANT, lower(e.getClaimant()) + "/" + e.getClaimId(), at);
                view.put(BY_POLICY, e.getPolicyId() + "/" + e.getClaimId(), at);
                if (e.getIncidentId() != null) {
                    view.put(BY_INCIDENT, e.getIncidentId() + "/" + e.getClaimId(), at);
                }
            }
            case ParametricClaimOpened e -> {
                Instant at = metadata.getOccurredAt();
                ClaimView claim = new ClaimView(
                        e.getClaimId(),
                        e.getPolicyId(),
                        e.getProductId(),
                        "",
                        e.getPoolId(),
                        e.getClaimant(),
                        e.getAsset(),
                        e.getIncidentId(),
                        "PARAMETRIC_OPENED",
                        at,
                        e.getFiredAt(),
                        money(e.getPayoutAmount()),
                        money(e.getCoverAmount()),
                        String.format(
                                java.util.Locale.ROOT,
                                "parametric: %s trigger %s fired at %s; %d ppm of cover paid%s",
                                e.getTriggerKind(),
                                e.getTriggerId(),
                                e.getFiredAt(),
                                e.getPayoutPpm(),
                                e.getDepegPriceE8() > 0 ? " (depeg price " + e.getDepegPriceE8() + " e-8)" : ""),
                        null,
                        Money.ZERO,
                        Money.ZERO,
                        List.of(),
                        null,
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        false,
                        null,
                        null,
                        null,
                        null,
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        List.of(entry));
                view.put(CLAIMS, e.getClaimId(), claim);
                view.put(BY_CLAIMANT, lower(e.getClaimant()) + "/" + e.getClaimId(), at);
                view.put(BY_POLICY, e.getPolicyId() + "/" + e.getClaimId(), at);
                view.put(BY_INCIDENT, e.getIncidentId() + "/" + e.getClaimId(), at);
            }
            case ClaimDepositReceived e ->
                claim(view, e.getClaimId(), entry, b -> b.depositReceived = money(e.getTotalReceived()));
            case AssessmentOpened e -> {
                claim(view, e.getClaimId(), entry, b -> {
                    b.status = "ASSESSING";
                    b.votingEndsAt = e.getVotingEndsAt();
                });
                for (String assessor : e.getAssessors()) {
                    view.put(OPEN_BY_ASSESSOR, lower(assessor) + "/" + e.getClaimId(), e.getVotingEndsAt());
                }
            }
            case AssessmentVoteCast e -> {
                claim(view, e.getClaimId(), entry, b -> {
                    List<Ballot> ballots = new ArrayList<>(b.ballots);
                    ballots.add(new Ballot(
                            e.getAssessor(),
                            e.getAccept(),
                            e.getAssessedLoss() == null ? null : money(e.getAssessedLoss()),
                            e.getRationale(),
                            false));
                    b.ballots = List.copyOf(ballots);
                    b.votingEndsAt = e.getVotingEndsAt();
                });
                view.delete(OPEN_BY_ASSESSOR, lower(e.getAssessor()) + "/" + e.getClaimId());
            }
            case AssessmentClosed e -> {
                claim(view, e.getClaimId(), entry, b -> {
                    b.status = "COOLDOWN";
                    b.outcome = e.getOutcome().name();
                    b.cooldownEndsAt = e.getCooldownEndsAt();
                    b.assessedLoss = e.getAssessedLoss() == null ? null : money(e.getAssessedLoss());
                });
                closeAssessments(view, e.getClaimId());
            }
            case AssessmentVoteVoided e ->
                claim(
                        view,
                        e.getClaimId(),
                        entry,
                        b -> b.ballots = b.ballots.stream()
                                .map(v -> v.assessor().equalsIgnoreCase(e.getAssessor())
                                        ? new Ballot(v.assessor(), v.accept(), v.assessedLoss(), v.rationale(), true)
                                        : v)
                                .toList());
            case ClaimAccepted e ->
                claim(view, e.getClaimId(), entry, b -> {
                    b.status = "ACCEPTED";
                    b.outcome = "ACCEPTED";
                    b.assessedLoss = money(e.getAssessedLoss());
                    b.payoutAmount = money(e.getPayoutAmount());
                    b.partial = e.getPartial();
                });
            case ClaimPayoutRequested e ->
                claim(view, e.getClaimId(), entry, b -> {
                    b.status = "PAYOUT_REQUESTED";
                    b.payoutId = e.getPayoutId();
                    b.ratioPpm = e.getRatioPpm();
                    b.requestedAmount = money(e.getAmount());
                });
            case ClaimPayoutDeclined e -> claim(view, e.getClaimId(), entry, b -> b.status = "PAYOUT_DECLINED");
            case ClaimDenied e ->
                claim(view, e.getClaimId(), entry, b -> {
                    b.status = "DENIED";
                    b.outcome = e.getOutcome().name();
                    b.appealDeadline = e.getAppealDeadline();
                    b.appealBond = money(e.getAppealBond());
                });
            case ClaimAppealed e ->
                claim(view, e.getClaimId(), entry, b -> {
                    b.status = "APPEALED";
                    b.appealId = e.getAppealId();
                    b.arbiters = List.copyOf(e.getArbiters());
                    b.bondReceived = Money.ZERO;
                });
            case AppealBondReceived e ->
                claim(view, e.getClaimId(), entry, b -> {
                    b.bondReceived = money(e.getTotalReceived());
                    if (!money(e.getTotalReceived()).isLessThan(money(e.getRequiredBond()))) {
                        b.status = "UNDER_APPEAL";
                    }
                });
            case AppealDecided e -> claim(view, e.getClaimId(), entry, b -> {});
            case ClaimRefundDue e -> claim(view, e.getClaimId(), entry, b -> {});
            case ClaimWithdrawn e -> {
                claim(view, e.getClaimId(), entry, b -> b.status = "WITHDRAWN");
                closeAssessments(view, e.getClaimId());
            }
            case ClaimClosed e -> claim(view, e.getClaimId(), entry, b -> b.status = "CLOSED");
            case ClaimSettled e ->
                claim(view, e.getClaimId(), entry, b -> {
                    b.status = "SETTLED";
                    b.payoutId = e.getPayoutId();
                    b.settledAmount = money(e.getSettledAmount());
                    b.proRataPpm = e.getProRataPpm();
                });
            case ClaimPaid e ->
                claim(view, e.getClaimId(), entry, b -> {
                    b.status = "PAID";
                    b.paidTxHash = e.getTxHash();
                });
            case IncidentDeclared e ->
                view.put(
                        INCIDENTS,
                        e.getIncidentId(),
                        new IncidentView(
                                e.getIncidentId(),
                                e.getTitle(),
                                List.copyOf(e.getProductIds()),
                                e.getOccurredAt(),
                                metadata.getOccurredAt(),
                                e.getClaimWindowEndsAt(),
                                e.getMode().name(),
                                e.getPools().stream()
                                        .map(p -> new PoolFigures(
                                                p.getPoolId(), money(p.getCapital()), money(p.getWorstCase())))
                                        .toList(),
                                false,
                                null,
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of(entry),
                                e.getTriggerId(),
                                List.copyOf(e.getParametricPolicyIds())));
            case IncidentClaimRegistered e ->
                incident(
                        view,
                        e.getIncidentId(),
                        entry,
                        i -> copy(i, null, null, add(i.registeredClaims(), e.getClaimId()), null, null));
            case IncidentClaimAdmitted e ->
                incident(
                        view,
                        e.getIncidentId(),
                        entry,
                        i -> copy(i, null, null, null, add(i.acceptedClaims(), e.getClaimId()), null));
            case IncidentClaimResolved e -> incident(view, e.getIncidentId(), entry, i -> i);
            case IncidentWindowClosed e ->
                incident(view, e.getIncidentId(), entry, i -> copy(i, true, null, null, null, null));
            case IncidentRatioFixed e ->
                incident(view, e.getIncidentId(), entry, i -> copy(i, null, e.getRatioPpm(), null, null, null));
            case IncidentClaimReleased e ->
                incident(
                        view,
                        e.getIncidentId(),
                        entry,
                        i -> copy(i, null, null, null, null, add(i.releasedClaims(), e.getClaimId())));
            case AssessorGroupAppointed e ->
                view.put(
                        GROUPS,
                        e.getGroupId(),
                        new Group(
                                e.getGroupId(),
                                e.getCategory(),
                                List.copyOf(e.getMembers()),
                                metadata.getOccurredAt()));
            default -> {
                // an event of a claim this view does not follow field by field: kept in the claim's history
                String claimId = stringField(wire, "claimId");
                if (claimId != null) {
                    claim(view, claimId, entry, b -> {});
                }
            }
        }
    }

    private static void closeAssessments(ViewUpdate view, String claimId) {
        view.get(CLAIMS, claimId)
                .ifPresent(claim ->
                        claim.assessors().forEach(a -> view.delete(OPEN_BY_ASSESSOR, lower(a) + "/" + claimId)));
    }

    private static void claim(
            ViewUpdate view, String claimId, HistoryEntry entry, java.util.function.Consumer<Builder> change) {
        view.get(CLAIMS, claimId)
                .ifPresent(claim -> view.put(CLAIMS, claimId, claim.with(b -> {
                    change.accept(b);
                    b.history = add(b.history, entry);
                })));
    }

    private static void incident(
            ViewUpdate view, String incidentId, HistoryEntry entry, UnaryOperator<IncidentView> change) {
        view.get(INCIDENTS, incidentId).ifPresent(i -> {
            IncidentView changed = change.apply(i);
            view.put(
                    INCIDENTS,
                    incidentId,
                    new IncidentView(
                            changed.incidentId(),
                            changed.title(),
                            changed.productIds(),
                            changed.occurredAt(),
                            changed.declaredAt(),
                            changed.claimWindowEndsAt(),
                            changed.mode(),
                            changed.pools(),
                            changed.windowClosed(),
                            changed.ratioPpm(),
                            changed.registeredClaims(),
                            changed.acceptedClaims(),
                            changed.releasedClaims(),
                            add(changed.history(), entry),
                            changed.triggerId(),
                            changed.parametricPolicyIds()));
        });
    }

    private static IncidentView copy(
            IncidentView i,
            Boolean closed,
            Long ratio,
            List<String> registered,
            List<String> accepted,
            List<String> released) {
        return new IncidentView(
                i.incidentId(),
                i.title(),
                i.productIds(),
                i.occurredAt(),
                i.declaredAt(),
                i.claimWindowEndsAt(),
                i.mode(),
                i.pools(),
                closed == null ? i.windowClosed() : closed,
                ratio == null ? i.ratioPpm() : ratio,
                registered == null ? i.registeredClaims() : registered,
                accepted == null ? i.acceptedClaims() : accepted,
                released == null ? i.releasedClaims() : released,
                i.history(),
                i.triggerId(),
                i.parametricPolicyIds());
    }

    private static <T> List<T> add(List<T> list, T item) {
        if (list.contains(item)) {
            return list;
        }
        List<T> copy = new ArrayList<>(list);
        copy.add(item);
        return List.copyOf(copy);
    }

    /** The event as a history entry: every field but the metadata, as text (amounts exact, times ISO-8601). */
    static HistoryEntry entry(SpecificRecord wire, EventMetadata metadata) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Schema.Field field : wire.getSchema().getFields()) {
            if (field.name().equals("metadata")) {
                continue;
            }
            Object value = wire.get(field.pos());
            if (value != null) {
                fields.put(field.name(), text(value));
            }
        }
        return new HistoryEntry(
                wire.getSchema().getName(),
                metadata.getOccurredAt(),
                metadata.getEventId(),
                metadata.getActor(),
                fields);
    }

    private static String text(Object value) {
        return switch (value) {
            case BigDecimal d -> d.toPlainString();
            case ByteBuffer b -> "bytes[" + b.remaining() + "]";
            case List<?> list -> list.stream().map(ClaimsView::text).toList().toString();
            default -> String.valueOf(value);
        };
    }

    private static String stringField(SpecificRecord wire, String name) {
        Schema.Field field = wire.getSchema().getField(name);
        return field == null || wire.get(field.pos()) == null
                ? null
                : wire.get(field.pos()).toString();
    }

    private static Money money(BigDecimal amount) {
        return Money.of(amount.toBigIntegerExact());
    }

    private static String lower(String address) {
        return address.toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------------------------------- queries

    public boolean ready() {
        return model.ready();
    }

    public Optional<ClaimView> claim(String claimId) {
        return model.get(CLAIMS, claimId);
    }

    public List<ClaimView> byClaimant(String claimant) {
        return index(BY_CLAIMANT, lower(claimant) + "/");
    }

    public List<ClaimView> byPolicy(String policyId) {
        return index(BY_POLICY, policyId + "/");
    }

    public List<ClaimView> byIncident(String incidentId) {
        return index(BY_INCIDENT, incidentId + "/");
    }

    /** The claims an assessor has still to vote in, soonest voting end first. */
    public List<ClaimView> openAssessmentsOf(String assessor) {
        String prefix = lower(assessor) + "/";
        return model.prefix(OPEN_BY_ASSESSOR, prefix).stream()
                .sorted(Comparator.comparing(ViewEntry::value))
                .map(e -> model.get(CLAIMS, e.key().substring(prefix.length())))
                .flatMap(Optional::stream)
                .toList();
    }

    public Optional<IncidentView> incident(String incidentId) {
        return model.get(INCIDENTS, incidentId);
    }

    public List<IncidentView> incidents() {
        return model.all(INCIDENTS).stream().map(ViewEntry::value).toList();
    }

    public Optional<Group> group(String groupId) {
        return model.get(GROUPS, groupId);
    }

    public List<Group> groups() {
        return model.all(GROUPS).stream().map(ViewEntry::value).toList();
    }

    /** Claims by an index, oldest submission first. */
    private List<ClaimView> index(ViewTable<Instant> table, String prefix) {
        return model.prefix(table, prefix).stream()
                .sorted(Comparator.comparing(ViewEntry::value))
                .map(e -> model.get(CLAIMS, e.key().substring(prefix.length())))
                .flatMap(Optional::stream)
                .toList();
    }
}
