package io.coverclaims.platform.view;

/**
 * Turns one event into changes of a read model: reads what it needs through {@code view} and writes there. All the
 * writes of one event reach the store together, with the position of the event, in one atomic write: after a crash
 * the store holds an event's effect entirely or not at all, and a record already applied is never applied twice.
 *
 * <p>A projector must be a pure function of the event and what the view holds (no clock, no I/O): the read model is
 * rebuilt by running it again over the topic, and must come out the same. Across partitions the order of records
 * differs between a live run and a rebuild (a rebuild reads partition after partition), so a key should be written
 * by the events of one aggregate only (one partition), or by a commutative rule (a maximum). A projector that throws
 * leaves the view as it was (the event is counted as failed and skipped, then and in every rebuild).
 */
@FunctionalInterface
public interface Projector {

    void project(ViewEvent event, ViewUpdate view);
}
