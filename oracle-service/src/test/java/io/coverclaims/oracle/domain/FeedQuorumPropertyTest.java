package io.coverclaims.oracle.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.oracle.domain.feed.ExclusionReason;
import io.coverclaims.oracle.domain.feed.FeedCommand;
import io.coverclaims.oracle.domain.feed.FeedCommand.DefineFeed;
import io.coverclaims.oracle.domain.feed.FeedCommand.DefineParametricTrigger;
import io.coverclaims.oracle.domain.feed.FeedCommand.EvaluateTrigger;
import io.coverclaims.oracle.domain.feed.FeedCommand.RecordPriceObservation;
import io.coverclaims.oracle.domain.feed.FeedCommand.RegisterFeedSource;
import io.coverclaims.oracle.domain.feed.FeedDecider;
import io.coverclaims.oracle.domain.feed.FeedEvent;
import io.coverclaims.oracle.domain.feed.FeedEvent.ObservationExcluded;
import io.coverclaims.oracle.domain.feed.FeedEvent.PriceObserved;
import io.coverclaims.oracle.domain.feed.FeedEvent.PriceQuorumReached;
import io.coverclaims.oracle.domain.feed.FeedEvent.TriggerArmed;
import io.coverclaims.oracle.domain.feed.FeedEvent.TriggerDisarmed;
import io.coverclaims.oracle.domain.feed.FeedEvent.TriggerFired;
import io.coverclaims.oracle.domain.feed.FeedKind;
import io.coverclaims.oracle.domain.feed.FeedState;
import io.coverclaims.oracle.domain.feed.SourceExclusion;
import io.coverclaims.oracle.domain.feed.SourceKind;
import io.coverclaims.oracle.domain.feed.TriggerKind;
import io.coverclaims.platform.decider.Decision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A price feed of n = 3 or 5 signed sources with k = the majority, over hundreds of random runs of 200 rounds, at
 * most k - 1 of the sources lying in any way: extreme prices, prices just inside the tolerance on the wrong side of a
 * threshold, copies of the honest value, flip-flopping, stale, future and far-future times, regressed rounds, values
 * out of bounds, replays, reports signed for another source, silence. The honest sources report the same true price
 * each round. The deadline scheduler is simulated from the decider's TriggerArmed events (EvaluateTrigger at
 * firesAt). A model kept in this test from the honest price path alone (never from the sources' reports) says
 * what the DEPEG triggers do; the decider's TriggerArmed, TriggerDisarmed and TriggerFired (time, price, fired depeg
 * price, lowest price, payout, incident id) must be exactly the model's.
 *
 * <p>The rounds: a round lasts 10 minutes and every source's heartbeat (4 min 40 s to 5 min 30 s) is shorter, so at
 * a round's start every earlier observation is stale. The honest sources report first (2 s apart); lies that the
 * feed must exclude on arrival (out of bounds, stale, too far in the future, signed for another source) may come at
 * any time, every other lie after the honest reports (from 20 s into the round). That order is the premise of the
 * exact model: k - 1 colluding liars reporting in a fresh round before the honest ones could join the first honest
 * report in a quorum of k whose median is theirs (within the tolerance of that honest value) — a property of k-of-n
 * itself, which no implementation of this rule avoids. Trigger windows are whole rounds plus 0, 3 min or 6 min 30 s,
 * so the scheduler finds either every honest observation fresh or none.
 *
 * <p>Plain seeded runs (this module has no jqwik): a failure names its seed.
 */
class FeedQuorumPropertyTest {

    static final int RUNS = 300;
    static final int ROUNDS = 200;
    static final long SECOND = 1_000;
    static final long MINUTE = 60 * SECOND;
    static final long ROUND = 10 * MINUTE;
    static final long STALENESS = 5 * MINUTE;
    static final long[] HEARTBEATS = {0, 280 * SECOND, 330 * SECOND};
    static final long[] WINDOW_REMAINDERS = {0, 3 * MINUTE, 6 * MINUTE + 30 * SECOND};
    static final long MIN_PRICE = 50_000_000;
    static final long MAX_PRICE = 200_000_000;
    static final long ONE = 100_000_000;
    static final String FEED = "USDC-USD";
    static final Instant T0 = Instant.parse("2026-12-02T00:00:00Z");

