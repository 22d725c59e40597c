package io.coverclaims.oracle.domain.feed;

import static io.coverclaims.oracle.domain.feed.FeedFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.oracle.domain.feed.FeedCommand.DefineParametricTrigger;
import io.coverclaims.oracle.domain.feed.FeedCommand.RetireTrigger;
import io.coverclaims.oracle.domain.feed.FeedEvent.ParametricTriggerRetired;
import io.coverclaims.oracle.domain.feed.FeedState.Armed;
import io.coverclaims.oracle.domain.feed.FeedState.Feed;
import io.coverclaims.oracle.domain.feed.FeedState.Idle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DEPEG triggers on a 2-of-3 USDC feed: arming at or below 0.995, the sustained window (2 h), firing by the scheduler
 * or a later observation, recovery at 0.999, the payout rule, and nothing while the feed is unreliable.
 */
class TriggerRulesTest {

    static final Instant T1 = at(10 * MINUTE);
    static final Instant FIRES_AT = T1.plusMillis(WINDOW);
    static final long DEPEG = 99_000_000;

    /** At T0 all three report 1.0; at T1 all three report 0.99, which arms the trigger (at s2's report). */
    static Story armedAtT1() {
        return Story.of(plus(priceFeed(3, 2), depegDefined()))
                .ticked(3, ONE, T0)
                .ticked(3, DEPEG, T1);
    }

    static DefineParametricTrigger depeg(long threshold, long recovery, long window, long minDepeg) {
        return new DefineParametricTrigger(
                TRIGGER, PRODUCT, FEED, threshold, recovery, window, TriggerKind.DEPEG, minDepeg, 0, T0);
    }

    // ------------------------------------------------------------------ definition

    @Test
    void a_depeg_trigger_is_defined_on_a_price_feed_once() {
        fixture().given(priceFeed(3, 2)).when(defineDepeg()).thenEvents(depegDefined());
        fixture()
                .given(plus(priceFeed(3, 2), depegDefined()))
                .when(defineDepeg())
                .thenNoEvents();
        fixture()
                .given(plus(priceFeed(3, 2), depegDefined()))
                .when(depeg(THRESHOLD, RECOVERY, WINDOW + 1, 0))
                .thenRejected("TRIGGER_EXISTS", "triggerId");
    }

    @Test
    void a_trigger_needs_a_valid_id_a_defined_feed_and_a_product() {
        fixture()
                .given(priceFeed(3, 2))
                .when(new DefineParametricTrigger(
                        "usdc-depeg", PRODUCT, FEED, THRESHOLD, RECOVERY, WINDOW, TriggerKind.DEPEG, 0, 0, T0))
                .thenRejected("INVALID_TRIGGER_ID", "triggerId");
        fixture().given().when(defineDepeg()).thenRejected("FEED_NOT_FOUND", "feedId");
        fixture()
                .given(priceFeed(3, 2))
                .when(new DefineParametricTrigger(
                        TRIGGER, "usdc-cover", FEED, THRESHOLD, RECOVERY, WINDOW, TriggerKind.DEPEG, 0, 0, T0))
                .thenRejected("INVALID_PRODUCT_ID", "productId");
        fixture()
                .given(priceFeed(3, 2))
                .when(new DefineParametricTrigger(
                        TRIGGER, PRODUCT, FEED, THRESHOLD, RECOVERY, WINDOW, TriggerKind.UNKNOWN, 0, 0, T0))
                .thenRejected("INVALID_TRIGGER_KIND", "kind");
    }

