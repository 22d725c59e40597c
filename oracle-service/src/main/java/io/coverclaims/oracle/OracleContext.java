package io.coverclaims.oracle;

import io.coverclaims.oracle.domain.feed.FeedCommand;
import io.coverclaims.oracle.domain.feed.FeedDecider;
import io.coverclaims.oracle.domain.feed.FeedEvent;
import io.coverclaims.oracle.domain.feed.FeedState;
import io.coverclaims.platform.governance.Capability;
import io.coverclaims.platform.governance.PauseKey;
import io.coverclaims.platform.streams.AggregateType;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.schemas.oracle.ConfirmIncident;
import io.coverclaims.schemas.oracle.EvaluateTrigger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

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

    /** The oracle context, governed: firing parametric triggers stops while they are paused (for the feed). */
    public static final BoundedContext CONTEXT = BoundedContext.of(NAME, FEED).pausedBy(OracleContext::pausedBy);

    /**
     * What an oracle command needs to be running: {@code parametric-triggers} for the feed, for what fires a trigger
     * without being an observation (evaluating a trigger, an operator confirming an incident). Price observations
     * and incident reports are data and are never paused; an incident confirmed by its reporters' quorum still fires
     * EXPLOIT triggers, and the parametric claims they open wait in claim-service.
     */
    static Optional<PauseKey> pausedBy(SpecificRecord command) {
        return switch (command) {
            case EvaluateTrigger evaluate ->
                Optional.of(PauseKey.of(
                        Capability.PARAMETRIC_TRIGGERS,
                        evaluate.getFeedId().isBlank() ? evaluate.getTriggerId() : evaluate.getFeedId()));
            case ConfirmIncident confirm ->
                Optional.of(PauseKey.of(Capability.PARAMETRIC_TRIGGERS, confirm.getFeedId()));
            default -> Optional.empty();
        };
    }

    @Produces
    @Singleton
    BoundedContext context() {
        return CONTEXT;
    }
}
