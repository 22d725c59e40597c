package io.coverclaims.claim.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.coverclaims.claim.GovernedClaimParameters;
import io.coverclaims.platform.governance.Capability;
import io.coverclaims.platform.governance.Governance;
import io.coverclaims.platform.governance.PauseKey;
import io.coverclaims.platform.testing.GovernanceEvents;
import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.platform.testing.ServiceConformance;
import io.coverclaims.schemas.chain.ClaimBondKind;
import io.coverclaims.schemas.chain.ClaimBondObserved;
import io.coverclaims.schemas.claim.ClaimDepositReceived;
import io.coverclaims.schemas.claim.ClaimSubmitted;
import io.coverclaims.schemas.common.CommandOutcome;
import io.coverclaims.schemas.governance.PauseFlag;
import io.coverclaims.schemas.governance.PauseFlagChanged;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Governance as claim-service sees it, through the real broker: governance.events written as governance-service
 * would (ParameterChanged, PauseFlagChanged) reach the kernel's global store; the next claim's deposit is the governed
 * one and is recorded in ClaimSubmitted; a claim submitted while claims are paused is refused 422 PAUSED and nothing
 * is emitted; a deposit observed on-chain while claims are paused waits and is recorded exactly once after the unpause.
 *
 * <p>Every change is undone before the test ends (the deposit set back to the configured 50, each pause lifted), so
 * the other tests of this JVM see the configuration.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class GovernedClaimsIntegrationTest {

    static KafkaTestKit topics;
    static long flagVersion = 1_000;

    @Inject
    Governance governance;

    @Inject
    GovernedClaimParameters parameters;

    @BeforeAll
    static void open() {
        topics = new KafkaTestKit();
        ClaimServiceIntegrationTest.topics = topics; // its helpers write policies and pools with it
    }

    @AfterAll
    static void close() {
        topics.close();
        ClaimServiceIntegrationTest.topics = null;
    }

    @BeforeEach
    void ready() {
        ServiceConformance.awaitReady();
    }

    @Test
    void a_changed_deposit_parameter_sets_the_next_claims_deposit_and_the_claim_records_it() {
        ClaimServiceIntegrationTest.appointAssessors();
        String policyId = ClaimServiceIntegrationTest.policy("pool-" + UUID.randomUUID(), "prod-governed", 10_000_000);
        setDepositUnits(80);
        try {
            String claimId = submitted(policyId);

            ClaimSubmitted event = topics.await(
                            "claim.events",
                            ClaimSubmitted.class,
                            e -> e.getClaimId().equals(claimId),
                            1)
                    .getFirst();
            assertThat(event.getDepositAmount()).isEqualByComparingTo("80000000"); // 80 tUSD, 6 decimals
            assertThat(event.getRequiredDeposit()).isEqualByComparingTo("80000000");
        } finally {
            setDepositUnits(50);
        }
    }

    @Test
    void a_claim_submitted_while_claims_are_paused_is_refused_paused_naming_the_capability_and_emits_nothing() {
        ClaimServiceIntegrationTest.appointAssessors();
        String poolId = "pool-" + UUID.randomUUID();
        String policyId = ClaimServiceIntegrationTest.policy(poolId, "prod-paused", 10_000_000);
        String claimId = policyId.replace("cov-", "clm-") + "-1";
        setClaimsPaused(poolId, true);
        try {
            Response[] attempt = new Response[1];
            KafkaTestKit.awaitTrue("the policy in claim-service's read model", Duration.ofSeconds(60), () -> {
                attempt[0] = ClaimServiceIntegrationTest.submit(
                        policyId,
                        ClaimServiceIntegrationTest.HOLDER,
                        "8000000",
                        ClaimServiceIntegrationTest.HOLDER_KEY);
                return attempt[0].statusCode() != 404;
            });
            attempt[0]
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("code", equalTo("PAUSED"))
                    .body("field", equalTo("capability"))
                    .body("detail", containsString("claims for " + poolId))
                    .body("detail", containsString("pause request req-claims-" + poolId));
        } finally {
            setClaimsPaused(poolId, false);
        }
        assertThat(topics.readAll(
                        "claim.events",
                        ClaimSubmitted.class,
                        e -> e.getPolicyId().equals(policyId)))
                .isEmpty();
        assertThat(topics.readAll("claim.command-outcomes", policyId)).isEmpty();

        // after the unpause the same claim is accepted
        assertThat(submitted(policyId)).isEqualTo(claimId);
    }

    @Test
    void a_deposit_observed_while_claims_are_paused_waits_and_is_recorded_exactly_once_after_the_unpause() {
        ClaimServiceIntegrationTest.appointAssessors();
        String poolId = "pool-" + UUID.randomUUID();
        String policyId = ClaimServiceIntegrationTest.policy(poolId, "prod-parked", 10_000_000);
        String claimId = submitted(policyId);
        Response[] last = new Response[1];
        ClaimServiceIntegrationTest.awaitClaim(claimId, last, "AWAITING_DEPOSIT");

        setClaimsPaused(null, true);
        try {
            ClaimBondObserved deposit = depositObserved(claimId, poolId);
            topics.send("chain.events", poolId, deposit);
            topics.send("chain.events", poolId, deposit); // redelivered: still recorded once
            KafkaTestKit.sleep(2_000);
            assertThat(topics.readAll(
                            "claim.events",
                            ClaimDepositReceived.class,
                            e -> e.getClaimId().equals(claimId)))
                    .isEmpty();
            assertThat(given().get("/claims/" + claimId).jsonPath().getString("claim.status"))
                    .isEqualTo("AWAITING_DEPOSIT");
            // the operators' view of what the service waits for: the deposit, held once though delivered twice
            List<Map<String, Object>> held = pending("parked", policyId);
            assertThat(held).hasSize(1);
            assertThat(held.getFirst()).containsEntry("command", "RecordClaimDeposit");
            assertThat(held.getFirst().get("since")).isNotNull();
        } finally {
            setClaimsPaused(null, false);
        }
        ClaimServiceIntegrationTest.awaitClaim(claimId, last, "ASSESSING");
        assertThat(pending("parked", policyId)).isEmpty();
        // the assessment's voting end is now a deadline the service holds, due in the future
        assertThat(pending("deadline", policyId))
                .isNotEmpty()
                .allSatisfy(
                        d -> assertThat(Instant.parse((String) d.get("dueAt"))).isAfter(Instant.now()));
        KafkaTestKit.sleep(1_000); // room for a second decision, were there one
        assertThat(topics.readAll(
                        "claim.events",
                        ClaimDepositReceived.class,
                        e -> e.getClaimId().equals(claimId)))
                .hasSize(1);
        List<CommandOutcome> outcomes = topics.readAll(
                "claim.command-outcomes",
                CommandOutcome.class,
                o -> o.getAggregateId().equals(policyId) && o.getCommandType().endsWith("RecordClaimDeposit"));
        assertThat(outcomes).hasSize(1);
        assertThat(outcomes.getFirst().getStatus().name()).isEqualTo("ACCEPTED");
    }

    /** {@code GET /pending-commands}: the commands of one kind the service holds for {@code aggregateId}. */
    private static List<Map<String, Object>> pending(String kind, String aggregateId) {
        List<Map<String, Object>> all = given().get("/pending-commands")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        return all.stream()
                .filter(p -> kind.equals(p.get("kind")) && aggregateId.equals(p.get("aggregateId")))
                .toList();
    }

    private static String submitted(String policyId) {
        Response[] attempt = new Response[1];
        KafkaTestKit.awaitTrue("a claim on " + policyId + " accepted", Duration.ofSeconds(60), () -> {
            attempt[0] = ClaimServiceIntegrationTest.submit(
                    policyId, ClaimServiceIntegrationTest.HOLDER, "8000000", ClaimServiceIntegrationTest.HOLDER_KEY);
            return attempt[0].statusCode() != 404;
        });
        assertThat(attempt[0].statusCode()).as(attempt[0].asString()).isEqualTo(201);
        String location = attempt[0].header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private void setDepositUnits(long units) {
        GovernanceEvents.setParameter(topics, governance, GovernedClaimParameters.DEPOSIT_UNITS, units);
        KafkaTestKit.awaitTrue(
                "claim.depositUnits = " + units, Duration.ofSeconds(30), () -> parameters.depositUnits() == units);
    }

    private void setClaimsPaused(String poolId, boolean paused) {
        flagVersion++;
        String requestId = "req-claims-" + (poolId == null ? "everywhere" : poolId);
        topics.send(
                "governance.events",
                "pause-flags",
                PauseFlagChanged.newBuilder()
                        .setMetadata(KafkaTestKit.event("pause-flags", flagVersion, "0xguardian2"))
                        .setRequestId(requestId)
                        .setFlag(PauseFlag.CLAIMS)
                        .setPaused(paused)
                        .setApprovers(List.of("0xguardian1", "0xguardian2"))
                        .setScope(poolId)
                        .setBreaker(null)
                        .build());
        PauseKey key = PauseKey.of(Capability.CLAIMS, poolId);
        KafkaTestKit.awaitTrue(
                "claims" + (poolId == null ? "" : " for " + poolId) + (paused ? " paused" : " running"),
                Duration.ofSeconds(30),
                () -> governance.pauseState().flag(key).isPresent() == paused);
    }

    private static ClaimBondObserved depositObserved(String claimId, String poolId) {
        return ClaimBondObserved.newBuilder()
                .setMetadata(KafkaTestKit.event(UUID.randomUUID() + ":0", 1, "chain-bridge"))
                .setChainId(31337)
                .setTxHash("0x" + "a".repeat(64))
                .setLogIndex(0)
                .setBlockNumber(11)
                .setBlockHash("0x" + "b".repeat(64))
                .setContract("0x" + "c".repeat(40))
                .setPoolId(poolId)
                .setClaimId(claimId)
                .setKind(ClaimBondKind.CLAIM_DEPOSIT)
                .setPayer(ClaimServiceIntegrationTest.HOLDER)
                .setAmount(new BigDecimal("50000000"))
                .setAsset("tUSD")
                .setConfirmations(2)
                .setRequiredConfirmations(2)
                .build();
    }
}
