package io.coverclaims.pool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.streams.Aggregate;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.CommandProcessorTopology;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.pool.PoolContext;
import io.coverclaims.pool.domain.pool.PoolState.Pool;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.CommandOutcome;
import io.coverclaims.schemas.common.CommandStatus;
import io.coverclaims.schemas.pool.CreatePool;
import io.coverclaims.schemas.pool.DepositCapital;
import io.coverclaims.schemas.pool.FundsSource;
import io.coverclaims.schemas.pool.ProductWeight;
import io.coverclaims.schemas.pool.RecordPremium;
import io.coverclaims.schemas.pool.ReleaseCapacity;
import io.coverclaims.schemas.pool.RequestWithdrawal;
import io.coverclaims.schemas.pool.ReserveCapacity;
import io.coverclaims.schemas.pool.ReservePayout;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool aggregate's state is a cache of its event topic: a Streams application running pool's command processor
 * (on topics of its own, so it is the only writer) is stopped, its state directory wiped, and restarted; it rebuilds
 * exactly the pools it had, ledger included, and goes on deciding from there.
 */
class PoolRebuildIntegrationTest {

    static final BoundedContext CONTEXT = BoundedContext.of("pool-rebuild-test", PoolContext.POOL);
    static final String APPLICATION_ID = "pool-rebuild-test";
    /** Recent: commands issued longer ago than the idempotency window (7 days) are refused. */
    static final Instant AT = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);

    static final String ALICE = "0x" + "a".repeat(40);
    static final String BOB = "0x" + "b".repeat(40);

    @TempDir
    Path stateDirs;

    @Test
    void after_its_local_state_is_wiped_a_restarted_service_rebuilds_exactly_the_pools_it_had() throws IOException {
        try (KafkaTestKit topics = new KafkaTestKit()) {
            topics.createTopics(CONTEXT, 3);
            KafkaStreams streams =
                    topics.start(CommandProcessorTopology.build(CONTEXT), APPLICATION_ID, stateDirs.resolve("first"));
            try {
                String last = null;
                List<String> pools =
                        List.of("pool-" + UUID.randomUUID(), "pool-" + UUID.randomUUID(), "pool-" + UUID.randomUUID());
                for (String poolId : pools) {
                    send(
                            topics,
                            CreatePool.newBuilder()
                                    .setMetadata(meta(poolId))
                                    .setPoolId(poolId)
                                    .setName("p")
                                    .setManager(ALICE)
                                    .setAsset("USDC")
                                    .setCapacityRatioBps(20_000)
                                    .setTrancheDurationMs(Duration.ofDays(91).toMillis())
                                    .setProducts(List.of(ProductWeight.newBuilder()
                                            .setProductId("prod-aave")
                                            .setWeightBps(5_000)
                                            .build()))
                                    .build());
                    send(topics, deposit(poolId, "d1", ALICE, 1_000_003));
                    send(topics, deposit(poolId, "d2", BOB, 2_000_001));
                    send(topics, deposit(poolId, "d1", ALICE, 1_000_003)); // counted once
                    send(topics, reserve(poolId, "r1", "pol-1", 700_000));
                    send(topics, reserve(poolId, "r2", "pol-2", 800_000));
                    send(
                            topics,
                            ReleaseCapacity.newBuilder()
                                    .setMetadata(meta(poolId))
                                    .setPoolId(poolId)
                                    .setReservationId("r1")
                                    .setPolicyId("pol-1")
                                    .setReason("POLICY_EXPIRED")
                                    .build());
                    send(
                            topics,
                            RecordPremium.newBuilder()
                                    .setMetadata(meta(poolId))
                                    .setPoolId(poolId)
                                    .setPolicyId("pol-2")
                                    .setAmount(BigDecimal.valueOf(10_001))
                                    .build());
                    send(
                            topics,
                            ReservePayout.newBuilder()
                                    .setMetadata(meta(poolId))
                                    .setPoolId(poolId)
                                    .setPayoutId("pay-1")
                                    .setClaimId("clm-1")
                                    .setPolicyId("pol-2")
                                    .setRecipient(BOB)
                                    .setAmount(BigDecimal.valueOf(99_999))
                                    .build());
                    last = send(
                            topics,
                            RequestWithdrawal.newBuilder()
                                    .setMetadata(meta(poolId))
                                    .setPoolId(poolId)
                                    .setWithdrawalId("w1")
                                    .setProvider(BOB)
                                    .setTrancheId((int) (AT.toEpochMilli()
                                            / Duration.ofDays(91).toMillis()))
                                    .setAmount(BigDecimal.valueOf(500_000))
                                    .build());
                }
                String lastPool = pools.getLast();
                CommandOutcome outcome = outcome(topics, lastPool, last);
                assertThat(outcome.getStatus()).isEqualTo(CommandStatus.ACCEPTED);

                Map<String, Aggregate> before = snapshot(streams);
                assertThat(before).containsKeys(pools.toArray(String[]::new));
                Pool pool = before.get(lastPool).stateAs(Pool.class);
                assertThat(pool.depositIds()).hasSize(2);
                assertThat(pool.activeCover()).isEqualTo(Money.of(800_000));
                assertThat(pool.ledger().conserves(pool.capital())).isTrue();

                KafkaTestKit.stop(streams);
                KafkaTestKit.deleteRecursively(stateDirs.resolve("first"));
                streams = topics.start(
                        CommandProcessorTopology.build(CONTEXT), APPLICATION_ID, stateDirs.resolve("second"));

                assertThat(snapshot(streams)).isEqualTo(before);

                // and it goes on from the rebuilt state: the deposit id is still known, the version follows on
                String next = send(topics, deposit(lastPool, "d1", ALICE, 1_000_003));
                CommandOutcome again = outcome(topics, lastPool, next);
                assertThat(again.getStatus()).isEqualTo(CommandStatus.ACCEPTED);
                assertThat(again.getEventIds()).isEmpty();
                assertThat(again.getAggregateVersion())
                        .isEqualTo(before.get(lastPool).version());
            } finally {
                KafkaTestKit.stop(streams);
            }
        }
    }

    static DepositCapital deposit(String poolId, String depositId, String provider, long amount) {
        return DepositCapital.newBuilder()
                .setMetadata(meta(poolId))
                .setPoolId(poolId)
                .setDepositId(depositId)
                .setProvider(provider)
                .setAmount(BigDecimal.valueOf(amount))
                .setSource(FundsSource.API)
                .build();
    }

    /** A reservation of prod-aave cover for 30 days from {@link #AT}. */
    static ReserveCapacity reserve(String poolId, String reservationId, String policyId, long amount) {
        return ReserveCapacity.newBuilder()
                .setMetadata(meta(poolId))
                .setPoolId(poolId)
                .setReservationId(reservationId)
                .setPolicyId(policyId)
                .setProductId("prod-aave")
                .setAmount(BigDecimal.valueOf(amount))
                .setCoverStartsAt(AT)
                .setCoverEndsAt(AT.plusSeconds(86_400 * 30))
                .build();
    }

    static CommandMetadata meta(String poolId) {
        return KafkaTestKit.command(poolId, AT, "0xtester");
    }

    /** The outcome of command {@code commandId} on {@code poolId}, once it is decided. */
    static CommandOutcome outcome(KafkaTestKit topics, String poolId, String commandId) {
        return topics.await(
                        CONTEXT.outcomesTopic(),
                        poolId,
                        CommandOutcome.class,
                        outcome -> outcome.getCommandId().equals(commandId),
                        1)
                .getFirst();
    }

    static String send(KafkaTestKit topics, SpecificRecord command) {
        CommandMetadata metadata = (CommandMetadata)
                command.get(command.getSchema().getField("metadata").pos());
        topics.send(CONTEXT.commandsTopic(), metadata.getAggregateId(), command);
        return metadata.getCommandId();
    }

    static Map<String, Aggregate> snapshot(KafkaStreams streams) {
        return KafkaTestKit.aggregates(streams, CONTEXT);
    }
}
