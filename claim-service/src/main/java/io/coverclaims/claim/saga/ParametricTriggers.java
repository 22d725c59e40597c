package io.coverclaims.claim.saga;

import io.coverclaims.claim.ClaimParameters;
import io.coverclaims.claim.GovernedClaimParameters;
import io.coverclaims.claim.view.PolicyBook;
import io.coverclaims.claim.view.PolicyBook.ClaimablePolicy;
import io.coverclaims.claim.view.PolicyBook.Product;
import io.coverclaims.platform.governance.Governance;
import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.CausedBy;
import io.coverclaims.platform.streams.ProcessManagerTopology;
import io.coverclaims.platform.streams.TopologyContribution;
import io.coverclaims.schemas.claim.DeclareIncident;
import io.coverclaims.schemas.claim.OpenParametricClaim;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.oracle.IncidentConfirmed;
import io.coverclaims.schemas.oracle.TriggerFired;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.Topology;
import org.jboss.logging.Logger;

/**
 * Claim-service's process manager over oracle.events (docs/oracles.md, "Parametric claims"):
 * <ul>
 *   <li>TriggerFired → DeclareIncident for the trigger's incident (its pools' capital and, as worst case, exactly what
 *       the trigger pays there; the policies it pays listed), then OpenParametricClaim for every policy of the bound
 *       product whose cover ran at the firing time. The incident is declared first, on its own key, in the same
 *       transaction: each claim registers with it only after its own opening, so the declaration is always there
 *       first. Each claim is accepted at once and follows the discretionary claims' saga (the incident's FULL or
 *       PRO_RATA rule, the pool's reservation, the Merkle anchoring); the claimant only redeems.</li>
 *   <li>IncidentConfirmed (k of n reporters, or an operator) → DeclareIncident, so discretionary claims on the affected
 *       assessment products can name it: the product reported, else every assessment product covering the affected
 *       contract.</li>
 * </ul>
 * A trigger bound to a product that is not parametric on that trigger opens nothing. The policies and pools come from
 * claim-service's read models, and what they said is recorded in the commands (and so in the events), so a replay of
 * claim.events never reads them again; a re-delivered oracle event derives the same command ids and is decided once.
 */
@ApplicationScoped
public class ParametricTriggers implements TopologyContribution {

    private static final Logger LOG = Logger.getLogger(ParametricTriggers.class);

    public static final String ORACLE_EVENTS = "oracle.events";

    @Inject
    BoundedContext context;

    @Inject
    ClaimParameters parameters;

    /** The governed windows (governance.events); null in tests without CDI, which read {@link #parameters}. */
    @Inject
    Governance governance;

    @Inject
    PolicyBook policies;

    @Inject
    IncidentPlanner planner;

    public ParametricTriggers() {}

    /** For tests that run the process manager without CDI. */
    public ParametricTriggers(
            BoundedContext context, PolicyBook policies, IncidentPlanner planner, ClaimParameters parameters) {
        this.context = context;
        this.policies = policies;
        this.planner = planner;
        this.parameters = parameters;
    }

    @Override
    public void contribute(Topology topology) {
        addTo(topology, ORACLE_EVENTS);
    }

    public Topology addTo(Topology topology, String oracleEvents) {
        return ProcessManagerTopology.addTo(topology, "claim-oracle", context, List.of(oracleEvents), this::react);
    }

    /** The windows an incident is declared with, recorded in DeclareIncident.claimWindowMs. */
    private GovernedClaimParameters governed() {
        return new GovernedClaimParameters(parameters, governance);
    }

    public List<SpecificRecord> react(SpecificRecord event) {
        return switch (event) {
            case TriggerFired e -> fired(e);
            case IncidentConfirmed e -> confirmed(e);
            default -> List.of();
        };
    }