    @Test
    void a_depeg_trigger_has_zero_below_threshold_below_recovery_at_most_one_and_a_window() {
        fixture()
                .given(priceFeed(3, 2))
                .when(depeg(0, RECOVERY, WINDOW, 0))
                .thenRejected("INVALID_THRESHOLD", "thresholdPriceE8");
        fixture()
                .given(priceFeed(3, 2))
                .when(depeg(THRESHOLD, THRESHOLD, WINDOW, 0))
                .thenRejected("INVALID_RECOVERY", "recoveryPriceE8");
        fixture()
                .given(priceFeed(3, 2))
                .when(depeg(THRESHOLD, ONE + 1, WINDOW, 0))
                .thenRejected("INVALID_RECOVERY", "recoveryPriceE8");
        fixture()
                .given(priceFeed(3, 2))
                .when(depeg(THRESHOLD, ONE, WINDOW, 0))
                .thenEvents(new FeedEvent.ParametricTriggerDefined(
                        TRIGGER, PRODUCT, FEED, THRESHOLD, ONE, WINDOW, TriggerKind.DEPEG, 0, 0));
        fixture()
                .given(priceFeed(3, 2))
                .when(depeg(THRESHOLD, RECOVERY, 0, 0))
                .thenRejected("INVALID_WINDOW", "windowMs");
        fixture()
                .given(priceFeed(3, 2))
                .when(depeg(THRESHOLD, RECOVERY, WINDOW, THRESHOLD + 1))
                .thenRejected("INVALID_MIN_DEPEG_PRICE", "minDepegPriceE8");
        fixture()
                .given(priceFeed(3, 2))
                .when(depeg(THRESHOLD, RECOVERY, WINDOW, -1))
                .thenRejected("INVALID_MIN_DEPEG_PRICE", "minDepegPriceE8");
    }

    @Test
    void a_depeg_trigger_watches_a_price_feed_and_an_exploit_trigger_an_incident_feed() {
        fixture()
                .given(incidentFeed(3, 2))
                .when(new DefineParametricTrigger(
                        TRIGGER, PRODUCT, INCIDENTS, THRESHOLD, RECOVERY, WINDOW, TriggerKind.DEPEG, 0, 0, T0))
                .thenRejected("WRONG_FEED_KIND", "feedId");
        fixture()
                .given(priceFeed(3, 2))
                .when(new DefineParametricTrigger(
                        "trg-aave-exploit", "prod-aave", FEED, 0, 0, 0, TriggerKind.EXPLOIT, 0, 500_000, T0))
                .thenRejected("WRONG_FEED_KIND", "feedId");
    }

    @Test
    void an_exploit_trigger_pays_a_share_of_cover_above_zero_and_at_most_all_of_it() {
        for (int bad : new int[] {0, 1_000_001}) {
            fixture()
                    .given(incidentFeed(3, 2))
                    .when(new DefineParametricTrigger(
                            "trg-aave-exploit", "prod-aave", INCIDENTS, 0, 0, 0, TriggerKind.EXPLOIT, 0, bad, T0))
                    .thenRejected("INVALID_PAYOUT_PPM", "payoutPpm");
        }
        fixture()
                .given(incidentFeed(3, 2))
                .when(new DefineParametricTrigger(
                        "trg-aave-exploit", "prod-aave", INCIDENTS, 0, 0, 0, TriggerKind.EXPLOIT, 0, 1_000_000, T0))
                .thenEvents(new FeedEvent.ParametricTriggerDefined(
                        "trg-aave-exploit", "prod-aave", INCIDENTS, 0, 0, 0, TriggerKind.EXPLOIT, 0, 1_000_000));
    }

    // ------------------------------------------------------------------ arming

    @Test
    void a_quorum_price_at_the_threshold_arms_the_trigger_to_fire_a_window_later() {
        Story story = Story.of(plus(priceFeed(3, 2), depegDefined()))
                .ticked(3, ONE, T0)
                .then(observe(1, THRESHOLD, T1));
        fixture()
                .given(story.history())
                .when(observe(2, THRESHOLD, T1))
                .thenEventsSatisfy(events -> assertThat(withoutDetails(events))
                        .containsExactly(
                                observed(2, THRESHOLD, T1),
                                reached(
                                        THRESHOLD,
                                        T1,
                                        T1,
                                        List.of(source(1), source(2)),
                                        2,
                                        3,
                                        exclusion(3, ExclusionReason.DEVIATION, ONE)),
                                armed(THRESHOLD, T1)))
                .thenState(state -> assertThat(
                                ((Feed) state).triggers().get(TRIGGER).phase())
                        .isEqualTo(new Armed(T1, FIRES_AT, THRESHOLD)));
    }

