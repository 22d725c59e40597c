package io.coverclaims.claim;

import io.coverclaims.claim.domain.claim.ClaimCommand;
import io.coverclaims.claim.domain.claim.ClaimDecider;
import io.coverclaims.claim.domain.claim.ClaimEvent;
import io.coverclaims.claim.domain.claim.ClaimsState;
import io.coverclaims.claim.domain.group.GroupCommand;
import io.coverclaims.claim.domain.group.GroupDecider;
import io.coverclaims.claim.domain.group.GroupEvent;
import io.coverclaims.claim.domain.group.GroupState;
import io.coverclaims.claim.domain.incident.IncidentCommand;
import io.coverclaims.claim.domain.incident.IncidentDecider;
import io.coverclaims.claim.domain.incident.IncidentEvent;
import io.coverclaims.claim.domain.incident.IncidentState;
import io.coverclaims.platform.streams.AggregateType;
import io.coverclaims.platform.streams.BoundedContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The claim context as the kernel runs it: its three aggregates and, by convention, its claim.* topics. Their ids
 * never collide: a policy's claims are keyed by the policy id ({@code cov-…}), incidents by {@code inc-…}, assessor
 * groups by {@code grp-…}.
 */
@ApplicationScoped
public class ClaimContext {

    public static final String NAME = "claim";

    public static final String NAMESPACE = "io.coverclaims.schemas.claim";

    /** A policy's claims (id: the policy id): one open claim at a time, never paid beyond the cover. */
    public static final AggregateType<ClaimCommand, ClaimEvent, ClaimsState> CLAIMS = AggregateType.of(
                    "claims", ClaimDecider.DECIDER, ClaimCommand.class, ClaimEvent.class, NAMESPACE)
            .build();

    /** An incident (id {@code inc-…}): one exploit, many claims, one payout ratio. */
    public static final AggregateType<IncidentCommand, IncidentEvent, IncidentState> INCIDENT = AggregateType.of(
                    "incident", IncidentDecider.DECIDER, IncidentCommand.class, IncidentEvent.class, NAMESPACE)
            .build();

    /** An assessor group (id {@code grp-…}): who votes on a category's claims, or decides appeals. */
    public static final AggregateType<GroupCommand, GroupEvent, GroupState> GROUP = AggregateType.of(
                    "group", GroupDecider.DECIDER, GroupCommand.class, GroupEvent.class, NAMESPACE)
            .build();

    public static final BoundedContext CONTEXT = BoundedContext.of(NAME, CLAIMS, INCIDENT, GROUP);

    @Produces
    @Singleton
    BoundedContext context() {
        return CONTEXT;
    }
}
