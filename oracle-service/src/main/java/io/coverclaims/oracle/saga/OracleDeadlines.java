package io.coverclaims.oracle.saga;

import io.coverclaims.platform.schedule.Deadline;
import io.coverclaims.platform.schedule.DeadlinePlanner;
import io.coverclaims.platform.schedule.DeadlineScheduler;
import io.coverclaims.schemas.oracle.EvaluateTrigger;
import io.coverclaims.schemas.oracle.ParametricTriggerRetired;
import io.coverclaims.schemas.oracle.TriggerArmed;
import io.coverclaims.schemas.oracle.TriggerDisarmed;
import io.coverclaims.schemas.oracle.TriggerFired;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The oracle deadlines, planned from oracle.events: an armed trigger is evaluated at its firesAt (EvaluateTrigger
 * with no price, issued at firesAt and keyed by the trigger's feed, so the decision is clock-free and a replay decides
 * the same); the deadline is dropped when the trigger is disarmed, fires or is retired first. A deadline that arrives
 * after the trigger moved on is harmless: the decider treats it as nothing to do.
 */
public final class OracleDeadlines implements DeadlinePlanner {

    public static final String ACTOR = "oracle-service/scheduler";

    /** One deadline per trigger of a feed: arming it again replaces the one before. */
    static String fireKey(String feedId, String triggerId) {
        return "fire/" + feedId + "/" + triggerId;
    }

    @Override
    public List<Deadline> plan(SpecificRecord event) {
        return switch (event) {
            case TriggerArmed e -> {
                String feedId = e.getMetadata().getAggregateId();
                yield List.of(Deadline.at(
                        fireKey(feedId, e.getTriggerId()),
                        e.getFiresAt(),
                        EvaluateTrigger.newBuilder()
                                .setMetadata(DeadlineScheduler.metadata(
                                        e.getMetadata(),
                                        feedId,
                                        "evaluate-trigger/" + e.getTriggerId(),
                                        ACTOR,
                                        e.getFiresAt()))
                                .setTriggerId(e.getTriggerId())
                                .setFeedId(feedId)
                                .setPriceE8(null)
                                .setObservedAt(null)
                                .setQuorumEventId(null)
                                .build()));
            }
            case TriggerDisarmed e -> List.of(cancel(e.getMetadata().getAggregateId(), e.getTriggerId()));
            case TriggerFired e -> List.of(cancel(e.getMetadata().getAggregateId(), e.getTriggerId()));
            case ParametricTriggerRetired e -> List.of(cancel(e.getMetadata().getAggregateId(), e.getTriggerId()));
            default -> List.of();
        };
    }

    private static Deadline cancel(String feedId, String triggerId) {
        return Deadline.cancel(fireKey(feedId, triggerId));
    }
}
