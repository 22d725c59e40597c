package io.coverclaims.oracle.domain.feed;

import static io.coverclaims.oracle.domain.feed.FeedFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.oracle.domain.feed.FeedCommand.ConfirmIncident;
import io.coverclaims.oracle.domain.feed.FeedCommand.DisableFeedSource;
import io.coverclaims.oracle.domain.feed.FeedCommand.RecordIncidentReport;
import io.coverclaims.oracle.domain.feed.FeedEvent.IncidentConfirmed;
import io.coverclaims.oracle.domain.feed.FeedEvent.IncidentReported;
import io.coverclaims.oracle.domain.feed.FeedEvent.ParametricTriggerDefined;
import io.coverclaims.oracle.domain.feed.FeedEvent.ParametricTriggerRetired;
import io.coverclaims.oracle.domain.feed.FeedEvent.TriggerFired;
import io.coverclaims.oracle.domain.feed.FeedState.Feed;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exploit incidents on a 2-of-3 incident feed: reports, k-of-n and operator confirmation, EXPLOIT triggers firing. */
class IncidentRulesTest {

    static final String INCIDENT = "inc-aave-v3-drain";
    static final String AAVE = "prod-aave";
    static final String EXPLOIT = "trg-aave-exploit";
    static final String CONTRACT = "0x" + "c".repeat(40);
    static final Instant T1 = at(10 * MINUTE);
    static final Instant T2 = at(20 * MINUTE);

    static ParametricTriggerDefined exploitDefined(String triggerId, String productId, int payoutPpm) {
        return new ParametricTriggerDefined(
                triggerId, productId, INCIDENTS, 0, 0, 0, TriggerKind.EXPLOIT, 0, payoutPpm);
    }

    static List<FeedEvent> watched() {
        return plus(incidentFeed(3, 2), exploitDefined(EXPLOIT, AAVE, 800_000));
    }

    static IncidentReported reported(int i, String incidentId, String productId) {
        return new IncidentReported(
                INCIDENTS,
                source(i),
                incidentId,
                productId,
                CONTRACT,
                T0,
                "drained by watcher " + i,
                "tx-" + i,
                signer(i));
    }

    static TriggerFired exploitFired(String triggerId, int n, String incidentId, Instant at, int payoutPpm) {
        return new TriggerFired(
                triggerId,
                AAVE,
                INCIDENTS,
                "inc-" + triggerId.substring(4) + "-" + n,
                at,
                at,
                0,
                0,
                0,
                0,
                TriggerKind.EXPLOIT,
                0,
                payoutPpm,
                incidentId,
                "");
    }

    static ConfirmIncident confirm(String incidentId, String productId, String evidence, Instant at) {
        return new ConfirmIncident(INCIDENTS, incidentId, productId, null, T0, "", evidence, "operator-1", at);
    }

    @Test
    void an_incident_report_is_recorded_once_per_source() {
        fixture().given(watched()).when(report(1, INCIDENT, AAVE, T1)).thenEvents(reported(1, INCIDENT, AAVE));
        fixture()
                .given(plus(watched(), reported(1, INCIDENT, AAVE)))
                .when(report(1, INCIDENT, AAVE, T2))
                .thenNoEvents();
    }

    @Test
    void k_sources_reporting_confirm_the_incident_as_the_first_report_states_it_with_every_counted_evidence() {
        fixture()
                .given(plus(watched(), reported(1, INCIDENT, AAVE)))
                .when(new RecordIncidentReport(
                        INCIDENTS,
                        source(2),
                        INCIDENT,
                        AAVE,
                        "0x" + "d".repeat(40),
                        T0.plusMillis(MINUTE),
                        "another account",
                        "tx-2",
                        signer(2),
                        T1))
                .thenEvents(
                        new IncidentReported(
                                INCIDENTS,
                                source(2),
                                INCIDENT,
                                AAVE,
                                "0x" + "d".repeat(40),
                                T0.plusMillis(MINUTE),
                                "another account",
                                "tx-2",
                                signer(2)),
                        new IncidentConfirmed(
                                INCIDENTS,
                                INCIDENT,
                                AAVE,
                                CONTRACT,
                                T0,
                                List.of(source(1), source(2)),
                                2,
                                3,
                                IncidentConfirmation.QUORUM,
                                null,
                                "drained by watcher 1",
                                List.of("tx-1", "tx-2")),
                        exploitFired(EXPLOIT, 1, INCIDENT, T1, 800_000));
    }

