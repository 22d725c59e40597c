package io.coverclaims.oracle.view;

import static io.coverclaims.oracle.view.OracleView.ARMED;
import static io.coverclaims.oracle.view.OracleView.EXCLUDED;
import static io.coverclaims.oracle.view.OracleView.FEEDS;
import static io.coverclaims.oracle.view.OracleView.FIRED;
import static io.coverclaims.oracle.view.OracleView.FRESH;
import static io.coverclaims.oracle.view.OracleView.HISTORY;
import static io.coverclaims.oracle.view.OracleView.IDLE;
import static io.coverclaims.oracle.view.OracleView.INCIDENTS;
import static io.coverclaims.oracle.view.OracleView.NO_OBSERVATION;
import static io.coverclaims.oracle.view.OracleView.NO_VALUE;
import static io.coverclaims.oracle.view.OracleView.RELIABLE;
import static io.coverclaims.oracle.view.OracleView.RETIRED;
import static io.coverclaims.oracle.view.OracleView.STALE;
import static io.coverclaims.oracle.view.OracleView.TRIGGERS;
import static io.coverclaims.oracle.view.OracleView.TRIGGERS_OF_FEED;
import static io.coverclaims.oracle.view.OracleView.UNRELIABLE;
import static io.coverclaims.oracle.view.OracleView.historyKey;
import static io.coverclaims.oracle.view.OracleView.price;

import io.coverclaims.oracle.view.OracleView.Confirmation;
import io.coverclaims.oracle.view.OracleView.CurrentValue;
import io.coverclaims.oracle.view.OracleView.Evaluation;
import io.coverclaims.oracle.view.OracleView.ExcludedObservation;
import io.coverclaims.oracle.view.OracleView.Exclusion;
import io.coverclaims.oracle.view.OracleView.Feed;
import io.coverclaims.oracle.view.OracleView.Firing;
import io.coverclaims.oracle.view.OracleView.HistoryEntry;
import io.coverclaims.oracle.view.OracleView.Incident;
import io.coverclaims.oracle.view.OracleView.Observation;
import io.coverclaims.oracle.view.OracleView.Report;
import io.coverclaims.oracle.view.OracleView.Rule;
import io.coverclaims.oracle.view.OracleView.Source;
import io.coverclaims.oracle.view.OracleView.Trigger;
import io.coverclaims.platform.streams.WireMetadata;
import io.coverclaims.platform.view.ViewEntry;
import io.coverclaims.platform.view.ViewEvent;
import io.coverclaims.platform.view.ViewUpdate;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.oracle.ExclusionReason;
import io.coverclaims.schemas.oracle.FeedDefined;
import io.coverclaims.schemas.oracle.FeedQuorumChanged;
import io.coverclaims.schemas.oracle.FeedSourceDisabled;
import io.coverclaims.schemas.oracle.FeedSourceRegistered;
import io.coverclaims.schemas.oracle.FeedUnreliable;
import io.coverclaims.schemas.oracle.IncidentConfirmed;
import io.coverclaims.schemas.oracle.IncidentReported;
import io.coverclaims.schemas.oracle.ObservationExcluded;
import io.coverclaims.schemas.oracle.ParametricTriggerDefined;
import io.coverclaims.schemas.oracle.ParametricTriggerRetired;
import io.coverclaims.schemas.oracle.PriceObserved;
import io.coverclaims.schemas.oracle.PriceQuorumReached;
import io.coverclaims.schemas.oracle.SourceExclusion;
import io.coverclaims.schemas.oracle.TriggerArmed;
import io.coverclaims.schemas.oracle.TriggerDisarmed;
import io.coverclaims.schemas.oracle.TriggerFired;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.UnaryOperator;

/**
 * How {@link OracleView} folds oracle.events: each event's changes to the feed, its history, its triggers and its
 * incidents. A source's status is recomputed from the last evaluation whenever its feed changes.
 */
final class OracleProjection {

    private OracleProjection() {}

