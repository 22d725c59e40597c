package io.coverclaims.platform.schedule;

import java.time.Instant;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/** What an event asks of a {@link DeadlineScheduler}: send a command once a moment has passed, or forget one. */
public sealed interface Deadline {

    /** The deadline's name, unique within the scheduler (e.g. {@code expiry/pol-1}): a new one replaces the old. */
    String key();

    /**
     * Send {@code command} to the context's command topic when the wall clock passes {@code dueAt}. The command's
     * metadata should come from {@link DeadlineScheduler#metadata}, so scheduling the same event again (a replay,
     * a restart) yields the same command id and the command processor decides it once.
     */
    record Schedule(String key, Instant dueAt, SpecificRecord command) implements Deadline {
        public Schedule {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(dueAt, "dueAt");
            Objects.requireNonNull(command, "command");
        }
    }

    /** Forget the deadline of that key, if any (e.g. the policy was cancelled before it expired). */
    record Cancel(String key) implements Deadline {
        public Cancel {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * Send {@code command} at once, in the same transaction as the event that planned it: how a context reacts to its
     * own events (one of its aggregates' events causing a command to another), since a topology reads each topic
     * through one source. Its metadata should come from {@link io.coverclaims.platform.streams.CausedBy}, so the same
     * event always yields the same command id. The key is the command's id; nothing is stored.
     */
    record Send(SpecificRecord command) implements Deadline {
        public Send {
            Objects.requireNonNull(command, "command");
        }

        @Override
        public String key() {
            return "send/"
                    + io.coverclaims.platform.streams.WireMetadata.ofCommand(command)
                            .getCommandId();
        }
    }

    static Deadline now(SpecificRecord command) {
        return new Send(command);
    }

    static Deadline at(String key, Instant dueAt, SpecificRecord command) {
        return new Schedule(key, dueAt, command);
    }

    static Deadline cancel(String key) {
        return new Cancel(key);
    }
}