    List<SpecificRecord> fired(TriggerFired e) {
        Product product = policies.product(e.getProductId()).orElse(null);
        if (product == null || !product.parametricOn(e.getTriggerId())) {
            LOG.warnf(
                    "trigger %s fired for %s, which is not a parametric product bound to it: no claims opened",
                    e.getTriggerId(), e.getProductId());
            return List.of();
        }
        int payoutPpm = e.getPayoutPpm();
        List<ClaimablePolicy> paid = planner.activeAt(e.getProductId(), e.getFiredAt());
        Map<String, Money> perPool = new TreeMap<>();
        for (ClaimablePolicy policy : paid) {
            perPool.merge(policy.poolId(), payout(policy, payoutPpm), Money::plus);
        }
        List<SpecificRecord> commands = new ArrayList<>();
        EventMetadata cause = e.getMetadata();
        commands.add(DeclareIncident.newBuilder()
                .setMetadata(
                        CausedBy.metadata(cause, e.getIncidentId(), "declare-parametric-incident", ClaimSagas.ACTOR))
                .setIncidentId(e.getIncidentId())
                .setTitle(String.format(
                        Locale.ROOT,
                        "%s trigger %s fired on %s: %d ppm of cover paid",
                        e.getKind(),
                        e.getTriggerId(),
                        e.getFeedId(),
                        payoutPpm))
                .setProductIds(List.of(e.getProductId()))
                .setOccurredAt(e.getArmedAt())
                .setClaimWindowMs(governed().parametricIncidentWindow().toMillis())
                .setPools(planner.payouts(perPool))
                .setTriggerId(e.getTriggerId())
                .setParametricPolicyIds(
                        paid.stream().map(ClaimablePolicy::policyId).toList())
                .build());
        for (ClaimablePolicy policy : paid) {
            commands.add(OpenParametricClaim.newBuilder()
                    .setMetadata(CausedBy.metadata(
                            cause, policy.policyId(), "open-parametric-claim/" + policy.policyId(), ClaimSagas.ACTOR))
                    .setClaimId("")
                    .setPolicyId(policy.policyId())
                    .setTriggerId(e.getTriggerId())
                    .setIncidentId(e.getIncidentId())
                    .setFiredAt(e.getFiredAt())
                    .setProductId(policy.productId())
                    .setPoolId(policy.poolId())
                    .setClaimant(policy.holder())
                    .setAsset(policy.asset())
                    .setCoverAmount(IncidentPlanner.decimal(policy.coverAmount()))
                    .setCoverLeft(IncidentPlanner.decimal(policy.coverLeft()))
                    .setPolicyStatus(policy.status().name())
                    .setCoverStartAt(policy.startAt())
                    .setCoverEndAt(policy.endAt())
                    .setPayoutPpm(payoutPpm)
                    .setDepegPriceE8(e.getDepegPriceE8())
                    .setTriggerKind(e.getKind().name())
                    .build());
        }
        LOG.infof(
                "trigger %s fired (%s): incident %s, %d parametric claims to open",
                e.getTriggerId(), e.getKind(), e.getIncidentId(), paid.size());
        return commands;
    }

    /** What the decider will pay the policy: floor(cover x ppm / 1e6), at most the cover left. */
    static Money payout(ClaimablePolicy policy, int payoutPpm) {
        return policy.coverAmount().mulDivFloor(payoutPpm, 1_000_000).min(policy.coverLeft());
    }

    List<SpecificRecord> confirmed(IncidentConfirmed e) {
        List<String> products = affectedAssessmentProducts(e);
        if (products.isEmpty()) {
            LOG.infof(
                    "oracle incident %s names no assessment product (product %s, contract %s): nothing to declare",
                    e.getIncidentId(), e.getProductId(), e.getAffectedContract());
            return List.of();
        }
        String title = e.getSummary() == null || e.getSummary().isBlank()
                ? "Incident " + e.getIncidentId() + " confirmed by oracle-service"
                : e.getSummary();
        return List.of(DeclareIncident.newBuilder()
                .setMetadata(CausedBy.metadata(
                        e.getMetadata(), e.getIncidentId(), "declare-confirmed-incident", ClaimSagas.ACTOR))
                .setIncidentId(e.getIncidentId())
                .setTitle(title.length() > 200 ? title.substring(0, 200) : title)
                .setProductIds(products)
                .setOccurredAt(e.getIncidentAt())
                .setClaimWindowMs(governed().incidentClaimWindow().toMillis())
                .setPools(planner.coverAtRisk(products))
                .build());
    }

    private List<String> affectedAssessmentProducts(IncidentConfirmed e) {
        if (e.getProductId() != null && !e.getProductId().isBlank()) {
            return policies.product(e.getProductId())
                    .filter(p -> "ASSESSMENT".equals(p.claimMethod()))
                    .map(p -> List.of(p.productId()))
                    .orElse(List.of());
        }
        if (e.getAffectedContract() == null || e.getAffectedContract().isBlank()) {
            return List.of();
        }
        return policies.products().stream()
                .filter(p -> "ASSESSMENT".equals(p.claimMethod()))
                .filter(p -> e.getAffectedContract().equalsIgnoreCase(p.coveredContract()))
                .map(Product::productId)
                .sorted()
                .toList();
    }
}
