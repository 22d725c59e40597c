package io.coverclaims.chainbridge.domain.deposit;

import io.coverclaims.chainbridge.domain.deposit.DepositCommand.RecordClaimBond;
import io.coverclaims.chainbridge.domain.deposit.DepositCommand.RecordOnChainDeposit;
import io.coverclaims.chainbridge.domain.deposit.DepositEvent.ClaimBondObserved;
import io.coverclaims.chainbridge.domain.deposit.DepositEvent.OnChainDepositObserved;
import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.testing.DeciderFixture;
import org.junit.jupiter.api.Test;

/** An observed payment log (capital deposit or claim bond), without Kafka. */
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

    private static final String CLAIM = "clm-7d8e2a04-1c1f-4d43-9a51-0f0e4bb7b0aa-1";

    private static RecordClaimBond bond(ClaimBondKind kind, Money amount) {
        return new RecordClaimBond(
                31337, "0xb", 3, 40, "0xh", "0xc", "pool-1", CLAIM, kind, PROVIDER, amount, "USDC", 2);
    }

    private static ClaimBondObserved bondObserved(ClaimBondKind kind, Money amount) {
        return new ClaimBondObserved(
                31337, "0xb", 3, 40, "0xh", "0xc", "pool-1", CLAIM, kind, PROVIDER, amount, "USDC", 2, 2);
    }

    @Test
    void a_claim_bond_log_is_observed_once_with_its_confirmations_as_the_required_ones() {
        ClaimBondObserved observed = bondObserved(ClaimBondKind.CLAIM_DEPOSIT, Money.of(50_000_000));
        fixture.given()
                .when(bond(ClaimBondKind.CLAIM_DEPOSIT, Money.of(50_000_000)))
                .thenEvents(observed);
        fixture.given(observed)
                .when(bond(ClaimBondKind.CLAIM_DEPOSIT, Money.of(50_000_000)))
                .thenNoEvents();
    }

    @Test
    void an_appeal_bond_is_observed_as_an_appeal_bond() {
        fixture.given()
                .when(bond(ClaimBondKind.APPEAL_BOND, Money.of(10_000_000)))
                .thenEvents(bondObserved(ClaimBondKind.APPEAL_BOND, Money.of(10_000_000)));
    }

    @Test
    void a_claim_bond_beyond_a_long_is_observed_to_the_last_unit() {
        Money amount = Money.parse("50000000000000000000"); // 50 tokens of 18 decimals
        fixture.given()
                .when(bond(ClaimBondKind.CLAIM_DEPOSIT, amount))
                .thenEvents(bondObserved(ClaimBondKind.CLAIM_DEPOSIT, amount));
    }

    @Test
    void a_claim_bond_without_a_positive_amount_is_rejected() {
        fixture.given().when(bond(ClaimBondKind.CLAIM_DEPOSIT, Money.ZERO)).thenRejected("INVALID_AMOUNT", "amount");
    }

    @Test
    void a_claim_bond_of_an_unknown_kind_is_rejected() {
        fixture.given().when(bond(ClaimBondKind.UNKNOWN, Money.of(1))).thenRejected("INVALID_KIND", "kind");
    }

    @Test
    void a_claim_bond_naming_no_claim_is_rejected() {
        fixture.given()
                .when(new RecordClaimBond(
                        31337,
                        "0xb",
                        3,
                        40,
                        "0xh",
                        "0xc",
                        "pool-1",
                        " ",
                        ClaimBondKind.CLAIM_DEPOSIT,
                        PROVIDER,
                        Money.of(1),
                        "USDC",
                        2))
                .thenRejected("INVALID_CLAIM_ID", "claimId");
    }

    @Test
    void a_log_observed_as_a_deposit_is_not_observed_again_as_a_claim_bond() {
        fixture.given(new OnChainDepositObserved(
                        31337, "0xb", 3, 40, "0xh", "0xc", "pool-1", PROVIDER, Money.of(500), "USDC", 2, 2))
                .when(bond(ClaimBondKind.CLAIM_DEPOSIT, Money.of(500)))
                .thenNoEvents();
    }

    @Test
    void the_on_chain_kind_maps_zero_to_the_deposit_one_to_the_appeal_bond_and_anything_else_to_unknown() {
        org.assertj.core.api.Assertions.assertThat(ClaimBondKind.ofOnChain(0)).isEqualTo(ClaimBondKind.CLAIM_DEPOSIT);
        org.assertj.core.api.Assertions.assertThat(ClaimBondKind.ofOnChain(1)).isEqualTo(ClaimBondKind.APPEAL_BOND);
        org.assertj.core.api.Assertions.assertThat(ClaimBondKind.ofOnChain(2)).isEqualTo(ClaimBondKind.UNKNOWN);
    }
}
