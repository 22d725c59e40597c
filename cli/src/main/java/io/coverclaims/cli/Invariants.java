package io.coverclaims.cli;

import io.coverclaims.pool.domain.pool.PoolState;
import io.coverclaims.schemas.chain.AnchorFailed;
import io.coverclaims.schemas.chain.AnchorReorged;
import io.coverclaims.schemas.chain.SettlementBatchAnchored;
import io.coverclaims.schemas.chain.SettlementBatchSealed;
import io.coverclaims.schemas.chain.SettlementEnqueued;
import io.coverclaims.schemas.chain.SettlementKind;
import io.coverclaims.schemas.chain.SettlementLeaf;
import io.coverclaims.schemas.chain.SettlementRedeemed;
import io.coverclaims.schemas.claim.ClaimSettled;
import io.coverclaims.schemas.claim.IncidentDeclared;
import io.coverclaims.schemas.claim.IncidentRatioFixed;
import io.coverclaims.schemas.claim.ParametricClaimOpened;
import io.coverclaims.schemas.oracle.TriggerFired;
import io.coverclaims.schemas.policy.PolicyActivated;
import io.coverclaims.schemas.pool.PayoutReleased;
import io.coverclaims.schemas.pool.PayoutReserved;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cross-context invariants of {@code ./claims verify}, over events given in log order (each topic's partitions in
 * offset order; topics in any order), without Kafka. What each checks:
 *
 * <ol>
 *   <li><b>every pool's ledger is conserved after every event</b>: pool.events folded with pool-service's own
 *       decider; after each event deposits + premiums = capital + withdrawals + payouts + fees, with the capital the sum
 *       of the providers' stakes (what the events credited and debited position by position) and equal to the pool's
 *       own capital;
 *   <li><b>each claim is settled at most once</b>: per claim, at most one ClaimSettled (claim.events), one claim
 *       payout queued for settlement (chain.events SettlementEnqueued CLAIM_PAYOUT), one payout reserved and not
 *       released (pool.events PayoutReserved / PayoutReleased);
 *   <li><b>sum settled = sum anchored</b>, per pool: what was queued for settlement (SettlementEnqueued) equals what
 *       was anchored on chain (SettlementBatchAnchored) plus what is still on its way (queued, or sealed and not yet
 *       anchored); every sealed leaf is a queued settlement with its amount, sealed once; every batch's total is the
 *       sum of its leaves; a ClaimSettled and its queued payout agree on the amount;
 *   <li><b>sum redeemed on chain ≤ sum anchored</b>, per pool: every SettlementRedeemed is a leaf of an anchored batch,
 *       with its amount, redeemed once;
 *   <li><b>no policy has more paid than its cover</b>: per policy, the payouts reserved and not released
 *       (pool.events) and the claims settled (claim.events) are each at most the cover it was activated with
 *       (policy.events PolicyActivated), and nothing is paid on a policy that was never activated;
 *   <li><b>the claims of one incident are paid one ratio</b>: every ClaimSettled naming an incident records the same
 *       incidentRatioPpm (claim.events), the ratio of IncidentRatioFixed when the incident fixed one;
 *   <li><b>a fired trigger pays each of its policies once, at its rule</b>: every parametric claim
 *       (ParametricClaimOpened, claim.events) names the incident of a TriggerFired (oracle.events) and one of the
 *       policies its declaration lists (IncidentDeclared.parametricPolicyIds), records the trigger's payoutPpm, and is
 *       paid at most floor(cover x payoutPpm / 1e6); no policy gets two claims from one firing.
 * </ol>
 */
final class Invariants {

    /** The topics the invariants read, once each. */
    static final List<String> TOPICS =
            List.of("policy.events", "pool.events", "claim.events", "chain.events", "oracle.events");

    /** How many violations of one invariant are listed; the rest are counted. */
    static final int SHOWN = 10;

    /** One invariant's verdict: what it counted, and every violation (where, what). */
    record Check(String title, List<String> details, List<String> violations) {
        boolean passed() {
            return violations.isEmpty();
        }
    }

    private final Contexts.Context pool = Contexts.get("pool");

