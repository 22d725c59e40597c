package io.coverclaims.oracle.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.schedule.Deadline;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.oracle.EvaluateTrigger;
import io.coverclaims.schemas.oracle.FeedDefined;
import io.coverclaims.schemas.oracle.FeedKind;
import io.coverclaims.schemas.oracle.ParametricTriggerRetired;
import io.coverclaims.schemas.oracle.TriggerArmed;
import io.coverclaims.schemas.oracle.TriggerDisarmed;
import io.coverclaims.schemas.oracle.TriggerFired;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The oracle's deadline planner: an armed trigger is evaluated at its firesAt, keyed by its feed, unless it moved on. */
class OracleDeadlinesTest {

    static final String FEED = "USDC-USD";
    static final Instant ARMED_AT = Instant.parse("2026-12-01T10:00:00Z");
    static final Instant FIRES_AT = ARMED_AT.plusSeconds(86_400);

    final OracleDeadlines planner = new OracleDeadlines();

    static EventMetadata metadata() {
        return KafkaTestKit.event(FEED, 7, "trader");
    }

    static TriggerArmed armed(EventMetadata metadata) {
        return TriggerArmed.newBuilder()
                .setMetadata(metadata)
                .setTriggerId("trg-usdc")
                .setProductId("prod-usdc")
                .setFeedId(FEED)
                .setPriceE8(97_000_000)
                .setObservedAt(ARMED_AT)
                .setThresholdPriceE8(99_500_000)
                .setWindowMs(86_400_000)
                .setFiresAt(FIRES_AT)
                .build();
    }

    @Test
    void an_armed_trigger_is_evaluated_at_its_fires_at_by_the_scheduler_on_its_feed() {
        EventMetadata cause = metadata();
        List<Deadline> plans = planner.plan(armed(cause));
        assertThat(plans).singleElement().isInstanceOf(Deadline.Schedule.class);
        Deadline.Schedule schedule = (Deadline.Schedule) plans.getFirst();
        assertThat(schedule.key()).isEqualTo("fire/USDC-USD/trg-usdc");
        assertThat(schedule.dueAt()).isEqualTo(FIRES_AT);
        EvaluateTrigger command = (EvaluateTrigger) schedule.command();
        assertThat(command.getTriggerId()).isEqualTo("trg-usdc");
        assertThat(command.getFeedId()).isEqualTo(FEED);
        assertThat(command.getPriceE8()).isNull();
        assertThat(command.getMetadata().getAggregateId()).isEqualTo(FEED);
        assertThat(command.getMetadata().getIssuedAt()).isEqualTo(FIRES_AT);
        assertThat(command.getMetadata().getActor()).isEqualTo(OracleDeadlines.ACTOR);
        assertThat(command.getMetadata().getCausationId()).isEqualTo(cause.getEventId());
    }

    @Test
    void the_same_arming_always_schedules_the_same_command_id_and_another_arming_another() {
        EventMetadata cause = metadata();
        String first = ((Deadline.Schedule) planner.plan(armed(cause)).getFirst())
                .command()
                .get(0)
                .toString();
        String again = ((Deadline.Schedule) planner.plan(armed(cause)).getFirst())
                .command()
                .get(0)
                .toString();
        String other = ((Deadline.Schedule) planner.plan(armed(metadata())).getFirst())
                .command()
                .get(0)
                .toString();
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void a_trigger_disarmed_fired_or_retired_first_drops_its_deadline() {
        Deadline cancel = new Deadline.Cancel("fire/USDC-USD/trg-usdc");
        assertThat(planner.plan(TriggerDisarmed.newBuilder()
                        .setMetadata(metadata())
                        .setTriggerId("trg-usdc")
                        .setPriceE8(99_950_000)
                        .setObservedAt(ARMED_AT.plusSeconds(60))
                        .setRecoveryPriceE8(99_900_000)
                        .setFeedId(FEED)
                        .build()))
                .containsExactly(cancel);
        assertThat(planner.plan(TriggerFired.newBuilder()
                        .setMetadata(metadata())
                        .setTriggerId("trg-usdc")
                        .setProductId("prod-usdc")
                        .setFeedId(FEED)
                        .setIncidentId("inc-usdc-1")
                        .setArmedAt(ARMED_AT)
                        .setFiredAt(FIRES_AT)
                        .setLowestPriceE8(97_000_000)
                        .setThresholdPriceE8(99_500_000)
                        .setRecoveryPriceE8(99_900_000)
                        .setWindowMs(86_400_000)
                        .build()))
                .containsExactly(cancel);
        assertThat(planner.plan(ParametricTriggerRetired.newBuilder()
                        .setMetadata(metadata())
                        .setTriggerId("trg-usdc")
                        .setReason("withdrawn")
                        .setFeedId(FEED)
                        .build()))
                .containsExactly(cancel);
    }

    @Test
    void other_events_plan_nothing() {
        assertThat(planner.plan(FeedDefined.newBuilder()
                        .setMetadata(metadata())
                        .setFeedId(FEED)
                        .setKind(FeedKind.PRICE)
                        .setDescription("x")
                        .setQuorum(2)
                        .setMaxDeviationPpm(20_000)
                        .setMaxStalenessMs(3_600_000)
                        .build()))
                .isEmpty();
    }
}
