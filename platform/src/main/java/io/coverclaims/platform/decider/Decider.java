package io.coverclaims.platform.decider;

import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The pure heart of an aggregate: what a command decides given the current state, and how an event
 * changes the state. No I/O, no clock, no Kafka: anything time- or parameter-dependent arrives in the
 * command and is recorded in the events, so replaying events never re-decides anything.
 *
 * @param <C> the aggregate's commands (a sealed interface of records)
 * @param <E> the aggregate's events (a sealed interface of records)
 * @param <S> the aggregate's state
 */
public interface Decider<C, E, S> {

    /**
     * A decider from its three parts, typically method references to a slice's exhaustive switches:
     * {@code Decider.of(State.INITIAL, PoolDecider::decide, PoolDecider::evolve)}.
     */
    static <C, E, S> Decider<C, E, S> of(
            S initialState,
            BiFunction<? super C, ? super S, Decision<E>> decide,
            BiFunction<? super S, ? super E, ? extends S> evolve) {
        Objects.requireNonNull(initialState, "initialState");
        Objects.requireNonNull(decide, "decide");
        Objects.requireNonNull(evolve, "evolve");
        return new Decider<>() {
            @Override
            public S initialState() {
                return initialState;
            }

            @Override
            public Decision<E> decide(C command, S state) {
                return decide.apply(command, state);
            }

            @Override
            public S evolve(S state, E event) {
                return evolve.apply(state, event);
            }
        };
    }

    /** The state of an aggregate before its first event. */
    S initialState();

    /** Decides a command against the current state: the events to append, or a rejection. */
    Decision<E> decide(C command, S state);

    /** Applies one event to the state. Must be total for every event {@code decide} can emit. */
    S evolve(S state, E event);

    /** Folds events over the initial state. */
    default S replay(Iterable<? extends E> events) {
        S state = initialState();
        for (E event : events) {
            state = evolve(state, event);
        }
        return state;
    }
}
