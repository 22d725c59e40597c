package io.coverclaims.platform.example;

import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Decision;

/** A small example aggregate for kernel tests: an account holding integer minor units. */
public final class Account {

    public sealed interface Command permits Open, Deposit, Withdraw {}

    public record Open(String owner) implements Command {}

    public record Deposit(long amount) implements Command {}

    public record Withdraw(long amount) implements Command {}

    public sealed interface Event permits Opened, Deposited, Withdrawn {}

    public record Opened(String owner) implements Event {}

    public record Deposited(long amount) implements Event {}

    public record Withdrawn(long amount) implements Event {}

    public record State(boolean open, String owner, long balance) {
        static final State NONE = new State(false, null, 0);
    }

    public static final Decider<Command, Event, State> DECIDER = new Decider<>() {
        @Override
        public State initialState() {
            return State.NONE;
        }

        @Override
        public Decision<Event> decide(Command command, State state) {
            return switch (command) {
                case Open open when state.open() -> Decision.reject("ALREADY_OPEN", "the account is already open");
                case Open open -> Decision.accept(new Opened(open.owner()));
                case Deposit deposit when !state.open() -> Decision.reject("ACCOUNT_NOT_FOUND", "no such account");
                case Deposit deposit
                when deposit.amount() <= 0 -> Decision.reject("INVALID_AMOUNT", "amount must be positive", "amount");
                case Deposit deposit -> Decision.accept(new Deposited(deposit.amount()));
                case Withdraw withdraw when !state.open() -> Decision.reject("ACCOUNT_NOT_FOUND", "no such account");
                case Withdraw withdraw
                when withdraw.amount() > state.balance() ->
                    Decision.reject("INSUFFICIENT_FUNDS", "balance is " + state.balance(), "amount");
                case Withdraw withdraw -> Decision.accept(new Withdrawn(withdraw.amount()));
            };
        }

        @Override
        public State evolve(State state, Event event) {
            return switch (event) {
                case Opened opened -> new State(true, opened.owner(), 0);
                case Deposited deposited -> new State(true, state.owner(), state.balance() + deposited.amount());
                case Withdrawn withdrawn -> new State(true, state.owner(), state.balance() - withdrawn.amount());
            };
        }
    };

    private Account() {}
}
