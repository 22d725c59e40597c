package io.coverclaims.governance.saga;

import static io.coverclaims.governance.saga.BreakerEvents.payout;
import static io.coverclaims.governance.saga.BreakerEvents.quorum;
import static io.coverclaims.governance.saga.BreakerEvents.solvency;
import static io.coverclaims.governance.saga.BreakerEvents.unreliable;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.governance.domain.breaker.PoolPayouts;
import io.coverclaims.governance.saga.BreakerReactions.OpenEpisode;
import io.coverclaims.governance.saga.BreakerReactions.Table;
import io.coverclaims.schemas.governance.PauseFlag;
import io.coverclaims.schemas.governance.TripCircuitBreaker;
import io.coverclaims.schemas.oracle.FeedUnreliable;
import io.coverclaims.schemas.pool.PayoutReserved;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The circuit-breaker saga over the wire events, with its state kept as the stores keep it (encoded bytes): the
 * commands it sends, their ids, and what a replay sends.
 */
class BreakerReactionsTest {

    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    static final long HOUR = 3_600_000L;
    static final BreakerReactions REACTIONS = new BreakerReactions(BreakerParameters.of(200_000, 24 * HOUR, HOUR));

    @Test
    void a_payout_above_the_share_sends_one_trip_of_the_pools_payouts_caused_by_that_payout() {
        BytesTable<PoolPayouts> pools = new BytesTable<>(PoolPayouts.class);
        assertThat(REACTIONS.onPoolEvent(solvency("pool-a", 5, 1_000_000, T0), pools))
                .isEmpty();
        assertThat(REACTIONS.onPoolEvent(payout("pool-a", 6, "pay-1", 150_000, 850_000, T0.plusSeconds(60)), pools))
                .isEmpty();
        PayoutReserved crossing = payout("pool-a", 7, "pay-2", 50_001, 799_999, T0.plusSeconds(120));
        List<SpecificRecord> sent = REACTIONS.onPoolEvent(crossing, pools);

        assertThat(sent).hasSize(1);
        TripCircuitBreaker trip = (TripCircuitBreaker) sent.getFirst();
        assertThat(trip.getRule()).isEqualTo("PAYOUT_SHARE_24H");
        assertThat(trip.getFlag()).isEqualTo(PauseFlag.PAYOUTS);
        assertThat(trip.getScope()).isEqualTo("pool-a");
        assertThat(trip.getObserved()).isEqualTo(new BigDecimal("200001"));
        assertThat(trip.getLimit()).isEqualTo(new BigDecimal("200000"));
        assertThat(trip.getThresholdPpm()).isEqualTo(200_000);
        assertThat(trip.getWindowMs()).isEqualTo(24 * HOUR);
        assertThat(trip.getDetail()).contains("capital 1000000");
        var metadata = trip.getMetadata();
        assertThat(metadata.getAggregateId()).isEqualTo("pause-flags");
        assertThat(metadata.getActor()).isEqualTo("circuit-breakers");
        assertThat(metadata.getIssuedAt()).isEqualTo(crossing.getMetadata().getOccurredAt());
        assertThat(metadata.getCausationId()).isEqualTo(crossing.getMetadata().getEventId());
        assertThat(metadata.getCorrelationId()).isEqualTo(crossing.getMetadata().getCorrelationId());
        assertThat(metadata.getCommandId())
                .isEqualTo(uuid(crossing.getMetadata().getEventId() + "/circuit-breaker/PAYOUT_SHARE_24H/pool-a"));

        assertThat(REACTIONS.onPoolEvent(payout("pool-a", 8, "pay-3", 10_000, 789_999, T0.plusSeconds(180)), pools))
                .as("the same breach trips once")
                .isEmpty();
        assertThat(REACTIONS.onPoolEvent(payout("pool-b", 1, "pay-b", 10, 0, T0.plusSeconds(180)), pools))
                .as("another pool has its own window")
                .hasSize(1);
    }

    @Test
    void replaying_the_same_events_on_fresh_state_sends_the_same_command_id() {
        List<SpecificRecord> history = List.of(
                solvency("pool-r", 1, 1_000_000, T0),
                payout("pool-r", 2, "pay-1", 300_000, 700_000, T0.plusSeconds(1)),
                payout("pool-r", 3, "pay-2", 300_000, 400_000, T0.plusSeconds(2)));
        List<SpecificRecord> first = new ArrayList<>();
        List<SpecificRecord> replay = new ArrayList<>();
        BytesTable<PoolPayouts> live = new BytesTable<>(PoolPayouts.class);
        BytesTable<PoolPayouts> rebuilt = new BytesTable<>(PoolPayouts.class);
        history.forEach(e -> first.addAll(REACTIONS.onPoolEvent(e, live)));
        history.forEach(e -> replay.addAll(REACTIONS.onPoolEvent(e, rebuilt)));
        assertThat(first).hasSize(1).isEqualTo(replay);
    }

