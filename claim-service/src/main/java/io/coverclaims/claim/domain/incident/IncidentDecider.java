package io.coverclaims.claim.domain.incident;

import io.coverclaims.claim.domain.ClaimIds;
import io.coverclaims.claim.domain.incident.IncidentCommand.AdmitIncidentClaim;
import io.coverclaims.claim.domain.incident.IncidentCommand.CloseIncidentWindow;
import io.coverclaims.claim.domain.incident.IncidentCommand.DeclareIncident;
import io.coverclaims.claim.domain.incident.IncidentCommand.RegisterIncidentClaim;
import io.coverclaims.claim.domain.incident.IncidentCommand.ResolveIncidentClaim;
import io.coverclaims.claim.domain.incident.IncidentEvent.IncidentClaimAdmitted;
import io.coverclaims.claim.domain.incident.IncidentEvent.IncidentClaimRegistered;
import io.coverclaims.claim.domain.incident.IncidentEvent.IncidentClaimReleased;
import io.coverclaims.claim.domain.incident.IncidentEvent.IncidentClaimResolved;
import io.coverclaims.claim.domain.incident.IncidentEvent.IncidentDeclared;
import io.coverclaims.claim.domain.incident.IncidentEvent.IncidentRatioFixed;
import io.coverclaims.claim.domain.incident.IncidentEvent.IncidentWindowClosed;
import io.coverclaims.claim.domain.incident.IncidentState.ClaimStatus;
import io.coverclaims.claim.domain.incident.IncidentState.Declaration;
import io.coverclaims.claim.domain.incident.IncidentState.Incident;
import io.coverclaims.claim.domain.incident.IncidentState.IncidentClaim;
import io.coverclaims.claim.domain.incident.IncidentState.NoIncident;
import io.coverclaims.claim.domain.incident.IncidentState.Open;
import io.coverclaims.claim.domain.incident.IncidentState.RatioFixed;
import io.coverclaims.claim.domain.incident.IncidentState.WindowClosed;
import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.money.Money;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An incident (aggregate "incident", id {@code inc-…}): one exploit, many claims. FULL: every accepted claim is
 * released at once in full. PRO_RATA: accepted claims are held until the claim window closed and every registered
 * claim is decided; then one ratio is fixed, min(1e6, min over pools with accepted claims of floor(capital x 1e6 /
 * accepted there)), and every accepted claim is released at it, so what the incident asks of a pool never exceeds its
 * capital and all its claims are paid the same share.
 */
public final class IncidentDecider {

    public static final Decider<IncidentCommand, IncidentEvent, IncidentState> DECIDER =
            Decider.of(IncidentState.INITIAL, IncidentDecider::decide, IncidentDecider::evolve);

    public static final long FULL_RATIO_PPM = 1_000_000;

    private IncidentDecider() {}

    // ------------------------------------------------------------------ decide

    public static Decision<IncidentEvent> decide(IncidentCommand command, IncidentState state) {
        return switch (state) {
            case NoIncident none ->
                switch (command) {
                    case DeclareIncident c -> declare(c);
                    case RegisterIncidentClaim c -> notFound(c);
                    case AdmitIncidentClaim c -> notFound(c);
                    case ResolveIncidentClaim c -> notFound(c);
                    case CloseIncidentWindow c -> notFound(c);
                };
            case Incident incident ->
                switch (command) {
                    case DeclareIncident c ->
                        Decision.reject("INCIDENT_EXISTS", c.incidentId() + " is declared", "incidentId");
                    case RegisterIncidentClaim c -> register(c, incident);
                    case AdmitIncidentClaim c -> admit(c, incident);
                    case ResolveIncidentClaim c -> resolve(c, incident);
                    case CloseIncidentWindow c -> closeWindow(c, incident);
                };
        };
    }

    private static Decision<IncidentEvent> notFound(IncidentCommand c) {
        return Decision.reject("INCIDENT_NOT_FOUND", "no incident " + c.incidentId(), "incidentId");
    }

