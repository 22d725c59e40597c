package io.coverclaims.governance.saga;

import static io.coverclaims.governance.saga.BreakerEvents.payout;
import static io.coverclaims.governance.saga.BreakerEvents.solvency;
import static io.coverclaims.governance.saga.BreakerEvents.unreliable;
import static io.coverclaims.governance.saga.GovernedBreakerParameters.FEED_UNRELIABLE_WINDOW_MS;
import static io.coverclaims.governance.saga.GovernedBreakerParameters.PAYOUT_SHARE_PPM;
import static io.coverclaims.governance.saga.GovernedBreakerParameters.PAYOUT_WINDOW_MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.governance.domain.breaker.PayoutShareRule;
import io.coverclaims.governance.domain.breaker.PoolPayouts;
import io.coverclaims.governance.saga.BreakerReactions.OpenEpisode;
import io.coverclaims.governance.saga.BreakerReactionsTest.BytesTable;
import io.coverclaims.governance.view.GovernanceView.HistoryEntry;
import io.coverclaims.schemas.governance.TripCircuitBreaker;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The breakers' parameters as governance set them: the value in force at the event's time, from the parameters'
 * history (ParameterInitialized, then ParameterChanged with its effectiveAt), and the configuration only before
 * genesis or when the governance view does not catch up.
 */
class GovernedBreakerParametersTest {

    static final Instant GENESIS = Instant.parse("2026-11-30T00:00:00Z");
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    static final long HOUR = 3_600_000L;
    static final BreakerParameters CONFIGURED = BreakerParameters.of(200_000, 24 * HOUR, HOUR);

    @Test
    void a_parameter_change_of_the_payout_share_changes_when_the_breaker_trips() {
        Histories histories = new Histories();
        histories.genesis(PAYOUT_SHARE_PPM, 200_000);
        histories.genesis(PAYOUT_WINDOW_MS, 24 * HOUR);
        histories.genesis(FEED_UNRELIABLE_WINDOW_MS, HOUR);
        histories.change(PAYOUT_SHARE_PPM, 100_000, T0.plusSeconds(90));
        BreakerReactions reactions = new BreakerReactions(governed(histories));

        // before the change took effect: 150_000 of 1_000_000 is below 20 %
        BytesTable<PoolPayouts> pools = new BytesTable<>(PoolPayouts.class);
        assertThat(reactions.onPoolEvent(solvency("pool-a", 1, 1_000_000, T0), pools))
                .isEmpty();
        assertThat(reactions.onPoolEvent(payout("pool-a", 2, "pay-1", 150_000, 850_000, T0.plusSeconds(60)), pools))
                .isEmpty();
        // after it: one unit more is above 10 %, and the trip records the governed values it applied
        List<SpecificRecord> sent =
                reactions.onPoolEvent(payout("pool-a", 3, "pay-2", 1, 849_999, T0.plusSeconds(120)), pools);
        assertThat(sent).hasSize(1);
        TripCircuitBreaker trip = (TripCircuitBreaker) sent.getFirst();
        assertThat(trip.getThresholdPpm()).isEqualTo(100_000);
        assertThat(trip.getWindowMs()).isEqualTo(24 * HOUR);
        assertThat(trip.getObserved()).isEqualByComparingTo(new BigDecimal("150001"));
        assertThat(trip.getLimit()).isEqualByComparingTo(new BigDecimal("100000"));

        // the same payouts without the change do not trip
        Histories unchanged = new Histories();
        unchanged.genesis(PAYOUT_SHARE_PPM, 200_000);
        BreakerReactions before = new BreakerReactions(governed(unchanged));
        BytesTable<PoolPayouts> other = new BytesTable<>(PoolPayouts.class);
        before.onPoolEvent(solvency("pool-a", 1, 1_000_000, T0), other);
        before.onPoolEvent(payout("pool-a", 2, "pay-1", 150_000, 850_000, T0.plusSeconds(60)), other);
        assertThat(before.onPoolEvent(payout("pool-a", 3, "pay-2", 1, 849_999, T0.plusSeconds(120)), other))
                .isEmpty();
    }