    static void project(ViewEvent event, ViewUpdate view) {
        EventMetadata metadata = WireMetadata.ofEvent(event.value());
        Instant at = metadata.getOccurredAt();
        String eventId = metadata.getEventId();
        switch (event.value()) {
            case FeedDefined e -> {
                if (view.get(FEEDS, e.getFeedId()).isEmpty()) {
                    view.put(
                            FEEDS,
                            e.getFeedId(),
                            new Feed(
                                    e.getFeedId(),
                                    e.getKind().name(),
                                    e.getDescription(),
                                    new Rule(e.getQuorum(), e.getMaxDeviationPpm(), e.getMaxStalenessMs(), 0),
                                    NO_VALUE,
                                    null,
                                    null,
                                    List.of(),
                                    at,
                                    metadata.getActor(),
                                    0));
                }
            }
            case FeedSourceRegistered e ->
                feed(view, e.getFeedId(), feed -> {
                    List<Source> sources = new ArrayList<>(feed.sources());
                    sources.removeIf(s -> s.sourceId().equals(e.getSourceId()));
                    sources.add(new Source(
                            e.getSourceId(),
                            e.getName(),
                            e.getSourceKind().name(),
                            e.getSigner(),
                            e.getAggregator(),
                            e.getHeartbeatMs(),
                            e.getDecimals(),
                            e.getMinPriceE8(),
                            e.getMaxPriceE8(),
                            true,
                            null,
                            at,
                            null,
                            null,
                            NO_OBSERVATION,
                            null,
                            null));
                    return feed.with(
                            withCount(feed.rule(), e.getSourceCount()),
                            feed.status(),
                            feed.value(),
                            feed.lastEvaluation(),
                            List.copyOf(sources));
                });
            case FeedSourceDisabled e ->
                feed(
                        view,
                        e.getFeedId(),
                        feed -> feed.with(
                                withCount(feed.rule(), e.getSourceCount()),
                                feed.status(),
                                feed.value(),
                                feed.lastEvaluation(),
                                source(
                                        feed,
                                        e.getSourceId(),
                                        s -> s.with(c -> {
                                            c.enabled = false;
                                            c.disabledReason = e.getReason();
                                        }))));
            case FeedQuorumChanged e ->
                feed(
                        view,
                        e.getFeedId(),
                        feed -> feed.with(
                                new Rule(
                                        e.getQuorum(),
                                        e.getMaxDeviationPpm(),
                                        e.getMaxStalenessMs(),
                                        e.getSourceCount()),
                                feed.status(),
                                feed.value(),
                                feed.lastEvaluation(),
                                feed.sources()));
            case PriceObserved e -> {
                Observation observation = new Observation(
                        e.getPriceE8(),
                        price(e.getPriceE8()),
                        e.getObservedAt(),
                        e.getRoundId(),
                        e.getReporter(),
                        at,
                        eventId);
                feed(
                        view,
                        e.getFeedId(),
                        feed -> feed.with(
                                feed.rule(),
                                feed.status(),
                                feed.value(),
                                feed.lastEvaluation(),
                                source(feed, e.getSourceId(), s -> s.with(c -> c.latest = observation))));
                history(
                        view,
                        e.getFeedId(),
                        seq -> new HistoryEntry(
                                seq,
                                "PriceObserved",
                                eventId,
                                at,
                                e.getSourceId(),
                                e.getPriceE8(),
                                price(e.getPriceE8()),
                                e.getObservedAt(),
                                e.getRoundId(),
                                e.getReporter(),
                                null,
                                null,
                                null,
                                null,
                                null));
            }
            case ObservationExcluded e -> {
                ExcludedObservation excluded = new ExcludedObservation(
                        e.getPriceE8(),
                        price(e.getPriceE8()),
                        e.getObservedAt(),
                        e.getRoundId(),
                        e.getReason().name(),
                        e.getDetail(),
                        at,
                        eventId);
                feed(
                        view,
                        e.getFeedId(),
                        feed -> feed.with(
                                feed.rule(),
                                feed.status(),
                                feed.value(),
                                feed.lastEvaluation(),
                                source(feed, e.getSourceId(), s -> s.with(c -> c.lastExcluded = excluded))));
                history(
                        view,
                        e.getFeedId(),
                        seq -> new HistoryEntry(
                                seq,
                                "ObservationExcluded",
                                eventId,
                                at,
                                e.getSourceId(),
                                e.getPriceE8(),
                                price(e.getPriceE8()),
                                e.getObservedAt(),
                                e.getRoundId(),
                                e.getReporter(),
                                e.getReason().name(),
                                e.getDetail(),
                                null,
                                null,
                                null));
            }
            case PriceQuorumReached e -> {
                Instant evaluatedAt = evaluatedAt(e.getEvaluatedAt(), at);
                List<Exclusion> exclusions = exclusions(e.getExclusions());
                List<String> sourceIds = List.copyOf(e.getSourceIds());
                feed(
                        view,
                        e.getFeedId(),
                        feed -> feed.with(
                                feed.rule(),
                                RELIABLE,
                                new CurrentValue(
                                        e.getPriceE8(),
                                        price(e.getPriceE8()),
                                        e.getObservedAt(),
                                        evaluatedAt,
                                        sourceIds,
                                        eventId),
                                new Evaluation("QUORUM", evaluatedAt, eventId, sourceIds, exclusions),
                                feed.sources()));
                history(
                        view,
                        e.getFeedId(),
                        seq -> new HistoryEntry(
                                seq,
                                "PriceQuorumReached",
                                eventId,
                                at,
                                null,
                                e.getPriceE8(),
                                price(e.getPriceE8()),
                                e.getObservedAt(),
                                null,
                                null,
                                null,
                                null,
                                evaluatedAt,
                                sourceIds,
                                exclusions));
                // the lowest quorum price an armed trigger of the feed has seen
                for (ViewEntry<String> bound : view.prefix(TRIGGERS_OF_FEED, e.getFeedId() + "/")) {
                    trigger(
                            view,
                            bound.value(),
                            e.getFeedId(),
                            t -> t.state().equals(ARMED)
                                            && (t.lowestPriceE8() == null || e.getPriceE8() < t.lowestPriceE8())
                                    ? t.with(c -> {
                                        c.lowestPriceE8 = e.getPriceE8();
                                        c.lowestPrice = price(e.getPriceE8());
                                    })
                                    : t);
                }
            }
            case FeedUnreliable e -> {
                Instant evaluatedAt = evaluatedAt(e.getEvaluatedAt(), at);
                List<Exclusion> exclusions = exclusions(e.getExclusions());
                List<String> sourceIds = List.copyOf(e.getSourceIds());
                feed(
                        view,
                        e.getFeedId(),
                        feed -> feed.with(
                                feed.rule(),
                                UNRELIABLE,
                                feed.value(),
                                new Evaluation("UNRELIABLE", evaluatedAt, eventId, sourceIds, exclusions),
                                feed.sources()));
                history(
                        view,
                        e.getFeedId(),
                        seq -> new HistoryEntry(
                                seq,
                                "FeedUnreliable",
                                eventId,
                                at,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                evaluatedAt,
                                sourceIds,
                                exclusions));
            }
            case IncidentReported e -> {
                Report report = new Report(
                        e.getSourceId(),
                        e.getReporter(),
                        e.getIncidentAt(),
                        e.getSummary(),
                        e.getEvidence(),
                        e.getProductId(),
                        e.getAffectedContract(),
                        at,
                        eventId);
                String key = e.getFeedId() + "/" + e.getIncidentId();
                Incident incident = view.get(INCIDENTS, key)
                        .orElseGet(() -> new Incident(
                                e.getFeedId(),
                                e.getIncidentId(),
                                e.getProductId(),
                                e.getAffectedContract(),
                                e.getIncidentAt(),
                                e.getSummary(),
                                List.of(),
                                false,
                                null));
                List<Report> reports = new ArrayList<>(incident.reports());
                reports.add(report);
                view.put(
                        INCIDENTS,
                        key,
                        new Incident(
                                incident.feedId(),
                                incident.incidentId(),
                                incident.productId(),
                                incident.affectedContract(),
                                incident.incidentAt(),
                                incident.summary(),
                                List.copyOf(reports),
                                incident.confirmed(),
                                incident.confirmation()));
            }
            case IncidentConfirmed e -> {
                String key = e.getFeedId() + "/" + e.getIncidentId();
                Confirmation confirmation = new Confirmation(
                        e.getConfirmation().name(),
                        e.getConfirmedBy(),
                        at,
                        List.copyOf(e.getSourceIds()),
                        e.getQuorum(),
                        e.getSourceCount(),
                        e.getSummary(),
                        List.copyOf(e.getEvidence()),
                        eventId);
                Incident incident = view.get(INCIDENTS, key).orElse(null);
                view.put(
                        INCIDENTS,
                        key,
                        new Incident(
                                e.getFeedId(),
                                e.getIncidentId(),
                                e.getProductId() != null
                                        ? e.getProductId()
                                        : incident == null ? null : incident.productId(),
                                e.getAffectedContract() != null
                                        ? e.getAffectedContract()
                                        : incident == null ? null : incident.affectedContract(),
                                e.getIncidentAt(),
                                incident != null
                                        ? incident.summary()
                                        : e.getSummary().isEmpty() ? null : e.getSummary(),
                                incident == null ? List.of() : incident.reports(),
                                true,
                                confirmation));
            }
            case ParametricTriggerDefined e -> {
                if (view.get(TRIGGERS, e.getTriggerId()).isEmpty()) {
                    view.put(
                            TRIGGERS,
                            e.getTriggerId(),
                            new Trigger(
                                    e.getTriggerId(),
                                    e.getProductId(),
                                    e.getFeedId(),
                                    e.getKind().name(),
                                    e.getThresholdPriceE8(),
                                    price(e.getThresholdPriceE8()),
                                    e.getRecoveryPriceE8(),
                                    price(e.getRecoveryPriceE8()),
                                    e.getWindowMs(),
                                    e.getMinDepegPriceE8(),
                                    e.getPayoutPpm(),
                                    IDLE,
                                    at,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    List.of()));
                    view.put(TRIGGERS_OF_FEED, e.getFeedId() + "/" + e.getTriggerId(), e.getTriggerId());
                }
            }
            case TriggerArmed e ->
                trigger(
                        view,
                        e.getTriggerId(),
                        metadata.getAggregateId(),
                        t -> t.with(c -> {
                            c.state = ARMED;
                            c.armedAt = e.getObservedAt();
                            c.armedPriceE8 = e.getPriceE8();
                            c.firesAt = e.getFiresAt();
                            c.lowestPriceE8 = e.getPriceE8();
                            c.lowestPrice = price(e.getPriceE8());
                        }));
            case TriggerDisarmed e ->
                trigger(
                        view,
                        e.getTriggerId(),
                        metadata.getAggregateId(),
                        t -> t.with(c -> {
                            c.state = IDLE;
                            c.armedAt = null;
                            c.armedPriceE8 = null;
                            c.firesAt = null;
                            c.lowestPriceE8 = null;
                            c.lowestPrice = null;
                            c.disarmedAt = at;
                            c.disarmedPriceE8 = e.getPriceE8();
                        }));
            case TriggerFired e ->
                trigger(
                        view,
                        e.getTriggerId(),
                        metadata.getAggregateId(),
                        t -> t.with(c -> {
                            c.state = FIRED;
                            c.firesAt = null;
                            c.firings = append(
                                    c.firings,
                                    new Firing(
                                            e.getIncidentId(),
                                            e.getOracleIncidentId(),
                                            e.getArmedAt(),
                                            e.getFiredAt(),
                                            e.getLowestPriceE8(),
                                            price(e.getLowestPriceE8()),
                                            e.getDepegPriceE8(),
                                            price(e.getDepegPriceE8()),
                                            e.getPayoutPpm(),
                                            e.getBasedOnEventId(),
                                            eventId));
                        }));
            case ParametricTriggerRetired e ->
                trigger(
                        view,
                        e.getTriggerId(),
                        metadata.getAggregateId(),
                        t -> t.with(c -> {
                            c.state = RETIRED;
                            c.firesAt = null;
                            c.retiredAt = at;
                            c.retiredReason = e.getReason();
                        }));
            default -> {
                // an event this view does not show (a trigger evaluation that changed nothing has none)
            }
        }
    }

