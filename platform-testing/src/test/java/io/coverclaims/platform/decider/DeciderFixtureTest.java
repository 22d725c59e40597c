package io.coverclaims.platform.decider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coverclaims.platform.example.Account;
import io.coverclaims.platform.example.Account.Deposit;
import io.coverclaims.platform.example.Account.Deposited;
import io.coverclaims.platform.example.Account.Open;
import io.coverclaims.platform.example.Account.Opened;
import io.coverclaims.platform.example.Account.Withdraw;
import io.coverclaims.platform.example.Account.Withdrawn;
import io.coverclaims.platform.testing.DeciderFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeciderFixtureTest {

    private final DeciderFixture<Account.Command, Account.Event, Account.State> account =
            DeciderFixture.of(Account.DECIDER);

    @Test
    void a_new_account_opens() {
        account.given()
                .when(new Open("0xabc"))
                .thenEvents(new Opened("0xabc"))
                .thenState(state -> assertThat(state.open()).isTrue());
    }

    @Test
    void an_open_account_cannot_open_again() {
        account.given(new Opened("0xabc")).when(new Open("0xabc")).thenRejected("ALREADY_OPEN");
    }

    @Test
    void a_withdrawal_beyond_the_balance_is_rejected_naming_the_amount() {
        account.given(new Opened("0xabc"), new Deposited(100))
                .when(new Withdraw(101))
                .thenRejected("INSUFFICIENT_FUNDS", "amount");
    }

    @Test
    void a_withdrawal_within_the_balance_is_accepted_and_lowers_it() {
        account.given(new Opened("0xabc"), new Deposited(100))
                .when(new Withdraw(40))
                .thenEvents(new Withdrawn(40))
                .thenState(state -> assertThat(state.balance()).isEqualTo(60));
    }

    @Test
    void the_fixture_fails_when_the_events_differ() {
        assertThatThrownBy(() ->
                        account.given(new Opened("0xabc")).when(new Deposit(5)).thenEvents(new Deposited(6)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Deposited[amount=6]");
    }

    @Test
    void the_fixture_fails_when_a_rejection_was_expected_but_events_came() {
        assertThatThrownBy(() ->
                        account.given(new Opened("0xabc")).when(new Deposit(5)).thenRejected("INVALID_AMOUNT"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected a rejection");
    }

    @Test
    void the_fixture_fails_when_the_rejection_code_differs() {
        assertThatThrownBy(() -> account.given().when(new Deposit(5)).thenRejected("INVALID_AMOUNT"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ACCOUNT_NOT_FOUND");
    }

    @Test
    void replay_folds_events_in_order() {
        Account.State state = Account.DECIDER.replay(List.of(new Opened("0xabc"), new Deposited(10), new Withdrawn(3)));
        assertThat(state).isEqualTo(new Account.State(true, "0xabc", 7));
    }

    @Test
    void rejection_codes_must_be_machine_readable() {
        assertThatThrownBy(() -> new Rejection("not a code", "x", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
