package io.coverclaims.chainbridge.domain.deposit;

import io.coverclaims.chainbridge.domain.deposit.DepositEvent.OnChainDepositObserved;

/** A deposit log before ({@link Unobserved}) and after ({@link Observed}) it was recorded. */
public sealed interface DepositState {

    DepositState INITIAL = new Unobserved();

    record Unobserved() implements DepositState {}

    record Observed(OnChainDepositObserved deposit) implements DepositState {}
}
