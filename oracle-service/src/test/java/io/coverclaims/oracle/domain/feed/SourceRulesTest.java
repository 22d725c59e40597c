package io.coverclaims.oracle.domain.feed;

import static io.coverclaims.oracle.domain.feed.FeedFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.oracle.domain.feed.FeedCommand.DefineFeed;
import io.coverclaims.oracle.domain.feed.FeedCommand.DisableFeedSource;
import io.coverclaims.oracle.domain.feed.FeedCommand.RegisterFeedSource;
import io.coverclaims.oracle.domain.feed.FeedCommand.SetFeedQuorum;
import io.coverclaims.oracle.domain.feed.FeedEvent.FeedQuorumChanged;
import io.coverclaims.oracle.domain.feed.FeedEvent.FeedSourceDisabled;
import io.coverclaims.oracle.domain.feed.FeedEvent.FeedSourceRegistered;
import io.coverclaims.oracle.domain.feed.FeedState.Feed;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Defining a feed, registering and disabling its sources, changing its quorum rule: one test per rule. */
class SourceRulesTest {

    static final String AGGREGATOR = "0x" + "ab".repeat(20);

    static RegisterFeedSource register(int i, UnaryOperator<RegisterFeedSource> change) {
        return change.apply(registerSource(i));
    }

    static RegisterFeedSource with(
            RegisterFeedSource c,
            String signer,
            SourceKind kind,
            String aggregator,
            long heartbeatMs,
            int decimals,
            long min,
            long max) {
        return new RegisterFeedSource(
                c.feedId(), c.sourceId(), c.name(), signer, kind, aggregator, heartbeatMs, decimals, min, max, c.at());
    }

    // ------------------------------------------------------------------ feeds

    @Test
    void a_price_feed_is_defined_with_its_quorum_rule() {
        fixture()
                .given()
                .when(definePriceFeed(2))
                .thenEvents(priceFeedDefined(2))
                .thenState(state -> assertThat(((Feed) state).sourceCount()).isZero());
    }

    @Test
    void the_same_definition_again_records_nothing_and_another_is_refused() {
        fixture().given(priceFeedDefined(2)).when(definePriceFeed(2)).thenNoEvents();
        fixture().given(priceFeedDefined(2)).when(definePriceFeed(3)).thenRejected("FEED_EXISTS", "feedId");
    }

    @Test
    void a_feed_id_is_letters_digits_dots_dashes_or_underscores_starting_with_a_letter_or_digit() {
        for (String bad : List.of("", "-USDC", "USDC USD", "USDC/USD", "x".repeat(64))) {
            fixture()
                    .given()
                    .when(new DefineFeed(bad, FeedKind.PRICE, "", 1, DEVIATION, STALENESS, T0))
                    .thenRejected("INVALID_FEED_ID", "feedId");
        }
        fixture()
                .given()
                .when(new DefineFeed("x".repeat(63), FeedKind.PRICE, "", 1, DEVIATION, STALENESS, T0))
                .thenEvents(new FeedEvent.FeedDefined("x".repeat(63), FeedKind.PRICE, "", 1, DEVIATION, STALENESS));
    }

    @Test
    void a_feed_reports_prices_or_incidents() {
        fixture()
                .given()
                .when(new DefineFeed(FEED, FeedKind.UNKNOWN, "", 1, DEVIATION, STALENESS, T0))
                .thenRejected("INVALID_FEED_KIND", "kind");
        fixture()
                .given()
                .when(new DefineFeed(INCIDENTS, FeedKind.INCIDENT, "exploits on Ethereum", 2, 0, 0, T0))
                .thenEvents(incidentFeedDefined(2));
    }

    @Test
    void k_is_at_least_one() {
        fixture()
                .given()
                .when(new DefineFeed(FEED, FeedKind.PRICE, "", 0, DEVIATION, STALENESS, T0))
                .thenRejected("INVALID_QUORUM", "quorum");
    }

    @Test
    void a_price_feeds_tolerance_is_above_zero_and_below_one_million_ppm() {
        for (int bad : new int[] {0, -1, 1_000_000}) {
            fixture()
                    .given()
                    .when(new DefineFeed(FEED, FeedKind.PRICE, "", 1, bad, STALENESS, T0))
                    .thenRejected("INVALID_MAX_DEVIATION", "maxDeviationPpm");
        }
        fixture()
                .given()
                .when(new DefineFeed(FEED, FeedKind.PRICE, "", 1, 999_999, STALENESS, T0))
                .thenEvents(new FeedEvent.FeedDefined(FEED, FeedKind.PRICE, "", 1, 999_999, STALENESS));
    }

