package io.coverclaims.schemas.topics;

import java.util.List;

/**
 * One topic of the catalogue. {@code retentionMs} -1 keeps records forever. {@code values} are the fully
 * qualified generated classes a topic carries (a dead-letter topic names its raw content instead).
 */
public record TopicSpec(
        String name,
        String owner,
        int partitions,
        String cleanupPolicy,
        long retentionMs,
        String key,
        List<String> values,
        String description) {

    public TopicSpec {
        values = List.copyOf(values);
    }

    /** The bounded context: the name's first segment, e.g. "claim" for claim.events. */
    public String context() {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
