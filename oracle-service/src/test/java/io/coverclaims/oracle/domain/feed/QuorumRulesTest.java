package io.coverclaims.oracle.domain.feed;

import static io.coverclaims.oracle.domain.feed.FeedFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.oracle.domain.feed.FeedCommand.DisableFeedSource;
import io.coverclaims.oracle.domain.feed.FeedEvent.FeedSourceDisabled;
import io.coverclaims.oracle.domain.feed.FeedState.Feed;
import io.coverclaims.oracle.domain.feed.FeedState.Reliable;
import io.coverclaims.oracle.domain.feed.FeedState.Unreliable;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The k-of-n evaluation: fresh candidates, the median, deviation, staleness at evaluation, unreliable feeds. */
class QuorumRulesTest {

    static final Instant T1 = at(MINUTE);
    static final Instant T2 = at(2 * MINUTE);

    @Test
    void two_of_three_fresh_agreeing_sources_make_a_quorum_at_their_median() {
        List<FeedEvent> first =
                Story.of(priceFeed(3, 2)).then(observe(1, ONE, T0)).history();
        // an even count: the floor of the mean of the two middle prices; s3 has observed nothing and is not listed
        fixture()
                .given(first)
                .when(observe(2, 100_020_001, T1))
                .thenEvents(
                        observed(2, 100_020_001, T1), reached(100_010_000, T0, T1, List.of(source(1), source(2)), 2, 3))
                .thenState(state -> assertThat(((Feed) state).status()).isEqualTo(new Reliable(100_010_000, T0, T1)));
        List<FeedEvent> two = Story.of(first).then(observe(2, 100_020_001, T1)).history();
        fixture()
                .given(two)
                .when(observe(3, 99_990_000, T2))
                .thenEvents(
                        observed(3, 99_990_000, T2),
                        reached(ONE, T0, T2, List.of(source(1), source(2), source(3)), 2, 3));
    }

    @Test
    void the_median_of_an_even_count_is_the_floor_of_the_mean_of_the_two_middle_prices() {
        List<FeedEvent> three = Story.of(priceFeed(4, 3))
                .then(observe(1, 100_000_000, T0), observe(2, 100_000_001, T0), observe(3, 100_000_004, T0))
                .history();
        fixture()
                .given(three)
                .when(observe(4, 100_000_005, T1))
                .thenEventsSatisfy(events -> assertThat(((FeedEvent.PriceQuorumReached) events.get(1)).priceE8())
                        .isEqualTo(100_000_002));
    }

    @Test
    void fewer_than_k_agreeing_sources_make_the_feed_unreliable_once() {
        fixture()
                .given(priceFeed(3, 2))
                .when(observe(1, ONE, T0))
                .thenEvents(observed(1, ONE, T0), unreliable(T0, List.of(source(1)), 2, 3))
                .thenState(state -> assertThat(((Feed) state).status()).isEqualTo(new Unreliable(T0)));
        List<FeedEvent> unreliable =
                Story.of(priceFeed(3, 2)).then(observe(1, ONE, T0)).history();
        // still unreliable: nothing more is recorded than the observation
        fixture().given(unreliable).when(observe(1, ONE + 1, T1)).thenEvents(observed(1, ONE + 1, T1));
    }

    @Test
    void a_quorum_back_after_an_unreliable_feed_is_recorded_and_the_next_loss_is_recorded_again() {
        Story story = Story.of(priceFeed(3, 2)).then(observe(1, ONE, T0));
        assertThat(story.decide(observe(2, ONE, T1)))
                .containsExactly(observed(2, ONE, T1), reached(ONE, T0, T1, List.of(source(1), source(2)), 2, 3));
        fixture()
                .given(story.history())
                .when(new DisableFeedSource(FEED, source(2), "key leaked", T2))
                .thenEvents(
                        new FeedSourceDisabled(FEED, source(2), "key leaked", 2),
                        unreliable(
                                T2,
                                List.of(source(1)),
                                2,
                                2,
                                new SourceExclusion(
                                        source(2), ExclusionReason.DISABLED, "the source is disabled", ONE)));
    }

    @Test
    void a_source_far_from_the_median_is_excluded_for_deviation_and_named_with_the_figures() {
        List<FeedEvent> two = Story.of(priceFeed(3, 2))
                .then(observe(1, ONE, T0), observe(2, ONE, T0))
                .history();
        fixture()
                .given(two)
                .when(observe(3, 90_000_000, T1))
                .thenEvents(
                        observed(3, 90_000_000, T1),
                        reached(
                                ONE,
                                T0,
                                T1,
                                List.of(source(1), source(2)),
                                2,
                                3,
                                new SourceExclusion(
                                        source(3),
                                        ExclusionReason.DEVIATION,
                                        "price 90000000 is 100000 ppm from the median 100000000 of the fresh sources,"
                                                + " more than 5000 ppm",
                                        90_000_000)));
    }

