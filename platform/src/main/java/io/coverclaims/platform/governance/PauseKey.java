package io.coverclaims.platform.governance;

import java.util.Objects;

/**
 * What a command needs to be running: a capability, everywhere ({@code scope} null) or for one pool or feed.
 *
 * @param scope the pool id or feed id the command is about, or null when the capability is not scoped
 */
public record PauseKey(Capability capability, String scope) {

    public PauseKey {
        Objects.requireNonNull(capability, "capability");
        if (scope != null && scope.isBlank()) {
            scope = null;
        }
    }

    public static PauseKey of(Capability capability) {
        return new PauseKey(capability, null);
    }

    public static PauseKey of(Capability capability, String scope) {
        return new PauseKey(capability, scope);
    }

    public boolean scoped() {
        return scope != null;
    }

    /** {@code claims} or {@code payouts for pool-1}. */
    public String describe() {
        return capability.restName() + (scope == null ? "" : " for " + scope);
    }
}
