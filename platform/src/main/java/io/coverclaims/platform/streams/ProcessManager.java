package io.coverclaims.platform.streams;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns another context's events into this context's commands (a saga step). Pure: the commands it returns
 * must take their metadata from {@link CausedBy#metadata}, so a re-delivered event yields the same command ids
 * and the command processor decides each of them once.
 */
@FunctionalInterface
public interface ProcessManager {

    /** The commands an event calls for; empty when the event is of no interest. */
    List<SpecificRecord> react(SpecificRecord event);
}
