package io.coverclaims.system;

import static io.coverclaims.system.KillNineRestartTest.javaBinary;
import static io.coverclaims.system.KillNineRestartTest.repositoryRoot;
import static io.coverclaims.system.KillNineRestartTest.tail;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.testing.KafkaBrokerProcess;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.schemas.chain.ClaimBondKind;
import io.coverclaims.schemas.chain.ClaimBondObserved;
import io.coverclaims.schemas.claim.AssessmentOpened;
import io.coverclaims.schemas.claim.CastAssessmentVote;
import io.coverclaims.schemas.claim.ClaimPayoutRequested;
import io.coverclaims.schemas.claim.ClaimRules;
import io.coverclaims.schemas.claim.ClaimSettled;
import io.coverclaims.schemas.claim.PayoutRefused;
import io.coverclaims.schemas.claim.SubmitClaim;
import io.coverclaims.schemas.pool.PayoutReserved;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The claims saga survives a crash of claim-service between the pool's reservation and the settlement: claim-service
 * runs as its own JVM (the packaged {@code quarkus-run.jar}) against the real broker; a claim is accepted and asks its
 * pool for the payout; the pool's PayoutReserved arrives and claim-service is killed with {@code kill -9} at once (its
 * transaction may be open, its reaction half done); the reservation is delivered again while it is dead, and once
 * more after the restart. Exactly one ClaimSettled follows, for the reserved amount, and no PayoutRefused: nothing paid
 * twice, nothing lost. Logs go to {@code system-tests/target/kill9-claims/}.
 */
class ClaimKillNineTest {

    static final String HOST = "kill9-claims-host";
    static final String HOLDER = "0x" + "a".repeat(40);
    static final List<String> ASSESSORS = List.of("0x" + "1".repeat(40), "0x" + "2".repeat(40), "0x" + "3".repeat(40));
    static final Duration START_PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path stateDir;

    @TempDir
    Path operatorKeys;

