package io.coverclaims.platform.schedule;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Pure: the deadlines an event sets or clears. Runs for every event of the scheduler's topics, in order per
 * partition, so the latest event about a key decides whether (and when) its command is sent.
 */
@FunctionalInterface
public interface DeadlinePlanner {

    /** Empty when the event is of no interest. */
    List<Deadline> plan(SpecificRecord event);
}
