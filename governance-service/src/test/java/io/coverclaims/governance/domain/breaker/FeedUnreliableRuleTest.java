package io.coverclaims.governance.domain.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** FEED_UNRELIABLE, given a feed's unreliable episode, when the deadline check or a quorum comes, then it trips or not. */
class FeedUnreliableRuleTest {

    static final String FEED = "USDC-USD-breaker";
    static final Instant SINCE = Instant.parse("2026-12-01T10:00:00Z");
    static final long HOUR = Duration.ofHours(1).toMillis();

    static FeedEpisode unreliableSince(Instant since, long windowMs) {
        return FeedUnreliableRule.unreliable(Optional.empty(), FEED, "evt-unreliable-1", since, windowMs);
    }

    @Test
    void a_feed_unreliable_for_exactly_the_window_does_not_trip() {
        FeedEpisode episode = unreliableSince(SINCE, HOUR);
        assertThat(FeedUnreliableRule.due(episode, SINCE.plusMillis(HOUR))).isEmpty();
    }

    @Test
    void a_feed_unreliable_one_millisecond_longer_than_the_window_trips_its_parametric_triggers() {
        FeedEpisode episode = unreliableSince(SINCE, HOUR);
        BreakerTrip trip =
                FeedUnreliableRule.due(episode, SINCE.plusMillis(HOUR + 1)).orElseThrow();
        assertThat(trip.rule()).isEqualTo("FEED_UNRELIABLE");
        assertThat(trip.flag()).isEqualTo(BreakerFlag.ORACLES);
        assertThat(trip.scope()).isEqualTo(FEED);
        assertThat(trip.observed()).isEqualTo(BigInteger.valueOf(HOUR + 1));
        assertThat(trip.limit()).isEqualTo(BigInteger.valueOf(HOUR));
        assertThat(trip.thresholdPpm()).isZero();
        assertThat(trip.windowMs()).isEqualTo(HOUR);
        assertThat(trip.at()).isEqualTo(SINCE.plusMillis(HOUR + 1));
        assertThat(trip.detail()).contains("unreliable since " + SINCE).contains("evt-unreliable-1");
    }

    @Test
    void a_late_deadline_check_trips_with_the_figures_of_the_deadline_not_of_the_check() {
        FeedEpisode episode = unreliableSince(SINCE, HOUR);
        BreakerTrip onTime = FeedUnreliableRule.due(episode, episode.dueAt()).orElseThrow();
        BreakerTrip late =
                FeedUnreliableRule.due(episode, SINCE.plus(Duration.ofHours(5))).orElseThrow();
        assertThat(late).isEqualTo(onTime);
    }

    @Test
    void a_feed_that_recovers_within_the_window_does_not_trip() {
        FeedEpisode episode = unreliableSince(SINCE, HOUR);
        assertThat(FeedUnreliableRule.recovered(episode, SINCE.plusMillis(HOUR)))
                .isEmpty();
        assertThat(FeedUnreliableRule.recovered(episode, SINCE.plusSeconds(5))).isEmpty();
    }

    @Test
    void a_recovery_noticed_after_the_deadline_trips_as_the_deadline_would_have() {
        // the service was down while the feed was unreliable past its window: the quorum that ends the episode shows
        // the breach, and the trip is the one the deadline check would have sent
        FeedEpisode episode = unreliableSince(SINCE, HOUR);
        BreakerTrip atRecovery = FeedUnreliableRule.recovered(episode, SINCE.plus(Duration.ofHours(3)))
                .orElseThrow();
        assertThat(atRecovery)
                .isEqualTo(FeedUnreliableRule.due(episode, episode.dueAt()).orElseThrow());
    }

    @Test
    void an_episode_trips_once() {
        FeedEpisode episode = unreliableSince(SINCE, HOUR);
        assertThat(FeedUnreliableRule.due(episode, episode.dueAt())).isPresent();
        FeedEpisode tripped = FeedUnreliableRule.tripped(episode);
        assertThat(FeedUnreliableRule.due(tripped, episode.dueAt().plusSeconds(60)))
                .isEmpty();
        assertThat(FeedUnreliableRule.recovered(tripped, episode.dueAt().plusSeconds(120)))
                .isEmpty();
    }

    @Test
    void another_feed_unreliable_during_an_open_episode_neither_restarts_nor_extends_it() {
        FeedEpisode episode = unreliableSince(SINCE, HOUR);
        FeedEpisode again = FeedUnreliableRule.unreliable(
                Optional.of(episode), FEED, "evt-unreliable-2", SINCE.plusSeconds(600), 2 * HOUR);
        assertThat(again).isEqualTo(episode);
    }

    @Test
    void the_window_in_force_when_the_episode_opened_is_the_one_applied_and_recorded() {
        FeedEpisode episode = unreliableSince(SINCE, Duration.ofMinutes(15).toMillis());
        BreakerTrip trip = FeedUnreliableRule.due(episode, SINCE.plus(Duration.ofMinutes(16)))
                .orElseThrow();
        assertThat(trip.windowMs()).isEqualTo(900_000);
        assertThat(trip.limit()).isEqualTo(BigInteger.valueOf(900_000));
        assertThat(trip.observed()).isEqualTo(BigInteger.valueOf(900_001));
    }
}
