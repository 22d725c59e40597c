package io.coverclaims.governance.domain.pause;

import io.coverclaims.governance.domain.pause.PauseCommand.ApprovePauseChange;
import io.coverclaims.governance.domain.pause.PauseCommand.ExpirePauseChange;
import io.coverclaims.governance.domain.pause.PauseCommand.RequestPauseChange;
import io.coverclaims.governance.domain.pause.PauseCommand.TripCircuitBreaker;
import io.coverclaims.governance.domain.pause.PauseEvent.CircuitBreakerTripped;
import io.coverclaims.governance.domain.pause.PauseEvent.PauseChangeApproved;
import io.coverclaims.governance.domain.pause.PauseEvent.PauseChangeExpired;
import io.coverclaims.governance.domain.pause.PauseEvent.PauseChangeRequested;
import io.coverclaims.governance.domain.pause.PauseEvent.PauseFlagChanged;
import io.coverclaims.governance.domain.pause.PauseState.Board;
import io.coverclaims.governance.domain.pause.PauseState.Pending;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.ids.Ids;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * k-of-n pause changes and circuit breakers.
 *
 * <ul>
 *   <li>A guardian requests a change (its signature is the first approval; with k = 1 the flag changes at once);
 *       k different guardians' approvals change the flag (PauseFlagChanged names them). A request waits until its
 *       expiresAt (the governed ttl from the request's time), then expires.
 *   <li>Setting a flag to the value it has is refused (ALREADY_PAUSED, NOT_PAUSED), at the request and again at the
 *       approval that would apply it.
 *   <li>A circuit breaker pauses its flag for its scope at once, with no approvers; a trip of a flag and scope that
 *       is paused is refused ALREADY_PAUSED, so a breaker trips once. Lifting it is an ordinary k-of-n unpause.
 * </ul>
 */
final class PauseRules {

    private PauseRules() {}

    static Decision<PauseEvent> request(RequestPauseChange c, Board board) {
        if (c.requestId() == null || c.requestId().isBlank()) {
            return Decision.reject("INVALID_REQUEST_ID", "a pause request has an id", "requestId");
        }
        if (board.pending().containsKey(c.requestId()) || board.settled().containsKey(c.requestId())) {
            return Decision.reject("REQUEST_EXISTS", "pause request " + c.requestId() + " exists already", "requestId");
        }
        if (c.flag() == null || c.flag() == PauseFlag.UNKNOWN) {
            return Decision.reject("INVALID_FLAG", "a pause request names a known capability", "flag");
        }
        String admin = canonical(c.admin());
        if (!board.isGuardian(admin)) {
            return Decision.reject("NOT_A_GUARDIAN", c.admin() + " is not a guardian", "admin");
        }
        if (c.ttlMs() == null || c.ttlMs() <= 0) {
            return Decision.reject("INVALID_TTL", "a pause request waits a positive time for approvals", "ttlMs");
        }
        String scope = blankToNull(c.scope());
        if (board.paused(c.flag(), scope) == c.paused()) {
            return alreadyThere(c.flag(), scope, c.paused(), "paused");
        }
        int required = board.threshold();
        PauseChangeRequested requested = new PauseChangeRequested(
                c.requestId(),
                c.flag(),
                c.paused(),
                admin,
                c.reason() == null ? "" : c.reason(),
                required,
                c.at().plusMillis(c.ttlMs()),
                scope);
        if (required <= 1) {
            return Decision.accept(
                    requested, new PauseFlagChanged(c.requestId(), c.flag(), c.paused(), List.of(admin), scope, null));
        }
        return Decision.accept(requested);
    }

    static Decision<PauseEvent> approve(ApprovePauseChange c, Board board) {
        Pending pending = board.pending().get(c.requestId());
        if (pending == null) {
            String outcome = board.settled().get(c.requestId());
            return outcome == null
                    ? Decision.reject("REQUEST_NOT_FOUND", "no pause request " + c.requestId(), "requestId")
                    : Decision.reject(
                            "REQUEST_SETTLED",
                            "pause request " + c.requestId() + " is " + outcome.toLowerCase(Locale.ROOT),
                            "requestId");
        }
        if (!c.at().isBefore(pending.expiresAt())) {
            return Decision.reject(
                    "REQUEST_EXPIRED",
                    "pause request " + c.requestId() + " expired at " + pending.expiresAt(),
                    "requestId");
        }
        String admin = canonical(c.admin());
        if (!board.isGuardian(admin)) {
            return Decision.reject("NOT_A_GUARDIAN", c.admin() + " is not a guardian", "admin");
        }
        if (pending.approvers().contains(admin)) {
            return Decision.reject(
                    "ALREADY_APPROVED",
                    admin + " has approved " + c.requestId() + " already: another guardian must",
                    "admin");
        }
        int approvals = pending.approvers().size() + 1;
        PauseChangeApproved approved =
                new PauseChangeApproved(c.requestId(), admin, approvals, pending.requiredApprovals());
        if (approvals < pending.requiredApprovals()) {
            return Decision.accept(approved);
        }
        if (board.paused(pending.flag(), pending.scope()) == pending.paused()) {
            return alreadyThere(pending.flag(), pending.scope(), pending.paused(), "requestId");
        }
        List<String> approvers = new ArrayList<>(pending.approvers());
        approvers.add(admin);
        return Decision.accept(
                approved,
                new PauseFlagChanged(
                        c.requestId(),
                        pending.flag(),
                        pending.paused(),
                        List.copyOf(approvers),
                        pending.scope(),
                        null));
    }

    static Decision<PauseEvent> expire(ExpirePauseChange c, Board board) {
        Pending pending = board.pending().get(c.requestId());
        if (pending == null || c.at().isBefore(pending.expiresAt())) {
            return Decision.nothingToDo(); // applied or expired already, or not due: a stray deadline changes nothing
        }
        return Decision.accept(
                new PauseChangeExpired(c.requestId(), pending.approvers().size(), pending.requiredApprovals()));
    }

    static Decision<PauseEvent> trip(TripCircuitBreaker c, Board board) {
        if (c.rule() == null || c.rule().isBlank()) {
            return Decision.reject("INVALID_RULE", "a trip names its rule", "rule");
        }
        if (c.flag() == null || c.flag() == PauseFlag.UNKNOWN) {
            return Decision.reject("INVALID_FLAG", "a trip names a known capability", "flag");
        }
        String scope = blankToNull(c.scope());
        if (scope == null) {
            return Decision.reject("INVALID_SCOPE", "a trip names the pool or feed it pauses", "scope");
        }
        if (board.paused(c.flag(), scope)) {
            return alreadyThere(c.flag(), scope, true, "scope");
        }
        String requestId = "breaker-" + c.rule() + "-" + scope + "-" + c.at().toEpochMilli();
        return Decision.accept(
                new CircuitBreakerTripped(
                        c.rule(),
                        c.flag(),
                        scope,
                        c.observed(),
                        c.limit(),
                        c.thresholdPpm(),
                        c.windowMs(),
                        c.detail() == null ? "" : c.detail()),
                new PauseFlagChanged(requestId, c.flag(), true, List.of(), scope, c.rule()));
    }

    private static Decision<PauseEvent> alreadyThere(PauseFlag flag, String scope, boolean paused, String field) {
        String what = flag + (scope == null ? "" : " (" + scope + ")");
        return paused
                ? Decision.reject("ALREADY_PAUSED", what + " is paused already", field)
                : Decision.reject("NOT_PAUSED", what + " is not paused", field);
    }

    private static String canonical(String address) {
        return address != null && Ids.isAddress(address) ? Ids.canonical(address) : String.valueOf(address);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
