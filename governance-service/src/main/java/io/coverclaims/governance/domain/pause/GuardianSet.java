package io.coverclaims.governance.domain.pause;

import io.coverclaims.platform.ids.Ids;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of a guardian set: at least one guardian, each a distinct address (compared in canonical lower case),
 * and a threshold k with 1 <= k <= n. Also how a SET_GUARDIANS action's arguments read: {@code guardians}, the
 * comma-separated addresses, and {@code threshold}, a decimal integer.
 */
public final class GuardianSet {

    public static final String GUARDIANS_ARGUMENT = "guardians";
    public static final String THRESHOLD_ARGUMENT = "threshold";

    private GuardianSet() {}

    /** Why {@code guardians} with {@code threshold} is no guardian set: a code, a message and the field; else empty. */
    public static Optional<Invalid> check(List<String> guardians, int threshold) {
        if (guardians == null || guardians.isEmpty()) {
            return Optional.of(new Invalid("INVALID_GUARDIANS", "at least one guardian is needed", "guardians"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < guardians.size(); i++) {
            String guardian = guardians.get(i);
            if (guardian == null || !Ids.isAddress(guardian)) {
                return Optional.of(new Invalid(
                        "INVALID_GUARDIANS", "guardian " + guardian + " is no address", "guardians[" + i + "]"));
            }
            if (!seen.add(Ids.canonical(guardian))) {
                return Optional.of(new Invalid(
                        "DUPLICATE_GUARDIAN", "guardian " + guardian + " is listed twice", "guardians[" + i + "]"));
            }
        }
        if (threshold < 1 || threshold > guardians.size()) {
            return Optional.of(new Invalid(
                    "INVALID_THRESHOLD",
                    "the threshold must be 1 to the number of guardians (" + guardians.size() + "), not " + threshold,
                    "threshold"));
        }
        return Optional.empty();
    }

    /** The guardians of a SET_GUARDIANS action's {@code guardians} argument, canonical, in order. */
    public static List<String> parseGuardians(String csv) {
        List<String> guardians = new ArrayList<>();
        if (csv == null || csv.isBlank()) {
            return guardians;
        }
        for (String part : csv.split(",", -1)) {
            String trimmed = part.trim();
            guardians.add(Ids.isAddress(trimmed) ? Ids.canonical(trimmed) : trimmed);
        }
        return guardians;
    }

    /** A SET_GUARDIANS action's {@code threshold} argument; -1 when it is no small decimal integer. */
    public static int parseThreshold(String text) {
        if (text == null || !text.matches("[0-9]{1,4}")) {
            return -1;
        }
        return Integer.parseInt(text);
    }

    /** Why a guardian set is refused. */
    public record Invalid(String code, String message, String field) {}
}