    private static void feed(ViewUpdate view, String feedId, UnaryOperator<Feed> change) {
        view.get(FEEDS, feedId).ifPresent(feed -> view.put(FEEDS, feedId, statuses(change.apply(feed))));
    }

    /** The trigger, when it is bound to {@code feedId} (the event's aggregate): a trigger id is one feed's. */
    private static void trigger(ViewUpdate view, String triggerId, String feedId, UnaryOperator<Trigger> change) {
        view.get(TRIGGERS, triggerId)
                .filter(t -> t.feedId().equals(feedId))
                .ifPresent(t -> view.put(TRIGGERS, triggerId, change.apply(t)));
    }

    private static void history(ViewUpdate view, String feedId, LongFunction<HistoryEntry> entry) {
        view.get(FEEDS, feedId).ifPresent(feed -> {
            long seq = feed.historySize() + 1;
            view.put(HISTORY, historyKey(feedId, seq), entry.apply(seq));
            view.put(FEEDS, feedId, feed.withHistorySize(seq));
        });
    }

    private static List<Source> source(Feed feed, String sourceId, UnaryOperator<Source> change) {
        return feed.sources().stream()
                .map(s -> s.sourceId().equals(sourceId) ? change.apply(s) : s)
                .toList();
    }

    private static Rule withCount(Rule rule, int sourceCount) {
        return new Rule(rule.quorum(), rule.maxDeviationPpm(), rule.maxStalenessMs(), sourceCount);
    }