    @Test
    void later_reports_of_a_confirmed_incident_are_only_recorded() {
        List<FeedEvent> confirmed = Story.of(watched())
                .then(report(1, INCIDENT, AAVE, T1), report(2, INCIDENT, AAVE, T1))
                .history();
        fixture().given(confirmed).when(report(3, INCIDENT, AAVE, T2)).thenEvents(reported(3, INCIDENT, AAVE));
    }

    @Test
    void an_operator_confirms_an_incident_without_waiting_for_k_reporters() {
        fixture()
                .given(plus(watched(), reported(1, INCIDENT, AAVE)))
                .when(confirm(INCIDENT, null, "https://post-mortem", T2))
                .thenEvents(
                        new IncidentConfirmed(
                                INCIDENTS,
                                INCIDENT,
                                AAVE,
                                CONTRACT,
                                T0,
                                List.of(source(1)),
                                2,
                                3,
                                IncidentConfirmation.OPERATOR,
                                "operator-1",
                                "drained by watcher 1",
                                List.of("tx-1", "https://post-mortem")),
                        exploitFired(EXPLOIT, 1, INCIDENT, T2, 800_000));
        // no report at all: the operator's word and product
        fixture()
                .given(watched())
                .when(confirm(INCIDENT, AAVE, "https://post-mortem", T2))
                .thenEventsSatisfy(events -> assertThat(events)
                        .containsExactly(
                                new IncidentConfirmed(
                                        INCIDENTS,
                                        INCIDENT,
                                        AAVE,
                                        null,
                                        T0,
                                        List.of(),
                                        2,
                                        3,
                                        IncidentConfirmation.OPERATOR,
                                        "operator-1",
                                        "",
                                        List.of("https://post-mortem")),
                                exploitFired(EXPLOIT, 1, INCIDENT, T2, 800_000)));
    }

    @Test
    void an_incident_confirmed_already_is_not_confirmed_again() {
        List<FeedEvent> confirmed = Story.of(watched())
                .then(report(1, INCIDENT, AAVE, T1), report(2, INCIDENT, AAVE, T1))
                .history();
        fixture().given(confirmed).when(confirm(INCIDENT, AAVE, "again", T2)).thenNoEvents();
        List<FeedEvent> byOperator =
                Story.of(watched()).then(confirm(INCIDENT, AAVE, "", T1)).history();
        fixture().given(byOperator).when(report(1, INCIDENT, AAVE, T2)).thenEvents(reported(1, INCIDENT, AAVE));
    }

    @Test
    void a_confirmed_exploit_fires_each_live_exploit_trigger_of_its_product_with_its_own_incident_number() {
        List<FeedEvent> feed = plus(
                watched(),
                exploitDefined(EXPLOIT + "-b", AAVE, 250_000),
                exploitDefined("trg-other-exploit", "prod-other", 500_000),
                exploitDefined("trg-aave-retired", AAVE, 500_000),
                new ParametricTriggerRetired("trg-aave-retired", "closed", INCIDENTS));
        Story story = Story.of(feed).then(report(1, INCIDENT, AAVE, T1));
        fixture()
                .given(story.history())
                .when(report(2, INCIDENT, AAVE, T1))
                .thenEventsSatisfy(events -> assertThat(triggerEvents(events))
                        .containsExactly(
                                exploitFired(EXPLOIT, 1, INCIDENT, T1, 800_000),
                                exploitFired(EXPLOIT + "-b", 1, INCIDENT, T1, 250_000)));
        story.decide(report(2, INCIDENT, AAVE, T1));
        fixture()
                .given(story.history())
                .when(confirm("inc-aave-v3-second", AAVE, "", T2))
                .thenEventsSatisfy(events -> assertThat(triggerEvents(events))
                        .containsExactly(
                                exploitFired(EXPLOIT, 2, "inc-aave-v3-second", T2, 800_000),
                                exploitFired(EXPLOIT + "-b", 2, "inc-aave-v3-second", T2, 250_000)))
                .thenState(state -> assertThat(
                                ((Feed) state).triggers().get(EXPLOIT).firings())
                        .isEqualTo(2));
    }

