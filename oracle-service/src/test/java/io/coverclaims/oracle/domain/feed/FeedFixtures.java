package io.coverclaims.oracle.domain.feed;

import io.coverclaims.oracle.domain.feed.FeedCommand.DefineFeed;
import io.coverclaims.oracle.domain.feed.FeedCommand.DefineParametricTrigger;
import io.coverclaims.oracle.domain.feed.FeedCommand.EvaluateTrigger;
import io.coverclaims.oracle.domain.feed.FeedCommand.RecordIncidentReport;
import io.coverclaims.oracle.domain.feed.FeedCommand.RecordPriceObservation;
import io.coverclaims.oracle.domain.feed.FeedCommand.RegisterFeedSource;
import io.coverclaims.oracle.domain.feed.FeedEvent.FeedDefined;
import io.coverclaims.oracle.domain.feed.FeedEvent.FeedSourceRegistered;
import io.coverclaims.oracle.domain.feed.FeedEvent.FeedUnreliable;
import io.coverclaims.oracle.domain.feed.FeedEvent.ObservationExcluded;
import io.coverclaims.oracle.domain.feed.FeedEvent.ParametricTriggerDefined;
import io.coverclaims.oracle.domain.feed.FeedEvent.PriceObserved;
import io.coverclaims.oracle.domain.feed.FeedEvent.PriceQuorumReached;
import io.coverclaims.oracle.domain.feed.FeedEvent.TriggerArmed;
import io.coverclaims.oracle.domain.feed.FeedEvent.TriggerDisarmed;
import io.coverclaims.oracle.domain.feed.FeedEvent.TriggerFired;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.testing.DeciderFixture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A USDC-USD price feed (k of n signed reporters, 0.5 % tolerance, 1 h staleness, bounds 0.5 to 2.0), an
 * incident feed, a depeg trigger (arms at 0.995, recovers at 0.999, fires after 2 h), and {@link Story}: commands
 * decided in order to build a history.
 */
final class FeedFixtures {

    static final String FEED = "USDC-USD";
    static final String INCIDENTS = "incidents-ethereum";
    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    static final long MINUTE = 60_000;
    static final long HOUR = 60 * MINUTE;
    static final long STALENESS = HOUR;
    static final int DEVIATION = 5_000;
    static final long MIN_PRICE = 50_000_000;
    static final long MAX_PRICE = 200_000_000;
    static final long ONE = 100_000_000;

    static final String TRIGGER = "trg-usdc-depeg";
    static final String PRODUCT = "prod-usdc-cover";
    static final long THRESHOLD = 99_500_000;
    static final long RECOVERY = 99_900_000;
    static final long WINDOW = 2 * HOUR;

    private FeedFixtures() {}

    static DeciderFixture<FeedCommand, FeedEvent, FeedState> fixture() {
        return DeciderFixture.of(FeedDecider.DECIDER);
    }

    static Instant at(long millisAfterT0) {
        return T0.plusMillis(millisAfterT0);
    }

    /** Source i's id: s1, s2, … */
    static String source(int i) {
        return "s" + i;
    }

    /** Source i's signer: 0x1111…, 0x2222…, … (i from 1 to 9). */
    static String signer(int i) {
        return "0x" + String.valueOf(i).repeat(40);
    }

    // ------------------------------------------------------------------ definitions

    static DefineFeed definePriceFeed(int quorum) {
        return new DefineFeed(FEED, FeedKind.PRICE, "USDC in USD", quorum, DEVIATION, STALENESS, T0);
    }

    static FeedDefined priceFeedDefined(int quorum) {
        return new FeedDefined(FEED, FeedKind.PRICE, "USDC in USD", quorum, DEVIATION, STALENESS);
    }

    static FeedDefined incidentFeedDefined(int quorum) {
        return new FeedDefined(INCIDENTS, FeedKind.INCIDENT, "exploits on Ethereum", quorum, 0, 0);
    }

    static RegisterFeedSource registerSource(int i) {
        return new RegisterFeedSource(
                FEED,
                source(i),
                "reporter " + i,
                signer(i),
                SourceKind.SIGNED_REPORTER,
                null,
                0,
                8,
                MIN_PRICE,
                MAX_PRICE,
                T0);
    }

    static FeedSourceRegistered sourceRegistered(int i, int sourceCount) {
        return new FeedSourceRegistered(
                FEED,
                source(i),
                "reporter " + i,
                signer(i),
                sourceCount,
                SourceKind.SIGNED_REPORTER,
                null,
                0,
                8,
                MIN_PRICE,
                MAX_PRICE);
    }