    @Test
    void replaying_after_a_later_change_decides_each_event_with_the_value_then_in_force() {
        Histories histories = new Histories();
        histories.genesis(PAYOUT_SHARE_PPM, 200_000);
        List<SpecificRecord> events = List.of(
                solvency("pool-r", 1, 1_000_000, T0),
                payout("pool-r", 2, "pay-1", 150_000, 850_000, T0.plusSeconds(1)),
                payout("pool-r", 3, "pay-2", 1, 849_999, T0.plusSeconds(2)));
        List<SpecificRecord> live = new ArrayList<>();
        BreakerReactions reactions = new BreakerReactions(governed(histories));
        BytesTable<PoolPayouts> livePools = new BytesTable<>(PoolPayouts.class);
        events.forEach(e -> live.addAll(reactions.onPoolEvent(e, livePools)));

        // a change effective after these events: a replay of them decides as the live run did
        histories.change(PAYOUT_SHARE_PPM, 100_000, T0.plusSeconds(60));
        List<SpecificRecord> replay = new ArrayList<>();
        BytesTable<PoolPayouts> rebuilt = new BytesTable<>(PoolPayouts.class);
        events.forEach(e -> replay.addAll(reactions.onPoolEvent(e, rebuilt)));
        assertThat(live).isEmpty();
        assertThat(replay).isEqualTo(live);
    }

    @Test
    void the_feed_window_in_force_when_the_feed_became_unreliable_sets_its_deadline() {
        Histories histories = new Histories();
        histories.genesis(FEED_UNRELIABLE_WINDOW_MS, HOUR);
        histories.change(FEED_UNRELIABLE_WINDOW_MS, 2 * HOUR, T0.plusMillis(HOUR));
        BreakerReactions reactions = new BreakerReactions(governed(histories));
        BytesTable<OpenEpisode> feeds = new BytesTable<>(OpenEpisode.class);

        reactions.onOracleEvent(unreliable("EUR-USD", 1, T0), feeds);
        reactions.onOracleEvent(unreliable("GBP-USD", 1, T0.plusMillis(HOUR)), feeds);
        List<SpecificRecord> sent = reactions.onDeadlineCheck(T0.plusMillis(2 * HOUR + 1), feeds);
        assertThat(sent)
                .as("EUR-USD went unreliable under the 1 h window, GBP-USD under the 2 h one")
                .singleElement()
                .satisfies(c -> {
                    assertThat(((TripCircuitBreaker) c).getScope()).isEqualTo("EUR-USD");
                    assertThat(((TripCircuitBreaker) c).getWindowMs()).isEqualTo(HOUR);
                });
        assertThat(reactions.onDeadlineCheck(T0.plusMillis(3 * HOUR + 1), feeds))
                .singleElement()
                .satisfies(
                        c -> assertThat(((TripCircuitBreaker) c).getWindowMs()).isEqualTo(2 * HOUR));
    }

    @Test
    void the_value_in_force_is_the_latest_effective_at_or_before_the_time_and_the_genesis_value_before_it() {
        List<HistoryEntry> history = List.of(
                entry(1, 200_000, GENESIS),
                entry(2, 100_000, T0.plusSeconds(60)),
                entry(3, 300_000, T0.plusSeconds(60)),
                entry(4, 400_000, T0.plusSeconds(120)));
        assertThat(GovernedBreakerParameters.valueAt(history, GENESIS.minusSeconds(1)))
                .hasValueSatisfying(e -> assertThat(e.value()).isEqualTo("200000"));
        assertThat(GovernedBreakerParameters.valueAt(history, T0.plusSeconds(59)))
                .hasValueSatisfying(e -> assertThat(e.value()).isEqualTo("200000"));
        assertThat(GovernedBreakerParameters.valueAt(history, T0.plusSeconds(60)))
                .as("of two changes effective at once, the later")
                .hasValueSatisfying(e -> assertThat(e.value()).isEqualTo("300000"));
        assertThat(GovernedBreakerParameters.valueAt(history, T0.plusSeconds(500)))
                .hasValueSatisfying(e -> assertThat(e.value()).isEqualTo("400000"));
        assertThat(GovernedBreakerParameters.valueAt(List.of(), T0)).isEmpty();
    }