    @Test
    void an_incident_without_a_product_fires_no_trigger() {
        List<FeedEvent> one =
                Story.of(watched()).then(report(1, INCIDENT, null, T1)).history();
        fixture().given(one).when(report(2, INCIDENT, null, T1)).thenEventsSatisfy(events -> {
            assertThat(events).hasSize(2);
            assertThat(events.get(1)).isInstanceOf(IncidentConfirmed.class);
        });
    }

    @Test
    void a_disabled_sources_report_does_not_count_towards_k() {
        List<FeedEvent> history = Story.of(watched())
                .then(report(1, INCIDENT, AAVE, T1), new DisableFeedSource(INCIDENTS, source(1), "key leaked", T1))
                .history();
        fixture().given(history).when(report(2, INCIDENT, AAVE, T2)).thenEvents(reported(2, INCIDENT, AAVE));
        List<FeedEvent> two =
                Story.of(history).then(report(2, INCIDENT, AAVE, T2)).history();
        fixture()
                .given(two)
                .when(report(3, INCIDENT, AAVE, T2))
                .thenEventsSatisfy(events -> assertThat(((IncidentConfirmed) events.get(1)).sourceIds())
                        .containsExactly(source(2), source(3)));
    }

    @Test
    void an_incident_report_needs_an_incident_feed_its_sources_reporter_and_valid_ids() {
        fixture()
                .given(priceFeed(3, 2))
                .when(new RecordIncidentReport(FEED, source(1), INCIDENT, AAVE, null, T0, "s", "e", signer(1), T1))
                .thenRejected("WRONG_FEED_KIND", "feedId");
        fixture()
                .given(watched())
                .when(new RecordIncidentReport(INCIDENTS, source(1), INCIDENT, AAVE, null, T0, "s", "e", signer(2), T1))
                .thenRejected("NOT_SOURCE_REPORTER", "reporter");
        fixture()
                .given(watched())
                .when(new RecordIncidentReport(INCIDENTS, source(4), INCIDENT, AAVE, null, T0, "s", "e", signer(4), T1))
                .thenRejected("SOURCE_NOT_FOUND", "sourceId");
        fixture()
                .given(watched())
                .when(report(1, "aave-drain", AAVE, T1))
                .thenRejected("INVALID_INCIDENT_ID", "incidentId");
        fixture()
                .given(watched())
                .when(report(1, INCIDENT, "aave", T1))
                .thenRejected("INVALID_PRODUCT_ID", "productId");
        fixture()
                .given(watched())
                .when(new RecordIncidentReport(
                        INCIDENTS, source(1), INCIDENT, AAVE, "0xc", T0, "s", "e", signer(1), T1))
                .thenRejected("INVALID_ADDRESS", "affectedContract");
        fixture()
                .given(watched())
                .when(new RecordIncidentReport(
                        INCIDENTS, source(1), INCIDENT, AAVE, null, T1.plusMillis(60_001), "s", "e", signer(1), T1))
                .thenRejected("INCIDENT_IN_FUTURE", "incidentAt");
    }

    @Test
    void an_operator_confirms_incidents_of_an_incident_feed_only() {
        fixture()
                .given(priceFeed(3, 2))
                .when(new ConfirmIncident(FEED, INCIDENT, AAVE, null, T0, "", "", "operator-1", T1))
                .thenRejected("WRONG_FEED_KIND", "feedId");
        fixture()
                .given(watched())
                .when(confirm("drain", AAVE, "", T1))
                .thenRejected("INVALID_INCIDENT_ID", "incidentId");
    }
}