    static Decision<IncidentEvent> declare(DeclareIncident c) {
        if (!ClaimIds.isIncidentId(c.incidentId())) {
            return Decision.reject("INVALID_INCIDENT_ID", ClaimIds.INCIDENT_ID_MESSAGE, "incidentId");
        }
        if (c.productIds().isEmpty()) {
            return Decision.reject("NO_PRODUCTS", "an incident names the products it affects", "productIds");
        }
        if (c.claimWindowMs() <= 0) {
            return Decision.reject("INVALID_WINDOW", "the claim window must be positive", "claimWindowMs");
        }
        boolean full = c.pools().stream().allMatch(p -> !p.worstCase().isGreaterThan(p.capital()));
        return Decision.accept(new IncidentDeclared(
                c.incidentId(),
                c.title(),
                List.copyOf(c.productIds()),
                c.occurredAt(),
                c.claimWindowMs(),
                c.at().plusMillis(c.claimWindowMs()),
                List.copyOf(c.pools()),
                full ? IncidentPayoutMode.FULL : IncidentPayoutMode.PRO_RATA,
                c.triggerId(),
                c.parametricPolicyIds() == null ? List.of() : List.copyOf(c.parametricPolicyIds())));
    }

    /**
     * A claim submitted within the window is registered once; a claim submitted after it, or once the ratio is fixed,
     * is refused (it could not be counted in the ratio).
     */
    static Decision<IncidentEvent> register(RegisterIncidentClaim c, Incident incident) {
        if (incident.claims().containsKey(c.claimId())) {
            return Decision.nothingToDo();
        }
        if (c.submittedAt().isAfter(incident.declaration().claimWindowEndsAt())
                || incident.phase() instanceof RatioFixed) {
            return Decision.reject(
                    "INCIDENT_WINDOW_CLOSED",
                    "claims naming the incident were accepted until "
                            + incident.declaration().claimWindowEndsAt(),
                    "submittedAt");
        }
        return Decision.accept(new IncidentClaimRegistered(c.incidentId(), c.claimId(), c.policyId(), c.poolId()));
    }

    /** An accepted claim: released at once (FULL, or at the ratio already fixed), or held until the ratio is fixed. */
    static Decision<IncidentEvent> admit(AdmitIncidentClaim c, Incident incident) {
        IncidentClaim claim = incident.claims().get(c.claimId());
        if (claim != null && claim.status() == ClaimStatus.ADMITTED) {
            return Decision.nothingToDo();
        }
        if (claim != null && claim.status() == ClaimStatus.RESOLVED) {
            return Decision.reject("CLAIM_RESOLVED", c.claimId() + " ended unpaid", "claimId");
        }
        List<IncidentEvent> events = new ArrayList<>();
        events.add(new IncidentClaimAdmitted(c.incidentId(), c.claimId(), c.policyId(), c.poolId(), c.payoutAmount()));
        if (incident.declaration().mode() == IncidentPayoutMode.FULL) {
            events.add(new IncidentClaimReleased(c.incidentId(), c.claimId(), c.policyId(), FULL_RATIO_PPM));
        } else if (incident.phase() instanceof RatioFixed fixed) {
            events.add(new IncidentClaimReleased(c.incidentId(), c.claimId(), c.policyId(), fixed.ratioPpm()));
        } else {
            events.addAll(fixRatio(apply(incident, events), c.incidentId()));
        }
        return Decision.accept(events);
    }

    /** A claim that ended unpaid; it may be the last one the ratio waited for. Unknown or resolved: nothing to do. */
    static Decision<IncidentEvent> resolve(ResolveIncidentClaim c, Incident incident) {
        IncidentClaim claim = incident.claims().get(c.claimId());
        if (claim == null || claim.status() == ClaimStatus.RESOLVED) {
            return Decision.nothingToDo();
        }
        if (claim.status() == ClaimStatus.ADMITTED) {
            return Decision.reject("CLAIM_ADMITTED", c.claimId() + " was accepted", "claimId");
        }
        List<IncidentEvent> events = new ArrayList<>();
        events.add(new IncidentClaimResolved(c.incidentId(), c.claimId(), c.reason()));
        events.addAll(fixRatio(apply(incident, events), c.incidentId()));
        return Decision.accept(events);
    }

    /** The deadline at claimWindowEndsAt: early or repeated, nothing to do. */
    static Decision<IncidentEvent> closeWindow(CloseIncidentWindow c, Incident incident) {
        if (!(incident.phase() instanceof Open)
                || c.at().isBefore(incident.declaration().claimWindowEndsAt())) {
            return Decision.nothingToDo();
        }
        List<IncidentEvent> events = new ArrayList<>();
        events.add(new IncidentWindowClosed(c.incidentId(), incident.claims().size(), (int) incident.undecided()));
        events.addAll(fixRatio(apply(incident, events), c.incidentId()));
        return Decision.accept(events);
    }