    @Test
    void a_price_feeds_staleness_limit_is_above_zero() {
        fixture()
                .given()
                .when(new DefineFeed(FEED, FeedKind.PRICE, "", 1, DEVIATION, 0, T0))
                .thenRejected("INVALID_MAX_STALENESS", "maxStalenessMs");
    }

    // ------------------------------------------------------------------ sources

    @Test
    void a_source_is_registered_only_on_a_defined_feed() {
        fixture().given().when(registerSource(1)).thenRejected("FEED_NOT_FOUND", "feedId");
    }

    @Test
    void a_source_is_registered_with_the_count_of_enabled_sources_after_it() {
        fixture().given(priceFeed(2, 2)).when(registerSource(3)).thenEvents(sourceRegistered(3, 3));
    }

    @Test
    void k_must_stay_a_majority_of_the_enabled_sources() {
        // k = 2: at most 3 sources (2 x 2 > 3); a fourth would let two of four decide against two
        fixture().given(priceFeed(3, 2)).when(registerSource(4)).thenRejected("QUORUM_NOT_MAJORITY", "sourceId");
        // k = 1: one source only
        fixture().given(priceFeed(1, 1)).when(registerSource(2)).thenRejected("QUORUM_NOT_MAJORITY", "sourceId");
        // k = 3 of 5
        fixture().given(priceFeed(4, 3)).when(registerSource(5)).thenEvents(sourceRegistered(5, 5));
        fixture().given(priceFeed(5, 3)).when(registerSource(6)).thenRejected("QUORUM_NOT_MAJORITY", "sourceId");
    }

    @Test
    void a_disabled_source_leaves_room_for_another() {
        fixture()
                .given(plus(priceFeed(3, 2), new FeedSourceDisabled(FEED, source(1), "key leaked", 2)))
                .when(registerSource(4))
                .thenEvents(sourceRegistered(4, 3));
    }

    @Test
    void the_same_registration_again_records_nothing_and_another_is_refused() {
        fixture().given(priceFeed(2, 2)).when(registerSource(2)).thenNoEvents();
        fixture()
                .given(priceFeed(2, 2))
                .when(register(
                        2,
                        c -> with(
                                c,
                                signer(2).toUpperCase().replace("0X", "0x"),
                                c.sourceKind(),
                                null,
                                0,
                                8,
                                MIN_PRICE,
                                MAX_PRICE)))
                .thenNoEvents();
        fixture()
                .given(priceFeed(2, 2))
                .when(register(2, c -> with(c, signer(2), c.sourceKind(), null, 60_000, 8, MIN_PRICE, MAX_PRICE)))
                .thenRejected("SOURCE_EXISTS", "sourceId");
    }

    @Test
    void a_source_id_is_lower_case_letters_digits_dots_dashes_or_underscores() {
        RegisterFeedSource upper = registerSource(1);
        fixture()
                .given(priceFeed(0, 2))
                .when(new RegisterFeedSource(
                        FEED,
                        "S1",
                        upper.name(),
                        upper.signer(),
                        upper.sourceKind(),
                        null,
                        0,
                        8,
                        MIN_PRICE,
                        MAX_PRICE,
                        T0))
                .thenRejected("INVALID_SOURCE_ID", "sourceId");
    }

    @Test
    void a_signed_reporter_needs_a_signer_address_stored_in_lower_case() {
        fixture()
                .given(priceFeed(0, 2))
                .when(register(1, c -> with(c, null, SourceKind.SIGNED_REPORTER, null, 0, 8, MIN_PRICE, MAX_PRICE)))
                .thenRejected("INVALID_SIGNER", "signer");
        fixture()
                .given(priceFeed(0, 2))
                .when(register(1, c -> with(c, "0x1234", SourceKind.SIGNED_REPORTER, null, 0, 8, MIN_PRICE, MAX_PRICE)))
                .thenRejected("INVALID_SIGNER", "signer");
        String mixed = "0x" + "Ab".repeat(20);
        fixture()
                .given(priceFeed(0, 2))
                .when(register(1, c -> with(c, mixed, SourceKind.SIGNED_REPORTER, null, 0, 8, MIN_PRICE, MAX_PRICE)))
                .thenEventsSatisfy(events -> assertThat(((FeedSourceRegistered) events.get(0)).signer())
                        .isEqualTo("0x" + "ab".repeat(20)));
    }

