package io.coverclaims.oracle.domain.feed;

import static io.coverclaims.oracle.domain.feed.FeedFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.oracle.domain.feed.FeedCommand.RecordPriceObservation;
import io.coverclaims.oracle.domain.feed.FeedCommand.RegisterFeedSource;
import io.coverclaims.oracle.domain.feed.FeedEvent.FeedSourceDisabled;
import io.coverclaims.oracle.domain.feed.FeedState.Feed;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A price observation on arrival: who may deliver it, when, and what is recorded but excluded. */
class ObservationRulesTest {

    static final Instant T1 = at(10 * MINUTE);

    /** s1 and s2 observed 1.0 at T0 (a quorum of 2 of 3). */
    static List<FeedEvent> agreed() {
        return Story.of(priceFeed(3, 2))
                .then(observe(1, ONE, T0, "100", T0), observe(2, ONE, T0, "200", T0))
                .history();
    }

    static RecordPriceObservation deliveredBy(String reporter, long price, Instant at) {
        return new RecordPriceObservation(FEED, source(1), price, at, null, null, null, reporter, at);
    }

    @Test
    void an_observation_of_an_incident_feed_is_refused() {
        fixture()
                .given(incidentFeed(3, 2))
                .when(new RecordPriceObservation(INCIDENTS, source(1), ONE, T0, null, null, null, signer(1), T0))
                .thenRejected("WRONG_FEED_KIND", "feedId");
    }

    @Test
    void an_observation_of_an_unknown_or_disabled_source_is_refused() {
        fixture().given(priceFeed(3, 2)).when(observe(4, ONE, T0)).thenRejected("SOURCE_NOT_FOUND", "sourceId");
        fixture()
                .given(plus(priceFeed(3, 2), new FeedSourceDisabled(FEED, source(1), "key leaked", 2)))
                .when(observe(1, ONE, T0))
                .thenRejected("SOURCE_DISABLED", "sourceId");
    }

    @Test
    void an_observation_delivered_by_anyone_but_the_sources_signer_is_refused() {
        fixture()
                .given(priceFeed(3, 2))
                .when(deliveredBy(signer(2), ONE, T0))
                .thenRejected("NOT_SOURCE_REPORTER", "reporter");
        fixture()
                .given(priceFeed(3, 2))
                .when(deliveredBy(null, ONE, T0))
                .thenRejected("NOT_SOURCE_REPORTER", "reporter");
    }

    @Test
    void the_reporter_is_its_signer_in_any_letter_case_and_recorded_in_lower_case() {
        fixture()
                .given(priceFeed(3, 2))
                .when(deliveredBy("0x" + "1".repeat(40).toUpperCase(), ONE, T0))
                .thenEventsSatisfy(events -> assertThat(events.get(0)).isEqualTo(observed(1, ONE, T0)));
        String mixed = "0x" + "aB".repeat(20);
        List<FeedEvent> feed = plus(
                priceFeed(0, 2),
                new FeedEvent.FeedSourceRegistered(
                        FEED,
                        source(1),
                        "r",
                        "0x" + "ab".repeat(20),
                        1,
                        SourceKind.SIGNED_REPORTER,
                        null,
                        0,
                        8,
                        MIN_PRICE,
                        MAX_PRICE));
        fixture()
                .given(feed)
                .when(deliveredBy(mixed, ONE, T0))
                .thenEventsSatisfy(events -> assertThat(((FeedEvent.PriceObserved) events.get(0)).reporter())
                        .isEqualTo("0x" + "ab".repeat(20)));
    }

    @Test
    void a_chainlink_source_is_delivered_by_its_aggregator() {
        String aggregator = "0x" + "ab".repeat(20);
        List<FeedEvent> feed = Story.of(priceFeed(0, 2))
                .then(new RegisterFeedSource(
                        FEED,
                        source(1),
                        "chainlink USDC/USD",
                        null,
                        SourceKind.CHAINLINK_AGGREGATOR,
                        aggregator,
                        86_400_000,
                        8,
                        MIN_PRICE,
                        MAX_PRICE,
                        T0))
                .history();
        fixture().given(feed).when(deliveredBy(signer(1), ONE, T0)).thenRejected("NOT_SOURCE_REPORTER", "reporter");
        fixture()
                .given(feed)
                .when(new RecordPriceObservation(
                        FEED, source(1), ONE, T0, "18446744073709551617", null, "100000000", aggregator, T0))
                .thenEventsSatisfy(events -> assertThat(events.get(0))
                        .isEqualTo(new FeedEvent.PriceObserved(
                                FEED, source(1), ONE, T0, "18446744073709551617", "100000000", aggregator)));
    }

    @Test
    void an_observation_more_than_a_minute_ahead_of_the_decision_is_refused() {
        fixture()
                .given(priceFeed(3, 2))
                .when(observe(1, ONE, T0.plusMillis(60_001), null, T0))
                .thenRejected("OBSERVATION_IN_FUTURE", "observedAt");
        fixture()
                .given(priceFeed(3, 2))
                .when(observe(1, ONE, T0.plusMillis(60_000), null, T0))
                .thenEventsSatisfy(
                        events -> assertThat(events.get(0)).isEqualTo(observed(1, ONE, T0.plusMillis(60_000))));
    }

