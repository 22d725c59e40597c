package io.coverclaims.claim.domain.incident;

import io.coverclaims.platform.money.Money;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** An incident as its events made it: {@link NoIncident}, then an {@link Incident} in one of its {@link Phase}s. */
public sealed interface IncidentState {

    IncidentState INITIAL = new NoIncident();

    record NoIncident() implements IncidentState {}

    /** What was declared: fixed for the incident's life. */
    record Declaration(
            String title,
            List<String> productIds,
            Instant occurredAt,
            Instant claimWindowEndsAt,
            List<IncidentPool> pools,
            IncidentPayoutMode mode) {
        public Declaration {
            productIds = List.copyOf(productIds);
            pools = List.copyOf(pools);
        }
    }

    /** Where a claim of the incident stands. */
    enum ClaimStatus {
        /** Submitted naming the incident, not decided yet. */
        REGISTERED,
        /** Accepted for {@code payoutAmount}. */
        ADMITTED,
        /** Ended unpaid. */
        RESOLVED
    }

    /**
     * A claim of the incident.
     *
     * @param payoutAmount what it was accepted for (zero until admitted)
     * @param released     whether it was released to ask its pool for its payout
     */
    record IncidentClaim(
            String claimId, String policyId, String poolId, ClaimStatus status, Money payoutAmount, boolean released) {}

    /** The incident's phases: claims are registered while Open; a PRO_RATA incident fixes its ratio once. */
    sealed interface Phase {}

    record Open() implements Phase {}

    record WindowClosed() implements Phase {}

    record RatioFixed(long ratioPpm) implements Phase {}

    record Incident(Declaration declaration, SortedMap<String, IncidentClaim> claims, Phase phase)
            implements IncidentState {
        public Incident {
            claims = Collections.unmodifiableSortedMap(new TreeMap<>(claims));
        }

        Incident with(IncidentClaim claim) {
            SortedMap<String, IncidentClaim> next = new TreeMap<>(claims);
            next.put(claim.claimId(), claim);
            return new Incident(declaration, next, phase);
        }

        Incident withPhase(Phase next) {
            return new Incident(declaration, claims, next);
        }

        public long undecided() {
            return claims.values().stream()
                    .filter(c -> c.status() == ClaimStatus.REGISTERED)
                    .count();
        }
    }
}