    @Test
    void a_quorum_price_above_the_threshold_does_not_arm() {
        Story story = Story.of(plus(priceFeed(3, 2), depegDefined()))
                .ticked(3, ONE, T0)
                .then(observe(1, THRESHOLD + 1, T1));
        fixture()
                .given(story.history())
                .when(observe(2, THRESHOLD + 1, T1))
                .thenEventsSatisfy(events -> assertThat(triggerEvents(events)).isEmpty());
    }

    // ------------------------------------------------------------------ the window

    @Test
    void an_armed_trigger_fires_when_the_scheduler_finds_a_quorum_below_recovery_at_the_deadline() {
        Story story = armedAtT1().ticked(3, 99_200_000, T1.plusMillis(90 * MINUTE));
        fixture()
                .given(story.history())
                .when(evaluateTrigger(FIRES_AT))
                .thenEvents(
                        reached(
                                99_200_000,
                                T1.plusMillis(90 * MINUTE),
                                FIRES_AT,
                                List.of(source(1), source(2), source(3)),
                                2,
                                3),
                        // lowest: 0.99 when armed; depeg price 0.992, paying 0.8 % of cover
                        depegFired(1, T1, FIRES_AT, DEPEG, 99_200_000, 8_000));
    }

    @Test
    void the_scheduler_before_the_deadline_or_for_a_trigger_not_armed_changes_nothing() {
        Story story = armedAtT1().ticked(3, 99_200_000, T1.plusMillis(90 * MINUTE));
        fixture()
                .given(story.history())
                .when(evaluateTrigger(FIRES_AT.minusMillis(1)))
                .thenNoEvents();
        fixture()
                .given(plus(priceFeed(3, 2), depegDefined()))
                .when(evaluateTrigger(T1))
                .thenNoEvents();
        fixture().given(priceFeed(3, 2)).when(evaluateTrigger(T1)).thenRejected("TRIGGER_NOT_FOUND", "triggerId");
    }

    @Test
    void an_armed_trigger_fires_on_a_later_observation_after_the_deadline_without_the_scheduler() {
        Story story = armedAtT1().ticked(3, 99_300_000, T1.plusMillis(70 * MINUTE));
        Instant later = FIRES_AT.plusMillis(MINUTE);
        fixture()
                .given(story.history())
                .when(observe(1, 99_400_000, later))
                .thenEventsSatisfy(events -> assertThat(triggerEvents(events))
                        .containsExactly(depegFired(1, T1, later, DEPEG, 99_300_000, 7_000)));
    }

    @Test
    void an_unreliable_feed_at_the_deadline_fires_nothing_and_the_next_quorum_below_recovery_fires() {
        Story story = armedAtT1();
        List<FeedEvent> atDeadline = story.decide(evaluateTrigger(FIRES_AT));
        assertThat(withoutDetails(atDeadline))
                .containsExactly(unreliable(
                        FIRES_AT,
                        List.of(),
                        2,
                        3,
                        exclusion(1, ExclusionReason.STALE, DEPEG),
                        exclusion(2, ExclusionReason.STALE, DEPEG),
                        exclusion(3, ExclusionReason.STALE, DEPEG)));
        Instant back = FIRES_AT.plusMillis(5 * MINUTE);
        story.decide(observe(1, 99_100_000, back));
        fixture()
                .given(story.history())
                .when(observe(2, 99_100_000, back))
                .thenEventsSatisfy(events -> assertThat(triggerEvents(events))
                        .containsExactly(depegFired(1, T1, back, DEPEG, 99_100_000, 9_000)));
    }

