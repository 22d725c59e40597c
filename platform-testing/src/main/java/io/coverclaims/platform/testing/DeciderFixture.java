package io.coverclaims.platform.testing;

import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.decider.Rejection;
import io.coverclaims.platform.streams.StateCodec;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Given/when/then for deciders, in the manner of Axon's aggregate fixture:
 * <pre>{@code
 * DeciderFixture.of(decider).given(opened).when(deposit).thenEvents(deposited);
 * DeciderFixture.of(decider).given().when(withdraw).thenRejected("INSUFFICIENT_FUNDS");
 * }</pre>
 * Failures are plain {@link AssertionError}s so any test framework reports them.
 */
public final class DeciderFixture<C, E, S> {

    private final Decider<C, E, S> decider;

    private DeciderFixture(Decider<C, E, S> decider) {
        this.decider = Objects.requireNonNull(decider);
    }

    public static <C, E, S> DeciderFixture<C, E, S> of(Decider<C, E, S> decider) {
        return new DeciderFixture<>(decider);
    }

    @SafeVarargs
    public final Given given(E... history) {
        return new Given(List.of(history));
    }

    public Given given(List<E> history) {
        return new Given(history);
    }

    public final class Given {
        private final List<E> history;

        private Given(List<E> history) {
            this.history = List.copyOf(history);
        }

        /**
         * Decides {@code command} on the state the history makes, and checks that this state survives the kernel's
         * persistent store ({@link StateCodec}): restored from its encoding it is equal, hashes the same, and decides
         * the command the same way (so a state read back from disk or a changelog never decides differently).
         */
        public Then when(C command) {
            S before = decider.replay(history);
            Decision<E> decision = decider.decide(command, before);
            S restored = throughStore(before);
            Decision<E> again = decider.decide(command, restored);
            if (!again.equals(decision)) {
                throw new AssertionError("when " + command
                        + "\nthe state restored from the store decides differently:\n" + decision + "\n" + again);
            }
            return new Then(command, before, decision);
        }
    }

    private S throughStore(S state) {
        StateCodec<S> codec = StateCodec.forStateOf(decider.initialState());
        S restored = codec.decode(codec.encode(state));
        if (!restored.equals(state)) {
            throw new AssertionError("the state does not survive the store's encoding:\n" + state + "\n" + restored);
        }
        if (!codec.hash(restored).equals(codec.hash(state))) {
            throw new AssertionError("the state restored from the store hashes differently: " + state);
        }
        return restored;
    }

    public final class Then {
        private final C command;
        private final S before;
        private final Decision<E> decision;

        private Then(C command, S before, Decision<E> decision) {
            this.command = command;
            this.before = before;
            this.decision = decision;
        }

        @SafeVarargs
        public final Then thenEvents(E... expected) {
            List<E> actual = acceptedEvents();
            if (!actual.equals(List.of(expected))) {
                throw new AssertionError(
                        "when " + command + "\nexpected events " + List.of(expected) + "\n     but got " + actual);
            }
            return this;
        }

        public Then thenNoEvents() {
            List<E> actual = acceptedEvents();
            if (!actual.isEmpty()) {
                throw new AssertionError("when " + command + "\nexpected no events but got " + actual);
            }
            return this;
        }

        /** Checks the events with custom assertions, for events carrying values the test does not fix. */
        public Then thenEventsSatisfy(Consumer<List<E>> assertions) {
            assertions.accept(acceptedEvents());
            return this;
        }

        public Then thenRejected(String code) {
            Rejection rejection = rejection();
            if (!rejection.code().equals(code)) {
                throw new AssertionError("when " + command + "\nexpected rejection " + code + " but got " + rejection);
            }
            return this;
        }

        public Then thenRejected(String code, String field) {
            thenRejected(code);
            if (!Objects.equals(rejection().field(), field)) {
                throw new AssertionError(
                        "when " + command + "\nexpected rejection on field " + field + " but got " + rejection());
            }
            return this;
        }

        /** Asserts on the state after applying the decided events to the given history. */
        public Then thenState(Consumer<S> assertions) {
            S state = before;
            for (E event : acceptedEvents()) {
                state = decider.evolve(state, event);
            }
            assertions.accept(state);
            return this;
        }

        public List<E> acceptedEvents() {
            return switch (decision) {
                case Decision.Accepted<E> accepted -> accepted.events();
                case Decision.Rejected<E> rejected ->
                    throw new AssertionError(
                            "when " + command + "\nexpected acceptance but was rejected: " + rejected.rejection());
            };
        }

        public Rejection rejection() {
            return switch (decision) {
                case Decision.Rejected<E> rejected -> rejected.rejection();
                case Decision.Accepted<E> accepted ->
                    throw new AssertionError(
                            "when " + command + "\nexpected a rejection but got events " + accepted.events());
            };
        }
    }
}
