package io.coverclaims.governance.domain.breaker;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/**
 * The feed breaker, FEED_UNRELIABLE (docs/governance.md, "Circuit breakers"): a feed unreliable (FeedUnreliable) and
 * not reliable again (its next PriceQuorumReached) for longer than the governed window pauses its parametric triggers
 * (ORACLES, scoped to the feed), once per unreliable episode.
 *
 * <p>"Longer than" on millisecond times: the breach happens at {@code dueAt = since + windowMs + 1 ms}, where the feed
 * has been unreliable {@code windowMs + 1} ms, one more than the limit. The trip is dated and measured at that moment
 * whoever notices it: the deadline scheduler (no event comes while a feed stays silent), or, when the service was down
 * or behind, the recovery event arriving after the deadline. Both give the same figures and the same command, so it is
 * decided once. A feed that recovers at or before {@code since + windowMs} does not trip.
 *
 * <p>Pure: times are the events' times and the scheduler's deadline; the window comes with the call that opens the
 * episode and is recorded in the trip.
 */
public final class FeedUnreliableRule {

    public static final String RULE = "FEED_UNRELIABLE";

    private FeedUnreliableRule() {}

    /** The episode after a FeedUnreliable: the one still open (oracle-service records one per transition), or a new one. */
    public static FeedEpisode unreliable(
            Optional<FeedEpisode> open, String feedId, String eventId, Instant at, long windowMs) {
        return open.orElseGet(() -> new FeedEpisode(feedId, eventId, at, windowMs, false));
    }

    /** The scheduler's check at {@code now}: a trip once the deadline has passed, if the episode has not tripped yet. */
    public static Optional<BreakerTrip> due(FeedEpisode episode, Instant now) {
        if (episode.tripped() || now.isBefore(episode.dueAt())) {
            return Optional.empty();
        }
        return Optional.of(trip(episode));
    }

    /**
     * The feed reached a quorum at {@code at}, which ends the episode: a trip if it came after the deadline and the
     * scheduler had not tripped it yet (the service was down or behind), else nothing.
     */
    public static Optional<BreakerTrip> recovered(FeedEpisode episode, Instant at) {
        return due(episode, at);
    }

    /** The episode once its trip has been sent. */
    public static FeedEpisode tripped(FeedEpisode episode) {
        return episode.asTripped();
    }

    private static BreakerTrip trip(FeedEpisode episode) {
        Instant dueAt = episode.dueAt();
        long unreliableMs = dueAt.toEpochMilli() - episode.since().toEpochMilli();
        String detail = "feed " + episode.feedId() + " unreliable since " + episode.since() + " (FeedUnreliable "
                + episode.episodeId() + ") with no quorum price by " + dueAt + ": unreliable " + unreliableMs
                + " ms, longer than the window of " + episode.windowMs() + " ms";
        return new BreakerTrip(
                RULE,
                BreakerFlag.ORACLES,
                episode.feedId(),
                BigInteger.valueOf(unreliableMs),
                BigInteger.valueOf(episode.windowMs()),
                0,
                episode.windowMs(),
                detail,
                dueAt);
    }
}
