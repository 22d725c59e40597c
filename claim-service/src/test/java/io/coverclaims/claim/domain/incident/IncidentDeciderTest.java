package io.coverclaims.claim.domain.incident;

import io.coverclaims.claim.domain.incident.IncidentCommand.AdmitIncidentClaim;
import io.coverclaims.claim.domain.incident.IncidentCommand.CloseIncidentWindow;
import io.coverclaims.claim.domain.incident.IncidentCommand.DeclareIncident;
import io.coverclaims.claim.domain.incident.IncidentCommand.RegisterIncidentClaim;
import io.coverclaims.claim.domain.incident.IncidentCommand.ResolveIncidentClaim;
import io.coverclaims.claim.domain.incident.IncidentEvent.IncidentClaimAdmitted;
import io.coverclaims.claim.domain.incident.IncidentEvent.IncidentClaimRegistered;
import io.coverclaims.claim.domain.incident.IncidentEvent.IncidentClaimReleased;
import io.coverclaims.claim.domain.incident.IncidentEvent.IncidentClaimResolved;
import io.coverclaims.claim.domain.incident.IncidentEvent.IncidentDeclared;
import io.coverclaims.claim.domain.incident.IncidentEvent.IncidentRatioFixed;
import io.coverclaims.claim.domain.incident.IncidentEvent.IncidentWindowClosed;
import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.testing.DeciderFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An incident: its mode, its claims, and the one ratio a PRO_RATA incident pays them: one test per rule. */
class IncidentDeciderTest {

    static final String INCIDENT = "inc-aave-exploit";
    static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
    static final long WINDOW = Duration.ofDays(14).toMillis();
    static final Instant ENDS = AT.plusMillis(WINDOW);
    static final List<String> PRODUCTS = List.of("prod-aave");
    static final List<IncidentPool> COVERED = List.of(
            new IncidentPool("pool-a", Money.of(1_000), Money.of(1_000)),
            new IncidentPool("pool-b", Money.of(500), Money.of(400)));
    static final List<IncidentPool> SHORT = List.of(
            new IncidentPool("pool-a", Money.of(1_000), Money.of(4_000)),
            new IncidentPool("pool-b", Money.of(500), Money.of(400)));

    final DeciderFixture<IncidentCommand, IncidentEvent, IncidentState> fixture =
            DeciderFixture.of(IncidentDecider.DECIDER);

    static DeclareIncident declare(List<IncidentPool> pools) {
        return new DeclareIncident(
                INCIDENT, "Aave exploit", PRODUCTS, AT.minusMillis(1), WINDOW, pools, null, List.of(), AT);
    }

    static IncidentDeclared declared(List<IncidentPool> pools, IncidentPayoutMode mode) {
        return new IncidentDeclared(
                INCIDENT, "Aave exploit", PRODUCTS, AT.minusMillis(1), WINDOW, ENDS, pools, mode, null, List.of());
    }

    static IncidentClaimRegistered registered(String claim, String pool) {
        return new IncidentClaimRegistered(INCIDENT, claim, "cov-" + claim, pool);
    }

    static IncidentClaimAdmitted admitted(String claim, String pool, long payout) {
        return new IncidentClaimAdmitted(INCIDENT, claim, "cov-" + claim, pool, Money.of(payout));
    }

    static AdmitIncidentClaim admit(String claim, String pool, long payout) {
        return new AdmitIncidentClaim(INCIDENT, claim, "cov-" + claim, pool, Money.of(payout), AT.plusMillis(1));
    }

    static IncidentClaimReleased released(String claim, long ratio) {
        return new IncidentClaimReleased(INCIDENT, claim, "cov-" + claim, ratio);
    }

    @Test
    void an_incident_whose_pools_cover_their_worst_case_pays_in_full() {
        fixture.given().when(declare(COVERED)).thenEvents(declared(COVERED, IncidentPayoutMode.FULL));
    }

    @Test
    void an_incident_any_of_whose_pools_cannot_cover_its_worst_case_pays_pro_rata() {
        fixture.given().when(declare(SHORT)).thenEvents(declared(SHORT, IncidentPayoutMode.PRO_RATA));
    }