    @Test
    void the_same_round_read_again_records_nothing() {
        fixture().given(agreed()).when(observe(1, ONE, T1, "100", T1)).thenNoEvents();
        List<FeedEvent> withoutRounds =
                Story.of(priceFeed(3, 2)).then(observe(1, ONE, T0)).history();
        fixture().given(withoutRounds).when(observe(1, ONE, T0, null, T1)).thenNoEvents();
        // the same time with another price is news
        fixture()
                .given(withoutRounds)
                .when(observe(1, ONE + 1, T0, null, T1))
                .thenEventsSatisfy(events -> assertThat(events.get(0)).isEqualTo(observed(1, ONE + 1, T0)));
    }

    @Test
    void a_price_outside_the_sources_bounds_is_recorded_as_excluded_and_never_becomes_its_latest() {
        fixture()
                .given(agreed())
                .when(observe(1, MIN_PRICE - 1, T1, "101", T1))
                .thenEvents(
                        excludedOnArrival(
                                1,
                                MIN_PRICE - 1,
                                T1,
                                "101",
                                ExclusionReason.OUT_OF_BOUNDS,
                                "price 49999999 outside the source's bounds [50000000, 200000000]"),
                        // the quorum is evaluated again at T1 on the latest observations: 1.0 from both
                        reached(ONE, T0, T1, List.of(source(1), source(2)), 2, 3))
                .thenState(state -> assertThat(
                                ((Feed) state).sources().get(source(1)).latest().roundId())
                        .isEqualTo("100"));
        fixture()
                .given(agreed())
                .when(observe(2, MAX_PRICE + 1, T1, "201", T1))
                .thenEventsSatisfy(events -> assertThat(((FeedEvent.ObservationExcluded) events.get(0)).reason())
                        .isEqualTo(ExclusionReason.OUT_OF_BOUNDS));
    }

    @Test
    void a_round_below_the_latest_is_excluded_as_regressed() {
        fixture()
                .given(agreed())
                .when(observe(1, ONE, T1, "99", T1))
                .thenEvents(
                        excludedOnArrival(
                                1,
                                ONE,
                                T1,
                                "99",
                                ExclusionReason.ROUND_REGRESSED,
                                "round 99 is before the latest round 100"),
                        reached(ONE, T0, T1, List.of(source(1), source(2)), 2, 3));
    }

    @Test
    void an_observation_older_than_the_latest_is_excluded_as_regressed() {
        List<FeedEvent> history = Story.of(priceFeed(3, 2))
                .then(observe(1, ONE, T1), observe(2, ONE, T1))
                .history();
        fixture()
                .given(history)
                .when(observe(1, ONE - 1, T0, null, T1))
                .thenEventsSatisfy(events -> assertThat(withoutDetails(events).get(0))
                        .isEqualTo(excludedOnArrival(1, ONE - 1, T0, null, ExclusionReason.ROUND_REGRESSED, "")));
    }

    @Test
    void an_observation_older_than_the_heartbeat_on_arrival_is_excluded_as_stale() {
        Instant late = T0.plusMillis(STALENESS + 1);
        fixture()
                .given(priceFeed(3, 2))
                .when(observe(1, ONE, T0, null, late))
                .thenEvents(
                        excludedOnArrival(
                                1,
                                ONE,
                                T0,
                                null,
                                ExclusionReason.STALE,
                                "observed at 2026-12-02T10:00:00Z, 3600001 ms before 2026-12-02T11:00:00.001Z, more"
                                        + " than the heartbeat of 3600000 ms"),
                        unreliable(late, List.of(), 2, 3))
                .thenState(state -> assertThat(
                                ((Feed) state).sources().get(source(1)).latest())
                        .isNull());
        // exactly a heartbeat old is still fresh
        fixture()
                .given(priceFeed(3, 2))
                .when(observe(1, ONE, T0, null, T0.plusMillis(STALENESS)))
                .thenEventsSatisfy(events -> assertThat(events.get(0)).isEqualTo(observed(1, ONE, T0)));
    }

    @Test
    void a_sources_own_heartbeat_replaces_the_feeds_staleness_limit() {
        RegisterFeedSource fast = registerSource(1);
        List<FeedEvent> feed = Story.of(priceFeed(0, 1))
                .then(new RegisterFeedSource(
                        FEED,
                        source(1),
                        fast.name(),
                        signer(1),
                        SourceKind.SIGNED_REPORTER,
                        null,
                        10 * MINUTE,
                        8,
                        MIN_PRICE,
                        MAX_PRICE,
                        T0))
                .history();
        fixture()
                .given(feed)
                .when(observe(1, ONE, T0, null, T0.plusMillis(10 * MINUTE + 1)))
                .thenEventsSatisfy(events -> assertThat(((FeedEvent.ObservationExcluded) events.get(0)).reason())
                        .isEqualTo(ExclusionReason.STALE));
    }
}
