package io.coverclaims.claim.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.claim.domain.claim.ClaimCommand;
import io.coverclaims.claim.domain.claim.ClaimDecider;
import io.coverclaims.claim.domain.claim.ClaimEvent;
import io.coverclaims.claim.domain.claim.ClaimRules;
import io.coverclaims.claim.domain.claim.ClaimsState;
import io.coverclaims.claim.domain.incident.IncidentCommand;
import io.coverclaims.claim.domain.incident.IncidentDecider;
import io.coverclaims.claim.domain.incident.IncidentEvent;
import io.coverclaims.claim.domain.incident.IncidentPayoutMode;
import io.coverclaims.claim.domain.incident.IncidentPool;
import io.coverclaims.claim.domain.incident.IncidentState;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.money.Money;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A policy's claims and an incident over hundreds of random sequences of submissions, deposits, votes, voids,
 * deadlines (on time, early, late, repeated), appeals, bonds, withdrawals, pool reservations (exact, pro rata, repeated,
 * unasked for, declined) and redemptions, the process managers between the aggregates run synchronously. Every event
 * is checked against a model kept by hand in this test from the policies' cover, the pools' capital and the events
 * (never the domain's own arithmetic):
 * <ul>
 *   <li>no policy is ever settled more than its cover, and a policy never has two open claims;</li>
 *   <li>no claim is settled twice; a payout is requested at most once (per payoutId), for floor(payout x ratio / 1e6)
 *       of a payout no larger than the claimed amount; what is settled is at most what was requested;</li>
 *   <li>a PRO_RATA incident never asks a pool for more than its capital (nor all its pools for more than theirs); its
 *       ratio is the model's min(1e6, min over pools of floor(capital x 1e6 / accepted)); every claim of an incident is
 *       released, and requests its payout, at the same ratio;</li>
 *   <li>replaying each aggregate's events rebuilds its state.</li>
 * </ul>
 * Plain seeded runs (this module has no jqwik): a failure names its seed.
 */
class ClaimsPropertyTest {

    static final int RUNS = 300;
    static final int STEPS = 400;
    static final long DAY = Duration.ofDays(1).toMillis();
    static final long PPM = 1_000_000;
    static final String INCIDENT = "inc-prop";
    static final List<String> ASSESSORS = List.of(address(1), address(2), address(3));
    static final String OUTSIDER = address(7);
    static final List<String> ARBITERS = List.of(address(8), address(9), address(1));
    static final List<String> POOLS = List.of("pool-a", "pool-b");
    static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    static final ClaimRules RULES = new ClaimRules(35 * DAY, 3 * DAY, DAY, DAY, DAY, 7 * DAY, 100, Money.of(5));

    static final AtomicLong SETTLED = new AtomicLong();
    static final AtomicLong INCIDENT_RELEASES = new AtomicLong();
    static final AtomicLong RATIOS_BELOW_ONE = new AtomicLong();
    static final AtomicLong APPEALS_DECIDED = new AtomicLong();

    static String address(int n) {
        return "0x" + String.valueOf(n).repeat(40);
    }

    @Test
    void random_claim_vote_and_incident_sequences_pay_within_cover_once_and_at_one_incident_ratio() {
        for (long seed = 1; seed <= RUNS; seed++) {
            try {
                new Run(seed).run();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
        }
        // the sequences reach the interesting places
        System.out.printf(
                "settled %d, incident releases %d, ratios below one %d, appeals upheld %d%n",
                SETTLED.get(), INCIDENT_RELEASES.get(), RATIOS_BELOW_ONE.get(), APPEALS_DECIDED.get());
        assertThat(SETTLED.get()).isGreaterThan(RUNS / 2);
        assertThat(INCIDENT_RELEASES.get()).isGreaterThan(RUNS / 5);
        assertThat(RATIOS_BELOW_ONE.get()).isGreaterThan(RUNS / 30);
        assertThat(APPEALS_DECIDED.get()).isGreaterThan(10);
    }

    record Policy(String id, String holder, BigInteger cover, String pool) {}

    /** What the model knows of a claim, from its ClaimSubmitted. */
    record Known(String claimId, Policy policy, BigInteger claimed, String incidentId) {}

    static final class Run {
        final Random random;
        Instant now = T0;
        final List<Policy> policies = new ArrayList<>();
        final Map<String, ClaimsState> states = new HashMap<>();
        final Map<String, List<ClaimEvent>> logs = new HashMap<>();
        IncidentState incident = IncidentDecider.DECIDER.initialState();
        final List<IncidentEvent> incidentLog = new ArrayList<>();
        final Deque<Object> processManagers = new ArrayDeque<>();

        // the model
        final Map<String, BigInteger> capital = new LinkedHashMap<>();
        Instant incidentWindowEnds;
        boolean proRata;
        final Map<String, Integer> submissions = new HashMap<>();
        final Map<String, String> openClaim = new HashMap<>();
        final Map<String, Known> known = new LinkedHashMap<>();
        final Map<String, BigInteger> settledByPolicy = new HashMap<>();
        final Set<String> settledClaims = new HashSet<>();
        final Set<String> payoutsRequested = new HashSet<>();
        final Map<String, BigInteger> requestedAmount = new HashMap<>();
        final Map<String, BigInteger> incidentRequestedByPool = new HashMap<>();
        final Map<String, BigInteger> incidentAdmittedByPool = new HashMap<>();
        final Set<Long> incidentRatios = new TreeSet<>();
        final Map<String, BigInteger> deniedBond = new HashMap<>();
        final List<ClaimEvent.ClaimPayoutRequested> pendingPayouts = new ArrayList<>();
        final List<ClaimEvent.ClaimSettled> pendingRedemptions = new ArrayList<>();

        Run(long seed) {
            this.random = new Random(seed);
        }

        void run() {
            for (int i = 0; i < 3; i++) {
                String uuid = String.format("%08x-0000-4000-8000-%012x", random.nextInt(1 << 30), (long) i);
                policies.add(new Policy(
                        "cov-" + uuid,
                        address(4 + i),
                        BigInteger.valueOf(1_000 + random.nextInt(9_000)),
                        POOLS.get(random.nextInt(POOLS.size()))));
            }
            List<IncidentPool> pools = new ArrayList<>();
            for (String pool : POOLS) {
                BigInteger cap = BigInteger.valueOf(random.nextInt(6_000));
                BigInteger worst = policies.stream()
                        .filter(p -> p.pool().equals(pool))
                        .map(Policy::cover)
                        .reduce(BigInteger.ZERO, BigInteger::add);
                capital.put(pool, cap);
                pools.add(new IncidentPool(pool, Money.of(cap), Money.of(worst)));
            }
            incidentWindowEnds = T0.plusMillis(30 * DAY);
            send(new IncidentCommand.DeclareIncident(
                    INCIDENT, "exploit", List.of("prod-x"), T0, 30 * DAY, pools, null, List.of(), T0));
            proRata = pools.stream().anyMatch(p -> p.worstCase().isGreaterThan(p.capital()));
            assertThat(((IncidentEvent.IncidentDeclared) incidentLog.getFirst()).mode())
                    .isEqualTo(proRata ? IncidentPayoutMode.PRO_RATA : IncidentPayoutMode.FULL);

            for (int step = 0; step < STEPS; step++) {
                now = now.plusMillis(random.nextInt((int) (DAY / 2)));
                step();
                drain();
            }
            // replay rebuilds every state
            for (var log : logs.entrySet()) {
                assertThat(ClaimDecider.DECIDER.replay(log.getValue())).isEqualTo(states.get(log.getKey()));
            }
            assertThat(IncidentDecider.DECIDER.replay(incidentLog)).isEqualTo(incident);
        }

        /** Mostly an open claim (that is where the rules are), sometimes any claim ever submitted. */
        String anyKnown() {
            List<String> open = new ArrayList<>(new TreeSet<>(openClaim.values()));
            if (!open.isEmpty() && random.nextInt(10) < 8) {
                return open.get(random.nextInt(open.size()));
            }
            List<String> ids = new ArrayList<>(known.keySet());
            return ids.isEmpty() ? null : ids.get(random.nextInt(ids.size()));
        }

        Money amount(int bound) {
            return Money.of(1 + random.nextInt(bound));
        }

        void step() {
            int op = random.nextInt(100);
            String claimId = anyKnown();
            Known k = claimId == null ? null : known.get(claimId);
            if (op < 12 || k == null) {
                submit();
            } else if (op < 22) {
                send(new ClaimCommand.RecordClaimDeposit(
                        claimId, k.policy().holder(), amount(60), "0xd" + random.nextInt(6), 0, now));
            } else if (op < 40) {
                List<String> voters = new ArrayList<>(ASSESSORS);
                voters.add(OUTSIDER);
                boolean accept = random.nextInt(3) > 0;
                Money loss = accept && random.nextBoolean() ? amount(k.claimed().intValue() + 5) : null;
                send(new ClaimCommand.CastAssessmentVote(
                        claimId, voters.get(random.nextInt(voters.size())), accept, loss, Money.of(1), "", now));
            } else if (op < 46) {
                send(new ClaimCommand.CloseAssessment(claimId, now));
            } else if (op < 52) {
                send(new ClaimCommand.FinalizeAssessment(claimId, now));
            } else if (op < 54) {
                send(new ClaimCommand.VoidAssessmentVote(
                        claimId, ASSESSORS.get(random.nextInt(3)), "fraud", false, now));
            } else if (op < 59) {
                BigInteger bond = deniedBond.getOrDefault(claimId, BigInteger.ONE);
                send(new ClaimCommand.AppealClaim(
                        claimId,
                        ClaimIds.appealId(claimId),
                        k.policy().holder(),
                        Money.of(random.nextInt(5) == 0 ? bond.add(BigInteger.ONE) : bond),
                        "grounds",
                        null,
                        ARBITERS,
                        now));
            } else if (op < 63) {
                send(new ClaimCommand.RecordAppealBond(
                        claimId, k.policy().holder(), amount(30), "0xb" + random.nextInt(6), 1, now));
            } else if (op < 67) {
                boolean upheld = random.nextBoolean();
                send(new ClaimCommand.DecideAppeal(
                        claimId,
                        ClaimIds.appealId(claimId),
                        ARBITERS.get(random.nextInt(ARBITERS.size())),
                        upheld,
                        upheld && random.nextBoolean() ? amount(k.claimed().intValue()) : null,
                        "reason",
                        now));
            } else if (op < 70) {
                send(new ClaimCommand.CloseAppealWindow(claimId, now));
            } else if (op < 72) {
                send(new ClaimCommand.WithdrawClaim(
                        claimId, "w", random.nextBoolean() ? k.policy().holder() : OUTSIDER, now));
            } else if (op < 85) {
                pool();
            } else if (op < 90) {
                redeem();
            } else if (op < 93) {
                if (now.isAfter(incidentWindowEnds)) {
                    send(new IncidentCommand.CloseIncidentWindow(INCIDENT, now));
                }
            } else {
                // deadlines repeated, stale, or for what is not there
                send(new ClaimCommand.SettleClaim(claimId, k.policy().pool(), "pay-bogus", Money.of(1), PPM, now));
            }
        }

        void submit() {
            Policy policy = policies.get(random.nextInt(policies.size()));
            int n = submissions.getOrDefault(policy.id(), 0) + (random.nextInt(10) == 0 ? 2 : 1);
            BigInteger settled = settledByPolicy.getOrDefault(policy.id(), BigInteger.ZERO);
            // the policy read model lags behind half the time
            BigInteger snapshot =
                    random.nextBoolean() ? policy.cover() : policy.cover().subtract(settled);
            Instant coverStart = T0.minusMillis(10 * DAY);
            Instant coverEnd = T0.plusMillis(200 * DAY);
            Instant incidentAt =
                    now.isBefore(coverEnd) ? now.minusMillis(random.nextInt((int) DAY)) : coverEnd.minusMillis(1);
            boolean namesIncident = random.nextBoolean();
            send(new ClaimCommand.SubmitClaim(
                    ClaimIds.claimId(policy.id(), n),
                    policy.id(),
                    policy.holder(),
                    incidentAt,
                    Money.of(1 + random.nextInt(policy.cover().intValue() + 500)),
                    "d",
                    null,
                    Money.of(random.nextInt(3) == 0 ? 0 : 50),
                    null,
                    namesIncident ? INCIDENT : null,
                    policy.holder(),
                    "prod-x",
                    "PROTOCOL_EXPLOIT",
                    policy.pool(),
                    "USDC",
                    coverStart,
                    coverEnd,
                    Money.of(snapshot),
                    "ACTIVE",
                    namesIncident ? incidentWindowEnds : Instant.EPOCH,
                    "grp-protocol-exploit",
                    ASSESSORS,
                    RULES,
                    now));
        }

        /** The pool's process manager answers a payout request: reserved in full, pro rata, twice, or declined. */
        void pool() {
            if (pendingPayouts.isEmpty()) {
                return;
            }
            ClaimEvent.ClaimPayoutRequested request = pendingPayouts.get(random.nextInt(pendingPayouts.size()));
            int answer = random.nextInt(20);
            if (answer == 0) {
                send(new ClaimCommand.RecordPayoutDeclined(request.claimId(), request.payoutId(), "NO_CAPITAL", now));
                pendingPayouts.remove(request);
                return;
            }
            long proRata = answer < 3 ? random.nextInt((int) PPM) : PPM;
            Money reserved = request.amount().mulDivFloor(proRata, PPM);
            send(new ClaimCommand.SettleClaim(
                    request.claimId(), request.poolId(), request.payoutId(), reserved, proRata, now));
            if (random.nextBoolean()) {
                pendingPayouts.remove(request); // else: delivered again later
            }
        }

        void redeem() {
            if (pendingRedemptions.isEmpty()) {
                return;
            }
            ClaimEvent.ClaimSettled settled = pendingRedemptions.get(random.nextInt(pendingRedemptions.size()));
            send(new ClaimCommand.MarkClaimPaid(
                    settled.claimId(), "0xbatch", settled.recipient(), settled.settledAmount(), "0xtx", 1, now));
        }

        void drain() {
            while (!processManagers.isEmpty()) {
                send(processManagers.removeFirst());
            }
        }

        void send(Object command) {
            if (command instanceof ClaimCommand c) {
                String policyId = ClaimIds.policyIdOf(c.claimId());
                ClaimsState state = states.getOrDefault(policyId, ClaimDecider.DECIDER.initialState());
                if (ClaimDecider.DECIDER.decide(c, state) instanceof Decision.Accepted<ClaimEvent> accepted) {
                    for (ClaimEvent event : accepted.events()) {
                        state = ClaimDecider.DECIDER.evolve(state, event);
                        logs.computeIfAbsent(policyId, id -> new ArrayList<>()).add(event);
                        observe(policyId, event);
                    }
                    states.put(policyId, state);
                }
            } else if (command instanceof IncidentCommand c) {
                if (IncidentDecider.DECIDER.decide(c, incident) instanceof Decision.Accepted<IncidentEvent> accepted) {
                    for (IncidentEvent event : accepted.events()) {
                        incident = IncidentDecider.DECIDER.evolve(incident, event);
                        incidentLog.add(event);
                        observe(event);
                    }
                }
            }
        }

        Policy policy(String policyId) {
            return policies.stream()
                    .filter(p -> p.id().equals(policyId))
                    .findFirst()
                    .orElseThrow();
        }

        void observe(String policyId, ClaimEvent event) {
            switch (event) {
                case ClaimEvent.ClaimSubmitted e -> {
                    assertThat(openClaim.get(policyId))
                            .as("open claim when %s was submitted", e.claimId())
                            .isNull();
                    openClaim.put(policyId, e.claimId());
                    int n = submissions.merge(policyId, 1, Integer::sum);
                    assertThat(e.claimId()).isEqualTo(ClaimIds.claimId(policyId, n));
                    Policy policy = policy(policyId);
                    BigInteger left = policy.cover().subtract(settledByPolicy.getOrDefault(policyId, BigInteger.ZERO));
                    assertThat(e.claimedAmount().value()).isLessThanOrEqualTo(left);
                    known.put(
                            e.claimId(),
                            new Known(e.claimId(), policy, e.claimedAmount().value(), e.incidentId()));
                    if (e.incidentId() != null) {
                        processManagers.add(new IncidentCommand.RegisterIncidentClaim(
                                e.incidentId(), e.claimId(), policyId, e.poolId(), now, now));
                    }
                }
                case ClaimEvent.ClaimAccepted e -> {
                    assertThat(e.payoutAmount().value())
                            .isLessThanOrEqualTo(e.assessedLoss().value())
                            .isLessThanOrEqualTo(known.get(e.claimId()).claimed());
                    if (e.appealId() != null) {
                        APPEALS_DECIDED.incrementAndGet();
                    }
                    if (e.incidentId() != null) {
                        processManagers.add(new IncidentCommand.AdmitIncidentClaim(
                                e.incidentId(), e.claimId(), policyId, e.poolId(), e.payoutAmount(), now));
                    }
                }
                case ClaimEvent.ClaimDenied e ->
                    deniedBond.put(e.claimId(), e.appealBond().value());
                case ClaimEvent.ClaimPayoutRequested e -> {
                    assertThat(payoutsRequested.add(e.payoutId()))
                            .as("payout %s requested twice", e.payoutId())
                            .isTrue();
                    assertThat(e.amount().value())
                            .isEqualTo(e.payoutAmount()
                                    .value()
                                    .multiply(BigInteger.valueOf(e.ratioPpm()))
                                    .divide(BigInteger.valueOf(PPM)));
                    requestedAmount.put(e.payoutId(), e.amount().value());
                    if (e.incidentId() != null) {
                        incidentRatios.add(e.ratioPpm());
                        BigInteger sum = incidentRequestedByPool.merge(
                                e.poolId(), e.amount().value(), BigInteger::add);
                        if (proRata) {
                            assertThat(sum).as("asked of %s", e.poolId()).isLessThanOrEqualTo(capital.get(e.poolId()));
                            assertThat(incidentRequestedByPool.values().stream()
                                            .reduce(BigInteger.ZERO, BigInteger::add))
                                    .isLessThanOrEqualTo(
                                            capital.values().stream().reduce(BigInteger.ZERO, BigInteger::add));
                        }
                    }
                    pendingPayouts.add(e);
                }
                case ClaimEvent.ClaimSettled e -> {
                    assertThat(settledClaims.add(e.claimId()))
                            .as("%s settled twice", e.claimId())
                            .isTrue();
                    assertThat(e.settledAmount().value()).isLessThanOrEqualTo(requestedAmount.get(e.payoutId()));
                    BigInteger total =
                            settledByPolicy.merge(policyId, e.settledAmount().value(), BigInteger::add);
                    assertThat(total)
                            .as("settled on %s", policyId)
                            .isLessThanOrEqualTo(policy(policyId).cover());
                    SETTLED.incrementAndGet();
                    pendingRedemptions.add(e);
                    // settled: decided and counted in the cover book; its redemption never blocks the next claim
                    assertThat(openClaim.remove(policyId)).isEqualTo(e.claimId());
                }
                case ClaimEvent.ClaimPaid e -> {
                    pendingRedemptions.removeIf(s -> s.claimId().equals(e.claimId()));
                }
                case ClaimEvent.ClaimClosed e -> {
                    assertThat(openClaim.remove(policyId)).isEqualTo(e.claimId());
                    if (e.incidentId() != null) {
                        processManagers.add(
                                new IncidentCommand.ResolveIncidentClaim(e.incidentId(), e.claimId(), "closed", now));
                    }
                }
                default -> {}
            }
        }

        void observe(IncidentEvent event) {
            switch (event) {
                case IncidentEvent.IncidentClaimAdmitted e ->
                    incidentAdmittedByPool.merge(e.poolId(), e.payoutAmount().value(), BigInteger::add);
                case IncidentEvent.IncidentRatioFixed e -> {
                    assertThat(proRata).isTrue();
                    BigInteger expected = BigInteger.valueOf(PPM);
                    for (var admitted : incidentAdmittedByPool.entrySet()) {
                        if (admitted.getValue().signum() > 0) {
                            expected = expected.min(capital.getOrDefault(admitted.getKey(), BigInteger.ZERO)
                                    .multiply(BigInteger.valueOf(PPM))
                                    .divide(admitted.getValue()));
                        }
                    }
                    assertThat(e.ratioPpm()).isEqualTo(expected.longValueExact());
                    if (e.ratioPpm() < PPM) {
                        RATIOS_BELOW_ONE.incrementAndGet();
                    }
                }
                case IncidentEvent.IncidentClaimReleased e -> {
                    incidentRatios.add(e.ratioPpm());
                    assertThat(incidentRatios).as("the incident's ratios").hasSize(1);
                    if (!proRata) {
                        assertThat(e.ratioPpm()).isEqualTo(PPM);
                    }
                    INCIDENT_RELEASES.incrementAndGet();
                    processManagers.add(
                            new ClaimCommand.ReleaseClaimPayout(e.claimId(), e.incidentId(), e.ratioPpm(), now));
                }
                default -> {}
            }
        }
    }
}