    @Test
    void a_signed_reporter_has_no_aggregator() {
        fixture()
                .given(priceFeed(0, 2))
                .when(register(
                        1, c -> with(c, signer(1), SourceKind.SIGNED_REPORTER, AGGREGATOR, 0, 8, MIN_PRICE, MAX_PRICE)))
                .thenRejected("INVALID_AGGREGATOR", "aggregator");
    }

    @Test
    void a_chainlink_source_needs_its_aggregator_address() {
        fixture()
                .given(priceFeed(0, 2))
                .when(register(
                        1, c -> with(c, null, SourceKind.CHAINLINK_AGGREGATOR, null, 0, 8, MIN_PRICE, MAX_PRICE)))
                .thenRejected("INVALID_AGGREGATOR", "aggregator");
        fixture()
                .given(priceFeed(0, 2))
                .when(register(
                        1,
                        c -> with(
                                c,
                                null,
                                SourceKind.CHAINLINK_AGGREGATOR,
                                AGGREGATOR,
                                86_400_000,
                                8,
                                MIN_PRICE,
                                MAX_PRICE)))
                .thenEvents(new FeedSourceRegistered(
                        FEED,
                        source(1),
                        "reporter 1",
                        null,
                        1,
                        SourceKind.CHAINLINK_AGGREGATOR,
                        AGGREGATOR,
                        86_400_000,
                        8,
                        MIN_PRICE,
                        MAX_PRICE));
    }

    @Test
    void an_incident_feed_takes_signed_reporters_only() {
        fixture()
                .given(incidentFeed(0, 2))
                .when(new RegisterFeedSource(
                        INCIDENTS,
                        source(1),
                        "chainlink",
                        null,
                        SourceKind.CHAINLINK_AGGREGATOR,
                        AGGREGATOR,
                        0,
                        8,
                        MIN_PRICE,
                        MAX_PRICE,
                        T0))
                .thenRejected("WRONG_FEED_KIND", "sourceKind");
        fixture()
                .given(incidentFeed(0, 2))
                .when(new RegisterFeedSource(
                        INCIDENTS, source(1), "watcher 1", signer(1), SourceKind.SIGNED_REPORTER, null, 0, 8, 0, 0, T0))
                .thenEvents(incidentSourceRegistered(1, 1));
    }

    @Test
    void a_source_kind_is_signed_reporter_or_chainlink_aggregator() {
        fixture()
                .given(priceFeed(0, 2))
                .when(register(1, c -> with(c, signer(1), SourceKind.UNKNOWN, null, 0, 8, MIN_PRICE, MAX_PRICE)))
                .thenRejected("INVALID_SOURCE_KIND", "sourceKind");
    }

    @Test
    void a_price_source_has_bounds_above_zero_with_the_maximum_above_the_minimum() {
        fixture()
                .given(priceFeed(0, 2))
                .when(register(1, c -> with(c, signer(1), c.sourceKind(), null, 0, 8, 0, MAX_PRICE)))
                .thenRejected("INVALID_PRICE_BOUNDS", "minPriceE8");
        fixture()
                .given(priceFeed(0, 2))
                .when(register(1, c -> with(c, signer(1), c.sourceKind(), null, 0, 8, MIN_PRICE, MIN_PRICE)))
                .thenRejected("INVALID_PRICE_BOUNDS", "maxPriceE8");
    }

