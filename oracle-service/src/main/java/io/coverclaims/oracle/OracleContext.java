package io.coverclaims.oracle;

import io.coverclaims.oracle.domain.feed.FeedCommand;
import io.coverclaims.oracle.domain.feed.FeedDecider;
import io.coverclaims.oracle.domain.feed.FeedEvent;
import io.coverclaims.oracle.domain.feed.FeedState;
import io.coverclaims.platform.streams.AggregateType;
import io.coverclaims.platform.streams.BoundedContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The oracle context as the kernel runs it: one aggregate, the feed, and by convention its oracle.* topics. A feed
 * (id: the feed id, {@code USDC-USD}, {@code incidents-ethereum}) holds its quorum rule, its sources and their latest
 * observations, its parametric triggers and its incidents, so every quorum evaluation and the trigger decisions it
 * leads to are decided atomically.
 */
@ApplicationScoped
public class OracleContext {

    public static final String NAME = "oracle";

    public static final String NAMESPACE = "io.coverclaims.schemas.oracle";

    /** A price or incident feed (id: the feed id): k-of-n quorum, exclusions, DEPEG and EXPLOIT triggers. */
    public static final AggregateType<FeedCommand, FeedEvent, FeedState> FEED = AggregateType.of(
                    "feed", FeedDecider.DECIDER, FeedCommand.class, FeedEvent.class, NAMESPACE)
            .build();

    public static final BoundedContext CONTEXT = BoundedContext.of(NAME, FEED);

    @Produces
    @Singleton
    BoundedContext context() {
        return CONTEXT;
    }
}
