package io.coverclaims.system;

import static io.coverclaims.system.KillNineRestartTest.javaBinary;
import static io.coverclaims.system.KillNineRestartTest.repositoryRoot;
import static io.coverclaims.system.KillNineRestartTest.tail;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.auth.OperatorRoles;
import io.coverclaims.platform.testing.KafkaBrokerProcess;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.platform.testing.OperatorTokens;
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
 * and pool-service run as their own JVMs (the packaged {@code quarkus-run.jar}s) against the real broker. A pool gets
 * capital through pool-service's API; a claim on it is accepted (its commands sent to claim.commands, as the edge
 * would) and asks the pool for the payout; claim-service is killed with {@code kill -9} the moment that request is on
 * claim.events, so pool-service reserves the payout while claim-service is dead. Restarted under the same identity,
 * claim-service settles the claim exactly once, for the reserved amount, with no PayoutRefused: nothing paid twice,
 * nothing lost. Nothing is written to another service's event topic. Logs go to
 * {@code system-tests/target/kill9-claims/}.
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

    /**
     * Stops the JVMs the test started gracefully (SIGTERM: Streams commits or aborts its open transaction and leaves
     * the group), so that no transaction of claim-service is left open on claim.events for the next test's services,
     * whose read_committed consumers would wait for it to time out.
     */
    @AfterEach
    void stop_every_jvm_the_test_started() throws InterruptedException {
        for (Process process : started) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
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

        Path poolApp = repositoryRoot().resolve("pool-service/target/quarkus-app");
        int poolPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            poolPort = socket.getLocalPort();
        }
        URI poolBase = URI.create("http://127.0.0.1:" + poolPort);
        String poolId = "pool-claims-k9-" + UUID.randomUUID();

        try (KafkaTestKit topics = new KafkaTestKit()) {
            Process pool =
                    launch(poolApp, bootstrap, poolPort, logs.resolve("pool-service.log"), "pool-service-k9", "pool");
            Process first = launch(app, bootstrap, port, logs.resolve("claim-service-1.log"), HOST, "claim");
            awaitReady(poolBase, pool, logs.resolve("pool-service.log"));
            awaitReady(base, first, logs.resolve("claim-service-1.log"));

            // 1. a pool with capital, through pool-service's API
            String admin = OperatorTokens.bearer(operatorKeys, OperatorRoles.POOL_ADMIN);
            assertThat(post(poolBase.resolve("/pools"), KillNineRestartTest.createPoolBody(poolId), admin))
                    .isEqualTo(201);
            assertThat(post(
                            poolBase.resolve(KillNineRestartTest.depositPath(poolId)),
                            "{\"provider\":\"" + ASSESSORS.getFirst() + "\",\"amount\":\"1000000\"}",
                            admin))
                    .isEqualTo(201);

            // 2. a claim on it, accepted by its three assessors (no deposit asked: voting opens at once)
            topics.send("claim.commands", policyId, submit(policyId, claimId, now, poolId));
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

            // 3. the payout is asked for, and claim-service dies at once: the pool reserves it while it is dead
            topics.await(
                    "claim.events",
                    ClaimPayoutRequested.class,
                    e -> e.getClaimId().equals(claimId),
                    1);
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no LeaveGroup, an open transaction left open
            first.waitFor(10, TimeUnit.SECONDS);
            long killedAt = System.nanoTime();
            PayoutReserved reserved = topics.await(
                            "pool.events",
                            PayoutReserved.class,
                            e -> e.getClaimId().equals(claimId),
                            1)
                    .getFirst();
            assertThat(reserved.getReservedAmount()).isEqualByComparingTo("700");

            // 4. the same instance again: the reservation is settled once
            Process second = launch(app, bootstrap, port, logs.resolve("claim-service-2.log"), HOST, "claim");
            awaitReady(base, second, logs.resolve("claim-service-2.log"));
            System.out.printf("%nCLAIM KILL9 ready_after_kill9_ms=%d%n", (System.nanoTime() - killedAt) / 1_000_000);
            ClaimSettled settled = topics.await(
                            "claim.events",
                            ClaimSettled.class,
                            e -> e.getClaimId().equals(claimId),
                            1)
                    .getFirst();
            assertThat(settled.getSettledAmount()).isEqualByComparingTo("700");
            assertThat(settled.getPayoutId()).isEqualTo(reserved.getPayoutId());

            // a marker decided after everything above: a claim of another policy on the same topics
            String markerUuid = UUID.randomUUID().toString();
            String markerPolicy = "cov-" + markerUuid;
            topics.send("claim.commands", markerPolicy, submit(markerPolicy, "clm-" + markerUuid + "-1", now, poolId));
            topics.await(
                    "claim.events",
                    io.coverclaims.schemas.claim.ClaimSubmitted.class,
                    e -> e.getPolicyId().equals(markerPolicy),
                    1);
            assertThat(topics.readAll(
                            "claim.events",
                            ClaimSettled.class,
                            e -> e.getClaimId().equals(claimId)))
                    .as("settled exactly once")
                    .hasSize(1);
            assertThat(topics.readAll(
                            "pool.events",
                            PayoutReserved.class,
                            e -> e.getClaimId().equals(claimId)))
                    .as("reserved exactly once")
                    .hasSize(1);
            assertThat(topics.readAll(
                            "claim.events",
                            PayoutRefused.class,
                            e -> e.getClaimId().equals(claimId)))
                    .as("no reservation refused")
                    .isEmpty();
        }
    }

    private int post(URI uri, String json, String authorization) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(15))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .header("Authorization", authorization)
                        .header("Prefer", "wait=15")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    static SubmitClaim submit(String policyId, String claimId, Instant now, String poolId) {
        return SubmitClaim.newBuilder()
                .setMetadata(KafkaTestKit.command(policyId, now, HOLDER))
                .setClaimId(claimId)
                .setPolicyId(policyId)
                .setClaimant(HOLDER)
                .setIncidentAt(now.minus(Duration.ofDays(1)))
                .setClaimedAmount(BigDecimal.valueOf(1_000))
                .setDescription("drained")
                .setDepositAmount(BigDecimal.ZERO)
                .setPolicyHolder(HOLDER)
                .setProductId("prod-k9")
                .setProductCategory("PROTOCOL_EXPLOIT")
                .setPoolId(poolId)
                .setAsset("USDC")
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

    /** {@code java -jar quarkus-run.jar} with a fixed HOSTNAME and port: the same group.instance.id every start. */
    private Process launch(Path app, String bootstrap, int port, Path log, String host, String name)
            throws IOException {
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
        environment.put("HOSTNAME", host);
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
                throw new AssertionError(log.getFileName() + ": exited (" + process.exitValue() + ")" + tail(log));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(log.getFileName() + ": not ready within " + START_PATIENCE + tail(log));
            }
            Thread.sleep(50);
        }
    }
}
