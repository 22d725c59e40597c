package io.coverclaims.governance.saga;

import io.coverclaims.governance.domain.breaker.BreakerTrip;
import io.coverclaims.governance.domain.breaker.FeedEpisode;
import io.coverclaims.governance.domain.breaker.FeedUnreliableRule;
import io.coverclaims.governance.domain.breaker.PayoutShareRule;
import io.coverclaims.governance.domain.breaker.PoolMovement;
import io.coverclaims.governance.domain.breaker.PoolPayouts;
import io.coverclaims.platform.schedule.DeadlineScheduler;
import io.coverclaims.platform.streams.CausedBy;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.governance.PauseFlag;
import io.coverclaims.schemas.governance.TripCircuitBreaker;
import io.coverclaims.schemas.oracle.FeedUnreliable;
import io.coverclaims.schemas.oracle.PriceQuorumReached;
import io.coverclaims.schemas.pool.CapitalDeposited;
import io.coverclaims.schemas.pool.CapitalWithdrawn;
import io.coverclaims.schemas.pool.PayoutReleased;
import io.coverclaims.schemas.pool.PayoutReserved;
import io.coverclaims.schemas.pool.PremiumRecorded;
import io.coverclaims.schemas.pool.SolvencyAssessed;
import io.coverclaims.schemas.pool.TrancheAmount;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.jboss.logging.Logger;

/**
 * What the circuit-breaker saga does with each event and at each deadline check, over two tables (the Kafka Streams
 * stores in the service, maps in tests): the pure rules of {@code domain.breaker} applied to the wire events, and their
 * trips turned into TripCircuitBreaker commands for the pause flags.
 *
 * <p>Command ids derive from the event that broke the rule (a payout breaker: the pool event; a feed breaker: the
 * FeedUnreliable that opened the episode, whichever of the deadline check and the late recovery notices it), so a
 * re-delivered event, a restart or a replay of the topics sends the same command, which the pause flags decide once.
 */
final class BreakerReactions {

    private static final Logger LOG = Logger.getLogger(BreakerReactions.class);

    /** A table of the saga's state, by pool or feed id. */
    interface Table<T> {

        Optional<T> get(String key);

        void put(String key, T value);

        void delete(String key);

        /** Every entry, in key order. */
        List<T> all();
    }

    /** An open unreliable episode and the metadata of the FeedUnreliable that opened it (the trip's cause). */
    record OpenEpisode(FeedEpisode episode, Cause cause) {}

    /** The fields of an event's metadata, kept to derive a later command from it. */
    record Cause(
            String eventId,
            String aggregateId,
            long aggregateVersion,
            String causationId,
            String correlationId,
            Instant occurredAt,
            String actor) {

        static Cause of(EventMetadata metadata) {
            return new Cause(
                    metadata.getEventId(),
                    metadata.getAggregateId(),
                    metadata.getAggregateVersion(),
                    metadata.getCausationId(),
                    metadata.getCorrelationId(),
                    metadata.getOccurredAt(),
                    metadata.getActor());
        }

        EventMetadata metadata() {
            return EventMetadata.newBuilder()
                    .setEventId(eventId)
                    .setAggregateId(aggregateId)
                    .setAggregateVersion(aggregateVersion)
                    .setCausationId(causationId)
                    .setCorrelationId(correlationId)
                    .setOccurredAt(occurredAt)
                    .setActor(actor)
                    .build();
        }
    }

    private final BreakerParameters parameters;

    BreakerReactions(BreakerParameters parameters) {
        this.parameters = parameters;
    }

    // ------------------------------------------------------------------------------------------------ payouts

    /** A pool event: the pool's payout window moves, and the rule may trip. */
    List<SpecificRecord> onPoolEvent(SpecificRecord event, Table<PoolPayouts> pools) {
        return switch (event) {
            case CapitalDeposited e ->
                movement(
                        e.getPoolId(),
                        e.getMetadata(),
                        new PoolMovement.CapitalRecorded(amount(e.getTotalStake()), at(e.getMetadata())),
                        pools);
            case CapitalWithdrawn e ->
                movement(
                        e.getPoolId(),
                        e.getMetadata(),
                        new PoolMovement.CapitalRecorded(amount(e.getTotalStake()), at(e.getMetadata())),
                        pools);
            case SolvencyAssessed e ->
                movement(
                        e.getPoolId(),
                        e.getMetadata(),
                        new PoolMovement.CapitalRecorded(amount(e.getTotalStake()), at(e.getMetadata())),
                        pools);
            case PremiumRecorded e ->
                movement(
                        e.getPoolId(),
                        e.getMetadata(),
                        new PoolMovement.PremiumCredited(
                                amount(e.getAmount()).subtract(amount(e.getRetained())), at(e.getMetadata())),
                        pools);
            case PayoutReserved e ->
                movement(
                        e.getPoolId(),
                        e.getMetadata(),
                        new PoolMovement.PayoutReserved(
                                e.getPayoutId(),
                                amount(e.getReservedAmount()),
                                amount(e.getReservedAmount()).add(amount(e.getRetained())),
                                amount(e.getTotalStakeAfter()),
                                at(e.getMetadata())),
                        pools);
            case PayoutReleased e ->
                movement(
                        e.getPoolId(),
                        e.getMetadata(),
                        new PoolMovement.PayoutReleased(e.getPayoutId(), sum(e.getReturns()), at(e.getMetadata())),
                        pools);
            default -> List.of();
        };
    }