    static final AtomicLong ARMED = new AtomicLong();
    static final AtomicLong FIRED = new AtomicLong();
    static final AtomicLong DISARMED = new AtomicLong();
    static final AtomicLong FIRED_BY_SCHEDULER = new AtomicLong();
    static final AtomicLong LIES_REJECTED = new AtomicLong();
    static final AtomicLong LIES_RECORDED = new AtomicLong();
    static final Map<ExclusionReason, AtomicLong> EXCLUDED = new EnumMap<>(ExclusionReason.class);

    static {
        for (ExclusionReason reason : ExclusionReason.values()) {
            EXCLUDED.put(reason, new AtomicLong());
        }
    }

    @Test
    void a_minority_of_liars_never_changes_what_the_triggers_decide_on_the_honest_price_path() {
        for (long seed = 1; seed <= RUNS; seed++) {
            try {
                new Run(seed).run();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
        }
        System.out.printf(
                "armed %d, fired %d (by the scheduler %d), disarmed %d; lies recorded %d, rejected %d; excluded %s%n",
                ARMED.get(),
                FIRED.get(),
                FIRED_BY_SCHEDULER.get(),
                DISARMED.get(),
                LIES_RECORDED.get(),
                LIES_REJECTED.get(),
                EXCLUDED);
        // the runs reach the interesting places
        assertThat(FIRED.get()).isGreaterThan(RUNS);
        assertThat(FIRED_BY_SCHEDULER.get()).isGreaterThan(RUNS / 3);
        assertThat(DISARMED.get()).isGreaterThan(RUNS);
        assertThat(LIES_REJECTED.get()).isGreaterThan(RUNS);
        for (ExclusionReason reason : List.of(
                ExclusionReason.DEVIATION,
                ExclusionReason.STALE,
                ExclusionReason.OUT_OF_BOUNDS,
                ExclusionReason.ROUND_REGRESSED)) {
            assertThat(EXCLUDED.get(reason).get()).as(reason.name()).isGreaterThan(RUNS);
        }
    }

    /** What a trigger did, as the model and the decider both state it. */
    record Move(
            String what,
            String triggerId,
            Instant at,
            long priceE8,
            Instant since,
            long lowestPriceE8,
            int payoutPpm,
            String incidentId) {

        static Move armed(String triggerId, Instant at, long price, Instant firesAt) {
            return new Move("ARMED", triggerId, at, price, firesAt, 0, 0, null);
        }

        static Move disarmed(String triggerId, Instant at, long price) {
            return new Move("DISARMED", triggerId, at, price, null, 0, 0, null);
        }

        static Move fired(
                String triggerId,
                Instant at,
                long depegPrice,
                Instant armedAt,
                long lowest,
                int payout,
                String incident) {
            return new Move("FIRED", triggerId, at, depegPrice, armedAt, lowest, payout, incident);
        }
    }

    /** A DEPEG trigger as the model knows it. */
    static final class ModelTrigger {
        final String id;
        final long threshold;
        final long recovery;
        final long window;
        final long minDepeg;
        String phase = "IDLE";
        Instant armedAt;
        Instant firesAt;
        long lowest;
        int firings;

        ModelTrigger(String id, long threshold, long recovery, long window, long minDepeg) {
            this.id = id;
            this.threshold = threshold;
            this.recovery = recovery;
            this.window = window;
            this.minDepeg = minDepeg;
        }
    }

    enum Lie {
        SILENT,
        EXTREME,
        BIASED,
        COPY,
        FLIP_FLOP,
        STALE,
        FUTURE,
        FAR_FUTURE,
        REGRESSED,
        OUT_OF_BOUNDS,
        REPLAY,
        IMPERSONATE,
        CHAOS
    }

    /** Lies the feed excludes or refuses on arrival whatever else it holds: they may come at any time. */
    static final List<Lie> ALWAYS_EXCLUDED = List.of(Lie.STALE, Lie.FAR_FUTURE, Lie.OUT_OF_BOUNDS, Lie.IMPERSONATE);

    static final class Run {
        final Random random;
        final int n;
        final int k;
        final int deviationPpm;
        final long[] heartbeat;
        final Set<Integer> liars = new HashSet<>();
        final List<Integer> honest = new ArrayList<>();
        final Map<Integer, Lie> personality = new HashMap<>();
        final Map<Integer, RecordPriceObservation> lastLie = new HashMap<>();
        final Map<Integer, Long> liarRound = new HashMap<>();
        FeedState state = FeedDecider.DECIDER.initialState();

        // the scheduler: EvaluateTrigger commands by firesAt (then trigger id)
        final TreeMap<Instant, List<String>> deadlines = new TreeMap<>();

        // the model: the honest price path and the triggers
        final Map<String, ModelTrigger> model = new TreeMap<>();
        final Map<Integer, Instant> honestObservedAt = new HashMap<>();
        long truePrice = ONE;
        /** The price the honest sources reported in their latest round. */
        long reportedPrice = ONE;

        boolean depegged;
        long depegBase;

        final List<Move> expected = new ArrayList<>();
        final List<Move> actual = new ArrayList<>();

        Run(long seed) {
            this.random = new Random(seed);
            this.n = random.nextBoolean() ? 3 : 5;
            this.k = n / 2 + 1;
            this.deviationPpm = new int[] {2_000, 5_000, 10_000}[random.nextInt(3)];
            this.heartbeat = new long[n + 1];
            int liarCount = random.nextInt(k); // 0 … k - 1
            List<Integer> all = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                all.add(i);
                heartbeat[i] = HEARTBEATS[random.nextInt(HEARTBEATS.length)];
            }
            java.util.Collections.shuffle(all, random);
            for (int i = 0; i < n; i++) {
                if (i < liarCount) {
                    liars.add(all.get(i));
                    personality.put(all.get(i), Lie.values()[random.nextInt(Lie.values().length)]);
                } else {
                    honest.add(all.get(i));
                }
            }
        }

        void run() {
            decideAccepted(new DefineFeed(FEED, FeedKind.PRICE, "USDC in USD", k, deviationPpm, STALENESS, T0));
            for (int i = 1; i <= n; i++) {
                decideAccepted(new RegisterFeedSource(
                        FEED,
                        "s" + i,
                        "source " + i,
                        signer(i),
                        SourceKind.SIGNED_REPORTER,
                        null,
                        heartbeat[i],
                        8,
                        MIN_PRICE,
                        MAX_PRICE,
                        T0));
            }
            defineTrigger("trg-peg", 99_500_000, 99_900_000);
            if (random.nextBoolean()) {
                defineTrigger("trg-deep", 98_000_000, 99_000_000);
            }
            for (int round = 1; round <= ROUNDS; round++) {
                playRound(round);
            }
            deliverDeadlinesBefore(T0.plusMillis((ROUNDS + 2) * ROUND));
            assertThat(actual).as("the triggers' moves").containsExactlyElementsOf(expected);
            for (Move move : actual) {
                switch (move.what()) {
                    case "ARMED" -> ARMED.incrementAndGet();
                    case "FIRED" -> FIRED.incrementAndGet();
                    default -> DISARMED.incrementAndGet();
                }
            }
        }

        void defineTrigger(String id, long threshold, long recovery) {
            long window = (1 + random.nextInt(3)) * ROUND + WINDOW_REMAINDERS[random.nextInt(WINDOW_REMAINDERS.length)];
            long minDepeg = random.nextBoolean() ? 0 : threshold - 2_000_000;
            decideAccepted(new DefineParametricTrigger(
                    id, "prod-usdc", FEED, threshold, recovery, window, TriggerKind.DEPEG, minDepeg, 0, T0));
            model.put(id, new ModelTrigger(id, threshold, recovery, window, minDepeg));
        }

        // ------------------------------------------------------------------ one round

        void playRound(int round) {
            Instant start = T0.plusMillis(round * ROUND);
            deliverDeadlinesBefore(start);
            movePrice();
            // lies excluded on arrival whatever the feed holds: before the honest reports
            long offset = 0;
            for (int liar : liars) {
                if (random.nextInt(3) == 0) {
                    Lie lie = ALWAYS_EXCLUDED.get(random.nextInt(ALWAYS_EXCLUDED.size()));
                    lie(liar, lie, start.plusMillis(offset), round);
                    offset += 100;
                }
            }
            // the honest sources, 2 s apart, in a random order
            List<Integer> order = new ArrayList<>(honest);
            java.util.Collections.shuffle(order, random);
            int reported = 0;
            for (int source : order) {
                reported++;
                Instant at = start.plusMillis(2 * SECOND * reported);
                deliverDeadlinesBefore(at);
                String roundId = source % 2 == 0 ? String.valueOf(1_000 + round) : null;
                List<FeedEvent> events = decideAccepted(new RecordPriceObservation(
                        FEED, "s" + source, truePrice, at, roundId, null, null, signer(source), at));
                assertThat(events.get(0)).as("an honest report").isInstanceOf(PriceObserved.class);
                honestObservedAt.put(source, at);
                reportedPrice = truePrice;
                if (reported >= k) {
                    // the honest reports of this round are k or more of the fresh sources, the rest are stale
                    modelQuorum(at, truePrice);
                }
            }
            // every other lie, after the honest reports
            offset = 20 * SECOND;
            for (int liar : liars) {
                int actions = random.nextInt(4);
                for (int a = 0; a < actions; a++) {
                    Lie lie = personality.get(liar);
                    if (lie == Lie.CHAOS) {
                        lie = Lie.values()[random.nextInt(Lie.values().length - 1)];
                    }
                    lie(liar, lie, start.plusMillis(offset), round);
                    offset += 2 * SECOND;
                }
            }
        }

        /** The true price: pegged around 1.0, or a depeg around a level that moves, switching now and then. */
        void movePrice() {
            if (random.nextInt(12) == 0) {
                depegged = !depegged;
                depegBase = 94_000_000 + random.nextInt(6_000_000);
            }
            if (depegged) {
                depegBase = Math.max(90_000_000, Math.min(99_950_000, depegBase + random.nextInt(600_001) - 300_000));
                truePrice = depegBase;
            } else {
                truePrice = ONE + random.nextInt(600_001) - 300_000;
            }
        }

        void lie(int liar, Lie lie, Instant at, int round) {
            deliverDeadlinesBefore(at);
            long p = truePrice;
            long tolerance = p * deviationPpm / 1_000_000;
            String source = "s" + liar;
            long roundNumber = liarRound.merge(liar, 1L, Long::sum) + 10L * round;
            String roundId = liar % 2 == 0 ? String.valueOf(roundNumber) : null;
            RecordPriceObservation command = switch (lie) {
                case SILENT -> null;
                case EXTREME ->
                    observation(
                            source,
                            liar,
                            MIN_PRICE + (long) (random.nextDouble() * (MAX_PRICE - MIN_PRICE)),
                            at,
                            roundId,
                            at);
                case BIASED ->
                    observation(
                            source,
                            liar,
                            p + (random.nextBoolean() ? 1 : -1) * (long) (random.nextDouble() * tolerance),
                            at,
                            roundId,
                            at);
                case COPY -> observation(source, liar, p, at, roundId, at);
                case FLIP_FLOP ->
                    observation(
                            source,
                            liar,
                            round % 2 == 0 ? p + tolerance : Math.max(MIN_PRICE, p - 3 * tolerance),
                            at,
                            roundId,
                            at);
                case STALE ->
                    observation(
                            source,
                            liar,
                            p - tolerance / 2,
                            at.minusMillis(STALENESS + 31 * SECOND + random.nextInt(600) * SECOND),
                            roundId,
                            at);
                case FUTURE ->
                    observation(
                            source,
                            liar,
                            p - tolerance + random.nextInt((int) Math.max(1, 2 * tolerance)),
                            at.plusMillis(1 + random.nextInt(60_000)),
                            roundId,
                            at);
                case FAR_FUTURE ->
                    observation(source, liar, p, at.plusMillis(60_001 + random.nextInt(3_600_000)), roundId, at);
                case REGRESSED ->
                    observation(
                            source,
                            liar,
                            p - tolerance,
                            at.minusMillis(random.nextInt(60_000)),
                            String.valueOf(Math.max(0, roundNumber - 2 - random.nextInt(5))),
                            at);
                case OUT_OF_BOUNDS ->
                    observation(
                            source,
                            liar,
                            random.nextBoolean()
                                    ? MIN_PRICE - 1 - random.nextInt(MIN_PRICE_INT)
                                    : MAX_PRICE + 1 + random.nextInt(MIN_PRICE_INT),
                            at,
                            roundId,
                            at);
                case REPLAY -> {
                    RecordPriceObservation last = lastLie.get(liar);
                    yield last == null
                            ? null
                            : new RecordPriceObservation(
                                    FEED,
                                    last.sourceId(),
                                    last.priceE8(),
                                    last.observedAt(),
                                    last.roundId(),
                                    null,
                                    null,
                                    last.reporter(),
                                    at);
                }
                case IMPERSONATE ->
                    new RecordPriceObservation(
                            FEED,
                            "s" + honest.get(random.nextInt(honest.size())),
                            p - 3 * tolerance,
                            at,
                            null,
                            null,
                            null,
                            signer(liar),
                            at);
                case CHAOS -> throw new IllegalStateException("chaos picks another lie");
            };
            if (command == null) {
                return;
            }
            if (lie != Lie.REPLAY && lie != Lie.IMPERSONATE) {
                lastLie.put(liar, command);
            }
            switch (decide(command)) {
                case Decision.Accepted<FeedEvent> accepted -> {
                    if (!accepted.events().isEmpty()) {
                        LIES_RECORDED.incrementAndGet();
                    }
                }
                case Decision.Rejected<FeedEvent> rejected -> {
                    assertThat(rejected.rejection().code()).isIn("OBSERVATION_IN_FUTURE", "NOT_SOURCE_REPORTER");
                    LIES_REJECTED.incrementAndGet();
                }
            }
        }

        RecordPriceObservation observation(
                String source, int liar, long price, Instant observedAt, String roundId, Instant at) {
            return new RecordPriceObservation(FEED, source, price, observedAt, roundId, null, null, signer(liar), at);
        }

        // ------------------------------------------------------------------ the scheduler

        /** Sends every EvaluateTrigger due before {@code at}, as the deadline scheduler does (issuedAt = firesAt). */
        void deliverDeadlinesBefore(Instant at) {
            while (!deadlines.isEmpty() && deadlines.firstKey().isBefore(at)) {
                var due = deadlines.pollFirstEntry();
                for (String triggerId : due.getValue()) {
                    Instant firesAt = due.getKey();
                    int firedBefore = countFired();
                    decideAccepted(new EvaluateTrigger(triggerId, null, null, null, FEED, firesAt));
                    if (countFired() > firedBefore) {
                        FIRED_BY_SCHEDULER.incrementAndGet();
                    }
                    modelDeadline(triggerId, firesAt);
                }
            }
        }

        int countFired() {
            return (int) actual.stream().filter(m -> m.what().equals("FIRED")).count();
        }

        // ------------------------------------------------------------------ the decider

        Decision<FeedEvent> decide(FeedCommand command) {
            Decision<FeedEvent> decision = FeedDecider.DECIDER.decide(command, state);
            if (decision instanceof Decision.Accepted<FeedEvent> accepted) {
                for (FeedEvent event : accepted.events()) {
                    state = FeedDecider.DECIDER.evolve(state, event);
                    observe(event);
                }
            }
            return decision;
        }

        List<FeedEvent> decideAccepted(FeedCommand command) {
            return switch (decide(command)) {
                case Decision.Accepted<FeedEvent> accepted -> accepted.events();
                case Decision.Rejected<FeedEvent> rejected ->
                    throw new AssertionError(command + " was rejected: " + rejected.rejection());
            };
        }

        /** What the decider's events say the triggers did; TriggerArmed schedules the EvaluateTrigger. */
        void observe(FeedEvent event) {
            switch (event) {
                case TriggerArmed e -> {
                    actual.add(Move.armed(e.triggerId(), e.observedAt(), e.priceE8(), e.firesAt()));
                    deadlines
                            .computeIfAbsent(e.firesAt(), t -> new ArrayList<>())
                            .add(e.triggerId());
                    deadlines.get(e.firesAt()).sort(String::compareTo);
                }
                case TriggerDisarmed e -> actual.add(Move.disarmed(e.triggerId(), e.observedAt(), e.priceE8()));
                case TriggerFired e ->
                    actual.add(Move.fired(
                            e.triggerId(),
                            e.firedAt(),
                            e.depegPriceE8(),
                            e.armedAt(),
                            e.lowestPriceE8(),
                            e.payoutPpm(),
                            e.incidentId()));
                case ObservationExcluded e -> EXCLUDED.get(e.reason()).incrementAndGet();
                case PriceQuorumReached e -> {
                    for (SourceExclusion x : e.exclusions()) {
                        if (x.reason() == ExclusionReason.DEVIATION) {
                            EXCLUDED.get(x.reason()).incrementAndGet();
                        }
                    }
                }
                default -> {}
            }
        }

        // ------------------------------------------------------------------ the model

        /** A quorum price P at T: what each trigger does (the rule of the product, from the honest path). */
        void modelQuorum(Instant at, long price) {
            for (ModelTrigger t : model.values()) {
                switch (t.phase) {
                    case "IDLE" -> {
                        if (price <= t.threshold) {
                            t.phase = "ARMED";
                            t.armedAt = at;
                            t.firesAt = at.plusMillis(t.window);
                            t.lowest = price;
                            expected.add(Move.armed(t.id, at, price, t.firesAt));
                        }
                    }
                    case "ARMED" -> {
                        if (price >= t.recovery) {
                            t.phase = "IDLE";
                            expected.add(Move.disarmed(t.id, at, price));
                        } else {
                            t.lowest = Math.min(t.lowest, price);
                            if (!at.isBefore(t.firesAt)) {
                                t.phase = "FIRED";
                                t.firings++;
                                long depeg = Math.max(price, t.minDepeg);
                                int payout = (int) ((ONE - depeg) / 100);
                                expected.add(Move.fired(
                                        t.id,
                                        at,
                                        depeg,
                                        t.armedAt,
                                        t.lowest,
                                        payout,
                                        "inc-" + t.id.substring(4) + "-" + t.firings));
                            }
                        }
                    }
                    case "FIRED" -> {
                        if (price >= t.recovery) {
                            t.phase = "IDLE";
                            expected.add(Move.disarmed(t.id, at, price));
                        }
                    }
                    default -> throw new IllegalStateException(t.phase);
                }
            }
        }

        /**
         * The scheduler's EvaluateTrigger at T: for an armed trigger due, a quorum exists iff k honest observations are
         * fresh at T (liars alone are at most k - 1), and its price is then the true price of their round.
         */
        void modelDeadline(String triggerId, Instant at) {
            ModelTrigger t = model.get(triggerId);
            if (!t.phase.equals("ARMED") || at.isBefore(t.firesAt)) {
                return;
            }
            long fresh = honestObservedAt.entrySet().stream()
                    .filter(e -> at.toEpochMilli() - e.getValue().toEpochMilli() <= heartbeatOf(e.getKey()))
                    .count();
            if (fresh > 0 && fresh < k) {
                throw new IllegalStateException("the schedule broke the model's premise: " + fresh + " honest fresh");
            }
            if (fresh >= k) {
                modelQuorum(at, reportedPrice);
            }
        }

        long heartbeatOf(int source) {
            return heartbeat[source] > 0 ? heartbeat[source] : STALENESS;
        }
    }

    static final int MIN_PRICE_INT = (int) MIN_PRICE;

    static String signer(int i) {
        return "0x" + String.valueOf(i).repeat(40);
    }
}