    // ------------------------------------------------------------------ recovery

    @Test
    void a_quorum_price_at_the_recovery_price_disarms_an_armed_trigger() {
        Instant t = T1.plusMillis(10 * MINUTE);
        Story story = armedAtT1().then(observe(1, RECOVERY, t));
        fixture()
                .given(story.history())
                .when(observe(2, RECOVERY, t))
                .thenEventsSatisfy(events -> assertThat(triggerEvents(events)).containsExactly(disarmed(RECOVERY, t)))
                .thenState(state -> assertThat(
                                ((Feed) state).triggers().get(TRIGGER).phase())
                        .isEqualTo(new Idle()));
        Story below = armedAtT1().then(observe(1, RECOVERY - 1, t));
        fixture()
                .given(below.history())
                .when(observe(2, RECOVERY - 1, t))
                .thenEventsSatisfy(events -> assertThat(triggerEvents(events)).isEmpty());
    }

    @Test
    void a_fired_trigger_is_idle_again_on_recovery_and_fires_again_as_the_next_incident() {
        Story story = armedAtT1().ticked(3, 99_200_000, T1.plusMillis(90 * MINUTE));
        assertThat(triggerEvents(story.decide(evaluateTrigger(FIRES_AT))))
                .containsExactly(depegFired(1, T1, FIRES_AT, DEPEG, 99_200_000, 8_000));
        List<FeedEvent> events = new ArrayList<>();
        Instant recovered = FIRES_AT.plusMillis(10 * MINUTE);
        events.addAll(story.tick(3, ONE, recovered));
        Instant t3 = FIRES_AT.plusMillis(30 * MINUTE);
        events.addAll(story.tick(3, DEPEG, t3));
        events.addAll(story.tick(3, DEPEG, t3.plusMillis(90 * MINUTE)));
        events.addAll(story.decide(evaluateTrigger(t3.plusMillis(WINDOW))));
        assertThat(triggerEvents(events))
                .containsExactly(
                        disarmed(ONE, recovered),
                        armed(DEPEG, t3),
                        depegFired(2, t3, t3.plusMillis(WINDOW), DEPEG, DEPEG, 10_000));
    }

    @Test
    void an_unreliable_feed_neither_recovers_nor_fires_a_trigger() {
        Instant lone = T1.plusMillis(70 * MINUTE);
        Story story = armedAtT1();
        // the other sources went stale: a lone report of 1.0 is no quorum and recovers nothing
        fixture()
                .given(story.history())
                .when(observe(1, ONE, lone))
                .thenEventsSatisfy(events -> assertThat(withoutDetails(events))
                        .containsExactly(
                                observed(1, ONE, lone),
                                unreliable(
                                        lone,
                                        List.of(source(1)),
                                        2,
                                        3,
                                        exclusion(2, ExclusionReason.STALE, DEPEG),
                                        exclusion(3, ExclusionReason.STALE, DEPEG))));
        story.decide(observe(1, ONE, lone));
        // at firesAt it is still unreliable: nothing fires, nothing is recorded, the trigger stays armed
        fixture()
                .given(story.history())
                .when(evaluateTrigger(FIRES_AT))
                .thenNoEvents()
                .thenState(state -> assertThat(
                                ((Feed) state).triggers().get(TRIGGER).phase())
                        .isInstanceOf(Armed.class));
    }

    // ------------------------------------------------------------------ the payout

    @Test
    void the_payout_is_the_depeg_below_one_in_ppm_rounded_down() {
        Story story = armedAtT1().ticked(3, 99_123_457, T1.plusMillis(90 * MINUTE));
        // (100_000_000 - 99_123_457) / 100 = 8765.43 ppm: 8765
        fixture()
                .given(story.history())
                .when(evaluateTrigger(FIRES_AT))
                .thenEventsSatisfy(events -> assertThat(triggerEvents(events))
                        .containsExactly(depegFired(1, T1, FIRES_AT, DEPEG, 99_123_457, 8_765)));
    }

