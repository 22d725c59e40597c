package io.coverclaims.cli;

import io.coverclaims.platform.streams.AggregateType;

/**
 * One aggregate folded from its events with its context's decider, as the kernel rebuilds it
 * ({@code initialState}, then {@code evolve} per event, versions following each other): the scratch store of
 * {@code at}, {@code verify} and {@code replay}.
 *
 * @param type    the aggregate type its first event named
 * @param state   the state after {@code version} events
 * @param version the number of events folded; 0 before the first
 */
record Fold(AggregateType<?, ?, ?> type, Object state, long version) {

    /** An event that cannot be folded: the message says where and why. */
    static final class Broken extends RuntimeException {
        Broken(String message) {
            super(message);
        }
    }

    /** {@code current} (null before the aggregate's first event) with {@code event} folded in. */
    static Fold apply(Contexts.Context context, Fold current, LoggedEvent event) {
        AggregateType<?, ?, ?> type = context.typeOf(event.event())
                .orElseThrow(() -> new Broken(event.position() + ": no aggregate of context " + context.name()
                        + " in this build takes " + event.type()));
        long version = current == null ? 0 : current.version();
        if (current != null && current.type() != type) {
            throw new Broken(event.position() + ": " + event.type() + " is a " + type.name() + " event but "
                    + event.aggregateId() + " is a " + current.type().name());
        }
        if (event.version() != version + 1) {
            throw new Broken(event.position() + ": " + event.aggregateId() + " " + event.type() + " has version "
                    + event.version() + ", which does not follow " + version);
        }
        Object before = current == null ? type.decider().initialState() : current.state();
        try {
            return new Fold(type, evolve(type, before, event), event.version());
        } catch (RuntimeException e) {
            throw new Broken(event.position() + ": " + type.name() + " cannot apply " + event.type() + " v"
                    + event.version() + ": " + e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <C, E, S> S evolve(AggregateType<C, E, S> type, Object state, LoggedEvent event) {
        return type.decider().evolve((S) state, type.readEvent(event.event()));
    }
}
