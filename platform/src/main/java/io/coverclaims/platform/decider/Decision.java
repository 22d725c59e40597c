package io.coverclaims.platform.decider;

import java.util.List;

/** The result of deciding a command: events to append, or a rejection that changes nothing. */
public sealed interface Decision<E> {

    record Accepted<E>(List<E> events) implements Decision<E> {
        public Accepted {
            events = List.copyOf(events);
        }
    }

    record Rejected<E>(Rejection rejection) implements Decision<E> {}

    @SafeVarargs
    static <E> Decision<E> accept(E... events) {
        return new Accepted<>(List.of(events));
    }

    static <E> Decision<E> accept(List<E> events) {
        return new Accepted<>(events);
    }

    /** Accepted with nothing to record: the command was already satisfied. */
    static <E> Decision<E> nothingToDo() {
        return new Accepted<>(List.of());
    }

    static <E> Decision<E> reject(String code, String message) {
        return new Rejected<>(new Rejection(code, message, null));
    }

    static <E> Decision<E> reject(String code, String message, String field) {
        return new Rejected<>(new Rejection(code, message, field));
    }
}