    @Test
    void the_depeg_price_is_never_below_the_products_minimum() {
        Story story = Story.of(plus(priceFeed(3, 2), depegDefined(99_000_000)))
                .ticked(3, ONE, T0)
                .ticked(3, 98_000_000, T1)
                .ticked(3, 98_000_000, T1.plusMillis(90 * MINUTE));
        fixture()
                .given(story.history())
                .when(evaluateTrigger(FIRES_AT))
                .thenEventsSatisfy(events -> assertThat(triggerEvents(events))
                        .containsExactly(new FeedEvent.TriggerFired(
                                TRIGGER,
                                PRODUCT,
                                FEED,
                                "inc-usdc-depeg-1",
                                T1,
                                FIRES_AT,
                                98_000_000,
                                THRESHOLD,
                                RECOVERY,
                                WINDOW,
                                TriggerKind.DEPEG,
                                99_000_000,
                                10_000,
                                null,
                                "")));
    }

    @Test
    void a_firing_reports_the_lowest_quorum_price_seen_while_armed() {
        Story story = Story.of(plus(priceFeed(3, 2), depegDefined()))
                .ticked(3, ONE, T0)
                .ticked(3, 99_400_000, T1)
                .ticked(3, 98_500_000, T1.plusMillis(30 * MINUTE))
                .ticked(3, 99_300_000, T1.plusMillis(100 * MINUTE));
        fixture()
                .given(story.history())
                .when(evaluateTrigger(FIRES_AT))
                .thenEventsSatisfy(events -> assertThat(triggerEvents(events))
                        .containsExactly(depegFired(1, T1, FIRES_AT, 98_500_000, 99_300_000, 7_000)));
    }

    // ------------------------------------------------------------------ retiring

    @Test
    void a_retired_trigger_never_arms_or_fires() {
        fixture()
                .given(plus(priceFeed(3, 2), depegDefined()))
                .when(new RetireTrigger(TRIGGER, "product closed", FEED, T0))
                .thenEvents(new ParametricTriggerRetired(TRIGGER, "product closed", FEED));
        Story retired = Story.of(plus(priceFeed(3, 2), depegDefined()))
                .then(new RetireTrigger(TRIGGER, "product closed", FEED, T0))
                .ticked(3, ONE, T0);
        assertThat(triggerEvents(retired.tick(3, DEPEG, T1))).isEmpty();
        Story armedThenRetired = armedAtT1()
                .then(new RetireTrigger(TRIGGER, "product closed", FEED, T1))
                .ticked(3, DEPEG, T1.plusMillis(90 * MINUTE));
        fixture()
                .given(armedThenRetired.history())
                .when(evaluateTrigger(FIRES_AT))
                .thenNoEvents();
    }

    @Test
    void retiring_an_unknown_trigger_is_refused_and_a_retired_one_again_records_nothing() {
        fixture()
                .given(priceFeed(3, 2))
                .when(new RetireTrigger(TRIGGER, "?", FEED, T0))
                .thenRejected("TRIGGER_NOT_FOUND", "triggerId");
        fixture()
                .given(plus(priceFeed(3, 2), depegDefined(), new ParametricTriggerRetired(TRIGGER, "closed", FEED)))
                .when(new RetireTrigger(TRIGGER, "again", FEED, T0))
                .thenNoEvents();
    }

    @Test
    void trigger_commands_written_before_the_feed_id_field_act_on_the_aggregates_feed() {
        fixture()
                .given(plus(priceFeed(3, 2), depegDefined()))
                .when(new RetireTrigger(TRIGGER, "closed", "", T0))
                .thenEvents(new ParametricTriggerRetired(TRIGGER, "closed", FEED));
    }
}