    // 1. ledgers
    private final Map<String, Fold> pools = new TreeMap<>();
    private final Set<String> brokenPools = new TreeSet<>();
    private final Map<String, Long> poolEvents = new TreeMap<>();
    private final List<String> ledgerViolations = new ArrayList<>();

    // 2.-5.: claims, settlements, redemptions, cover
    private final Map<String, Integer> claimsSettled = new TreeMap<>(); // claim id → ClaimSettled count
    private final Map<String, ClaimSettled> claimSettlement = new HashMap<>(); // claim id → the first
    // 6.: incident id → claim id → the ratio its settlement records; incident id → the ratio it fixed
    private final Map<String, Map<String, Long>> incidentRatios = new TreeMap<>();
    private final Map<String, Long> fixedRatios = new TreeMap<>();
    private final Map<String, List<SettlementEnqueued>> enqueued = new LinkedHashMap<>(); // reference id → enqueued
    private final Map<String, PayoutReserved> payouts = new LinkedHashMap<>(); // payout id → reserved
    private final Set<String> releasedPayouts = new HashSet<>();
    private final Map<String, SettlementBatchSealed> batches = new LinkedHashMap<>(); // batch id → sealed
    private final Map<String, List<SettlementBatchAnchored>> anchors = new LinkedHashMap<>(); // batch id → anchored
    private final Map<String, Boolean> anchoredNow = new HashMap<>(); // batch id → its last anchoring stands
    private final List<SettlementRedeemed> redemptions = new ArrayList<>();
    private final Map<String, PolicyActivated> covers = new HashMap<>(); // policy id → activated
    private final List<String> readProblems = new ArrayList<>();
    // 7.: parametric incident id → its TriggerFired; → the policies its declaration lists; → its claims
    private final Map<String, TriggerFired> firings = new TreeMap<>();
    private final Map<String, Set<String>> parametricPolicies = new TreeMap<>();
    private final List<ParametricClaimOpened> parametricClaims = new ArrayList<>();

    /** Takes the next event of its topic. */
    void accept(LoggedEvent event) {
        switch (event.topic()) {
            case "pool.events" -> pool(event);
            case "chain.events" -> chain(event);
            case "claim.events" -> claim(event);
            case "policy.events" -> policy(event);
            case "oracle.events" -> {
                if (event.event() instanceof TriggerFired fired) {
                    firings.putIfAbsent(fired.getIncidentId(), fired);
                }
            }
            default -> {}
        }
    }

    /** A record that could not be read as an event: the log itself is broken there. */
    void undecodable(String problem) {
        readProblems.add(problem);
    }

    private void pool(LoggedEvent event) {
        String poolId = event.aggregateId();
        poolEvents.merge(poolId, 1L, Long::sum);
        switch (event.event()) {
            case PayoutReserved reserved -> payouts.putIfAbsent(reserved.getPayoutId(), reserved);
            case PayoutReleased released -> releasedPayouts.add(released.getPayoutId());
            default -> {}
        }
        if (brokenPools.contains(poolId)) {
            return;
        }
        Fold folded;
        try {
            folded = Fold.apply(pool, pools.get(poolId), event);
        } catch (Fold.Broken e) {
            brokenPools.add(poolId);
            ledgerViolations.add(poolId + ": cannot fold " + e.getMessage() + " (the events after it are not checked)");
            return;
        }
        pools.put(poolId, folded);
        if (folded.state() instanceof PoolState.Pool live) {
            LedgerBooks books = books(live);
            BigInteger ownCapital = live.capital().value();
            if (!books.conserved() || !ownCapital.equals(books.capital())) {
                int decimals = live.params().assetDecimals();
                String asset = live.params().asset();
                ledgerViolations.add(poolId + " after v" + event.version() + " " + event.type() + " ("
                        + event.position() + "): " + books.equation(decimals, asset) + "  ("
                        + books.balance(decimals, asset)
                        + (ownCapital.equals(books.capital())
                                ? ""
                                : "; the pool's capital " + LedgerBooks.format(ownCapital, decimals)
                                        + " is not the sum of its stakes")
                        + ")");
            }
        }
    }

