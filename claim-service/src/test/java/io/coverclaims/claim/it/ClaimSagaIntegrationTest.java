package io.coverclaims.claim.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.claim.ClaimContext;
import io.coverclaims.claim.saga.ClaimSagas;
import io.coverclaims.platform.streams.Aggregate;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.CommandProcessorTopology;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.schemas.chain.ClaimBondKind;
import io.coverclaims.schemas.chain.ClaimBondObserved;
import io.coverclaims.schemas.chain.SettlementKind;
import io.coverclaims.schemas.chain.SettlementRedeemed;
import io.coverclaims.schemas.claim.AssessmentClosed;
import io.coverclaims.schemas.claim.AssessmentOpened;
import io.coverclaims.schemas.claim.CastAssessmentVote;
import io.coverclaims.schemas.claim.ClaimAccepted;
import io.coverclaims.schemas.claim.ClaimPaid;
import io.coverclaims.schemas.claim.ClaimPayoutRequested;
import io.coverclaims.schemas.claim.ClaimRefundDue;
import io.coverclaims.schemas.claim.ClaimRules;
import io.coverclaims.schemas.claim.ClaimSettled;
import io.coverclaims.schemas.claim.SubmitClaim;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.CommandOutcome;
import io.coverclaims.schemas.common.CommandStatus;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.pool.PayoutReserved;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * claim-service's command processor and sagas on a real broker (topics of their own, so the test is their only
 * writer): a claim goes from submission through an on-chain deposit, three votes (early close, median loss), the
 * cooldown deadline, acceptance and its payout request; then claim-service "crashes" between the pool's reservation
 * and the settlement (stopped, its state directory wiped), the reservation is delivered twice, and the claim is
 * settled exactly once and marked paid when the redemption is observed. The rebuilt aggregates equal the ones before.
 */
class ClaimSagaIntegrationTest {

    static final BoundedContext CONTEXT =
            BoundedContext.of("claim-saga-test", ClaimContext.CLAIMS, ClaimContext.INCIDENT, ClaimContext.GROUP);
    static final BoundedContext CHAIN = BoundedContext.of("claim-saga-test-chain");
    static final BoundedContext POOL = BoundedContext.of("claim-saga-test-pool");
    static final String APPLICATION_ID = "claim-saga-test";
    static final Instant AT = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    static final String HOLDER = "0x" + "a".repeat(40);
    static final List<String> ASSESSORS = List.of("0x" + "1".repeat(40), "0x" + "2".repeat(40), "0x" + "3".repeat(40));

    @TempDir
    Path stateDirs;

