package io.coverclaims.platform.governance;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pause flags in force, by capability and scope, as governance.events set them (PauseFlagChanged). Pure: no
 * Kafka, no clock. A command needing {@code key} is held when {@link Capability#ALL} is paused (everywhere or for the
 * key's scope), or the key's capability everywhere, or the key's capability for its scope.
 */
public final class PauseState {

    public static final PauseState NONE = new PauseState(Map.of());

    private final Map<PauseKey, Pause> paused;

    private PauseState(Map<PauseKey, Pause> paused) {
        this.paused = Map.copyOf(paused);
    }

    public static PauseState of(Collection<Pause> pauses) {
        Map<PauseKey, Pause> byKey = new LinkedHashMap<>();
        pauses.forEach(pause -> byKey.put(pause.key(), pause));
        return new PauseState(byKey);
    }

    /** The state after a flag was set ({@code pause} present) or cleared (empty) for {@code key}. */
    public PauseState with(PauseKey key, Optional<Pause> pause) {
        Map<PauseKey, Pause> next = new LinkedHashMap<>(paused);
        pause.ifPresentOrElse(p -> next.put(key, p), () -> next.remove(key));
        return new PauseState(next);
    }

    /**
     * The flags that would hold a command needing {@code key}, most general first: all everywhere, all for the
     * scope, the capability everywhere, the capability for the scope.
     */
    public static List<PauseKey> holders(PauseKey key) {
        PauseKey all = PauseKey.of(Capability.ALL);
        PauseKey capability = PauseKey.of(key.capability());
        if (key.scope() == null) {
            return key.capability() == Capability.ALL ? List.of(all) : List.of(all, capability);
        }
        PauseKey allScoped = PauseKey.of(Capability.ALL, key.scope());
        return key.capability() == Capability.ALL ? List.of(all, allScoped) : List.of(all, allScoped, capability, key);
    }

    /** The pause that holds a command needing {@code key}, if any (the most general one). */
    public Optional<Pause> holding(PauseKey key) {
        return holders(key).stream()
                .map(paused::get)
                .filter(java.util.Objects::nonNull)
                .findFirst();
    }

    public boolean isPaused(PauseKey key) {
        return holding(key).isPresent();
    }

    /** Every flag set now, as set (a scoped flag once, under its own key). */
    public Collection<Pause> pauses() {
        return paused.values();
    }

    /** Whether the flag of exactly this key (not a more general one) is set. */
    public Optional<Pause> flag(PauseKey key) {
        return Optional.ofNullable(paused.get(key));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PauseState state && state.paused.equals(paused);
    }

    @Override
    public int hashCode() {
        return paused.hashCode();
    }

    @Override
    public String toString() {
        return "PauseState" + paused.values();
    }
}