    static FeedSourceRegistered incidentSourceRegistered(int i, int sourceCount) {
        return new FeedSourceRegistered(
                INCIDENTS,
                source(i),
                "watcher " + i,
                signer(i),
                sourceCount,
                SourceKind.SIGNED_REPORTER,
                null,
                0,
                8,
                0,
                0);
    }

    /** A price feed with k = quorum and n registered sources s1 … sn. */
    static List<FeedEvent> priceFeed(int n, int quorum) {
        List<FeedEvent> events = new ArrayList<>();
        events.add(priceFeedDefined(quorum));
        for (int i = 1; i <= n; i++) {
            events.add(sourceRegistered(i, i));
        }
        return events;
    }

    /** An incident feed with k = quorum and n registered sources s1 … sn. */
    static List<FeedEvent> incidentFeed(int n, int quorum) {
        List<FeedEvent> events = new ArrayList<>();
        events.add(incidentFeedDefined(quorum));
        for (int i = 1; i <= n; i++) {
            events.add(incidentSourceRegistered(i, i));
        }
        return events;
    }

    static List<FeedEvent> plus(List<FeedEvent> history, FeedEvent... more) {
        List<FeedEvent> events = new ArrayList<>(history);
        events.addAll(Arrays.asList(more));
        return events;
    }

    // ------------------------------------------------------------------ observations

    /** Source i observes {@code price} at {@code at}, delivered at once, by its signer, without a round. */
    static RecordPriceObservation observe(int i, long price, Instant at) {
        return observe(i, price, at, null, at);
    }

    static RecordPriceObservation observe(int i, long price, Instant observedAt, String roundId, Instant at) {
        return new RecordPriceObservation(FEED, source(i), price, observedAt, roundId, null, null, signer(i), at);
    }

    static PriceObserved observed(int i, long price, Instant observedAt) {
        return observed(i, price, observedAt, null);
    }

    static PriceObserved observed(int i, long price, Instant observedAt, String roundId) {
        return new PriceObserved(FEED, source(i), price, observedAt, roundId, null, signer(i));
    }

    static ObservationExcluded excludedOnArrival(
            int i, long price, Instant observedAt, String roundId, ExclusionReason reason, String detail) {
        return new ObservationExcluded(FEED, source(i), price, observedAt, roundId, reason, detail, signer(i));
    }

    static PriceQuorumReached reached(
            long price,
            Instant observedAt,
            Instant evaluatedAt,
            List<String> sourceIds,
            int quorum,
            int sourceCount,
            SourceExclusion... exclusions) {
        return new PriceQuorumReached(
                FEED,
                price,
                observedAt,
                sourceIds,
                quorum,
                sourceCount,
                DEVIATION,
                STALENESS,
                evaluatedAt,
                List.of(exclusions));
    }

    static FeedUnreliable unreliable(
            Instant evaluatedAt, List<String> sourceIds, int quorum, int sourceCount, SourceExclusion... exclusions) {
        return new FeedUnreliable(FEED, sourceIds, quorum, sourceCount, evaluatedAt, List.of(exclusions));
    }

    /** An exclusion whose detail the test does not fix (compare with {@link #withoutDetails}). */
    static SourceExclusion exclusion(int i, ExclusionReason reason, long price) {
        return new SourceExclusion(source(i), reason, "", price);
    }

    /** The events with every exclusion detail blanked, to compare the figures that matter. */
    static List<FeedEvent> withoutDetails(List<FeedEvent> events) {
        return events.stream().map(FeedFixtures::withoutDetail).toList();
    }

    private static FeedEvent withoutDetail(FeedEvent event) {
        return switch (event) {
            case PriceQuorumReached e ->
                new PriceQuorumReached(
                        e.feedId(),
                        e.priceE8(),
                        e.observedAt(),
                        e.sourceIds(),
                        e.quorum(),
                        e.sourceCount(),
                        e.maxDeviationPpm(),
                        e.maxStalenessMs(),
                        e.evaluatedAt(),
                        blank(e.exclusions()));
            case FeedUnreliable e ->
                new FeedUnreliable(
                        e.feedId(), e.sourceIds(), e.quorum(), e.sourceCount(), e.evaluatedAt(), blank(e.exclusions()));
            case ObservationExcluded e ->
                new ObservationExcluded(
                        e.feedId(),
                        e.sourceId(),
                        e.priceE8(),
                        e.observedAt(),
                        e.roundId(),
                        e.reason(),
                        "",
                        e.reporter());
            default -> event;
        };
    }