    /** The books of a live pool, its capital counted as the sum of the providers' stakes. */
    static LedgerBooks books(PoolState.Pool pool) {
        PoolState.Ledger ledger = pool.ledger();
        BigInteger stakes =
                pool.stakes().values().stream().map(money -> money.value()).reduce(BigInteger.ZERO, BigInteger::add);
        return new LedgerBooks(
                ledger.deposits().value(),
                ledger.premiums().value(),
                stakes,
                ledger.withdrawals().value(),
                ledger.payouts().value(),
                ledger.fees().value());
    }

    private void chain(LoggedEvent event) {
        switch (event.event()) {
            case SettlementEnqueued e ->
                enqueued.computeIfAbsent(e.getReferenceId(), r -> new ArrayList<>())
                        .add(e);
            case SettlementBatchSealed e -> batches.putIfAbsent(e.getBatchId(), e);
            case SettlementBatchAnchored e -> {
                anchors.computeIfAbsent(e.getBatchId(), b -> new ArrayList<>()).add(e);
                anchoredNow.put(e.getBatchId(), true);
            }
            case AnchorReorged e -> anchoredNow.put(e.getBatchId(), false);
            case AnchorFailed e -> anchoredNow.put(e.getBatchId(), false);
            case SettlementRedeemed e -> redemptions.add(e);
            default -> {}
        }
    }

    private void claim(LoggedEvent event) {
        if (event.event() instanceof ClaimSettled settled) {
            claimsSettled.merge(settled.getClaimId(), 1, Integer::sum);
            claimSettlement.putIfAbsent(settled.getClaimId(), settled);
            if (settled.getIncidentId() != null) {
                incidentRatios
                        .computeIfAbsent(settled.getIncidentId(), i -> new TreeMap<>())
                        .put(settled.getClaimId(), settled.getIncidentRatioPpm());
            }
        }
        if (event.event() instanceof IncidentRatioFixed fixed) {
            fixedRatios.put(fixed.getIncidentId(), fixed.getRatioPpm());
        }
        if (event.event() instanceof IncidentDeclared declared && declared.getTriggerId() != null) {
            parametricPolicies.put(declared.getIncidentId(), new TreeSet<>(declared.getParametricPolicyIds()));
        }
        if (event.event() instanceof ParametricClaimOpened opened) {
            parametricClaims.add(opened);
        }
    }

    private void policy(LoggedEvent event) {
        if (event.event() instanceof PolicyActivated activated) {
            covers.putIfAbsent(activated.getPolicyId(), activated);
        }
    }

    // ------------------------------------------------------------------------------------------------ verdicts