    @Test
    void a_claim_crashing_between_reservation_and_settlement_is_settled_once_and_rebuilt_the_same() throws IOException {
        String uuid = UUID.randomUUID().toString();
        String policyId = "cov-" + uuid;
        String claimId = "clm-" + uuid + "-1";
        try (KafkaTestKit topics = new KafkaTestKit()) {
            topics.createTopics(CONTEXT, 3);
            topics.createTopics(CHAIN, 1);
            topics.createTopics(POOL, 1);
            KafkaStreams streams = topics.start(topology(), APPLICATION_ID, stateDirs.resolve("first"));
            try {
                accepted(send(topics, submit(policyId, claimId)), topics, policyId);
                topics.send(
                        CHAIN.eventsTopic(),
                        "pool-x",
                        ClaimBondObserved.newBuilder()
                                .setMetadata(KafkaTestKit.event("0xtx:0", 1, "chain-bridge"))
                                .setChainId(31337)
                                .setTxHash("0x" + "f".repeat(64))
                                .setLogIndex(0)
                                .setBlockNumber(10)
                                .setBlockHash("0x" + "e".repeat(64))
                                .setContract("0x" + "c".repeat(40))
                                .setPoolId("pool-x")
                                .setClaimId(claimId)
                                .setKind(ClaimBondKind.CLAIM_DEPOSIT)
                                .setPayer(HOLDER)
                                .setAmount(BigDecimal.valueOf(50))
                                .setAsset("tUSD")
                                .setConfirmations(2)
                                .setRequiredConfirmations(2)
                                .build());
                topics.await(
                        CONTEXT.eventsTopic(),
                        AssessmentOpened.class,
                        e -> e.getClaimId().equals(claimId),
                        1);

                long[] losses = {900, 700, 800};
                for (int i = 0; i < 3; i++) {
                    accepted(send(topics, vote(policyId, claimId, ASSESSORS.get(i), losses[i])), topics, policyId);
                }
                AssessmentClosed closed = topics.await(
                                CONTEXT.eventsTopic(),
                                AssessmentClosed.class,
                                e -> e.getClaimId().equals(claimId),
                                1)
                        .getFirst();
                assertThat(closed.getAssessedLoss()).isEqualByComparingTo("800");
                // the cooldown's deadline decides it
                ClaimAccepted acceptance = topics.await(
                                CONTEXT.eventsTopic(),
                                ClaimAccepted.class,
                                e -> e.getClaimId().equals(claimId),
                                1)
                        .getFirst();
                assertThat(acceptance.getPayoutAmount()).isEqualByComparingTo("800");
                assertThat(acceptance.getPartial()).isTrue();
                ClaimPayoutRequested request = topics.await(
                                CONTEXT.eventsTopic(),
                                ClaimPayoutRequested.class,
                                e -> e.getClaimId().equals(claimId),
                                1)
                        .getFirst();
                assertThat(request.getAmount()).isEqualByComparingTo("800");
                topics.await(
                        CONTEXT.eventsTopic(),
                        ClaimRefundDue.class,
                        e -> e.getClaimId().equals(claimId),
                        1);

                // the crash: gone with its local state, while the pool reserves the payout
                KafkaTestKit.stop(streams);
                KafkaTestKit.deleteRecursively(stateDirs.resolve("first"));
                PayoutReserved reserved = reserved(request);
                topics.send(POOL.eventsTopic(), "pool-x", reserved);
                topics.send(POOL.eventsTopic(), "pool-x", reserved); // delivered twice
                streams = topics.start(topology(), APPLICATION_ID, stateDirs.resolve("second"));

                topics.await(
                        CONTEXT.eventsTopic(),
                        ClaimSettled.class,
                        e -> e.getClaimId().equals(claimId),
                        1);
                topics.send(POOL.eventsTopic(), "pool-x", reserved(request)); // another copy, another event id
                topics.send(
                        CHAIN.eventsTopic(),
                        "pool-x",
                        SettlementRedeemed.newBuilder()
                                .setMetadata(KafkaTestKit.event("pool-x", 7, "chain-bridge"))
                                .setBatchId("0x" + "b".repeat(64))
                                .setPoolId("pool-x")
                                .setLeafIndex(0)
                                .setKind(SettlementKind.CLAIM_PAYOUT)
                                .setReferenceId(claimId)
                                .setRecipient(HOLDER)
                                .setAmount(BigDecimal.valueOf(800))
                                .setTxHash("0x" + "d".repeat(64))
                                .setLogIndex(1)
                                .setBlockNumber(20)
                                .setBlockHash("0x" + "9".repeat(64))
                                .build());
                topics.await(
                        CONTEXT.eventsTopic(),
                        ClaimPaid.class,
                        e -> e.getClaimId().equals(claimId),
                        1);

                assertThat(topics.readAll(
                                CONTEXT.eventsTopic(),
                                ClaimSettled.class,
                                e -> e.getClaimId().equals(claimId)))
                        .hasSize(1)
                        .allSatisfy(s -> assertThat(s.getSettledAmount()).isEqualByComparingTo("800"));
                assertThat(topics.readAll(
                                CONTEXT.eventsTopic(),
                                ClaimPayoutRequested.class,
                                e -> e.getClaimId().equals(claimId)))
                        .hasSize(1);

                // the state is a cache of the events: wiped once more, it is rebuilt to the same aggregates
                Map<String, Aggregate> before = KafkaTestKit.aggregates(streams, CONTEXT);
                assertThat(before).containsKey(policyId);
                KafkaTestKit.stop(streams);
                KafkaTestKit.deleteRecursively(stateDirs.resolve("second"));
                streams = topics.start(topology(), APPLICATION_ID, stateDirs.resolve("third"));
                assertThat(KafkaTestKit.aggregates(streams, CONTEXT)).isEqualTo(before);
            } finally {
                KafkaTestKit.stop(streams);
            }
        }
    }