    private static List<SourceExclusion> blank(List<SourceExclusion> exclusions) {
        return exclusions.stream()
                .map(x -> new SourceExclusion(x.sourceId(), x.reason(), "", x.priceE8()))
                .toList();
    }

    /** The trigger events among {@code events}. */
    static List<FeedEvent> triggerEvents(List<FeedEvent> events) {
        return events.stream()
                .filter(e -> e instanceof TriggerArmed || e instanceof TriggerDisarmed || e instanceof TriggerFired)
                .toList();
    }

    // ------------------------------------------------------------------ triggers

    static DefineParametricTrigger defineDepeg() {
        return defineDepeg(0);
    }

    static DefineParametricTrigger defineDepeg(long minDepegPriceE8) {
        return new DefineParametricTrigger(
                TRIGGER, PRODUCT, FEED, THRESHOLD, RECOVERY, WINDOW, TriggerKind.DEPEG, minDepegPriceE8, 0, T0);
    }

    static ParametricTriggerDefined depegDefined() {
        return depegDefined(0);
    }

    static ParametricTriggerDefined depegDefined(long minDepegPriceE8) {
        return new ParametricTriggerDefined(
                TRIGGER, PRODUCT, FEED, THRESHOLD, RECOVERY, WINDOW, TriggerKind.DEPEG, minDepegPriceE8, 0);
    }

    static EvaluateTrigger evaluateTrigger(Instant at) {
        return new EvaluateTrigger(TRIGGER, null, null, null, FEED, at);
    }

    static TriggerArmed armed(long price, Instant at) {
        return new TriggerArmed(TRIGGER, PRODUCT, FEED, price, at, THRESHOLD, WINDOW, at.plusMillis(WINDOW));
    }

    static TriggerDisarmed disarmed(long price, Instant at) {
        return new TriggerDisarmed(TRIGGER, price, at, RECOVERY, FEED);
    }

    static TriggerFired depegFired(
            int n, Instant armedAt, Instant firedAt, long lowest, long depegPrice, int payoutPpm) {
        return new TriggerFired(
                TRIGGER,
                PRODUCT,
                FEED,
                "inc-usdc-depeg-" + n,
                armedAt,
                firedAt,
                lowest,
                THRESHOLD,
                RECOVERY,
                WINDOW,
                TriggerKind.DEPEG,
                depegPrice,
                payoutPpm,
                null,
                "");
    }

    // ------------------------------------------------------------------ incidents

    static RecordIncidentReport report(int i, String incidentId, String productId, Instant at) {
        return new RecordIncidentReport(
                INCIDENTS,
                source(i),
                incidentId,
                productId,
                "0x" + "c".repeat(40),
                T0,
                "drained by watcher " + i,
                "tx-" + i,
                signer(i),
                at);
    }

    // ------------------------------------------------------------------ stories

    /** Commands decided in order from a history, each of them accepted: the history a test starts from. */
    static final class Story {
        private FeedState state = FeedDecider.DECIDER.initialState();
        private final List<FeedEvent> history = new ArrayList<>();

        static Story of(List<FeedEvent> given) {
            Story story = new Story();
            given.forEach(story::record);
            return story;
        }

        private void record(FeedEvent event) {
            state = FeedDecider.DECIDER.evolve(state, event);
            history.add(event);
        }

        /** Decides {@code command}; it must be accepted. Returns its events. */
        List<FeedEvent> decide(FeedCommand command) {
            return switch (FeedDecider.DECIDER.decide(command, state)) {
                case Decision.Accepted<FeedEvent> accepted -> {
                    accepted.events().forEach(this::record);
                    yield accepted.events();
                }
                case Decision.Rejected<FeedEvent> rejected ->
                    throw new AssertionError(command + " was rejected: " + rejected.rejection());
            };
        }

        Story then(FeedCommand... commands) {
            for (FeedCommand command : commands) {
                decide(command);
            }
            return this;
        }

        /** Sources 1 to n observe {@code price} at {@code at}, one after the other. Returns the events. */
        List<FeedEvent> tick(int n, long price, Instant at) {
            List<FeedEvent> events = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                events.addAll(decide(observe(i, price, at)));
            }
            return events;
        }

        Story ticked(int n, long price, Instant at) {
            tick(n, price, at);
            return this;
        }

        List<FeedEvent> history() {
            return List.copyOf(history);
        }

        FeedState state() {
            return state;
        }
    }
}
