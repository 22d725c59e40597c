package io.coverclaims.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code ./claims replay} compares, without Kafka or HTTP: each aggregate as the running service serves it (type,
 * version, state hash) against the same aggregate rebuilt from the event topic, at the version the service serves
 * (the service may be a little behind or ahead of the read, so the rebuild keeps the hash it had at that version).
 */
final class StateComparison {

    /** One aggregate as a service serves it ({@code GET /state/hashes}). */
    record Served(String type, long version, String hash) {}

    /**
     * One aggregate as rebuilt: its type, the version it reached, its hash at the version the service serves (null
     * when it never reached it), whether its first event was in the log before the service was asked, and why it could
     * not be folded (null when it could).
     */
    record Rebuilt(String type, long version, String hashAtServed, boolean existedWhenAsked, String broken) {}

    /** The verdict: how many agree, and a sentence per aggregate that does not. */
    record Result(int identical, int newSinceAsked, List<String> mismatches) {}

    private StateComparison() {}

    static Result compare(Map<String, Served> served, Map<String, Rebuilt> rebuilt) {
        List<String> mismatches = new ArrayList<>();
        int identical = 0;
        int fresh = 0;
        TreeSet<String> ids = new TreeSet<>(served.keySet());
        ids.addAll(rebuilt.keySet());
        for (String id : ids) {
            Served theirs = served.get(id);
            Rebuilt ours = rebuilt.get(id);
            if (ours != null && ours.broken() != null) {
                mismatches.add(id + ": the rebuild cannot fold it: " + ours.broken());
            } else if (theirs == null) {
                if (ours.existedWhenAsked()) {
                    mismatches.add(id + ": in the log (" + ours.type() + " v" + ours.version()
                            + ") but the service does not serve it");
                } else {
                    fresh++; // created after the service was asked: not in its answer, rightly
                }
            } else if (ours == null) {
                mismatches.add(id + ": served (" + theirs.type() + " v" + theirs.version()
                        + ") but it has no event in the log");
            } else if (!theirs.type().equals(ours.type())) {
                mismatches.add(id + ": served as a " + theirs.type() + ", the log makes it a " + ours.type());
            } else if (ours.version() < theirs.version()) {
                mismatches.add(id + ": served at v" + theirs.version() + " but the log holds only v" + ours.version()
                        + " (a state the log does not back)");
            } else if (!theirs.hash().equals(ours.hashAtServed())) {
                mismatches.add(id + ": at v" + theirs.version() + " the service's state hash is " + theirs.hash()
                        + ", the rebuild's " + ours.hashAtServed());
            } else {
                identical++;
            }
        }
        return new Result(identical, fresh, mismatches);
    }

    /**
     * Served aggregates by id, from the service's JSON answer: an array of {@code {"aggregateId", "type", "version",
     * "hash"}} (what the kernel's {@code GET /state/hashes} gathers across instances), or an object of the same by
     * aggregate id.
     */
    static Map<String, Served> parse(JsonNode answer) {
        Map<String, Served> served = new TreeMap<>();
        if (answer != null && answer.isArray()) {
            for (JsonNode node : answer) {
                if (!node.path("aggregateId").isTextual()) {
                    throw new IllegalArgumentException("an entry has no aggregateId: " + node);
                }
                String id = node.get("aggregateId").asText();
                if (served.put(id, served(id, node)) != null) {
                    throw new IllegalArgumentException("aggregate " + id + " is served twice");
                }
            }
            return served;
        }
        if (answer == null || !answer.isObject()) {
            throw new IllegalArgumentException("the answer is neither a JSON array nor an object of aggregates");
        }
        answer.fields().forEachRemaining(entry -> served.put(entry.getKey(), served(entry.getKey(), entry.getValue())));
        return served;
    }

    private static Served served(String id, JsonNode node) {
        if (!node.path("type").isTextual()
                || !node.path("version").canConvertToLong()
                || !node.path("hash").isTextual()) {
            throw new IllegalArgumentException(
                    "aggregate " + id + " is not {\"type\", \"version\", \"hash\"}: " + node);
        }
        return new Served(
                node.get("type").asText(),
                node.get("version").asLong(),
                node.get("hash").asText());
    }
}