    Topology topology() {
        Topology topology = CommandProcessorTopology.build(CONTEXT);
        return ClaimSagas.addTo(topology, CONTEXT, CHAIN.eventsTopic(), POOL.eventsTopic(), Duration.ofMillis(100));
    }

    static SubmitClaim submit(String policyId, String claimId) {
        return SubmitClaim.newBuilder()
                .setMetadata(KafkaTestKit.command(policyId, AT, HOLDER))
                .setClaimId(claimId)
                .setPolicyId(policyId)
                .setClaimant(HOLDER)
                .setIncidentAt(AT.minus(Duration.ofDays(1)))
                .setClaimedAmount(BigDecimal.valueOf(1_000))
                .setDescription("drained by an exploit")
                .setDepositAmount(BigDecimal.valueOf(50))
                .setPolicyHolder(HOLDER)
                .setProductId("prod-x")
                .setProductCategory("PROTOCOL_EXPLOIT")
                .setPoolId("pool-x")
                .setAsset("tUSD")
                .setCoverStartAt(AT.minus(Duration.ofDays(10)))
                .setCoverEndAt(AT.plus(Duration.ofDays(20)))
                .setCoverLeft(BigDecimal.valueOf(5_000))
                .setPolicyStatus("ACTIVE")
                .setAssessorGroupId("grp-protocol-exploit")
                .setAssessors(ASSESSORS)
                .setRules(ClaimRules.newBuilder()
                        .setMinVotingMs(60_000)
                        .setCooldownMs(1_000)
                        .setAppealBondFloor(BigDecimal.TEN)
                        .build())
                .build();
    }

    static CastAssessmentVote vote(String policyId, String claimId, String assessor, long loss) {
        return CastAssessmentVote.newBuilder()
                .setMetadata(KafkaTestKit.command(policyId, Instant.now(), assessor))
                .setClaimId(claimId)
                .setAssessor(assessor)
                .setAccept(true)
                .setAssessedLoss(BigDecimal.valueOf(loss))
                .setStakeWeight(BigDecimal.ONE)
                .setRationale("the exploit is real; the loss is " + loss)
                .build();
    }

    static PayoutReserved reserved(ClaimPayoutRequested request) {
        EventMetadata metadata = KafkaTestKit.event("pool-x", 5, "pool-service");
        return PayoutReserved.newBuilder()
                .setMetadata(metadata)
                .setPoolId("pool-x")
                .setPayoutId(request.getPayoutId())
                .setClaimId(request.getClaimId())
                .setPolicyId(request.getPolicyId())
                .setRecipient(request.getClaimant())
                .setIncidentId(null)
                .setRequestedAmount(request.getAmount())
                .setReservedAmount(request.getAmount())
                .setProRataPpm(1_000_000)
                .setAvailableCapital(BigDecimal.valueOf(100_000))
                .setCharges(List.of())
                .setTotalStakeAfter(BigDecimal.valueOf(99_200))
                .setRetained(BigDecimal.ZERO)
                .build();
    }

    static String send(KafkaTestKit topics, SpecificRecord command) {
        CommandMetadata metadata = (CommandMetadata)
                command.get(command.getSchema().getField("metadata").pos());
        topics.send(CONTEXT.commandsTopic(), metadata.getAggregateId(), command);
        return metadata.getCommandId();
    }

    static void accepted(String commandId, KafkaTestKit topics, String policyId) {
        CommandOutcome outcome = topics.await(
                        CONTEXT.outcomesTopic(),
                        policyId,
                        CommandOutcome.class,
                        o -> o.getCommandId().equals(commandId),
                        1)
                .getFirst();
        assertThat(outcome.getStatus())
                .as("%s: %s %s", outcome.getCommandType(), outcome.getReasonCode(), outcome.getReasonMessage())
                .isEqualTo(CommandStatus.ACCEPTED);
    }
}
