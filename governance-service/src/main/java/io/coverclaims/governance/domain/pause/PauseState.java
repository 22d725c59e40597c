package io.coverclaims.governance.domain.pause;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pause flags' lifecycle: nothing yet, then the board: the guardian set, every flag (and scoped flag) that was
 * ever set, the pending requests and the ids of settled ones (a request id is used once).
 */
public sealed interface PauseState {

    /** A flag, with its scope (null: everywhere). */
    static String flagKey(PauseFlag flag, String scope) {
        return scope == null ? flag.name() : flag.name() + "/" + scope;
    }

    /** A request waiting for approvals; {@code approvers} in the order they signed, the requester first. */
    record Pending(
            String requestId,
            PauseFlag flag,
            String scope,
            boolean paused,
            int requiredApprovals,
            Instant expiresAt,
            List<String> approvers) {}

    record NoBoard() implements PauseState {}

    record Board(
            List<String> guardians,
            int threshold,
            Map<String, Boolean> flags,
            Map<String, Pending> pending,
            Map<String, String> settled)
            implements PauseState {

        static Board empty() {
            return new Board(List.of(), 0, Map.of(), Map.of(), Map.of());
        }

        public boolean isGuardian(String address) {
            return guardians.contains(address);
        }

        public boolean paused(PauseFlag flag, String scope) {
            return flags.getOrDefault(flagKey(flag, scope), false);
        }

        Board withGuardians(List<String> next, int k) {
            return new Board(List.copyOf(next), k, flags, pending, settled);
        }

        Board withFlag(PauseFlag flag, String scope, boolean paused) {
            Map<String, Boolean> next = new TreeMap<>(flags);
            next.put(flagKey(flag, scope), paused);
            return new Board(guardians, threshold, next, pending, settled);
        }

        Board withPending(Pending request) {
            Map<String, Pending> next = new TreeMap<>(pending);
            next.put(request.requestId(), request);
            return new Board(guardians, threshold, flags, next, settled);
        }

        Board settle(String requestId, String outcome) {
            Map<String, Pending> nextPending = new TreeMap<>(pending);
            nextPending.remove(requestId);
            Map<String, String> nextSettled = new TreeMap<>(settled);
            nextSettled.put(requestId, outcome);
            return new Board(guardians, threshold, flags, nextPending, nextSettled);
        }
    }
}