    private List<SpecificRecord> movement(
            String poolId, EventMetadata cause, PoolMovement movement, Table<PoolPayouts> pools) {
        PoolPayouts state = pools.get(poolId).orElseGet(() -> PoolPayouts.none(poolId));
        PayoutShareRule.Outcome outcome = PayoutShareRule.apply(state, movement, parameters.payoutShare(movement.at()));
        pools.put(poolId, outcome.state());
        return outcome.trip()
                .<List<SpecificRecord>>map(trip -> List.of(command(
                        trip,
                        CausedBy.metadata(cause, CircuitBreakers.PAUSE_FLAGS, step(trip), CircuitBreakers.ACTOR))))
                .orElse(List.of());
    }

    // ------------------------------------------------------------------------------------------------ feeds

    /** An oracle event: a feed's unreliable episode opens (FeedUnreliable) or ends (PriceQuorumReached). */
    List<SpecificRecord> onOracleEvent(SpecificRecord event, Table<OpenEpisode> feeds) {
        return switch (event) {
            case FeedUnreliable e -> {
                Optional<OpenEpisode> open = feeds.get(e.getFeedId());
                if (open.isEmpty()) {
                    FeedEpisode episode = FeedUnreliableRule.unreliable(
                            Optional.empty(),
                            e.getFeedId(),
                            e.getMetadata().getEventId(),
                            at(e.getMetadata()),
                            parameters.feedUnreliableWindowMs(at(e.getMetadata())));
                    feeds.put(e.getFeedId(), new OpenEpisode(episode, Cause.of(e.getMetadata())));
                    LOG.infof(
                            "feed %s unreliable since %s: ORACLES trips at %s unless a quorum is back",
                            e.getFeedId(), episode.since(), episode.dueAt());
                }
                yield List.of();
            }
            case PriceQuorumReached e -> {
                Optional<OpenEpisode> open = feeds.get(e.getFeedId());
                if (open.isEmpty()) {
                    yield List.of();
                }
                feeds.delete(e.getFeedId());
                yield FeedUnreliableRule.recovered(open.get().episode(), at(e.getMetadata()))
                        .<List<SpecificRecord>>map(trip -> List.of(feedCommand(trip, open.get())))
                        .orElse(List.of());
            }
            default -> List.of();
        };
    }

    /** The deadline check at {@code now}: every open episode past its deadline trips, once. */
    List<SpecificRecord> onDeadlineCheck(Instant now, Table<OpenEpisode> feeds) {
        List<SpecificRecord> commands = new ArrayList<>();
        for (OpenEpisode open : feeds.all()) {
            Optional<BreakerTrip> trip = FeedUnreliableRule.due(open.episode(), now);
            if (trip.isPresent()) {
                feeds.put(
                        open.episode().feedId(),
                        new OpenEpisode(FeedUnreliableRule.tripped(open.episode()), open.cause()));
                commands.add(feedCommand(trip.get(), open));
            }
        }
        return commands;
    }

    private TripCircuitBreaker feedCommand(BreakerTrip trip, OpenEpisode open) {
        return command(
                trip,
                DeadlineScheduler.metadata(
                        open.cause().metadata(),
                        CircuitBreakers.PAUSE_FLAGS,
                        step(trip),
                        CircuitBreakers.ACTOR,
                        trip.at()));
    }

    // ------------------------------------------------------------------------------------------------ commands

    private static String step(BreakerTrip trip) {
        return "circuit-breaker/" + trip.rule() + "/" + trip.scope();
    }

    static TripCircuitBreaker command(BreakerTrip trip, CommandMetadata metadata) {
        LOG.warnf(
                "circuit breaker %s trips %s for %s: observed %s above the limit %s (%s)",
                trip.rule(), trip.flag(), trip.scope(), trip.observed(), trip.limit(), trip.detail());
        return TripCircuitBreaker.newBuilder()
                .setMetadata(metadata)
                .setRule(trip.rule())
                .setFlag(PauseFlag.valueOf(trip.flag().name()))
                .setScope(trip.scope())
                .setObserved(new BigDecimal(trip.observed()))
                .setLimit(new BigDecimal(trip.limit()))
                .setThresholdPpm(trip.thresholdPpm())
                .setWindowMs(trip.windowMs())
                .setDetail(trip.detail())
                .build();
    }

    private static Instant at(EventMetadata metadata) {
        return metadata.getOccurredAt();
    }

    private static BigInteger amount(BigDecimal value) {
        return value.toBigIntegerExact();
    }

    private static BigInteger sum(List<TrancheAmount> amounts) {
        return amounts.stream().map(a -> amount(a.getAmount())).reduce(BigInteger.ZERO, BigInteger::add);
    }
}
