package io.coverclaims.cli;

import static io.coverclaims.cli.Wire.anchored;
import static io.coverclaims.cli.Wire.claimSettled;
import static io.coverclaims.cli.Wire.deposit;
import static io.coverclaims.cli.Wire.enqueued;
import static io.coverclaims.cli.Wire.payoutReleased;
import static io.coverclaims.cli.Wire.payoutReserved;
import static io.coverclaims.cli.Wire.policyActivated;
import static io.coverclaims.cli.Wire.poolCreated;
import static io.coverclaims.cli.Wire.premium;
import static io.coverclaims.cli.Wire.redeemed;
import static io.coverclaims.cli.Wire.sealed;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.schemas.chain.SettlementKind;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class InvariantsTest {

    static final String POOL = "pool-a";

    private long offset;

    /** Feeds the events to fresh invariants, each to its context's topic (by its package), in the order given. */
    private Map<String, Invariants.Check> check(SpecificRecord... events) {
        Invariants invariants = new Invariants();
        for (SpecificRecord event : events) {
            String context = event.getClass().getPackageName().replaceAll(".*\\.", "");
            invariants.accept(Wire.logged(context + ".events", offset++, event));
        }
        return invariants.checks().stream().collect(Collectors.toMap(Invariants.Check::title, Function.identity()));
    }

    private static Invariants.Check ledgers(Map<String, Invariants.Check> checks) {
        return checks.get("every pool's ledger is conserved after every event");
    }

    /** A pool with 1,000 deposited, a premium of 10 (9 credited, 1 kept), a payout of 300 on policy cov-1. */
    private static SpecificRecord[] healthyPool() {
        return new SpecificRecord[] {
            poolCreated(POOL, 0),
            deposit(POOL, 2, 1, 1_000, 1_000),
            policyActivated("cov-1", POOL, 2, 500),
            premium(POOL, 3, 3, "cov-1", 10, 9, 1),
            payoutReserved(POOL, 4, 4, "pay-1", "clm-1", "cov-1", 300)
        };
    }

    @Test
    void a_pool_whose_books_balance_after_every_event_passes_and_shows_its_equation() {
        Map<String, Invariants.Check> checks = check(healthyPool());

        assertThat(checks.values()).allMatch(Invariants.Check::passed);
        assertThat(ledgers(checks).details())
                .contains("1 pool, 4 events of pool.events folded with pool-service's decider")
                .anyMatch(line -> line.equals("pool-a after v4: deposits 0.001 + premiums 0.00001 = capital 0.000709"
                        + " + withdrawals 0 + payouts 0.0003 + fees 0.000001 tUSD  (0.00101 = 0.00101 tUSD)"));
    }

    @Test
    void a_premium_whose_credits_do_not_add_up_breaks_the_ledger_at_that_event() {
        Map<String, Invariants.Check> checks = check(
                poolCreated(POOL, 0),
                deposit(POOL, 2, 1, 1_000, 1_000),
                premium(POOL, 3, 3, "cov-1", 10, 7, 1)); // 7 credited + 1 kept: 2 vanish

        Invariants.Check ledgers = ledgers(checks);
        assertThat(ledgers.passed()).isFalse();
        assertThat(ledgers.violations())
                .singleElement()
                .satisfies(v -> assertThat(v)
                        .startsWith("pool-a after v3 PremiumRecorded (pool.events-0@2): ")
                        .contains("capital 0.001007")
                        .contains("0.00101 ≠ 0.001008 tUSD")
                        .contains("the pool's capital 0.001009 is not the sum of its stakes"));
    }

    @Test
    void a_version_gap_in_a_pools_events_is_a_violation_and_stops_its_fold() {
        Map<String, Invariants.Check> checks =
                check(poolCreated(POOL, 0), deposit(POOL, 3, 1, 1_000, 1_000), deposit(POOL, 4, 2, 5, 1_005));

        assertThat(ledgers(checks).violations())
                .singleElement()
                .satisfies(v -> assertThat(v).contains("version 3, which does not follow 1"));
    }

    @Test
    void a_claim_queued_for_settlement_twice_is_settled_twice() {
        Map<String, Invariants.Check> checks = check(
                enqueued(POOL, 1, 1, SettlementKind.CLAIM_PAYOUT, "clm-1", 300),
                enqueued(POOL, 2, 2, SettlementKind.CLAIM_PAYOUT, "clm-1", 300));

        assertThat(checks.get("each claim is settled at most once").violations())
                .containsExactly("claim clm-1: its payout queued for settlement 2 times in chain.events "
                        + "(SettlementEnqueued CLAIM_PAYOUT)");
    }

    @Test
    void two_payouts_reserved_for_one_claim_are_a_second_settlement_unless_one_was_released() {
        SpecificRecord[] twice = {
            poolCreated(POOL, 0),
            deposit(POOL, 2, 1, 1_000, 1_000),
            payoutReserved(POOL, 3, 2, "pay-1", "clm-1", "cov-1", 100),
            payoutReserved(POOL, 4, 3, "pay-2", "clm-1", "cov-1", 100)
        };
        assertThat(check(twice).get("each claim is settled at most once").violations())
                .containsExactly("claim clm-1: 2 payouts reserved and not released in pool.events [pay-1, pay-2]");

        SpecificRecord[] released = {
            poolCreated(POOL, 0),
            deposit(POOL, 2, 1, 1_000, 1_000),
            payoutReserved(POOL, 3, 2, "pay-1", "clm-1", "cov-1", 100),
            payoutReleased(POOL, 4, 3, "pay-1", "clm-1", 100),
            payoutReserved(POOL, 5, 4, "pay-2", "clm-1", "cov-1", 100)
        };
        assertThat(check(released).get("each claim is settled at most once").passed())
                .isTrue();
    }

    @Test
    void what_was_queued_is_anchored_or_still_on_its_way() {
        Map<String, Invariants.Check> checks = check(
                poolCreated(POOL, 0),
                enqueued(POOL, 1, 1, SettlementKind.CLAIM_PAYOUT, "clm-1", 300),
                enqueued(POOL, 2, 2, SettlementKind.CLAIM_PAYOUT, "clm-2", 200),
                sealed(POOL, 3, 3, "batch-1", "clm-1", 300),
                anchored(POOL, 4, 4, "batch-1", 300),
                enqueued(POOL, 5, 5, SettlementKind.CLAIM_PAYOUT, "clm-3", 50),
                sealed(POOL, 6, 6, "batch-2", "clm-2", 200));

        Invariants.Check sums = checks.get("sum settled = sum anchored (plus what is still on its way)");
        assertThat(sums.passed()).as(sums.violations().toString()).isTrue();
        assertThat(sums.details())
                .containsExactly("pool-a: settled 0.00055 tUSD (3 settlements) = anchored 0.0003 tUSD (1 batch)"
                        + " + on its way 0.00025 tUSD (queued 0.00005 tUSD, in 1 batch sealed and not anchored"
                        + " 0.0002 tUSD)");
    }

    @Test
    void a_sealed_leaf_that_was_never_queued_or_pays_another_amount_breaks_settled_equals_anchored() {
        Map<String, Invariants.Check> checks = check(
                enqueued(POOL, 1, 1, SettlementKind.CLAIM_PAYOUT, "clm-1", 300),
                sealed(POOL, 2, 2, "batch-1", "clm-1", 301, "clm-9", 5),
                anchored(POOL, 3, 3, "batch-1", 306));

        assertThat(checks.get("sum settled = sum anchored (plus what is still on its way)")
                        .violations())
                .contains(
                        "batch batch-1 leaf 0: clm-1 pays 301 but was queued with 300",
                        "batch batch-1 leaf 1: clm-9 was never queued for settlement (no SettlementEnqueued)",
                        "pool-a: settled 300 (minor units) ≠ anchored 306 (minor units) + queued 0 (minor units) + sealed not"
                                + " anchored 0 (minor units)");
    }

    @Test
    void a_claim_settled_for_one_amount_and_queued_for_another_is_a_violation() {
        Map<String, Invariants.Check> checks = check(
                claimSettled("clm-1", "cov-1", POOL, 1, 300),
                enqueued(POOL, 1, 2, SettlementKind.CLAIM_PAYOUT, "clm-1", 250));

        assertThat(checks.get("sum settled = sum anchored (plus what is still on its way)")
                        .violations())
                .containsExactly("claim clm-1: settled for 300 (claim.events) but queued for 250 (chain.events)");
    }

    @Test
    void redeeming_more_than_was_anchored_a_leaf_twice_or_from_an_unanchored_batch_fails() {
        Map<String, Invariants.Check> checks = check(
                enqueued(POOL, 1, 1, SettlementKind.CLAIM_PAYOUT, "clm-1", 300),
                enqueued(POOL, 2, 1, SettlementKind.CLAIM_PAYOUT, "clm-2", 100),
                sealed(POOL, 3, 2, "batch-1", "clm-1", 300),
                anchored(POOL, 4, 3, "batch-1", 300),
                sealed(POOL, 5, 4, "batch-2", "clm-2", 100),
                redeemed(POOL, 6, 5, "batch-1", 0, "clm-1", 300),
                redeemed(POOL, 7, 6, "batch-1", 0, "clm-1", 300),
                redeemed(POOL, 8, 7, "batch-2", 0, "clm-2", 100));

        Invariants.Check redeemed = checks.get("sum redeemed on chain ≤ sum anchored");
        assertThat(redeemed.violations())
                .containsExactly(
                        "batch batch-1 leaf 0: redeemed more than once (tx 0x" + "03".repeat(32) + ")",
                        "batch batch-2 leaf 0: redeemed (tx 0x" + "03".repeat(32)
                                + ") but the batch was never anchored",
                        "pool-a: redeemed 700 (minor units) > anchored 300 (minor units)");
    }

    @Test
    void redeeming_anchored_leaves_once_passes() {
        Map<String, Invariants.Check> checks = check(
                enqueued(POOL, 1, 1, SettlementKind.CLAIM_PAYOUT, "clm-1", 300),
                sealed(POOL, 2, 2, "batch-1", "clm-1", 300),
                anchored(POOL, 3, 3, "batch-1", 300),
                redeemed(POOL, 4, 5, "batch-1", 0, "clm-1", 300));

        assertThat(checks.values()).allMatch(Invariants.Check::passed);
        assertThat(checks.get("sum redeemed on chain ≤ sum anchored").details())
                .containsExactly("pool-a: redeemed 300 (minor units) (1 leaf) ≤ anchored 300 (minor units)");
    }

    @Test
    void payouts_beyond_a_policys_cover_or_on_a_policy_never_activated_fail() {
        Map<String, Invariants.Check> checks = check(
                poolCreated(POOL, 0),
                deposit(POOL, 2, 1, 10_000, 10_000),
                policyActivated("cov-1", POOL, 2, 500),
                payoutReserved(POOL, 3, 3, "pay-1", "clm-1", "cov-1", 400),
                payoutReserved(POOL, 4, 4, "pay-2", "clm-2", "cov-1", 200),
                payoutReserved(POOL, 5, 5, "pay-3", "clm-3", "cov-9", 50),
                claimSettled("clm-4", "cov-1", POOL, 6, 600));

        assertThat(checks.get("no policy has more paid than its cover").violations())
                .containsExactly(
                        "policy cov-1: 0.0006 tUSD in payouts reserved (pool.events) > its cover 0.0005 tUSD",
                        "policy cov-9: 50 (minor units) in payouts reserved (pool.events) but it was never activated"
                                + " (no PolicyActivated)",
                        "policy cov-1: 0.0006 tUSD in claims settled (claim.events) > its cover 0.0005 tUSD");
    }

    @Test
    void a_released_payout_no_longer_counts_as_paid() {
        Map<String, Invariants.Check> checks = check(
                poolCreated(POOL, 0),
                deposit(POOL, 2, 1, 10_000, 10_000),
                policyActivated("cov-1", POOL, 2, 500),
                payoutReserved(POOL, 3, 3, "pay-1", "clm-1", "cov-1", 400),
                payoutReleased(POOL, 4, 4, "pay-1", "clm-1", 400),
                payoutReserved(POOL, 5, 5, "pay-2", "clm-2", "cov-1", 400));

        assertThat(checks.values()).allMatch(Invariants.Check::passed);
    }

    @Test
    void an_empty_log_passes_every_invariant_and_says_there_is_nothing_yet() {
        Map<String, Invariants.Check> checks = check();

        assertThat(checks).hasSize(7);
        assertThat(checks.values()).allMatch(Invariants.Check::passed);
        assertThat(checks.get("sum settled = sum anchored (plus what is still on its way)")
                        .details())
                .containsExactly("nothing settled yet: no SettlementEnqueued in chain.events");
    }

    @Test
    void a_record_that_does_not_decode_is_a_failed_check_of_its_own() {
        Invariants invariants = new Invariants();
        invariants.undecodable("pool.events-0@7: not Avro single-object encoding");

        List<Invariants.Check> checks = invariants.checks();
        assertThat(checks.getFirst().passed()).isFalse();
        assertThat(checks.getFirst().violations()).containsExactly("pool.events-0@7: not Avro single-object encoding");
    }

    @Test
    void claims_of_one_incident_settled_at_different_ratios_are_a_violation() {
        Map<String, Invariants.Check> checks = check(
                policyActivated("cov-1", POOL, 2, 500),
                policyActivated("cov-2", POOL, 2, 500),
                withIncident(claimSettled("clm-1", "cov-1", POOL, 1, 300), "inc-x", 800_000),
                withIncident(claimSettled("clm-2", "cov-2", POOL, 2, 300), "inc-x", 750_000));

        Invariants.Check ratio = checks.get("the claims of one incident are paid one ratio");
        assertThat(ratio.passed()).isFalse();
        assertThat(ratio.violations()).singleElement().asString().contains("inc-x");
    }

    @Test
    void claims_of_one_incident_settled_at_one_ratio_pass() {
        Map<String, Invariants.Check> checks = check(
                policyActivated("cov-1", POOL, 2, 500),
                policyActivated("cov-2", POOL, 2, 500),
                withIncident(claimSettled("clm-1", "cov-1", POOL, 1, 300), "inc-x", 800_000),
                withIncident(claimSettled("clm-2", "cov-2", POOL, 2, 300), "inc-x", 800_000));

        assertThat(checks.get("the claims of one incident are paid one ratio").passed())
                .isTrue();
    }

    private static io.coverclaims.schemas.oracle.TriggerFired fired(String incidentId, int payoutPpm) {
        return io.coverclaims.schemas.oracle.TriggerFired.newBuilder()
                .setMetadata(Wire.meta("USDC-USD", 9, 5))
                .setTriggerId("trg-usdc-depeg")
                .setProductId("prod-depeg")
                .setFeedId("USDC-USD")
                .setIncidentId(incidentId)
                .setArmedAt(Wire.T0)
                .setFiredAt(Wire.T0.plusSeconds(60))
                .setLowestPriceE8(97_000_000L)
                .setThresholdPriceE8(99_500_000L)
                .setRecoveryPriceE8(99_900_000L)
                .setWindowMs(60_000L)
                .setKind(io.coverclaims.schemas.oracle.TriggerKind.DEPEG)
                .setDepegPriceE8(97_000_000L)
                .setPayoutPpm(payoutPpm)
                .build();
    }

    private static io.coverclaims.schemas.claim.IncidentDeclared parametricIncident(
            String incidentId, List<String> policies) {
        return io.coverclaims.schemas.claim.IncidentDeclared.newBuilder()
                .setMetadata(Wire.meta(incidentId, 1, 6))
                .setIncidentId(incidentId)
                .setTitle("depeg")
                .setProductIds(List.of("prod-depeg"))
                .setOccurredAt(Wire.T0)
                .setClaimWindowMs(60_000L)
                .setClaimWindowEndsAt(Wire.T0.plusSeconds(120))
                .setPools(List.of())
                .setMode(io.coverclaims.schemas.claim.IncidentPayoutMode.FULL)
                .setTriggerId("trg-usdc-depeg")
                .setParametricPolicyIds(policies)
                .build();
    }

    private static io.coverclaims.schemas.claim.ParametricClaimOpened parametricClaim(
            String claimId, String policyId, String incidentId, long cover, long payout, int payoutPpm) {
        return io.coverclaims.schemas.claim.ParametricClaimOpened.newBuilder()
                .setMetadata(Wire.meta(policyId, 1, 7))
                .setClaimId(claimId)
                .setPolicyId(policyId)
                .setProductId("prod-depeg")
                .setPoolId(POOL)
                .setClaimant(Wire.HOLDER)
                .setAsset("tUSD")
                .setTriggerId("trg-usdc-depeg")
                .setIncidentId(incidentId)
                .setFiredAt(Wire.T0.plusSeconds(60))
                .setCoverAmount(java.math.BigDecimal.valueOf(cover))
                .setPayoutAmount(java.math.BigDecimal.valueOf(payout))
                .setPayoutPpm(payoutPpm)
                .setDepegPriceE8(97_000_000L)
                .setTriggerKind("DEPEG")
                .build();
    }

    static final String TRIGGER_RULE = "a fired trigger pays each of its policies once, at its rule";

    @Test
    void parametric_claims_of_a_fired_trigger_each_once_at_its_rule_pass() {
        Map<String, Invariants.Check> checks = check(
                fired("inc-usdc-depeg-1", 30_000),
                parametricIncident("inc-usdc-depeg-1", List.of("cov-1", "cov-2")),
                parametricClaim("clm-1", "cov-1", "inc-usdc-depeg-1", 1_000, 30, 30_000),
                parametricClaim("clm-2", "cov-2", "inc-usdc-depeg-1", 333, 9, 30_000));

        Invariants.Check check = checks.get(TRIGGER_RULE);
        assertThat(check.passed()).isTrue();
        assertThat(check.details())
                .containsExactly("1 trigger fired (oracle.events), 2 policies listed by their incidents, 2 parametric"
                        + " claims opened");
    }

    @Test
    void a_second_claim_an_unlisted_policy_an_overpayment_or_another_rule_each_break_the_trigger_invariant() {
        Map<String, Invariants.Check> checks = check(
                fired("inc-usdc-depeg-1", 30_000),
                parametricIncident("inc-usdc-depeg-1", List.of("cov-1", "cov-2")),
                parametricClaim("clm-1", "cov-1", "inc-usdc-depeg-1", 1_000, 30, 30_000),
                parametricClaim("clm-2", "cov-1", "inc-usdc-depeg-1", 1_000, 30, 30_000),
                parametricClaim("clm-3", "cov-9", "inc-usdc-depeg-1", 1_000, 30, 30_000),
                parametricClaim("clm-4", "cov-2", "inc-usdc-depeg-1", 1_000, 31, 30_000),
                parametricClaim("clm-5", "cov-3", "inc-other-1", 1_000, 10, 10_000));

        Invariants.Check check = checks.get(TRIGGER_RULE);
        assertThat(check.passed()).isFalse();
        assertThat(check.violations())
                .anyMatch(v -> v.startsWith("claim clm-2") && v.contains("a second parametric claim for policy cov-1"))
                .anyMatch(v -> v.startsWith("claim clm-3") && v.contains("not among the policies"))
                .anyMatch(v ->
                        v.startsWith("claim clm-4") && v.contains("more than floor(cover 1000 x 30000 / 1e6) = 30"))
                .anyMatch(v -> v.startsWith("claim clm-5") && v.contains("no TriggerFired"));
    }

    private static io.coverclaims.schemas.claim.ClaimSettled withIncident(
            io.coverclaims.schemas.claim.ClaimSettled settled, String incidentId, long ratioPpm) {
        settled.setIncidentId(incidentId);
        settled.setIncidentRatioPpm(ratioPpm);
        return settled;
    }
}
