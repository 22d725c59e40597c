package io.coverclaims.claim.domain.incident;

import io.coverclaims.platform.money.Money;
import java.time.Instant;
import java.util.List;

/** What happened to an incident; each record mirrors the event of the same name in claim.avdl. */
public sealed interface IncidentEvent {

    String incidentId();

    /** mode FULL when every pool's worstCase <= capital, else PRO_RATA; claimWindowEndsAt = declared + claimWindowMs. */
    record IncidentDeclared(
            String incidentId,
            String title,
            List<String> productIds,
            Instant occurredAt,
            long claimWindowMs,
            Instant claimWindowEndsAt,
            List<IncidentPool> pools,
            IncidentPayoutMode mode,
            String triggerId,
            List<String> parametricPolicyIds)
            implements IncidentEvent {}

    record IncidentClaimRegistered(String incidentId, String claimId, String policyId, String poolId)
            implements IncidentEvent {}

    record IncidentClaimAdmitted(String incidentId, String claimId, String policyId, String poolId, Money payoutAmount)
            implements IncidentEvent {}

    record IncidentClaimResolved(String incidentId, String claimId, String reason) implements IncidentEvent {}

    record IncidentWindowClosed(String incidentId, int registeredClaims, int undecidedClaims)
            implements IncidentEvent {}

    /** ratioPpm = min(1e6, min over pools with accepted claims of floor(capital x 1e6 / accepted there)). */
    record IncidentRatioFixed(
            String incidentId, long ratioPpm, Money totalAccepted, Money totalCapital, int acceptedClaims)
            implements IncidentEvent {}

    record IncidentClaimReleased(String incidentId, String claimId, String policyId, long ratioPpm)
            implements IncidentEvent {}
}
