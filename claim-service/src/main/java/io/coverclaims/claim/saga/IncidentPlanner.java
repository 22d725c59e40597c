package io.coverclaims.claim.saga;

import io.coverclaims.claim.view.PolicyBook;
import io.coverclaims.claim.view.PolicyBook.ClaimablePolicy;
import io.coverclaims.claim.view.PoolBook;
import io.coverclaims.platform.money.Money;
import io.coverclaims.schemas.claim.IncidentPool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The figures an incident records when it is declared, from claim-service's read models of policy.events and
 * pool.events: each affected pool's capital and worst case. Used by the operator's declaration and by the oracle's
 * confirmed incidents and fired triggers; what it returns is recorded in the declaration, so a replay never asks again.
 */
@ApplicationScoped
public class IncidentPlanner {

    @Inject
    PolicyBook policies;

    @Inject
    PoolBook pools;

    public IncidentPlanner() {}

    public IncidentPlanner(PolicyBook policies, PoolBook pools) {
        this.policies = policies;
        this.pools = pools;
    }

    /** Discretionary incidents: the worst case is all cover still at risk on the products, per pool. */
    public List<IncidentPool> coverAtRisk(Collection<String> productIds) {
        SortedMap<String, Money> worstCase = new TreeMap<>();
        for (String productId : productIds.stream().distinct().toList()) {
            for (ClaimablePolicy policy : policies.policiesOf(productId)) {
                if (policy.atRisk()) {
                    worstCase.merge(policy.poolId(), policy.coverLeft(), Money::plus);
                }
            }
        }
        return figures(worstCase);
    }

    /**
     * The policies of {@code productId} a trigger that fired at {@code firedAt} pays: cover running at that instant
     * (started, not yet ended; a cancelled policy's cover ends at its cancellation) with cover left.
     */
    public List<ClaimablePolicy> activeAt(String productId, Instant firedAt) {
        return policies.policiesOf(productId).stream()
                .filter(p -> p.status() != PolicyBook.Status.CLOSED)
                .filter(p -> !firedAt.isBefore(p.startAt()) && firedAt.isBefore(p.endAt()))
                .filter(p -> p.coverLeft().isPositive())
                .toList();
    }

    /** Parametric incidents: the worst case is exactly what the trigger pays, per pool. */
    public List<IncidentPool> payouts(Map<String, Money> payoutPerPool) {
        return figures(new TreeMap<>(payoutPerPool));
    }

    private List<IncidentPool> figures(SortedMap<String, Money> worstCase) {
        return worstCase.entrySet().stream()
                .map(e -> IncidentPool.newBuilder()
                        .setPoolId(e.getKey())
                        .setCapital(decimal(pools.pool(e.getKey())
                                .map(PoolBook.Pool::capital)
                                .orElse(Money.ZERO)))
                        .setWorstCase(decimal(e.getValue()))
                        .build())
                .toList();
    }

    static BigDecimal decimal(Money amount) {
        return new BigDecimal(amount.value());
    }
}
