package io.coverclaims.governance.it;

import static io.coverclaims.governance.saga.BreakerEvents.payout;
import static io.coverclaims.governance.saga.BreakerEvents.quorum;
import static io.coverclaims.governance.saga.BreakerEvents.solvency;
import static io.coverclaims.governance.saga.BreakerEvents.unreliable;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.governance.view.GovernanceView;
import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.platform.testing.ServiceConformance;
import io.coverclaims.platform.testing.Wallets;
import io.coverclaims.schemas.common.CommandOutcome;
import io.coverclaims.schemas.common.CommandStatus;
import io.coverclaims.schemas.governance.ApplyParameterChange;
import io.coverclaims.schemas.governance.ApprovePauseChange;
import io.coverclaims.schemas.governance.CircuitBreakerTripped;
import io.coverclaims.schemas.governance.ParameterChanged;
import io.coverclaims.schemas.governance.ParameterValue;
import io.coverclaims.schemas.governance.PauseFlag;
import io.coverclaims.schemas.governance.PauseFlagChanged;
import io.coverclaims.schemas.governance.RequestPauseChange;
import io.coverclaims.schemas.governance.TripCircuitBreaker;
import io.coverclaims.schemas.oracle.FeedUnreliable;
import io.coverclaims.schemas.pool.PayoutReserved;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The circuit breakers through the real broker: pool.events and oracle.events records written as pool-service and
 * oracle-service write them (only SolvencyAssessed and PayoutReserved on pool.events, of pools no other test knows:
 * no deposit or withdrawal, which the stake book of this service's proposals reads), the service's saga, the
 * pause-flags aggregate, and what reaches governance.events.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class CircuitBreakerIntegrationTest {

    static final String POOL_EVENTS = "pool.events";
    static final String ORACLE_EVENTS = "oracle.events";
    static final String COMMANDS = "governance.commands";
    static final String EVENTS = "governance.events";
    static final String OUTCOMES = "governance.command-outcomes";

    static KafkaTestKit topics;

    @Inject
    GovernanceView view;

    @BeforeAll
    static void open() {
        topics = new KafkaTestKit();
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    @BeforeEach
    void ready() {
        ServiceConformance.awaitReady();
    }

    @Test
    void a_payout_burst_above_the_share_of_capital_pauses_that_pools_payouts_exactly_once() {
        String poolId = "pool-breaker-" + UUID.randomUUID().toString().substring(0, 8);
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<RecordMetadata> written = new ArrayList<>();
        // capital 1_000_000; four payouts of 50_000 reach the limit (20 %) without passing it
        written.add(topics.send(POOL_EVENTS, poolId, solvency(poolId, 3, 1_000_000, t)));
        long stake = 1_000_000;
        long version = 4;
        for (int i = 1; i <= 4; i++) {
            stake -= 50_000;
            written.add(topics.send(
                    POOL_EVENTS, poolId, payout(poolId, version++, "pay-" + i, 50_000, stake, t.plusMillis(i))));
        }
        awaitProcessed(written);
        assertThat(trips(poolId))
                .as("200_000 of 1_000_000 is the limit, not above it")
                .isEmpty();

        // one more unit trips PAYOUTS for the pool; the payouts after it are the same breach
        PayoutReserved crossing = payout(poolId, version++, "pay-5", 1, --stake, t.plusMillis(5));
        written.add(topics.send(POOL_EVENTS, poolId, crossing));
        for (int i = 6; i <= 8; i++) {
            stake -= 40_000;
            written.add(topics.send(
                    POOL_EVENTS, poolId, payout(poolId, version++, "pay-" + i, 40_000, stake, t.plusMillis(i))));
        }

        CircuitBreakerTripped tripped = topics.await(
                        EVENTS, CircuitBreakerTripped.class, e -> e.getScope().equals(poolId), 1)
                .getFirst();
        assertThat(tripped.getRule()).isEqualTo("PAYOUT_SHARE_24H");
        assertThat(tripped.getFlag()).isEqualTo(PauseFlag.PAYOUTS);
        assertThat(tripped.getObserved()).isEqualByComparingTo(new BigDecimal("200001"));
        assertThat(tripped.getLimit()).isEqualByComparingTo(new BigDecimal("200000"));
        assertThat(tripped.getThresholdPpm()).isEqualTo(200_000);
        assertThat(tripped.getWindowMs()).isEqualTo(86_400_000L);
        assertThat(tripped.getDetail()).contains("capital 1000000").contains("5 payout(s)");
        assertThat(tripped.getMetadata().getAggregateId()).isEqualTo("pause-flags");
        assertThat(tripped.getMetadata().getActor()).isEqualTo("circuit-breakers");
        assertThat(tripped.getMetadata().getOccurredAt())
                .isEqualTo(crossing.getMetadata().getOccurredAt());
        PauseFlagChanged paused = topics.await(
                        EVENTS,
                        PauseFlagChanged.class,
                        e -> poolId.equals(e.getScope()) && e.getFlag() == PauseFlag.PAYOUTS,
                        1)
                .getFirst();
        assertThat(paused.getPaused()).isTrue();
        assertThat(paused.getBreaker()).isEqualTo("PAYOUT_SHARE_24H");
        assertThat(paused.getApprovers()).isEmpty();

        // every payout written has been through the saga: exactly one trip was sent, and decided once
        awaitProcessed(written);
        List<TripCircuitBreaker> sent = trips(poolId);
        assertThat(sent).hasSize(1);
        assertThat(sent.getFirst().getMetadata().getCausationId())
                .isEqualTo(crossing.getMetadata().getEventId());
        String commandId = sent.getFirst().getMetadata().getCommandId();
        topics.await(OUTCOMES, CommandOutcome.class, o -> o.getCommandId().equals(commandId), 1);
        assertThat(topics.readAll(
                        OUTCOMES, CommandOutcome.class, o -> o.getCommandId().equals(commandId)))
                .singleElement()
                .satisfies(o -> assertThat(o.getStatus()).isEqualTo(CommandStatus.ACCEPTED));
        assertThat(topics.readAll(
                        EVENTS, CircuitBreakerTripped.class, e -> e.getScope().equals(poolId)))
                .hasSize(1);
        assertThat(topics.readAll(EVENTS, PauseFlagChanged.class, e -> poolId.equals(e.getScope())))
                .hasSize(1);

        // lifting a breaker's pause is an ordinary k-of-n unpause (which also leaves this JVM's pause state clean)
        lift(PauseFlag.PAYOUTS, poolId);
    }

    @Test
    void a_feed_unreliable_past_its_window_pauses_its_parametric_triggers_and_one_that_recovers_in_time_does_not() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String lost = "LOST-USD-" + run;
        String back = "BACK-USD-" + run;
        long windowMs = ConfigProvider.getConfig()
                .getValue("coverclaims.governance.breaker.feed-unreliable-window-ms", Long.class);
        Instant since = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<RecordMetadata> written = new ArrayList<>();
        FeedUnreliable unreliable = unreliable(lost, 9, since);
        written.add(topics.send(ORACLE_EVENTS, lost, unreliable));
        written.add(topics.send(ORACLE_EVENTS, back, unreliable(back, 4, since)));
        written.add(topics.send(ORACLE_EVENTS, back, quorum(back, 5, since.plusMillis(windowMs))));
        awaitProcessed(written);

        CircuitBreakerTripped tripped = topics.await(
                        EVENTS, CircuitBreakerTripped.class, e -> e.getScope().equals(lost), 1)
                .getFirst();
        assertThat(tripped.getRule()).isEqualTo("FEED_UNRELIABLE");
        assertThat(tripped.getFlag()).isEqualTo(PauseFlag.ORACLES);
        assertThat(tripped.getObserved()).isEqualByComparingTo(BigDecimal.valueOf(windowMs + 1));
        assertThat(tripped.getLimit()).isEqualByComparingTo(BigDecimal.valueOf(windowMs));
        assertThat(tripped.getWindowMs()).isEqualTo(windowMs);
        assertThat(tripped.getMetadata().getOccurredAt()).isEqualTo(since.plusMillis(windowMs + 1));
        assertThat(Instant.now()).isAfter(since.plusMillis(windowMs));
        PauseFlagChanged paused = topics.await(EVENTS, PauseFlagChanged.class, e -> lost.equals(e.getScope()), 1)
                .getFirst();
        assertThat(paused.getFlag()).isEqualTo(PauseFlag.ORACLES);
        assertThat(paused.getBreaker()).isEqualTo("FEED_UNRELIABLE");

        // a few more deadline checks: the episode does not trip again, the recovered feed not at all
        KafkaTestKit.sleep(3 * checkIntervalMs() + 500);
        assertThat(topics.readAll(
                        COMMANDS, TripCircuitBreaker.class, c -> c.getScope().equals(lost)))
                .hasSize(1);
        assertThat(topics.readAll(
                        COMMANDS, TripCircuitBreaker.class, c -> c.getScope().equals(back)))
                .isEmpty();
        assertThat(topics.readAll(
                        EVENTS, CircuitBreakerTripped.class, e -> e.getScope().equals(lost)))
                .hasSize(1);

        lift(PauseFlag.ORACLES, lost);
    }

    @Test
    void a_governed_change_of_the_payout_share_changes_when_the_breaker_trips() {
        String name = "governance.breaker.payoutSharePpm";
        KafkaTestKit.awaitTrue(
                "genesis initialized " + name + " in the governance view",
                KafkaTestKit.PATIENCE,
                () -> view.ready()
                        && view.history(name).stream().anyMatch(h -> h.event().equals("ParameterInitialized")));
        Instant genesis = view.history(name).getFirst().effectiveAt();
        // 10 % during one second after genesis and before now, 20 % again after it: no other test's events are in
        // that second (they are all at the time they are written), and the broker refuses timestamps an hour ahead
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant from = Instant.now().minusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
        if (!from.isAfter(genesis)) {
            from = genesis.plusMillis(1);
        }
        Instant until = from.plusSeconds(1);
        KafkaTestKit.sleep(Math.max(0, Duration.between(Instant.now(), until).toMillis() + 10));
        change(name, 100_000, "prop-breaker-" + run, from);
        change(name, 200_000, "prop-breaker-back-" + run, until);
        KafkaTestKit.awaitTrue(
                "the governance view holds both changes",
                KafkaTestKit.PATIENCE,
                () -> view.history(name).stream()
                                .filter(h ->
                                        h.proposalId() != null && h.proposalId().endsWith(run))
                                .count()
                        == 2);

        // 150_000 of 1_000_000 paid out while 10 % is in force trips; the same a minute later, under 20 %, does not
        String during = "pool-governed-" + run;
        String after = "pool-governed-after-" + run;
        List<RecordMetadata> written = new ArrayList<>();
        written.add(topics.send(POOL_EVENTS, during, solvency(during, 3, 1_000_000, from.plusMillis(1))));
        PayoutReserved crossing = payout(during, 4, "pay-1", 150_000, 850_000, from.plusMillis(2));
        written.add(topics.send(POOL_EVENTS, during, crossing));
        written.add(topics.send(POOL_EVENTS, after, solvency(after, 3, 1_000_000, until.plusMillis(1))));
        written.add(topics.send(POOL_EVENTS, after, payout(after, 4, "pay-1", 150_000, 850_000, until.plusMillis(2))));

        CircuitBreakerTripped tripped = topics.await(
                        EVENTS, CircuitBreakerTripped.class, e -> e.getScope().equals(during), 1)
                .getFirst();
        assertThat(tripped.getRule()).isEqualTo("PAYOUT_SHARE_24H");
        assertThat(tripped.getThresholdPpm()).isEqualTo(100_000);
        assertThat(tripped.getLimit()).isEqualByComparingTo(new BigDecimal("100000"));
        assertThat(tripped.getObserved()).isEqualByComparingTo(new BigDecimal("150000"));
        assertThat(tripped.getMetadata().getOccurredAt())
                .isEqualTo(crossing.getMetadata().getOccurredAt());
        awaitProcessed(written);
        assertThat(trips(after))
                .as("20 %% is in force again for the later pool")
                .isEmpty();
        assertThat(trips(during)).hasSize(1);

        topics.await(EVENTS, PauseFlagChanged.class, e -> during.equals(e.getScope()), 1);
        lift(PauseFlag.PAYOUTS, during);
    }

    /** ApplyParameterChange as the scheduler sends it for an executed proposal, effective at {@code at}. */
    private static void change(String name, long value, String proposalId, Instant at) {
        topics.send(
                COMMANDS,
                name,
                ApplyParameterChange.newBuilder()
                        .setMetadata(KafkaTestKit.command(name, at, "governance-service/scheduler"))
                        .setProposalId(proposalId)
                        .setValue(ParameterValue.newBuilder()
                                .setName(name)
                                .setLongValue(value)
                                .build())
                        .build());
        topics.await(
                EVENTS,
                ParameterChanged.class,
                e -> e.getProposalId().equals(proposalId) && e.getEffectiveAt().equals(at),
                1);
    }

    /** Two of the genesis guardians (development keys 7 and 8) unpause the flag for the scope. */
    private static void lift(PauseFlag flag, String scope) {
        String requestId = "lift-" + scope;
        String first = Wallets.address(7);
        String second = Wallets.address(8);
        topics.send(
                COMMANDS,
                "pause-flags",
                RequestPauseChange.newBuilder()
                        .setMetadata(KafkaTestKit.command("pause-flags", Instant.now(), first))
                        .setRequestId(requestId)
                        .setFlag(flag)
                        .setPaused(false)
                        .setAdmin(first)
                        .setReason("the breaker's figures were reviewed")
                        .setScope(scope)
                        .setTtlMs(600_000L)
                        .build());
        topics.send(
                COMMANDS,
                "pause-flags",
                ApprovePauseChange.newBuilder()
                        .setMetadata(KafkaTestKit.command("pause-flags", Instant.now(), second))
                        .setRequestId(requestId)
                        .setAdmin(second)
                        .build());
        PauseFlagChanged lifted = topics.await(
                        EVENTS, PauseFlagChanged.class, e -> e.getRequestId().equals(requestId), 1)
                .getFirst();
        assertThat(lifted.getPaused()).isFalse();
        assertThat(lifted.getFlag()).isEqualTo(flag);
        assertThat(lifted.getScope()).isEqualTo(scope);
        assertThat(lifted.getBreaker()).isNull();
        assertThat(lifted.getApprovers()).hasSize(2);
    }

    private static List<TripCircuitBreaker> trips(String scope) {
        return topics.readAll(
                COMMANDS, TripCircuitBreaker.class, c -> c.getScope().equals(scope));
    }

    private static long checkIntervalMs() {
        return ConfigProvider.getConfig()
                .getOptionalValue("coverclaims.governance.breaker.check-interval", Duration.class)
                .orElse(Duration.ofSeconds(1))
                .toMillis();
    }

    /** Waits until the service's Streams application has committed its input past every record written. */
    private static void awaitProcessed(List<RecordMetadata> written) {
        String applicationId = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.kafka-streams.application-id", String.class)
                .orElse("governance-service");
        KafkaTestKit.awaitTrue("the circuit breakers read every record written", KafkaTestKit.PATIENCE, () -> {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, topics.bootstrap()))) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                        .partitionsToOffsetAndMetadata()
                        .get();
                return written.stream().allMatch(r -> {
                    OffsetAndMetadata offset = committed.get(new TopicPartition(r.topic(), r.partition()));
                    return offset != null && offset.offset() > r.offset();
                });
            } catch (Exception e) {
                return false;
            }
        });
    }
}