    @Test
    void an_incident_is_declared_once_with_products_and_a_positive_claim_window() {
        fixture.given(declared(COVERED, IncidentPayoutMode.FULL))
                .when(declare(COVERED))
                .thenRejected("INCIDENT_EXISTS", "incidentId");
        fixture.given()
                .when(new DeclareIncident(INCIDENT, "t", List.of(), AT, WINDOW, COVERED, null, List.of(), AT))
                .thenRejected("NO_PRODUCTS", "productIds");
        fixture.given()
                .when(new DeclareIncident(INCIDENT, "t", PRODUCTS, AT, 0, COVERED, null, List.of(), AT))
                .thenRejected("INVALID_WINDOW", "claimWindowMs");
        fixture.given()
                .when(new DeclareIncident("inc-Bad", "t", PRODUCTS, AT, WINDOW, COVERED, null, List.of(), AT))
                .thenRejected("INVALID_INCIDENT_ID", "incidentId");
    }

    @Test
    void commands_for_an_undeclared_incident_are_rejected() {
        fixture.given().when(admit("c1", "pool-a", 1)).thenRejected("INCIDENT_NOT_FOUND", "incidentId");
    }

    @Test
    void a_claim_submitted_within_the_window_is_registered_once() {
        RegisterIncidentClaim register = new RegisterIncidentClaim(INCIDENT, "c1", "cov-c1", "pool-a", ENDS, ENDS);
        fixture.given(declared(SHORT, IncidentPayoutMode.PRO_RATA))
                .when(register)
                .thenEvents(registered("c1", "pool-a"));
        fixture.given(declared(SHORT, IncidentPayoutMode.PRO_RATA), registered("c1", "pool-a"))
                .when(register)
                .thenNoEvents();
    }

    @Test
    void a_claim_submitted_after_the_window_is_not_registered() {
        fixture.given(declared(SHORT, IncidentPayoutMode.PRO_RATA))
                .when(new RegisterIncidentClaim(INCIDENT, "c1", "cov-c1", "pool-a", ENDS.plusMillis(1), ENDS))
                .thenRejected("INCIDENT_WINDOW_CLOSED", "submittedAt");
    }

    @Test
    void an_accepted_claim_of_a_full_incident_is_released_in_full_at_once() {
        fixture.given(declared(COVERED, IncidentPayoutMode.FULL), registered("c1", "pool-a"))
                .when(admit("c1", "pool-a", 700))
                .thenEvents(admitted("c1", "pool-a", 700), released("c1", 1_000_000));
    }

    @Test
    void an_accepted_claim_of_a_pro_rata_incident_is_held_while_the_window_is_open() {
        fixture.given(declared(SHORT, IncidentPayoutMode.PRO_RATA), registered("c1", "pool-a"))
                .when(admit("c1", "pool-a", 700))
                .thenEvents(admitted("c1", "pool-a", 700));
        fixture.given(
                        declared(SHORT, IncidentPayoutMode.PRO_RATA),
                        registered("c1", "pool-a"),
                        admitted("c1", "pool-a", 700))
                .when(admit("c1", "pool-a", 700))
                .thenNoEvents();
    }

    @Test
    void closing_the_window_before_its_end_or_twice_is_nothing_to_do() {
        fixture.given(declared(SHORT, IncidentPayoutMode.PRO_RATA))
                .when(new CloseIncidentWindow(INCIDENT, ENDS.minusMillis(1)))
                .thenNoEvents();
        fixture.given(
                        declared(SHORT, IncidentPayoutMode.PRO_RATA),
                        new IncidentWindowClosed(INCIDENT, 0, 0),
                        new IncidentRatioFixed(INCIDENT, 1_000_000, Money.ZERO, Money.of(1_500), 0))
                .when(new CloseIncidentWindow(INCIDENT, ENDS))
                .thenNoEvents();
    }

    @Test
    void the_ratio_waits_for_every_registered_claim_to_be_decided() {
        fixture.given(
                        declared(SHORT, IncidentPayoutMode.PRO_RATA),
                        registered("c1", "pool-a"),
                        registered("c2", "pool-a"),
                        admitted("c1", "pool-a", 800))
                .when(new CloseIncidentWindow(INCIDENT, ENDS))
                .thenEvents(new IncidentWindowClosed(INCIDENT, 2, 1));
    }

