package io.coverclaims.claim.domain.incident;

import io.coverclaims.platform.money.Money;
import java.time.Instant;
import java.util.List;

/** What an incident is asked to do; each record mirrors the command of the same name in claim.avdl. */
public sealed interface IncidentCommand {

    String incidentId();

    Instant at();

    /** Operator (claims-admin): the edge fills each affected pool's capital and worst case from its read models. */
    record DeclareIncident(
            String incidentId,
            String title,
            List<String> productIds,
            Instant occurredAt,
            long claimWindowMs,
            List<IncidentPool> pools,
            String triggerId,
            List<String> parametricPolicyIds,
            Instant at)
            implements IncidentCommand {}

    /** Process manager, on ClaimSubmitted naming the incident ({@code submittedAt}: the event's time). */
    record RegisterIncidentClaim(
            String incidentId, String claimId, String policyId, String poolId, Instant submittedAt, Instant at)
            implements IncidentCommand {}

    /** Process manager, on ClaimAccepted naming the incident. */
    record AdmitIncidentClaim(
            String incidentId, String claimId, String policyId, String poolId, Money payoutAmount, Instant at)
            implements IncidentCommand {}

    /** Process manager, on ClaimClosed naming the incident: the claim will never be paid. */
    record ResolveIncidentClaim(String incidentId, String claimId, String reason, Instant at)
            implements IncidentCommand {}

    /** Scheduler, at claimWindowEndsAt. */
    record CloseIncidentWindow(String incidentId, Instant at) implements IncidentCommand {}
}
