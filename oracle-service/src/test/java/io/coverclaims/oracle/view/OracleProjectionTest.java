package io.coverclaims.oracle.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.platform.view.ViewEntry;
import io.coverclaims.platform.view.ViewEvent;
import io.coverclaims.platform.view.ViewTable;
import io.coverclaims.platform.view.ViewUpdate;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.oracle.ExclusionReason;
import io.coverclaims.schemas.oracle.FeedDefined;
import io.coverclaims.schemas.oracle.FeedKind;
import io.coverclaims.schemas.oracle.FeedSourceDisabled;
import io.coverclaims.schemas.oracle.FeedSourceRegistered;
import io.coverclaims.schemas.oracle.FeedUnreliable;
import io.coverclaims.schemas.oracle.IncidentConfirmation;
import io.coverclaims.schemas.oracle.IncidentConfirmed;
import io.coverclaims.schemas.oracle.ObservationExcluded;
import io.coverclaims.schemas.oracle.ParametricTriggerDefined;
import io.coverclaims.schemas.oracle.PriceObserved;
import io.coverclaims.schemas.oracle.PriceQuorumReached;
import io.coverclaims.schemas.oracle.SourceExclusion;
import io.coverclaims.schemas.oracle.SourceKind;
import io.coverclaims.schemas.oracle.TriggerArmed;
import io.coverclaims.schemas.oracle.TriggerDisarmed;
import io.coverclaims.schemas.oracle.TriggerFired;
import io.coverclaims.schemas.oracle.TriggerKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The oracle read model's projection, event by event, on an in-memory view: what a feed, its sources, its history,
 * its triggers and its incidents show after each event (the broker-backed rebuild is OracleServiceIntegrationTest's).
 */
class OracleProjectionTest {

    static final String FEED = "USDC-USD";
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    /** A view held in sorted maps, one per table, as the store holds it. */
    static final class MemoryView implements ViewUpdate {
        final Map<String, TreeMap<String, Object>> tables = new TreeMap<>();
        long offset;

        @Override
        @SuppressWarnings("unchecked")
        public <V> Optional<V> get(ViewTable<V> table, String key) {
            return Optional.ofNullable((V) table(table).get(key));
        }

        @Override
        public <V> void put(ViewTable<V> table, String key, V value) {
            // what the store does: encode with the table's codec; decoding it back shows it survives the store
            table(table).put(key, table.codec().decode(table.codec().encode(value)));
        }

        @Override
        public void delete(ViewTable<?> table, String key) {
            table(table).remove(key);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> List<ViewEntry<V>> prefix(ViewTable<V> table, String keyPrefix) {
            List<ViewEntry<V>> found = new ArrayList<>();
            table(table).tailMap(keyPrefix).forEach((key, value) -> {
                if (key.startsWith(keyPrefix)) {
                    found.add(new ViewEntry<>(key, (V) value));
                }
            });
            return found;
        }

        private TreeMap<String, Object> table(ViewTable<?> table) {
            return tables.computeIfAbsent(table.name(), name -> new TreeMap<>());
        }

        MemoryView apply(SpecificRecord... events) {
            for (SpecificRecord event : events) {
                String key = ((EventMetadata) event.get(0)).getAggregateId();
                OracleProjection.project(new ViewEvent("oracle.events", 0, offset++, 0, key, event), this);
            }
            return this;
        }

        OracleView.Feed feed() {
            return get(OracleView.FEEDS, FEED).orElseThrow();
        }

        OracleView.Source source(String sourceId) {
            return feed().source(sourceId).orElseThrow();
        }

        OracleView.Trigger trigger(String triggerId) {
            return get(OracleView.TRIGGERS, triggerId).orElseThrow();
        }

        List<OracleView.HistoryEntry> history() {
            return prefix(OracleView.HISTORY, FEED + "/").stream()
                    .map(ViewEntry::value)
                    .toList();
        }
    }

    // ------------------------------------------------------------------------------------------------ events

    static EventMetadata at(String aggregateId, Instant at) {
        EventMetadata metadata = KafkaTestKit.event(aggregateId, 1, "test");
        metadata.setOccurredAt(at);
        return metadata;
    }

    static FeedDefined defined() {
        return FeedDefined.newBuilder()
                .setMetadata(at(FEED, T0))
                .setFeedId(FEED)
                .setKind(FeedKind.PRICE)
                .setDescription("USDC in USD")
                .setQuorum(2)
                .setMaxDeviationPpm(20_000)
                .setMaxStalenessMs(3_600_000)
                .build();
    }

    static FeedSourceRegistered registered(String sourceId, int count) {
        return FeedSourceRegistered.newBuilder()
                .setMetadata(at(FEED, T0))
                .setFeedId(FEED)
                .setSourceId(sourceId)
                .setName(sourceId)
                .setSigner("0x" + "1".repeat(39) + count)
                .setSourceCount(count)
                .setSourceKind(SourceKind.SIGNED_REPORTER)
                .setMinPriceE8(1)
                .setMaxPriceE8(1_000_000_000)
                .build();
    }

    static PriceObserved observed(String sourceId, long price, Instant at) {
        return PriceObserved.newBuilder()
                .setMetadata(at(FEED, at))
                .setFeedId(FEED)
                .setSourceId(sourceId)
                .setPriceE8(price)
                .setObservedAt(at)
                .build();
    }

    static ObservationExcluded excluded(String sourceId, long price, ExclusionReason reason, Instant at) {
        return ObservationExcluded.newBuilder()
                .setMetadata(at(FEED, at))
                .setFeedId(FEED)
                .setSourceId(sourceId)
                .setPriceE8(price)
                .setObservedAt(at)
                .setReason(reason)
                .setDetail(reason + " detail")
                .build();
    }

    static SourceExclusion exclusion(String sourceId, ExclusionReason reason, long price) {
        return SourceExclusion.newBuilder()
                .setSourceId(sourceId)
                .setReason(reason)
                .setDetail(reason + " of " + sourceId)
                .setPriceE8(price)
                .build();
    }

    static PriceQuorumReached quorum(long price, Instant at, List<String> sources, SourceExclusion... exclusions) {
        return PriceQuorumReached.newBuilder()
                .setMetadata(at(FEED, at))
                .setFeedId(FEED)
                .setPriceE8(price)
                .setObservedAt(at)
                .setSourceIds(sources)
                .setQuorum(2)
                .setSourceCount(3)
                .setMaxDeviationPpm(20_000)
                .setMaxStalenessMs(3_600_000)
                .setEvaluatedAt(at)
                .setExclusions(List.of(exclusions))
                .build();
    }

    static FeedUnreliable unreliable(Instant at, List<String> sources, SourceExclusion... exclusions) {
        return FeedUnreliable.newBuilder()
                .setMetadata(at(FEED, at))
                .setFeedId(FEED)
                .setSourceIds(sources)
                .setQuorum(2)
                .setSourceCount(3)
                .setEvaluatedAt(at)
                .setExclusions(List.of(exclusions))
                .build();
    }

    static ParametricTriggerDefined trigger(String triggerId, String feedId) {
        return ParametricTriggerDefined.newBuilder()
                .setMetadata(at(feedId, T0))
                .setTriggerId(triggerId)
                .setProductId("prod-usdc")
                .setFeedId(feedId)
                .setThresholdPriceE8(99_500_000)
                .setRecoveryPriceE8(99_900_000)
                .setWindowMs(60_000)
                .setKind(TriggerKind.DEPEG)
                .build();
    }

    static TriggerArmed armed(String triggerId, long price, Instant at) {
        return TriggerArmed.newBuilder()
                .setMetadata(at(FEED, at))
                .setTriggerId(triggerId)
                .setProductId("prod-usdc")
                .setFeedId(FEED)
                .setPriceE8(price)
                .setObservedAt(at)
                .setThresholdPriceE8(99_500_000)
                .setWindowMs(60_000)
                .setFiresAt(at.plusSeconds(60))
                .build();
    }

    static MemoryView threeSources() {
        return new MemoryView().apply(defined(), registered("a", 1), registered("b", 2), registered("c", 3));
    }

    // ------------------------------------------------------------------------------------------------ rules

    @Test
    void a_feed_has_no_value_until_a_quorum_and_keeps_its_last_value_while_unreliable() {
        MemoryView view = threeSources().apply(observed("a", 97_000_000, T0.plusSeconds(1)));
        assertThat(view.feed().status()).isEqualTo(OracleView.NO_VALUE);
        assertThat(view.feed().value()).isNull();
        view.apply(
                observed("b", 97_200_000, T0.plusSeconds(2)), quorum(97_100_000, T0.plusSeconds(2), List.of("a", "b")));
        assertThat(view.feed().status()).isEqualTo(OracleView.RELIABLE);
        assertThat(view.feed().value().priceE8()).isEqualTo(97_100_000);
        assertThat(view.feed().value().price()).isEqualTo("0.97100000");
        view.apply(unreliable(
                T0.plusSeconds(9_000),
                List.of(),
                exclusion("a", ExclusionReason.STALE, 97_000_000),
                exclusion("b", ExclusionReason.STALE, 97_200_000)));
        assertThat(view.feed().status()).isEqualTo(OracleView.UNRELIABLE);
        assertThat(view.feed().value().priceE8()).isEqualTo(97_100_000);
        assertThat(view.feed().lastEvaluation().outcome()).isEqualTo("UNRELIABLE");
    }

    @Test
    void each_source_shows_its_status_as_of_the_last_evaluation() {
        MemoryView view = threeSources()
                .apply(
                        observed("a", 97_000_000, T0.plusSeconds(1)),
                        observed("b", 97_200_000, T0.plusSeconds(2)),
                        observed("c", 130_000_000, T0.plusSeconds(3)),
                        quorum(
                                97_100_000,
                                T0.plusSeconds(3),
                                List.of("a", "b"),
                                exclusion("c", ExclusionReason.DEVIATION, 130_000_000)));
        assertThat(view.source("a").status()).isEqualTo(OracleView.FRESH);
        assertThat(view.source("c").status()).isEqualTo(OracleView.EXCLUDED);
        assertThat(view.source("c").statusReason()).isEqualTo("DEVIATION");
        assertThat(view.source("c").statusDetail()).isEqualTo("DEVIATION of c");

        view.apply(unreliable(
                T0.plusSeconds(9_000),
                List.of("c"),
                exclusion("a", ExclusionReason.STALE, 97_000_000),
                exclusion("b", ExclusionReason.STALE, 97_200_000)));
        assertThat(view.source("a").status()).isEqualTo(OracleView.STALE);
        assertThat(view.source("a").statusReason()).isEqualTo("STALE");
        assertThat(view.source("c").status()).isEqualTo(OracleView.FRESH);
    }

    @Test
    void a_source_that_never_reported_is_no_observation_and_one_only_excluded_on_arrival_shows_why() {
        MemoryView view =
                threeSources().apply(excluded("c", 2_000_000_000, ExclusionReason.OUT_OF_BOUNDS, T0.plusSeconds(1)));
        assertThat(view.source("a").status()).isEqualTo(OracleView.NO_OBSERVATION);
        assertThat(view.source("c").status()).isEqualTo(OracleView.EXCLUDED);
        assertThat(view.source("c").statusReason()).isEqualTo("OUT_OF_BOUNDS");
        assertThat(view.source("c").latest()).isNull();
        assertThat(view.source("c").lastExcluded().priceE8()).isEqualTo(2_000_000_000);
    }

    @Test
    void a_disabled_source_is_excluded_for_being_disabled_whatever_the_evaluation_said() {
        MemoryView view = threeSources()
                .apply(
                        observed("c", 97_000_000, T0.plusSeconds(1)),
                        FeedSourceDisabled.newBuilder()
                                .setMetadata(at(FEED, T0.plusSeconds(2)))
                                .setFeedId(FEED)
                                .setSourceId("c")
                                .setReason("key rotated")
                                .setSourceCount(2)
                                .build());
        assertThat(view.source("c").enabled()).isFalse();
        assertThat(view.source("c").status()).isEqualTo(OracleView.EXCLUDED);
        assertThat(view.source("c").statusReason()).isEqualTo("DISABLED");
        assertThat(view.source("c").statusDetail()).isEqualTo("key rotated");
        assertThat(view.feed().rule().sourceCount()).isEqualTo(2);
    }

    @Test
    void the_history_numbers_observations_exclusions_and_evaluations_in_the_order_recorded() {
        MemoryView view = threeSources()
                .apply(
                        observed("a", 97_000_000, T0.plusSeconds(1)),
                        unreliable(T0.plusSeconds(1), List.of("a")),
                        excluded("c", 2_000_000_000, ExclusionReason.OUT_OF_BOUNDS, T0.plusSeconds(2)),
                        observed("b", 97_200_000, T0.plusSeconds(3)),
                        quorum(97_100_000, T0.plusSeconds(3), List.of("a", "b")));
        assertThat(view.history())
                .extracting(OracleView.HistoryEntry::seq, OracleView.HistoryEntry::type)
                .containsExactly(
                        tuple(1L, "PriceObserved"),
                        tuple(2L, "FeedUnreliable"),
                        tuple(3L, "ObservationExcluded"),
                        tuple(4L, "PriceObserved"),
                        tuple(5L, "PriceQuorumReached"));
        assertThat(view.history().get(2).reason()).isEqualTo("OUT_OF_BOUNDS");
        assertThat(view.feed().historySize()).isEqualTo(5);
    }

    @Test
    void an_armed_trigger_tracks_the_lowest_quorum_price_and_records_each_firing() {
        MemoryView view =
                threeSources().apply(trigger("trg-usdc", FEED), armed("trg-usdc", 97_000_000, T0.plusSeconds(1)));
        assertThat(view.trigger("trg-usdc").state()).isEqualTo(OracleView.ARMED);
        view.apply(
                quorum(96_000_000, T0.plusSeconds(5), List.of("a", "b")),
                quorum(96_500_000, T0.plusSeconds(6), List.of("a", "b")));
        assertThat(view.trigger("trg-usdc").lowestPriceE8()).isEqualTo(96_000_000);
        assertThat(view.trigger("trg-usdc").lowestPrice()).isEqualTo("0.96000000");
        view.apply(TriggerFired.newBuilder()
                .setMetadata(at(FEED, T0.plusSeconds(61)))
                .setTriggerId("trg-usdc")
                .setProductId("prod-usdc")
                .setFeedId(FEED)
                .setIncidentId("inc-usdc-1")
                .setArmedAt(T0.plusSeconds(1))
                .setFiredAt(T0.plusSeconds(61))
                .setLowestPriceE8(96_000_000)
                .setThresholdPriceE8(99_500_000)
                .setRecoveryPriceE8(99_900_000)
                .setWindowMs(60_000)
                .setDepegPriceE8(96_500_000)
                .setPayoutPpm(35_000)
                .build());
        OracleView.Trigger fired = view.trigger("trg-usdc");
        assertThat(fired.state()).isEqualTo(OracleView.FIRED);
        assertThat(fired.firesAt()).isNull();
        assertThat(fired.firings()).singleElement().satisfies(f -> {
            assertThat(f.incidentId()).isEqualTo("inc-usdc-1");
            assertThat(f.depegPrice()).isEqualTo("0.96500000");
            assertThat(f.payoutPpm()).isEqualTo(35_000);
        });
        view.apply(TriggerDisarmed.newBuilder()
                .setMetadata(at(FEED, T0.plusSeconds(90)))
                .setTriggerId("trg-usdc")
                .setPriceE8(99_950_000)
                .setObservedAt(T0.plusSeconds(90))
                .setRecoveryPriceE8(99_900_000)
                .setFeedId(FEED)
                .build());
        assertThat(view.trigger("trg-usdc").state()).isEqualTo(OracleView.IDLE);
        assertThat(view.trigger("trg-usdc").disarmedPriceE8()).isEqualTo(99_950_000);
        assertThat(view.trigger("trg-usdc").firings()).hasSize(1);
    }

    @Test
    void a_trigger_id_defined_again_on_another_feed_is_not_taken_over_by_that_feed() {
        MemoryView view = threeSources()
                .apply(
                        trigger("trg-usdc", FEED),
                        trigger("trg-usdc", "DAI-USD"),
                        TriggerArmed.newBuilder(armed("trg-usdc", 97_000_000, T0.plusSeconds(1)))
                                .setMetadata(at("DAI-USD", T0.plusSeconds(1)))
                                .setFeedId("DAI-USD")
                                .build());
        assertThat(view.trigger("trg-usdc").feedId()).isEqualTo(FEED);
        assertThat(view.trigger("trg-usdc").state()).isEqualTo(OracleView.IDLE);
    }

    @Test
    void an_incident_confirmed_by_an_operator_without_reports_is_listed_with_who_confirmed_it() {
        MemoryView view = new MemoryView()
                .apply(IncidentConfirmed.newBuilder()
                        .setMetadata(at("incidents", T0))
                        .setFeedId("incidents")
                        .setIncidentId("inc-x")
                        .setProductId("prod-x")
                        .setIncidentAt(T0.minusSeconds(60))
                        .setSourceIds(List.of())
                        .setQuorum(2)
                        .setSourceCount(3)
                        .setConfirmation(IncidentConfirmation.OPERATOR)
                        .setConfirmedBy("operator:alice")
                        .setSummary("oracle manipulated")
                        .setEvidence(List.of("https://example.org"))
                        .build());
        OracleView.Incident incident =
                view.get(OracleView.INCIDENTS, "incidents/inc-x").orElseThrow();
        assertThat(incident.confirmed()).isTrue();
        assertThat(incident.reports()).isEmpty();
        assertThat(incident.summary()).isEqualTo("oracle manipulated");
        assertThat(incident.confirmation().how()).isEqualTo("OPERATOR");
        assertThat(incident.confirmation().confirmedBy()).isEqualTo("operator:alice");
    }

    @Test
    void prices_are_shown_with_eight_decimals() {
        assertThat(OracleView.price(97_000_000)).isEqualTo("0.97000000");
        assertThat(OracleView.price(300_500_000_000L)).isEqualTo("3005.00000000");
        assertThat(OracleView.price(1)).isEqualTo("0.00000001");
        assertThat(OracleView.price(0)).isEqualTo("0.00000000");
    }
}