    /** Every invariant's verdict, in the order of the class comment; first, when records did not decode, that one. */
    List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        if (!readProblems.isEmpty()) {
            checks.add(new Check(
                    "every record of the event topics is an event of a published schema",
                    List.of(readProblems.size() + " records do not decode"),
                    readProblems));
        }
        checks.add(ledgers());
        checks.add(settledOnce());
        checks.add(settledAnchored());
        checks.add(redeemedAnchored());
        checks.add(paidWithinCover());
        checks.add(oneRatioPerIncident());
        checks.add(triggersPayOnce());
        return checks;
    }

    private Check triggersPayOnce() {
        List<String> violations = new ArrayList<>();
        Map<String, Set<String>> claimed = new TreeMap<>(); // incident → policies with a claim
        for (ParametricClaimOpened claim : parametricClaims) {
            String incident = claim.getIncidentId();
            String where = "claim " + claim.getClaimId() + " (incident " + incident + ")";
            TriggerFired fired = firings.get(incident);
            if (fired == null) {
                violations.add(where + ": no TriggerFired in oracle.events has this incident");
            } else if (fired.getPayoutPpm() != claim.getPayoutPpm()) {
                violations.add(where + ": records " + claim.getPayoutPpm() + " ppm, the trigger fired at "
                        + fired.getPayoutPpm() + " ppm");
            }
            Set<String> listed = parametricPolicies.get(incident);
            if (listed == null || !listed.contains(claim.getPolicyId())) {
                violations.add(where + ": policy " + claim.getPolicyId()
                        + " is not among the policies its incident's declaration lists");
            }
            BigInteger cover = units(claim.getCoverAmount());
            BigInteger most =
                    cover.multiply(BigInteger.valueOf(claim.getPayoutPpm())).divide(BigInteger.valueOf(1_000_000));
            if (units(claim.getPayoutAmount()).compareTo(most) > 0) {
                violations.add(where + ": pays " + units(claim.getPayoutAmount()) + ", more than floor(cover " + cover
                        + " x " + claim.getPayoutPpm() + " / 1e6) = " + most);
            }
            if (!claimed.computeIfAbsent(incident, i -> new TreeSet<>()).add(claim.getPolicyId())) {
                violations.add(where + ": a second parametric claim for policy " + claim.getPolicyId());
            }
        }
        long listed = parametricPolicies.values().stream().mapToLong(Set::size).sum();
        return new Check(
                "a fired trigger pays each of its policies once, at its rule",
                List.of(firings.size() + plural(firings.size(), " trigger fired", " triggers fired")
                        + " (oracle.events), "
                        + listed + plural(listed, " policy", " policies") + " listed by their incidents, "
                        + parametricClaims.size()
                        + plural(parametricClaims.size(), " parametric claim", " parametric claims")
                        + " opened"),
                violations);
    }

    private Check oneRatioPerIncident() {
        List<String> violations = new ArrayList<>();
        incidentRatios.forEach((incident, ratios) -> {
            Set<Long> distinct = new TreeSet<>(ratios.values());
            Long fixed = fixedRatios.get(incident);
            if (fixed != null) {
                distinct.add(fixed);
            }
            if (distinct.size() > 1) {
                violations.add("incident " + incident + ": its claims were settled at different ratios (ppm) " + ratios
                        + (fixed == null ? "" : ", fixed " + fixed));
            }
        });
        long claims = incidentRatios.values().stream().mapToLong(Map::size).sum();
        return new Check(
                "the claims of one incident are paid one ratio",
                List.of(incidentRatios.size() + plural(incidentRatios.size(), " incident", " incidents") + ", " + claims
                        + plural(claims, " claim", " claims") + " settled under one"),
                violations);
    }

    private Check ledgers() {
        List<String> details = new ArrayList<>();
        long events = poolEvents.values().stream().mapToLong(Long::longValue).sum();
        details.add(pools.size() + plural(pools.size(), " pool", " pools") + ", " + events
                + plural(events, " event", " events") + " of pool.events folded with pool-service's decider");
        for (Map.Entry<String, Fold> entry : pools.entrySet()) {
            if (entry.getValue().state() instanceof PoolState.Pool live && !brokenPools.contains(entry.getKey())) {
                LedgerBooks books = books(live);
                int decimals = live.params().assetDecimals();
                String asset = live.params().asset();
                details.add(entry.getKey() + " after v" + entry.getValue().version() + ": "
                        + books.equation(decimals, asset) + "  (" + books.balance(decimals, asset) + ")");
            }
        }
        return new Check("every pool's ledger is conserved after every event", details, ledgerViolations);
    }

    private Check settledOnce() {
        List<String> violations = new ArrayList<>();
        claimsSettled.forEach((claim, count) -> {
            if (count > 1) {
                violations.add("claim " + claim + ": " + count + " ClaimSettled in claim.events");
            }
        });
        Map<String, Integer> queued = new TreeMap<>();
        enqueued.forEach((reference, list) -> {
            long payouts = list.stream()
                    .filter(e -> e.getKind() == SettlementKind.CLAIM_PAYOUT)
                    .count();
            if (payouts > 0) {
                queued.put(reference, (int) payouts);
            }
        });
        queued.forEach((claim, count) -> {
            if (count > 1) {
                violations.add("claim " + claim + ": its payout queued for settlement " + count
                        + " times in chain.events (SettlementEnqueued CLAIM_PAYOUT)");
            }
        });
        Map<String, List<String>> activeByClaim = new TreeMap<>();
        payouts.values().stream()
                .filter(p -> !releasedPayouts.contains(p.getPayoutId()))
                .forEach(p -> activeByClaim
                        .computeIfAbsent(p.getClaimId(), c -> new ArrayList<>())
                        .add(p.getPayoutId()));
        activeByClaim.forEach((claim, ids) -> {
            if (ids.size() > 1) {
                violations.add("claim " + claim + ": " + ids.size() + " payouts reserved and not released in "
                        + "pool.events " + ids);
            }
        });
        Set<String> claims = new TreeSet<>(claimsSettled.keySet());
        claims.addAll(queued.keySet());
        claims.addAll(activeByClaim.keySet());
        List<String> details = List.of(claims.size() + plural(claims.size(), " claim", " claims")
                + " settled or paying out: " + claimsSettled.size() + " with ClaimSettled (claim.events), "
                + queued.size() + " with a payout queued for settlement (chain.events), " + activeByClaim.size()
                + " with a payout reserved (pool.events, " + payouts.size() + " reserved, " + releasedPayouts.size()
                + " released)");
        return new Check("each claim is settled at most once", details, violations);
    }

    /** Amounts of one pool, for the per-pool sums. */
    private static final class PoolSums {
        BigInteger enqueued = BigInteger.ZERO;
        BigInteger queued = BigInteger.ZERO;
        BigInteger sealedWaiting = BigInteger.ZERO;
        BigInteger anchored = BigInteger.ZERO;
        BigInteger redeemed = BigInteger.ZERO;
        int settlements;
        int anchoredBatches;
        int waitingBatches;
        int redemptions;
    }

    private Check settledAnchored() {
        List<String> violations = new ArrayList<>();
        Map<String, PoolSums> sums = new TreeMap<>();
        Set<String> sealedReferences = new HashSet<>();
        enqueued.forEach((reference, list) -> {
            for (SettlementEnqueued e : list) {
                PoolSums pool = sums.computeIfAbsent(e.getPoolId(), p -> new PoolSums());
                pool.enqueued = pool.enqueued.add(units(e.getAmount()));
                pool.settlements++;
            }
        });
        for (SettlementBatchSealed batch : batches.values()) {
            PoolSums pool = sums.computeIfAbsent(batch.getPoolId(), p -> new PoolSums());
            BigInteger leaves = BigInteger.ZERO;
            for (SettlementLeaf leaf : batch.getLeaves()) {
                leaves = leaves.add(units(leaf.getAmount()));
                List<SettlementEnqueued> queuedAs = enqueued.get(leaf.getReferenceId());
                if (!sealedReferences.add(leaf.getReferenceId())) {
                    violations.add("batch " + batch.getBatchId() + " leaf " + leaf.getIndex() + ": "
                            + leaf.getReferenceId() + " is sealed in more than one leaf or batch");
                } else if (queuedAs == null) {
                    violations.add("batch " + batch.getBatchId() + " leaf " + leaf.getIndex() + ": "
                            + leaf.getReferenceId() + " was never queued for settlement (no SettlementEnqueued)");
                } else if (units(queuedAs.getFirst().getAmount()).compareTo(units(leaf.getAmount())) != 0) {
                    violations.add("batch " + batch.getBatchId() + " leaf " + leaf.getIndex() + ": "
                            + leaf.getReferenceId() + " pays " + units(leaf.getAmount()) + " but was queued with "
                            + units(queuedAs.getFirst().getAmount()));
                }
            }
            BigInteger total = units(batch.getTotalAmount());
            if (!leaves.equals(total)) {
                violations.add(
                        "batch " + batch.getBatchId() + ": total " + total + " but its leaves add up to " + leaves);
            }
            List<SettlementBatchAnchored> anchoredAs = anchors.getOrDefault(batch.getBatchId(), List.of());
            for (SettlementBatchAnchored anchor : anchoredAs) {
                if (!units(anchor.getTotalAmount()).equals(total)) {
                    violations.add("batch " + batch.getBatchId() + ": anchored (attempt " + anchor.getAttempt()
                            + ") with total " + units(anchor.getTotalAmount()) + ", sealed with " + total);
                }
            }
            if (!anchoredNow.getOrDefault(batch.getBatchId(), false)) { // never anchored, or reorged / failed since
                pool.sealedWaiting = pool.sealedWaiting.add(total);
                pool.waitingBatches++;
            } else {
                pool.anchored = pool.anchored.add(total);
                pool.anchoredBatches++;
            }
        }
        anchors.keySet().stream()
                .filter(batch -> !batches.containsKey(batch))
                .forEach(batch -> violations.add("batch " + batch + ": anchored but never sealed"));
        enqueued.forEach((reference, list) -> {
            if (!sealedReferences.contains(reference)) {
                for (SettlementEnqueued e : list) {
                    PoolSums pool = sums.get(e.getPoolId());
                    pool.queued = pool.queued.add(units(e.getAmount()));
                }
            }
        });
        int notYetQueued = 0;
        for (ClaimSettled settled : claimSettlement.values()) {
            List<SettlementEnqueued> queuedAs = enqueued.get(settled.getClaimId());
            if (queuedAs == null) {
                notYetQueued++;
            } else if (!units(queuedAs.getFirst().getAmount()).equals(units(settled.getSettledAmount()))) {
                violations.add("claim " + settled.getClaimId() + ": settled for "
                        + units(settled.getSettledAmount()) + " (claim.events) but queued for "
                        + units(queuedAs.getFirst().getAmount()) + " (chain.events)");
            }
        }
        List<String> details = new ArrayList<>();
        if (sums.isEmpty()) {
            details.add("nothing settled yet: no SettlementEnqueued in chain.events");
        }
        sums.forEach((poolId, pool) -> {
            BigInteger accounted = pool.anchored.add(pool.queued).add(pool.sealedWaiting);
            details.add(poolId + ": settled " + money(poolId, pool.enqueued) + " (" + pool.settlements
                    + plural(pool.settlements, " settlement", " settlements") + ")"
                    + (pool.enqueued.equals(accounted) ? " = " : " ≠ ") + "anchored " + money(poolId, pool.anchored)
                    + " (" + pool.anchoredBatches + plural(pool.anchoredBatches, " batch", " batches") + ")"
                    + " + on its way " + money(poolId, pool.queued.add(pool.sealedWaiting)) + " (queued "
                    + money(poolId, pool.queued) + ", in " + pool.waitingBatches
                    + plural(pool.waitingBatches, " batch", " batches") + " sealed and not anchored "
                    + money(poolId, pool.sealedWaiting) + ")");
            if (!pool.enqueued.equals(accounted)) {
                violations.add(poolId + ": settled " + money(poolId, pool.enqueued) + " ≠ anchored "
                        + money(poolId, pool.anchored) + " + queued " + money(poolId, pool.queued)
                        + " + sealed not anchored " + money(poolId, pool.sealedWaiting));
            }
        });
        if (!claimSettlement.isEmpty()) {
            details.add(claimSettlement.size() + " claims settled in claim.events, " + notYetQueued
                    + " of them not yet queued in chain.events");
        }
        return new Check("sum settled = sum anchored (plus what is still on its way)", details, violations);
    }

    private Check redeemedAnchored() {
        List<String> violations = new ArrayList<>();
        Map<String, PoolSums> sums = new TreeMap<>();
        for (SettlementBatchSealed batch : batches.values()) {
            if (anchoredNow.getOrDefault(batch.getBatchId(), false)) {
                PoolSums pool = sums.computeIfAbsent(batch.getPoolId(), p -> new PoolSums());
                pool.anchored = pool.anchored.add(units(batch.getTotalAmount()));
            }
        }
        Set<String> redeemedLeaves = new HashSet<>();
        for (SettlementRedeemed redeemed : redemptions) {
            String leafName = "batch " + redeemed.getBatchId() + " leaf " + redeemed.getLeafIndex();
            PoolSums pool = sums.computeIfAbsent(redeemed.getPoolId(), p -> new PoolSums());
            pool.redeemed = pool.redeemed.add(units(redeemed.getAmount()));
            pool.redemptions++;
            SettlementBatchSealed batch = batches.get(redeemed.getBatchId());
            if (!redeemedLeaves.add(redeemed.getBatchId() + "#" + redeemed.getLeafIndex())) {
                violations.add(leafName + ": redeemed more than once (tx " + redeemed.getTxHash() + ")");
            } else if (batch == null || !anchors.containsKey(redeemed.getBatchId())) {
                violations.add(leafName + ": redeemed (tx " + redeemed.getTxHash() + ") but the batch was "
                        + (batch == null ? "never sealed" : "never anchored"));
            } else {
                SettlementLeaf leaf = batch.getLeaves().stream()
                        .filter(l -> l.getIndex() == redeemed.getLeafIndex())
                        .findFirst()
                        .orElse(null);
                if (leaf == null) {
                    violations.add(leafName + ": redeemed but the batch has no such leaf");
                } else if (!units(leaf.getAmount()).equals(units(redeemed.getAmount()))) {
                    violations.add(leafName + ": redeemed " + units(redeemed.getAmount()) + " but the leaf pays "
                            + units(leaf.getAmount()));
                }
            }
        }
        List<String> details = new ArrayList<>();
        if (sums.isEmpty()) {
            details.add("nothing anchored or redeemed yet");
        }
        sums.forEach((poolId, pool) -> {
            boolean within = pool.redeemed.compareTo(pool.anchored) <= 0;
            details.add(poolId + ": redeemed " + money(poolId, pool.redeemed) + " (" + pool.redemptions
                    + plural(pool.redemptions, " leaf", " leaves") + ")" + (within ? " ≤ " : " > ") + "anchored "
                    + money(poolId, pool.anchored));
            if (!within) {
                violations.add(poolId + ": redeemed " + money(poolId, pool.redeemed) + " > anchored "
                        + money(poolId, pool.anchored));
            }
        });
        return new Check("sum redeemed on chain ≤ sum anchored", details, violations);
    }

    private Check paidWithinCover() {
        List<String> violations = new ArrayList<>();
        Map<String, BigInteger> reserved = new TreeMap<>();
        payouts.values().stream()
                .filter(p -> !releasedPayouts.contains(p.getPayoutId()))
                .forEach(p -> reserved.merge(p.getPolicyId(), units(p.getReservedAmount()), BigInteger::add));
        Map<String, BigInteger> settled = new TreeMap<>();
        claimSettlement
                .values()
                .forEach(s -> settled.merge(s.getPolicyId(), units(s.getPayoutAmount()), BigInteger::add));
        Map<String, Map<String, BigInteger>> measures = new LinkedHashMap<>();
        measures.put("payouts reserved (pool.events)", reserved);
        measures.put("claims settled (claim.events)", settled);
        for (Map.Entry<String, Map<String, BigInteger>> measure : measures.entrySet()) {
            measure.getValue().forEach((policy, paid) -> {
                PolicyActivated cover = covers.get(policy);
                if (cover == null) {
                    violations.add("policy " + policy + ": " + paid + " (minor units) in " + measure.getKey()
                            + " but it was never activated (no PolicyActivated)");
                } else if (paid.compareTo(units(cover.getCoverAmount())) > 0) {
                    violations.add("policy " + policy + ": " + money(cover.getPoolId(), paid) + " in "
                            + measure.getKey() + " > its cover "
                            + money(cover.getPoolId(), units(cover.getCoverAmount())));
                }
            });
        }
        Set<String> paidPolicies = new TreeSet<>(reserved.keySet());
        paidPolicies.addAll(settled.keySet());
        List<String> details = List.of(covers.size() + plural(covers.size(), " policy", " policies")
                + " activated (policy.events), " + paidPolicies.size() + " with payouts (" + reserved.size()
                + " with payouts reserved in pool.events, " + settled.size() + " with claims settled in claim.events)");
        return new Check("no policy has more paid than its cover", details, violations);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static BigInteger units(BigDecimal amount) {
        return amount.toBigIntegerExact();
    }

    /** An amount of a pool's asset, with its decimals when the pool is known. */
    private String money(String poolId, BigInteger amount) {
        Fold folded = pools.get(poolId);
        if (folded != null && folded.state() instanceof PoolState.Pool live) {
            return LedgerBooks.format(amount, live.params().assetDecimals()) + " "
                    + live.params().asset();
        }
        return amount + " (minor units)";
    }

    private static String plural(long count, String one, String many) {
        return count == 1 ? one : many;
    }
}