    private final List<Process> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    @AfterEach
    void kill_every_jvm_the_test_started() throws InterruptedException {
        for (Process process : started) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void a_claim_service_killed_between_the_reservation_and_the_settlement_settles_the_claim_exactly_once()
            throws Exception {
        Path app = repositoryRoot().resolve("claim-service/target/quarkus-app");
        assertThat(app.resolve("quarkus-run.jar"))
                .as("claim-service must be packaged first: ./mvnw -pl claim-service -am package -DskipTests")
                .isRegularFile();
        Path logs = repositoryRoot().resolve("system-tests/target/kill9-claims");
        Files.createDirectories(logs);
        String bootstrap = KafkaBrokerProcess.shared().bootstrapServers();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI base = URI.create("http://127.0.0.1:" + port);
        String uuid = UUID.randomUUID().toString();
        String policyId = "cov-" + uuid;
        String claimId = "clm-" + uuid + "-1";
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        try (KafkaTestKit topics = new KafkaTestKit()) {
            Process first = launch(app, bootstrap, port, logs.resolve("claim-service-1.log"));
            awaitReady(base, first, logs.resolve("claim-service-1.log"));

            // 1. a claim accepted by its three assessors (one second of cooldown) asks its pool for the payout
            topics.send("claim.commands", policyId, submit(policyId, claimId, now));
            topics.send("chain.events", "pool-k9", deposit(claimId));
            topics.await(
                    "claim.events", AssessmentOpened.class, e -> e.getClaimId().equals(claimId), 1);
            for (String assessor : ASSESSORS) {
                topics.send(
                        "claim.commands",
                        policyId,
                        CastAssessmentVote.newBuilder()
                                .setMetadata(KafkaTestKit.command(policyId, Instant.now(), assessor))
                                .setClaimId(claimId)
                                .setAssessor(assessor)
                                .setAccept(true)
                                .setAssessedLoss(BigDecimal.valueOf(700))
                                .setStakeWeight(BigDecimal.ONE)
                                .setRationale("seen on-chain")
                                .build());
            }
            ClaimPayoutRequested request = topics.await(
                            "claim.events",
                            ClaimPayoutRequested.class,
                            e -> e.getClaimId().equals(claimId),
                            1)
                    .getFirst();

            // 2. the pool reserves it, and claim-service dies at once: its reaction may be half done
            PayoutReserved reserved = reserved(request);
            topics.send("pool.events", "pool-k9", reserved);
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no LeaveGroup, an open transaction left open
            first.waitFor(10, TimeUnit.SECONDS);
            long killedAt = System.nanoTime();
            topics.send("pool.events", "pool-k9", reserved); // re-delivered while it is dead

            // 3. the same instance again: the reservation is settled once
            Process second = launch(app, bootstrap, port, logs.resolve("claim-service-2.log"));
            awaitReady(base, second, logs.resolve("claim-service-2.log"));
            System.out.printf("%nCLAIM KILL9 ready_after_kill9_ms=%d%n", (System.nanoTime() - killedAt) / 1_000_000);
            topics.send("pool.events", "pool-k9", reserved(request)); // and once more, as another event
            ClaimSettled settled = topics.await(
                            "claim.events",
                            ClaimSettled.class,
                            e -> e.getClaimId().equals(claimId),
                            1)
                    .getFirst();
            assertThat(settled.getSettledAmount()).isEqualByComparingTo("700");

            // a marker after every copy: a claim of another policy, decided after them on the same topics
            String markerUuid = UUID.randomUUID().toString();
            String markerPolicy = "cov-" + markerUuid;
            topics.send("claim.commands", markerPolicy, submit(markerPolicy, "clm-" + markerUuid + "-1", now));
            topics.await(
                    "claim.events",
                    io.coverclaims.schemas.claim.ClaimSubmitted.class,
                    e -> e.getPolicyId().equals(markerPolicy),
                    1);
            KafkaTestKit.sleep(2_000); // the last copy of the reservation has long been decided by now
            assertThat(topics.readAll(
                            "claim.events",
                            ClaimSettled.class,
                            e -> e.getClaimId().equals(claimId)))
                    .as("settled exactly once")
                    .hasSize(1);
            assertThat(topics.readAll(
                            "claim.events",
                            PayoutRefused.class,
                            e -> e.getClaimId().equals(claimId)))
                    .as("no copy of the reservation was taken for another one")
                    .isEmpty();
        }
    }

    static SubmitClaim submit(String policyId, String claimId, Instant now) {
        return SubmitClaim.newBuilder()
                .setMetadata(KafkaTestKit.command(policyId, now, HOLDER))
                .setClaimId(claimId)
                .setPolicyId(policyId)
                .setClaimant(HOLDER)
                .setIncidentAt(now.minus(Duration.ofDays(1)))
                .setClaimedAmount(BigDecimal.valueOf(1_000))
                .setDescription("drained")
                .setDepositAmount(BigDecimal.valueOf(5))
                .setPolicyHolder(HOLDER)
                .setProductId("prod-k9")
                .setProductCategory("PROTOCOL_EXPLOIT")
                .setPoolId("pool-k9")
                .setAsset("tUSD")
                .setCoverStartAt(now.minus(Duration.ofDays(10)))
                .setCoverEndAt(now.plus(Duration.ofDays(20)))
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

    static ClaimBondObserved deposit(String claimId) {
        return ClaimBondObserved.newBuilder()
                .setMetadata(KafkaTestKit.event(UUID.randomUUID() + ":0", 1, "chain-bridge"))
                .setChainId(31337)
                .setTxHash("0x" + "f".repeat(64))
                .setLogIndex(0)
                .setBlockNumber(10)
                .setBlockHash("0x" + "e".repeat(64))
                .setContract("0x" + "c".repeat(40))
                .setPoolId("pool-k9")
                .setClaimId(claimId)
                .setKind(ClaimBondKind.CLAIM_DEPOSIT)
                .setPayer(HOLDER)
                .setAmount(BigDecimal.valueOf(5))
                .setAsset("tUSD")
                .setConfirmations(2)
                .setRequiredConfirmations(2)
                .build();
    }

    static PayoutReserved reserved(ClaimPayoutRequested request) {
        return PayoutReserved.newBuilder()
                .setMetadata(KafkaTestKit.event("pool-k9", 5, "pool-service"))
                .setPoolId("pool-k9")
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
                .setTotalStakeAfter(BigDecimal.valueOf(99_300))
                .setRetained(BigDecimal.ZERO)
                .build();
    }

    /** {@code java -jar quarkus-run.jar} with a fixed HOSTNAME and port: the same group.instance.id every start. */
    private Process launch(Path app, String bootstrap, int port, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                javaBinary(),
                "-Xmx384m",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dkafka-streams.state.dir=" + stateDir.resolve("streams").toAbsolutePath(),
                "-Dcoverclaims.read-models.state-dir="
                        + stateDir.resolve("read-models").toAbsolutePath(),
                "-Dcoverclaims.operator-keys.dir=" + operatorKeys.toAbsolutePath(),
                "-Dcoverclaims.claim.deadline-check-interval=100ms"));
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-jar", app.resolve("quarkus-run.jar").toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(app.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        Map<String, String> environment = builder.environment();
        environment.put("HOSTNAME", HOST);
        environment.remove("COVERCLAIMS_INSTANCE_ID");
        environment.remove("KAFKA_BOOTSTRAP_SERVERS");
        Process process = builder.start();
        started.add(process);
        process.getOutputStream().close();
        return process;
    }

    private void awaitReady(URI base, Process process, Path log) throws InterruptedException {
        HttpRequest ready = HttpRequest.newBuilder(base.resolve("/q/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        long deadline = System.nanoTime() + START_PATIENCE.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("claim-service exited (" + process.exitValue() + ")" + tail(log));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("claim-service not ready within " + START_PATIENCE + tail(log));
            }
            Thread.sleep(50);
        }
    }
}
