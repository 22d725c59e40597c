package io.coverclaims.platform.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.decider.Rejection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PauseStateTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    private static Pause pause(PauseKey key, String requestId) {
        return new Pause(key, requestId, List.of("0xaa", "0xbb"), null, AT);
    }

    @Test
    void nothing_is_paused_in_the_empty_state() {
        assertThat(PauseState.NONE.isPaused(PauseKey.of(Capability.CLAIMS))).isFalse();
        assertThat(PauseState.NONE.isPaused(PauseKey.of(Capability.PAYOUTS, "pool-1")))
                .isFalse();
    }

    @Test
    void an_unscoped_capability_holds_its_commands_for_every_scope_and_no_other_capability() {
        PauseState state = PauseState.NONE.with(
                PauseKey.of(Capability.CLAIMS), Optional.of(pause(PauseKey.of(Capability.CLAIMS), "req-1")));

        assertThat(state.holding(PauseKey.of(Capability.CLAIMS)))
                .map(Pause::requestId)
                .contains("req-1");
        assertThat(state.holding(PauseKey.of(Capability.CLAIMS, "pool-7")))
                .map(Pause::requestId)
                .contains("req-1");
        assertThat(state.isPaused(PauseKey.of(Capability.ASSESSMENT))).isFalse();
        assertThat(state.isPaused(PauseKey.of(Capability.PAYOUTS, "pool-7"))).isFalse();
    }

    @Test
    void a_scoped_pause_holds_only_that_scope() {
        PauseKey pool1 = PauseKey.of(Capability.PAYOUTS, "pool-1");
        PauseState state = PauseState.NONE.with(pool1, Optional.of(pause(pool1, "brk-1")));

        assertThat(state.isPaused(pool1)).isTrue();
        assertThat(state.isPaused(PauseKey.of(Capability.PAYOUTS, "pool-2"))).isFalse();
        // a command that names no pool is not held by one pool's pause
        assertThat(state.isPaused(PauseKey.of(Capability.PAYOUTS))).isFalse();
    }

    @Test
    void pausing_all_holds_every_capability_and_its_scopes() {
        PauseKey all = PauseKey.of(Capability.ALL);
        PauseState state = PauseState.NONE.with(all, Optional.of(pause(all, "req-all")));

        for (Capability capability : Capability.values()) {
            assertThat(state.holding(PauseKey.of(capability)))
                    .map(Pause::requestId)
                    .contains("req-all");
            assertThat(state.holding(PauseKey.of(capability, "feed-eth-usd")))
                    .map(Pause::requestId)
                    .contains("req-all");
        }
    }

    @Test
    void all_paused_for_one_scope_holds_every_capability_of_that_scope_only() {
        PauseKey allPool1 = PauseKey.of(Capability.ALL, "pool-1");
        PauseState state = PauseState.NONE.with(allPool1, Optional.of(pause(allPool1, "req-p1")));

        assertThat(state.isPaused(PauseKey.of(Capability.DEPOSITS, "pool-1"))).isTrue();
        assertThat(state.isPaused(PauseKey.of(Capability.DEPOSITS, "pool-2"))).isFalse();
        assertThat(state.isPaused(PauseKey.of(Capability.DEPOSITS))).isFalse();
    }

    @Test
    void the_most_general_pause_is_named_when_several_hold_a_command() {
        PauseKey all = PauseKey.of(Capability.ALL);
        PauseKey scoped = PauseKey.of(Capability.CLAIMS, "pool-1");
        PauseState state = PauseState.NONE
                .with(scoped, Optional.of(pause(scoped, "req-scoped")))
                .with(all, Optional.of(pause(all, "req-all")));

        assertThat(state.holding(scoped)).map(Pause::requestId).contains("req-all");
        assertThat(state.pauses()).hasSize(2);
    }

    @Test
    void clearing_a_flag_lifts_it_and_leaves_the_others() {
        PauseKey claims = PauseKey.of(Capability.CLAIMS);
        PauseKey payouts = PauseKey.of(Capability.PAYOUTS, "pool-1");
        PauseState state = PauseState.NONE
                .with(claims, Optional.of(pause(claims, "req-1")))
                .with(payouts, Optional.of(pause(payouts, "req-2")))
                .with(claims, Optional.empty());

        assertThat(state.isPaused(claims)).isFalse();
        assertThat(state.isPaused(payouts)).isTrue();
        assertThat(state).isEqualTo(PauseState.of(List.of(pause(payouts, "req-2"))));
    }

    @Test
    void a_blank_scope_is_no_scope() {
        assertThat(PauseKey.of(Capability.CLAIMS, " ")).isEqualTo(PauseKey.of(Capability.CLAIMS));
    }

    @Test
    void the_refusal_of_a_caller_names_the_capability_its_scope_and_the_pause_request() {
        PauseKey needed = PauseKey.of(Capability.CLAIMS, "pool-1");
        Rejection refusal = PauseGate.refusal(
                "io.coverclaims.schemas.claim.SubmitClaim", needed, pause(PauseKey.of(Capability.CLAIMS), "req-9"));

        assertThat(refusal.code()).isEqualTo("PAUSED");
        assertThat(refusal.field()).isEqualTo("capability");
        assertThat(refusal.message())
                .contains("SubmitClaim needs claims for pool-1")
                .contains("pause request req-9")
                .contains("0xaa, 0xbb");
        Pause breaker =
                new Pause(PauseKey.of(Capability.PAYOUTS, "pool-1"), "brk-7", List.of(), "PAYOUT_SHARE_24H", AT);
        assertThat(breaker.describe()).contains("payouts for pool-1").contains("circuit breaker PAYOUT_SHARE_24H");
    }

    @Test
    void operators_wallets_and_anonymous_requests_are_callers_and_processes_are_not() {
        assertThat(PauseGate.isCaller("operator:alice")).isTrue();
        assertThat(PauseGate.isCaller("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"))
                .isTrue();
        assertThat(PauseGate.isCaller("anonymous")).isTrue();
        assertThat(PauseGate.isCaller("claim-service")).isFalse();
        assertThat(PauseGate.isCaller("claim-service/scheduler")).isFalse();
        assertThat(PauseGate.isCaller("chain-bridge")).isFalse();
    }
}
