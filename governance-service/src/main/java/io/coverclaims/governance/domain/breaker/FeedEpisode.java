package io.coverclaims.governance.domain.breaker;

import java.time.Instant;
import java.util.Objects;

/**
 * One unreliable episode of a feed: from its FeedUnreliable (oracle-service records it once, on the transition) to
 * its next PriceQuorumReached.
 *
 * @param episodeId the event id of the FeedUnreliable that opened it (a trip's command id derives from it)
 * @param since when the feed became unreliable (the event's time)
 * @param windowMs the governed window in force when the episode opened
 * @param tripped whether the breaker has tripped for this episode
 */
public record FeedEpisode(String feedId, String episodeId, Instant since, long windowMs, boolean tripped) {

    public FeedEpisode {
        Objects.requireNonNull(feedId, "feedId");
        Objects.requireNonNull(episodeId, "episodeId");
        Objects.requireNonNull(since, "since");
        if (windowMs < 1) {
            throw new IllegalArgumentException("windowMs must be positive, not " + windowMs);
        }
    }

    /** The first moment the feed has been unreliable for longer than the window: since + window + 1 ms. */
    public Instant dueAt() {
        return since.plusMillis(windowMs + 1);
    }

    FeedEpisode asTripped() {
        return new FeedEpisode(feedId, episodeId, since, windowMs, true);
    }
}