    /**
     * Each source's status as of the last evaluation: disabled sources are EXCLUDED (DISABLED); a source that never
     * reported is NO_OBSERVATION; one the last evaluation left out is STALE or EXCLUDED with its reason; one whose
     * only observations were excluded on arrival is EXCLUDED with that reason; any other is FRESH.
     */
    static Feed statuses(Feed feed) {
        Evaluation evaluation = feed.lastEvaluation();
        List<Source> sources = feed.sources().stream()
                .map(s -> {
                    if (!s.enabled()) {
                        return status(s, EXCLUDED, ExclusionReason.DISABLED.name(), s.disabledReason());
                    }
                    if (s.latest() == null && s.lastExcluded() == null) {
                        return status(s, NO_OBSERVATION, null, null);
                    }
                    Optional<Exclusion> left = evaluation == null
                            ? Optional.empty()
                            : evaluation.exclusions().stream()
                                    .filter(x -> x.sourceId().equals(s.sourceId()))
                                    .findFirst();
                    if (left.isPresent()) {
                        String reason = left.get().reason();
                        return status(
                                s,
                                reason.equals(ExclusionReason.STALE.name()) ? STALE : EXCLUDED,
                                reason,
                                left.get().detail());
                    }
                    ExcludedObservation excluded = s.lastExcluded();
                    boolean counted =
                            evaluation != null && evaluation.sourceIds().contains(s.sourceId());
                    if (s.latest() == null
                            || excluded != null
                                    && excluded.recordedAt().isAfter(s.latest().recordedAt())
                                    && !counted) {
                        return status(
                                s,
                                excluded.reason().equals(ExclusionReason.STALE.name()) ? STALE : EXCLUDED,
                                excluded.reason(),
                                excluded.detail());
                    }
                    return status(s, FRESH, null, null);
                })
                .toList();
        return feed.with(feed.rule(), feed.status(), feed.value(), evaluation, sources);
    }

    private static Source status(Source source, String status, String reason, String detail) {
        return source.with(c -> {
            c.status = status;
            c.statusReason = reason;
            c.statusDetail = detail;
        });
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> copy = new ArrayList<>(list);
        copy.add(item);
        return List.copyOf(copy);
    }

    private static List<Exclusion> exclusions(List<SourceExclusion> exclusions) {
        return exclusions.stream()
                .map(x -> new Exclusion(
                        x.getSourceId(), x.getReason().name(), x.getDetail(), x.getPriceE8(), price(x.getPriceE8())))
                .toList();
    }

    /** The evaluation time the event records; its occurrence for an event written before the field existed (0). */
    private static Instant evaluatedAt(Instant recorded, Instant occurredAt) {
        return recorded == null || recorded.toEpochMilli() == 0 ? occurredAt : recorded;
    }
}
