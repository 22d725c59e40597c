package io.coverclaims.governance.domain.pause;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.governance.domain.pause.PauseCommand.ApprovePauseChange;
import io.coverclaims.governance.domain.pause.PauseCommand.ExpirePauseChange;
import io.coverclaims.governance.domain.pause.PauseCommand.RequestPauseChange;
import io.coverclaims.governance.domain.pause.PauseCommand.SetGuardians;
import io.coverclaims.governance.domain.pause.PauseCommand.TripCircuitBreaker;
import io.coverclaims.governance.domain.pause.PauseEvent.CircuitBreakerTripped;
import io.coverclaims.governance.domain.pause.PauseEvent.GuardiansSet;
import io.coverclaims.governance.domain.pause.PauseEvent.PauseChangeApproved;
import io.coverclaims.governance.domain.pause.PauseEvent.PauseChangeExpired;
import io.coverclaims.governance.domain.pause.PauseEvent.PauseChangeRequested;
import io.coverclaims.governance.domain.pause.PauseEvent.PauseFlagChanged;
import io.coverclaims.governance.domain.pause.PauseState.Board;
import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.testing.DeciderFixture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PauseDeciderTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final long TTL = 600_000;
    static final String A = "0x00000000000000000000000000000000000000a1";
    static final String B = "0x00000000000000000000000000000000000000b2";
    static final String C = "0x00000000000000000000000000000000000000c3";
    static final String MALLORY = "0x00000000000000000000000000000000000000ee";

    private static DeciderFixture<PauseCommand, PauseEvent, PauseState> fixture() {
        return DeciderFixture.of(PauseDecider.DECIDER);
    }

    private static GuardiansSet twoOfThree() {
        return new GuardiansSet(List.of(A, B, C), 2, null);
    }

    private static RequestPauseChange request(String id, String admin, boolean paused) {
        return new RequestPauseChange(id, PauseFlag.CLAIMS, paused, admin, "incident", null, TTL, T0);
    }

    private static PauseChangeRequested requested(String id, String admin, boolean paused) {
        return new PauseChangeRequested(id, PauseFlag.CLAIMS, paused, admin, "incident", 2, T0.plusMillis(TTL), null);
    }

    private static ApprovePauseChange approve(String id, String admin) {
        return new ApprovePauseChange(id, admin, T0.plusSeconds(30));
    }

    private static PauseFlagChanged claimsPaused(String id, List<String> approvers) {
        return new PauseFlagChanged(id, PauseFlag.CLAIMS, true, approvers, null, null);
    }

    // ------------------------------------------------------------------------------------------------ guardians

    @Test
    void genesis_sets_the_guardians_once_and_a_restart_is_refused_harmlessly() {
        SetGuardians genesis = new SetGuardians(List.of(A, B, C), 2, null, T0);
        fixture().given().when(genesis).thenEvents(twoOfThree());
        fixture().given(twoOfThree()).when(genesis).thenRejected("GUARDIANS_ALREADY_SET", "proposalId");
    }

    @Test
    void an_executed_proposal_replaces_the_guardian_set() {
        fixture()
                .given(twoOfThree())
                .when(new SetGuardians(List.of(A, MALLORY), 1, "prop-7", T0))
                .thenEvents(new GuardiansSet(List.of(A, MALLORY), 1, "prop-7"));
    }

    @Test
    void a_threshold_is_between_one_and_the_number_of_distinct_guardians() {
        fixture()
                .given()
                .when(new SetGuardians(List.of(A, B), 3, null, T0))
                .thenRejected("INVALID_THRESHOLD", "threshold");
        fixture()
                .given()
                .when(new SetGuardians(List.of(A, B), 0, null, T0))
                .thenRejected("INVALID_THRESHOLD", "threshold");
        fixture()
                .given()
                .when(new SetGuardians(List.of(A, A.toUpperCase().replace("0X", "0x")), 1, null, T0))
                .thenRejected("DUPLICATE_GUARDIAN", "guardians[1]");
    }

    // ------------------------------------------------------------------------------------------------ k of n

    @Test
    void one_guardian_alone_cannot_pause() {
        fixture()
                .given(twoOfThree())
                .when(request("r1", A, true))
                .thenEvents(requested("r1", A, true))
                .thenState(state -> assertThat(((Board) state).paused(PauseFlag.CLAIMS, null))
                        .isFalse());
    }

    @Test
    void a_second_distinct_guardian_pauses_and_both_are_named() {
        fixture()
                .given(twoOfThree(), requested("r1", A, true))
                .when(approve("r1", C))
                .thenEvents(new PauseChangeApproved("r1", C, 2, 2), claimsPaused("r1", List.of(A, C)))
                .thenState(state -> {
                    Board board = (Board) state;
                    assertThat(board.paused(PauseFlag.CLAIMS, null)).isTrue();
                    assertThat(board.pending()).isEmpty();
                });
    }

    @Test
    void the_same_guardian_approving_twice_is_refused() {
        fixture()
                .given(twoOfThree(), requested("r1", A, true))
                .when(approve("r1", A))
                .thenRejected("ALREADY_APPROVED", "admin");
    }

    @Test
    void a_non_guardian_neither_requests_nor_approves() {
        fixture().given(twoOfThree()).when(request("r1", MALLORY, true)).thenRejected("NOT_A_GUARDIAN", "admin");
        fixture()
                .given(twoOfThree(), requested("r1", A, true))
                .when(approve("r1", MALLORY))
                .thenRejected("NOT_A_GUARDIAN", "admin");
    }

    @Test
    void with_a_threshold_of_one_the_request_pauses_at_once() {
        fixture()
                .given(new GuardiansSet(List.of(A, B), 1, null))
                .when(request("r1", B, true))
                .thenEvents(
                        new PauseChangeRequested(
                                "r1", PauseFlag.CLAIMS, true, B, "incident", 1, T0.plusMillis(TTL), null),
                        claimsPaused("r1", List.of(B)));
    }

    @Test
    void pausing_a_paused_capability_or_unpausing_an_unpaused_one_is_refused() {
        fixture()
                .given(twoOfThree(), requested("r1", A, true), claimsPaused("r1", List.of(A, B)))
                .when(request("r2", A, true))
                .thenRejected("ALREADY_PAUSED", "paused");
        fixture().given(twoOfThree()).when(request("r2", A, false)).thenRejected("NOT_PAUSED", "paused");
    }

    @Test
    void an_unpause_takes_k_guardians_too() {
        List<PauseEvent> paused = List.of(
                twoOfThree(), requested("r1", A, true), claimsPaused("r1", List.of(A, B)), requested("r2", B, false));
        fixture()
                .given(paused)
                .when(approve("r2", C))
                .thenEvents(
                        new PauseChangeApproved("r2", C, 2, 2),
                        new PauseFlagChanged("r2", PauseFlag.CLAIMS, false, List.of(B, C), null, null));
    }

    @Test
    void a_scoped_pause_leaves_the_capability_elsewhere_alone() {
        RequestPauseChange scoped =
                new RequestPauseChange("r1", PauseFlag.PAYOUTS, true, A, "pool drained", "pool-1", TTL, T0);
        fixture()
                .given(
                        twoOfThree(),
                        new PauseChangeRequested(
                                "r1", PauseFlag.PAYOUTS, true, A, "x", 2, T0.plusMillis(TTL), "pool-1"))
                .when(approve("r1", B))
                .thenState(state -> {
                    Board board = (Board) state;
                    assertThat(board.paused(PauseFlag.PAYOUTS, "pool-1")).isTrue();
                    assertThat(board.paused(PauseFlag.PAYOUTS, null)).isFalse();
                });
        fixture()
                .given(twoOfThree())
                .when(scoped)
                .thenEventsSatisfy(events -> assertThat(((PauseChangeRequested) events.getFirst()).scope())
                        .isEqualTo("pool-1"));
    }

    @Test
    void a_request_id_is_used_once() {
        fixture()
                .given(twoOfThree(), requested("r1", A, true))
                .when(request("r1", B, true))
                .thenRejected("REQUEST_EXISTS", "requestId");
    }

    // ------------------------------------------------------------------------------------------------ expiry

    @Test
    void a_request_without_enough_approvals_expires_at_its_expiry() {
        fixture()
                .given(twoOfThree(), requested("r1", A, true))
                .when(new ExpirePauseChange("r1", T0.plusMillis(TTL)))
                .thenEvents(new PauseChangeExpired("r1", 1, 2));
    }

    @Test
    void an_expired_request_takes_no_more_approvals() {
        fixture()
                .given(twoOfThree(), requested("r1", A, true), new PauseChangeExpired("r1", 1, 2))
                .when(approve("r1", B))
                .thenRejected("REQUEST_SETTLED", "requestId");
        fixture()
                .given(twoOfThree(), requested("r1", A, true))
                .when(new ApprovePauseChange("r1", B, T0.plusMillis(TTL)))
                .thenRejected("REQUEST_EXPIRED", "requestId");
    }

    @Test
    void the_expiry_of_an_applied_request_does_nothing() {
        fixture()
                .given(twoOfThree(), requested("r1", A, true), claimsPaused("r1", List.of(A, B)))
                .when(new ExpirePauseChange("r1", T0.plusMillis(TTL)))
                .thenNoEvents();
    }

    @Test
    void an_unknown_request_is_not_found() {
        fixture().given(twoOfThree()).when(approve("r9", B)).thenRejected("REQUEST_NOT_FOUND", "requestId");
    }

    // ------------------------------------------------------------------------------------------------ breakers

    private static TripCircuitBreaker trip(Instant at) {
        return new TripCircuitBreaker(
                "PAYOUT_SHARE_24H",
                PauseFlag.PAYOUTS,
                "pool-1",
                Money.of(300),
                Money.of(200),
                200_000,
                86_400_000,
                "capital 1000",
                at);
    }

    @Test
    void a_breaker_trip_pauses_its_scope_at_once_naming_the_rule_and_figures() {
        String requestId = "breaker-PAYOUT_SHARE_24H-pool-1-" + T0.toEpochMilli();
        fixture()
                .given(twoOfThree())
                .when(trip(T0))
                .thenEvents(
                        new CircuitBreakerTripped(
                                "PAYOUT_SHARE_24H",
                                PauseFlag.PAYOUTS,
                                "pool-1",
                                Money.of(300),
                                Money.of(200),
                                200_000,
                                86_400_000,
                                "capital 1000"),
                        new PauseFlagChanged(
                                requestId, PauseFlag.PAYOUTS, true, List.of(), "pool-1", "PAYOUT_SHARE_24H"));
    }

    @Test
    void a_breaker_trips_once_while_its_scope_is_paused() {
        List<PauseEvent> history = new ArrayList<>(List.of(twoOfThree()));
        history.addAll(fixture().given(twoOfThree()).when(trip(T0)).acceptedEvents());
        fixture().given(history).when(trip(T0.plusSeconds(60))).thenRejected("ALREADY_PAUSED", "scope");
    }

    @Test
    void a_breaker_pause_is_lifted_by_an_ordinary_k_of_n_unpause() {
        List<PauseEvent> history = new ArrayList<>(List.of(twoOfThree()));
        history.addAll(fixture().given(twoOfThree()).when(trip(T0)).acceptedEvents());
        history.add(new PauseChangeRequested(
                "u1", PauseFlag.PAYOUTS, false, A, "checked", 2, T0.plusMillis(TTL), "pool-1"));
        fixture()
                .given(history)
                .when(approve("u1", B))
                .thenEvents(
                        new PauseChangeApproved("u1", B, 2, 2),
                        new PauseFlagChanged("u1", PauseFlag.PAYOUTS, false, List.of(A, B), "pool-1", null));
    }
}