    @Test
    void before_genesis_the_configured_values_apply() {
        Histories histories = new Histories();
        histories.genesis(PAYOUT_SHARE_PPM, 50_000);
        BreakerParameters parameters = governed(histories);
        assertThat(parameters.payoutShare(T0))
                .as("the governed share, the configured window (not initialized yet)")
                .isEqualTo(new PayoutShareRule.Parameters(50_000, 24 * HOUR));
        assertThat(parameters.feedUnreliableWindowMs(T0)).isEqualTo(HOUR);
    }

    @Test
    void a_view_catching_up_is_waited_for_and_then_answers_with_the_governed_value() {
        Histories histories = new Histories();
        histories.genesis(PAYOUT_SHARE_PPM, 50_000);
        histories.readyAfterPolls(3);
        BreakerParameters parameters =
                new GovernedBreakerParameters(histories, CONFIGURED, Duration.ofSeconds(30), System::currentTimeMillis);
        assertThat(parameters.payoutShare(T0).sharePpm()).isEqualTo(50_000);
        assertThat(histories.polls.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void a_view_that_does_not_catch_up_in_time_falls_back_to_the_configuration_without_waiting_again() {
        Histories histories = new Histories();
        histories.genesis(PAYOUT_SHARE_PPM, 50_000);
        histories.ready.set(false);
        AtomicLong now = new AtomicLong(0);
        BreakerParameters parameters =
                new GovernedBreakerParameters(histories, CONFIGURED, Duration.ofMillis(120), () -> now.addAndGet(50));
        assertThat(parameters.payoutShare(T0).sharePpm()).isEqualTo(200_000);
        int polled = histories.polls.get();
        assertThat(parameters.feedUnreliableWindowMs(T0)).isEqualTo(HOUR);
        assertThat(histories.polls.get())
                .as("one readiness check, no second wait")
                .isEqualTo(polled + 1);

        histories.ready.set(true);
        assertThat(parameters.payoutShare(T0).sharePpm()).isEqualTo(50_000);
    }

    private static BreakerParameters governed(Histories histories) {
        return new GovernedBreakerParameters(histories, CONFIGURED, Duration.ofSeconds(1), System::currentTimeMillis);
    }

    private static HistoryEntry entry(long seq, long value, Instant at) {
        return new HistoryEntry(
                seq, seq == 1 ? "ParameterInitialized" : "ParameterChanged", Long.toString(value), null, null, at, "e");
    }

    /** Parameter histories as the governance view folds them. */
    static final class Histories implements GovernedBreakerParameters.Histories {

        final Map<String, List<HistoryEntry>> byName = new HashMap<>();
        final AtomicBoolean ready = new AtomicBoolean(true);
        final AtomicInteger polls = new AtomicInteger();
        private int readyAfter;

        void genesis(String name, long value) {
            byName.computeIfAbsent(name, n -> new ArrayList<>()).add(entry(1, value, GENESIS));
        }

        void change(String name, long value, Instant effectiveAt) {
            List<HistoryEntry> history = byName.computeIfAbsent(name, n -> new ArrayList<>());
            history.add(entry(history.size() + 1, value, effectiveAt));
        }

        void readyAfterPolls(int polls) {
            this.readyAfter = polls;
        }

        @Override
        public boolean ready() {
            int polled = polls.incrementAndGet();
            return ready.get() && polled > readyAfter;
        }

        @Override
        public List<HistoryEntry> history(String name) {
            return List.copyOf(byName.getOrDefault(name, List.of()));
        }
    }
}