    /**
     * PRO_RATA, once: when the window is closed and no registered claim is undecided, the ratio and one release per
     * accepted claim, all at that ratio.
     */
    static List<IncidentEvent> fixRatio(Incident incident, String incidentId) {
        if (incident.declaration().mode() != IncidentPayoutMode.PRO_RATA
                || !(incident.phase() instanceof WindowClosed)
                || incident.undecided() > 0) {
            return List.of();
        }
        Map<String, Money> capital = new TreeMap<>();
        Money totalCapital = Money.ZERO;
        for (IncidentPool pool : incident.declaration().pools()) {
            capital.merge(pool.poolId(), pool.capital(), Money::plus);
            totalCapital = totalCapital.plus(pool.capital());
        }
        Map<String, Money> accepted = new TreeMap<>();
        List<IncidentClaim> admitted = incident.claims().values().stream()
                .filter(c -> c.status() == ClaimStatus.ADMITTED)
                .toList();
        Money totalAccepted = Money.ZERO;
        for (IncidentClaim claim : admitted) {
            accepted.merge(claim.poolId(), claim.payoutAmount(), Money::plus);
            totalAccepted = totalAccepted.plus(claim.payoutAmount());
        }
        BigInteger ratio = BigInteger.valueOf(FULL_RATIO_PPM);
        for (Map.Entry<String, Money> pool : accepted.entrySet()) {
            if (pool.getValue().isZero()) {
                continue;
            }
            BigInteger share = capital.getOrDefault(pool.getKey(), Money.ZERO)
                    .value()
                    .multiply(BigInteger.valueOf(FULL_RATIO_PPM))
                    .divide(pool.getValue().value());
            ratio = ratio.min(share);
        }
        long ratioPpm = ratio.longValueExact();
        List<IncidentEvent> events = new ArrayList<>();
        events.add(new IncidentRatioFixed(incidentId, ratioPpm, totalAccepted, totalCapital, admitted.size()));
        for (IncidentClaim claim : admitted) {
            events.add(new IncidentClaimReleased(incidentId, claim.claimId(), claim.policyId(), ratioPpm));
        }
        return events;
    }

    // ------------------------------------------------------------------ evolve

    public static IncidentState evolve(IncidentState state, IncidentEvent event) {
        return switch (state) {
            case NoIncident none -> {
                if (event instanceof IncidentDeclared e) {
                    yield new Incident(
                            new Declaration(
                                    e.title(),
                                    e.productIds(),
                                    e.occurredAt(),
                                    e.claimWindowEndsAt(),
                                    e.pools(),
                                    e.mode()),
                            new TreeMap<>(),
                            new Open());
                }
                throw new IllegalStateException(event.getClass().getSimpleName() + " of " + event.incidentId()
                        + " before the incident was declared");
            }
            case Incident incident -> apply(incident, event);
        };
    }

    static Incident apply(Incident incident, IncidentEvent event) {
        return switch (event) {
            case IncidentDeclared e -> incident;
            case IncidentClaimRegistered e ->
                incident.with(new IncidentClaim(
                        e.claimId(), e.policyId(), e.poolId(), ClaimStatus.REGISTERED, Money.ZERO, false));
            case IncidentClaimAdmitted e ->
                incident.with(new IncidentClaim(
                        e.claimId(), e.policyId(), e.poolId(), ClaimStatus.ADMITTED, e.payoutAmount(), false));
            case IncidentClaimResolved e -> {
                IncidentClaim claim = incident.claims().get(e.claimId());
                yield incident.with(new IncidentClaim(
                        e.claimId(), claim.policyId(), claim.poolId(), ClaimStatus.RESOLVED, Money.ZERO, false));
            }
            case IncidentWindowClosed e -> incident.withPhase(new WindowClosed());
            case IncidentRatioFixed e -> incident.withPhase(new RatioFixed(e.ratioPpm()));
            case IncidentClaimReleased e -> {
                IncidentClaim claim = incident.claims().get(e.claimId());
                yield incident.with(new IncidentClaim(
                        claim.claimId(), claim.policyId(), claim.poolId(), claim.status(), claim.payoutAmount(), true));
            }
        };
    }

    private static Incident apply(Incident incident, List<IncidentEvent> events) {
        Incident next = incident;
        for (IncidentEvent event : events) {
            next = apply(next, event);
        }
        return next;
    }
}