    @Test
    void once_the_window_is_closed_and_every_claim_decided_one_ratio_releases_every_accepted_claim() {
        // pool-a: capital 1 000 for 1 600 accepted (625 000 ppm); pool-b: 500 for 400 (capped at 1e6): the ratio is the
        // least
        fixture.given(
                        declared(SHORT, IncidentPayoutMode.PRO_RATA),
                        registered("c1", "pool-a"),
                        registered("c2", "pool-a"),
                        registered("c3", "pool-b"),
                        registered("c4", "pool-b"),
                        admitted("c1", "pool-a", 800),
                        admitted("c2", "pool-a", 800),
                        admitted("c3", "pool-b", 400),
                        new IncidentWindowClosed(INCIDENT, 4, 1))
                .when(new ResolveIncidentClaim(INCIDENT, "c4", "withdrawn", ENDS.plusMillis(1)))
                .thenEvents(
                        new IncidentClaimResolved(INCIDENT, "c4", "withdrawn"),
                        new IncidentRatioFixed(INCIDENT, 625_000, Money.of(2_000), Money.of(1_500), 3),
                        released("c1", 625_000),
                        released("c2", 625_000),
                        released("c3", 625_000));
    }

    @Test
    void a_ratio_is_fixed_at_the_window_end_when_every_claim_is_decided_by_then() {
        fixture.given(
                        declared(SHORT, IncidentPayoutMode.PRO_RATA),
                        registered("c1", "pool-a"),
                        admitted("c1", "pool-a", 3_000))
                .when(new CloseIncidentWindow(INCIDENT, ENDS))
                .thenEvents(
                        new IncidentWindowClosed(INCIDENT, 1, 0),
                        new IncidentRatioFixed(INCIDENT, 333_333, Money.of(3_000), Money.of(1_500), 1),
                        released("c1", 333_333));
    }

    @Test
    void the_ratio_never_exceeds_one_and_with_no_accepted_claim_releases_nothing() {
        fixture.given(
                        declared(SHORT, IncidentPayoutMode.PRO_RATA),
                        registered("c1", "pool-b"),
                        admitted("c1", "pool-b", 100))
                .when(new CloseIncidentWindow(INCIDENT, ENDS))
                .thenEvents(
                        new IncidentWindowClosed(INCIDENT, 1, 0),
                        new IncidentRatioFixed(INCIDENT, 1_000_000, Money.of(100), Money.of(1_500), 1),
                        released("c1", 1_000_000));
        fixture.given(declared(SHORT, IncidentPayoutMode.PRO_RATA))
                .when(new CloseIncidentWindow(INCIDENT, ENDS))
                .thenEvents(
                        new IncidentWindowClosed(INCIDENT, 0, 0),
                        new IncidentRatioFixed(INCIDENT, 1_000_000, Money.ZERO, Money.of(1_500), 0));
    }

    @Test
    void a_claim_accepted_after_the_ratio_is_fixed_is_released_at_that_ratio() {
        fixture.given(
                        declared(SHORT, IncidentPayoutMode.PRO_RATA),
                        new IncidentWindowClosed(INCIDENT, 0, 0),
                        new IncidentRatioFixed(INCIDENT, 400_000, Money.ZERO, Money.of(1_500), 0))
                .when(admit("c9", "pool-a", 100))
                .thenEvents(admitted("c9", "pool-a", 100), released("c9", 400_000));
    }

    @Test
    void registration_closes_once_the_ratio_is_fixed() {
        fixture.given(
                        declared(SHORT, IncidentPayoutMode.PRO_RATA),
                        new IncidentWindowClosed(INCIDENT, 0, 0),
                        new IncidentRatioFixed(INCIDENT, 1_000_000, Money.ZERO, Money.of(1_500), 0))
                .when(new RegisterIncidentClaim(INCIDENT, "c1", "cov-c1", "pool-a", ENDS, ENDS.plusMillis(1)))
                .thenRejected("INCIDENT_WINDOW_CLOSED", "submittedAt");
    }

    @Test
    void a_claim_resolved_unpaid_is_never_admitted_and_an_admitted_one_never_resolved() {
        fixture.given(
                        declared(SHORT, IncidentPayoutMode.PRO_RATA),
                        registered("c1", "pool-a"),
                        new IncidentClaimResolved(INCIDENT, "c1", "closed"))
                .when(admit("c1", "pool-a", 10))
                .thenRejected("CLAIM_RESOLVED", "claimId");
        fixture.given(
                        declared(SHORT, IncidentPayoutMode.PRO_RATA),
                        registered("c1", "pool-a"),
                        admitted("c1", "pool-a", 10))
                .when(new ResolveIncidentClaim(INCIDENT, "c1", "closed", ENDS))
                .thenRejected("CLAIM_ADMITTED", "claimId");
        fixture.given(declared(SHORT, IncidentPayoutMode.PRO_RATA))
                .when(new ResolveIncidentClaim(INCIDENT, "c-unknown", "closed", ENDS))
                .thenNoEvents();
    }
}