    @Test
    void a_price_exactly_at_the_tolerance_agrees_and_one_unit_beyond_does_not() {
        List<FeedEvent> two = Story.of(priceFeed(3, 2))
                .then(observe(1, ONE, T0), observe(2, ONE, T0))
                .history();
        // 0.5 % of 1.0 = 500_000
        fixture()
                .given(two)
                .when(observe(3, ONE - 500_000, T1))
                .thenEventsSatisfy(events -> assertThat(((FeedEvent.PriceQuorumReached) events.get(1)).sourceIds())
                        .containsExactly(source(1), source(2), source(3)));
        fixture()
                .given(two)
                .when(observe(3, ONE - 500_001, T1))
                .thenEventsSatisfy(events -> assertThat(withoutDetails(events).get(1))
                        .isEqualTo(reached(
                                ONE,
                                T0,
                                T1,
                                List.of(source(1), source(2)),
                                2,
                                3,
                                exclusion(3, ExclusionReason.DEVIATION, ONE - 500_001))));
    }

    @Test
    void one_liar_among_three_cannot_move_the_quorum_price() {
        List<FeedEvent> liar =
                Story.of(priceFeed(3, 2)).then(observe(3, 150_000_000, T0)).history();
        // the liar reported first: alone it is no quorum; with the first honest report the two disagree
        fixture()
                .given(liar)
                .when(observe(1, 99_000_000, T1))
                .thenEventsSatisfy(
                        events -> assertThat(withoutDetails(events)).containsExactly(observed(1, 99_000_000, T1)));
        List<FeedEvent> oneHonest =
                Story.of(liar).then(observe(1, 99_000_000, T1)).history();
        fixture()
                .given(oneHonest)
                .when(observe(2, 99_000_000, T1))
                .thenEventsSatisfy(events -> assertThat(withoutDetails(events))
                        .containsExactly(
                                observed(2, 99_000_000, T1),
                                reached(
                                        99_000_000,
                                        T1,
                                        T1,
                                        List.of(source(1), source(2)),
                                        2,
                                        3,
                                        exclusion(3, ExclusionReason.DEVIATION, 150_000_000))));
    }

    @Test
    void two_sources_that_disagree_exclude_each_other_and_no_quorum_is_reached() {
        List<FeedEvent> one =
                Story.of(priceFeed(3, 2)).then(observe(1, ONE, T0)).history();
        fixture()
                .given(one)
                .when(observe(2, 90_000_000, T1))
                .thenEvents(observed(2, 90_000_000, T1)); // already unreliable since s1's lone report
        List<FeedEvent> reliable = Story.of(priceFeed(3, 2))
                .then(observe(1, ONE, T0), observe(2, ONE, T0))
                .history();
        fixture()
                .given(reliable)
                .when(observe(2, 90_000_000, T1))
                .thenEventsSatisfy(events -> assertThat(withoutDetails(events))
                        .containsExactly(
                                observed(2, 90_000_000, T1),
                                unreliable(
                                        T1,
                                        List.of(),
                                        2,
                                        3,
                                        exclusion(1, ExclusionReason.DEVIATION, ONE),
                                        exclusion(2, ExclusionReason.DEVIATION, 90_000_000))));
    }

    @Test
    void a_source_whose_latest_observation_is_older_than_its_heartbeat_is_excluded_as_stale_and_named() {
        List<FeedEvent> all = Story.of(priceFeed(3, 2)).ticked(3, ONE, T0).history();
        Instant late = T0.plusMillis(STALENESS + MINUTE);
        String staleDetail = "observed at 2026-12-02T10:00:00Z, 3660000 ms before 2026-12-02T11:01:00Z, more than the"
                + " heartbeat of 3600000 ms";
        fixture()
                .given(all)
                .when(observe(1, ONE, late))
                .thenEvents(
                        observed(1, ONE, late),
                        unreliable(
                                late,
                                List.of(source(1)),
                                2,
                                3,
                                new SourceExclusion(source(2), ExclusionReason.STALE, staleDetail, ONE),
                                new SourceExclusion(source(3), ExclusionReason.STALE, staleDetail, ONE)));
    }

    @Test
    void an_observation_exactly_a_heartbeat_old_still_counts_at_evaluation() {
        List<FeedEvent> all = Story.of(priceFeed(3, 2)).ticked(3, ONE, T0).history();
        Instant edge = T0.plusMillis(STALENESS);
        fixture()
                .given(all)
                .when(observe(1, ONE, edge))
                .thenEvents(
                        observed(1, ONE, edge), reached(ONE, T0, edge, List.of(source(1), source(2), source(3)), 2, 3));
    }

    @Test
    void the_quorum_price_is_dated_by_its_oldest_agreeing_observation() {
        List<FeedEvent> history = Story.of(priceFeed(3, 2))
                .then(observe(1, ONE, T0), observe(2, ONE, T1))
                .history();
        fixture()
                .given(history)
                .when(observe(3, ONE, T2))
                .thenEventsSatisfy(events -> assertThat(((FeedEvent.PriceQuorumReached) events.get(1)).observedAt())
                        .isEqualTo(T0));
    }

    @Test
    void disabling_a_source_evaluates_the_quorum_again_without_it() {
        List<FeedEvent> all = Story.of(priceFeed(3, 2)).ticked(3, ONE, T0).history();
        fixture()
                .given(all)
                .when(new DisableFeedSource(FEED, source(1), "key leaked", T1))
                .thenEvents(
                        new FeedSourceDisabled(FEED, source(1), "key leaked", 2),
                        reached(
                                ONE,
                                T0,
                                T1,
                                List.of(source(2), source(3)),
                                2,
                                2,
                                new SourceExclusion(
                                        source(1), ExclusionReason.DISABLED, "the source is disabled", ONE)));
    }
}