    @Test
    void a_feed_unreliable_past_its_window_trips_its_oracles_once_at_the_deadline_check() {
        BytesTable<OpenEpisode> feeds = new BytesTable<>(OpenEpisode.class);
        FeedUnreliable lost = unreliable("EUR-USD", 10, T0);
        assertThat(REACTIONS.onOracleEvent(lost, feeds)).isEmpty();
        assertThat(REACTIONS.onDeadlineCheck(T0.plusMillis(HOUR), feeds)).isEmpty();

        List<SpecificRecord> sent = REACTIONS.onDeadlineCheck(T0.plusMillis(HOUR + 700), feeds);
        assertThat(sent).hasSize(1);
        TripCircuitBreaker trip = (TripCircuitBreaker) sent.getFirst();
        assertThat(trip.getRule()).isEqualTo("FEED_UNRELIABLE");
        assertThat(trip.getFlag()).isEqualTo(PauseFlag.ORACLES);
        assertThat(trip.getScope()).isEqualTo("EUR-USD");
        assertThat(trip.getObserved()).isEqualTo(BigDecimal.valueOf(HOUR + 1));
        assertThat(trip.getLimit()).isEqualTo(BigDecimal.valueOf(HOUR));
        assertThat(trip.getThresholdPpm()).isZero();
        assertThat(trip.getWindowMs()).isEqualTo(HOUR);
        assertThat(trip.getMetadata().getIssuedAt()).isEqualTo(T0.plusMillis(HOUR + 1));
        assertThat(trip.getMetadata().getCausationId())
                .isEqualTo(lost.getMetadata().getEventId());
        assertThat(trip.getMetadata().getCommandId())
                .isEqualTo(uuid(
                        "deadline/" + lost.getMetadata().getEventId() + "/circuit-breaker/FEED_UNRELIABLE/EUR-USD"));

        assertThat(REACTIONS.onDeadlineCheck(T0.plusMillis(2 * HOUR), feeds)).isEmpty();
        assertThat(REACTIONS.onOracleEvent(quorum("EUR-USD", 11, T0.plusMillis(3 * HOUR)), feeds))
                .as("the recovery of a tripped episode sends nothing more")
                .isEmpty();
        assertThat(feeds.all()).isEmpty();
    }

    @Test
    void a_recovery_after_the_deadline_unseen_by_the_check_sends_the_checks_command() {
        FeedUnreliable lost = unreliable("GBP-USD", 3, T0);
        BytesTable<OpenEpisode> checked = new BytesTable<>(OpenEpisode.class);
        REACTIONS.onOracleEvent(lost, checked);
        List<SpecificRecord> atDeadline = REACTIONS.onDeadlineCheck(T0.plusMillis(HOUR + 1), checked);

        BytesTable<OpenEpisode> down = new BytesTable<>(OpenEpisode.class);
        REACTIONS.onOracleEvent(lost, down);
        List<SpecificRecord> atRecovery = REACTIONS.onOracleEvent(quorum("GBP-USD", 4, T0.plusMillis(2 * HOUR)), down);

        assertThat(atRecovery).hasSize(1).isEqualTo(atDeadline);
    }

    @Test
    void a_feed_that_recovers_within_its_window_sends_nothing_and_a_later_episode_is_new() {
        BytesTable<OpenEpisode> feeds = new BytesTable<>(OpenEpisode.class);
        REACTIONS.onOracleEvent(unreliable("CHF-USD", 1, T0), feeds);
        assertThat(REACTIONS.onOracleEvent(quorum("CHF-USD", 2, T0.plusMillis(HOUR)), feeds))
                .isEmpty();
        assertThat(feeds.all()).isEmpty();
        assertThat(REACTIONS.onDeadlineCheck(T0.plusMillis(5 * HOUR), feeds)).isEmpty();

        FeedUnreliable again = unreliable("CHF-USD", 3, T0.plusMillis(6 * HOUR));
        REACTIONS.onOracleEvent(again, feeds);
        List<SpecificRecord> sent = REACTIONS.onDeadlineCheck(T0.plusMillis(8 * HOUR), feeds);
        assertThat(sent).hasSize(1);
        assertThat(((TripCircuitBreaker) sent.getFirst()).getMetadata().getCausationId())
                .isEqualTo(again.getMetadata().getEventId());
    }

    @Test
    void a_quorum_on_a_feed_never_unreliable_changes_nothing() {
        BytesTable<OpenEpisode> feeds = new BytesTable<>(OpenEpisode.class);
        assertThat(REACTIONS.onOracleEvent(quorum("JPY-USD", 1, T0), feeds)).isEmpty();
        assertThat(feeds.all()).isEmpty();
    }

    @Test
    void state_written_by_another_version_of_the_saga_reads_as_absent() {
        StoredValues<PoolPayouts> values = new StoredValues<>(PoolPayouts.class);
        assertThat(values.decode("0123456789abcdef|[]".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        PoolPayouts state = PoolPayouts.none("pool-x");
        assertThat(values.decode(values.encode(state))).contains(state);
    }

    static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A table kept as the saga's stores keep it: encoded bytes by key, in key order. */
    static final class BytesTable<T> implements Table<T> {

        private final StoredValues<T> values;
        private final TreeMap<String, byte[]> bytes = new TreeMap<>();

        BytesTable(Class<T> type) {
            this.values = new StoredValues<>(type);
        }

        @Override
        public Optional<T> get(String key) {
            return Optional.ofNullable(bytes.get(key)).flatMap(values::decode);
        }

        @Override
        public void put(String key, T value) {
            bytes.put(key, values.encode(value));
        }

        @Override
        public void delete(String key) {
            bytes.remove(key);
        }

        @Override
        public List<T> all() {
            return bytes.values().stream()
                    .map(values::decode)
                    .flatMap(Optional::stream)
                    .toList();
        }
    }
}
