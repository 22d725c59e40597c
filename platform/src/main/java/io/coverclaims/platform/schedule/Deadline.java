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

    static Deadline at(String key, Instant dueAt, SpecificRecord command) {
        return new Schedule(key, dueAt, command);
    }

    static Deadline cancel(String key) {
        return new Cancel(key);
    }
}
