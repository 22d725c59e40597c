package io.coverclaims.chainbridge.domain.deposit;

/** A payment log before ({@link Unobserved}) and after ({@link Observed}) it was recorded. */
public sealed interface DepositState {

    DepositState INITIAL = new Unobserved();

    record Unobserved() implements DepositState {}

    /** Observed once: {@code observed} is the capital deposit or the claim bond the log was. */
    record Observed(DepositEvent observed) implements DepositState {}
}
