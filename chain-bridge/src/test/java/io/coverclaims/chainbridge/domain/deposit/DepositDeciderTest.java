package io.coverclaims.chainbridge.domain.deposit;

import io.coverclaims.chainbridge.domain.deposit.DepositCommand.RecordOnChainDeposit;
import io.coverclaims.chainbridge.domain.deposit.DepositEvent.OnChainDepositObserved;
import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.testing.DeciderFixture;
import org.junit.jupiter.api.Test;

/** An observed deposit log, without Kafka. */
class DepositDeciderTest {

    private static final String PROVIDER = "0x" + "3".repeat(40);
    private final DeciderFixture<DepositCommand, DepositEvent, DepositState> fixture =
            DeciderFixture.of(DepositDecider.DECIDER);

    private static RecordOnChainDeposit deposit(long amount) {
        return new RecordOnChainDeposit(
                31337, "0xt", 4, 12, "0xh", "0xc", "pool-1", PROVIDER, Money.of(amount), "USDC", 2);
    }

    @Test
    void a_deposit_log_is_observed_once_with_its_confirmations_as_the_required_ones() {
        OnChainDepositObserved observed = new OnChainDepositObserved(
                31337, "0xt", 4, 12, "0xh", "0xc", "pool-1", PROVIDER, Money.of(500), "USDC", 2, 2);
        fixture.given().when(deposit(500)).thenEvents(observed);
        fixture.given(observed).when(deposit(500)).thenNoEvents();
    }

    @Test
    void a_deposit_without_a_positive_amount_is_rejected() {
        fixture.given().when(deposit(0)).thenRejected("INVALID_AMOUNT", "amount");
    }

    @Test
    void a_deposit_beyond_a_long_is_observed_to_the_last_unit() {
        Money amount = Money.parse("1500000000000000000000"); // 1,500 tokens of 18 decimals
        fixture.given()
                .when(new RecordOnChainDeposit(
                        31337, "0xt", 4, 12, "0xh", "0xc", "pool-1", PROVIDER, amount, "USDC", 2))
                .thenEvents(new OnChainDepositObserved(
                        31337, "0xt", 4, 12, "0xh", "0xc", "pool-1", PROVIDER, amount, "USDC", 2, 2));
    }
}