    @Test
    void a_heartbeat_is_at_least_zero_and_decimals_are_zero_to_thirty_six() {
        fixture()
                .given(priceFeed(0, 2))
                .when(register(1, c -> with(c, signer(1), c.sourceKind(), null, -1, 8, MIN_PRICE, MAX_PRICE)))
                .thenRejected("INVALID_HEARTBEAT", "heartbeatMs");
        fixture()
                .given(priceFeed(0, 2))
                .when(register(1, c -> with(c, signer(1), c.sourceKind(), null, 0, 37, MIN_PRICE, MAX_PRICE)))
                .thenRejected("INVALID_DECIMALS", "decimals");
        fixture()
                .given(priceFeed(0, 2))
                .when(register(1, c -> with(c, signer(1), c.sourceKind(), null, 0, -1, MIN_PRICE, MAX_PRICE)))
                .thenRejected("INVALID_DECIMALS", "decimals");
        fixture()
                .given(priceFeed(0, 2))
                .when(register(1, c -> with(c, signer(1), c.sourceKind(), null, 0, 36, MIN_PRICE, MAX_PRICE)))
                .thenEventsSatisfy(events -> assertThat(((FeedSourceRegistered) events.get(0)).decimals())
                        .isEqualTo(36));
    }

    @Test
    void one_reporter_delivers_one_source_of_a_feed_only() {
        fixture()
                .given(priceFeed(1, 2))
                .when(register(2, c -> with(c, signer(1), c.sourceKind(), null, 0, 8, MIN_PRICE, MAX_PRICE)))
                .thenRejected("REPORTER_IN_USE", "signer");
    }

    // ------------------------------------------------------------------ disabling and the quorum rule

    @Test
    void disabling_a_source_records_the_enabled_count_after_it() {
        fixture()
                .given(priceFeed(3, 2))
                .when(new DisableFeedSource(FEED, source(2), "key leaked", T0))
                .thenEvents(
                        new FeedSourceDisabled(FEED, source(2), "key leaked", 2),
                        // a price feed's quorum is evaluated again: with nothing observed, it has none
                        unreliable(T0, List.of(), 2, 2));
    }

    @Test
    void disabling_an_unknown_source_is_refused_and_a_disabled_one_again_records_nothing() {
        fixture()
                .given(priceFeed(3, 2))
                .when(new DisableFeedSource(FEED, source(9), "?", T0))
                .thenRejected("SOURCE_NOT_FOUND", "sourceId");
        fixture()
                .given(plus(priceFeed(3, 2), new FeedSourceDisabled(FEED, source(2), "key leaked", 2)))
                .when(new DisableFeedSource(FEED, source(2), "again", T0))
                .thenNoEvents();
    }

    @Test
    void the_quorum_changes_only_to_a_majority_of_the_enabled_sources() {
        fixture()
                .given(priceFeed(3, 2))
                .when(new SetFeedQuorum(FEED, 1, DEVIATION, STALENESS, T0))
                .thenRejected("QUORUM_NOT_MAJORITY", "quorum");
        fixture()
                .given(priceFeed(3, 2))
                .when(new SetFeedQuorum(FEED, 3, 10_000, 2 * HOUR, T0))
                .thenEvents(new FeedQuorumChanged(FEED, 3, 10_000, 2 * HOUR, 3))
                .thenState(state ->
                        assertThat(((Feed) state).rule()).isEqualTo(new FeedState.QuorumRule(3, 10_000, 2 * HOUR)));
        fixture()
                .given(priceFeed(3, 2))
                .when(new SetFeedQuorum(FEED, 2, DEVIATION, STALENESS, T0))
                .thenNoEvents();
    }

    @Test
    void a_new_quorum_rule_keeps_the_bounds_of_a_definition() {
        fixture()
                .given(priceFeed(3, 2))
                .when(new SetFeedQuorum(FEED, 0, DEVIATION, STALENESS, T0))
                .thenRejected("INVALID_QUORUM", "quorum");
        fixture()
                .given(priceFeed(3, 2))
                .when(new SetFeedQuorum(FEED, 2, 1_000_000, STALENESS, T0))
                .thenRejected("INVALID_MAX_DEVIATION", "maxDeviationPpm");
        fixture()
                .given(priceFeed(3, 2))
                .when(new SetFeedQuorum(FEED, 2, DEVIATION, 0, T0))
                .thenRejected("INVALID_MAX_STALENESS", "maxStalenessMs");
    }

    @Test
    void a_retried_definition_after_a_quorum_change_still_records_nothing() {
        fixture()
                .given(plus(priceFeed(3, 2), new FeedQuorumChanged(FEED, 3, DEVIATION, STALENESS, 3)))
                .when(definePriceFeed(2))
                .thenNoEvents();
    }
}
