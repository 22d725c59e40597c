package io.coverclaims.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.coverclaims.platform.internal.DeadLetter;
import io.coverclaims.platform.streams.StateCodec;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.pool.PoolContext;
import io.coverclaims.pool.domain.pool.PoolState;
import io.coverclaims.schemas.chain.SettlementKind;
import io.coverclaims.schemas.serde.AvroSingleObjectSerializer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operators' tools through the Cli main against the real broker (the JVM's shared one, with the catalogue's
 * topics, which only this class writes to): a pool, a policy, a settlement batch and three dead letters written the
 * way the services write them, then history, at, verify, dead-letters with redrives, replay against a stand-in
 * service, and last a violation that verify must catch.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorToolsBrokerTest {

    static final String POOL = "pool-ops";
    static final String POLICY = "cov-ops-1";
    static final String BATCH = "batch-ops-1";

    static KafkaTestKit kit;
    static String bootstrap;
    static int commandPartition;
    static List<SpecificRecord> poolEvents;

    @BeforeAll
    static void fill_the_log() throws Exception {
        kit = new KafkaTestKit();
        bootstrap = kit.bootstrap();
        poolEvents = List.of(
                Wire.poolCreated(POOL, 0),
                Wire.deposit(POOL, 2, 1, 50_000_000, 50_000_000),
                Wire.premium(POOL, 3, 3, POLICY, 10_000, 9_999, 1),
                Wire.deposit(POOL, 4, 10, 30_000_000, 80_009_999));
        poolEvents.forEach(event -> kit.send("pool.events", event));
        kit.send("policy.events", Wire.policyActivated(POLICY, POOL, 2, 500_000));
        kit.send("chain.events", Wire.enqueued(POOL, 1, 4, SettlementKind.CAPITAL_WITHDRAWAL, "wd-1", 1_000));
        kit.send("chain.events", Wire.sealed(POOL, 2, 5, BATCH, "wd-1", 1_000));
        kit.send("chain.events", Wire.anchored(POOL, 3, 6, BATCH, 1_000));
        kit.send("chain.events", Wire.redeemed(POOL, 4, 7, BATCH, 0, "wd-1", 1_000));
        commandPartition = Cluster.partitionOf(POOL, 6);
        AvroSingleObjectSerializer avro = new AvroSingleObjectSerializer();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(),
                new ByteArraySerializer())) {
            // the commands as the gateway wrote them, then their dead letters as the processor wrote them:
            // 0: a command the processor failed on; 1: an event a process manager failed on; 2: another command
            long failed = original(producer, avro.serialize("pool.commands", Wire.depositCommand(POOL, "dep-9", 7)));
            long unknown = original(producer, avro.serialize("pool.commands", Wire.depositCommand(POOL, "dep-10", 8)));
            deadLetter(
                    producer,
                    avro.serialize("pool.commands", Wire.depositCommand(POOL, "dep-9", 7)),
                    "pool.commands",
                    commandPartition,
                    failed,
                    "PROCESSING_FAILED",
                    "java.lang.IllegalStateException: boom");
            deadLetter(
                    producer,
                    avro.serialize("policy.events", Wire.policyActivated(POLICY, POOL, 2, 500_000)),
                    "policy.events",
                    2,
                    5,
                    "PROCESSING_FAILED",
                    "reaction failed");
            deadLetter(
                    producer,
                    avro.serialize("pool.commands", Wire.depositCommand(POOL, "dep-10", 8)),
                    "pool.commands",
                    commandPartition,
                    unknown,
                    "UNKNOWN_COMMAND",
                    "no aggregate takes it");
            producer.flush();
        }
        kit.flush();
    }

    /** A command as the gateway wrote it to pool.commands: its offset. */
    private static long original(KafkaProducer<String, byte[]> producer, byte[] value) throws Exception {
        return producer.send(new ProducerRecord<>("pool.commands", commandPartition, POOL, value))
                .get()
                .offset();
    }

    private static void deadLetter(
            KafkaProducer<String, byte[]> producer,
            byte[] value,
            String originTopic,
            int originPartition,
            long originOffset,
            String reason,
            String detail)
            throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add(
                "traceparent",
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetter.REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetter.DETAIL, detail.getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetter.ORIGIN_TOPIC, originTopic.getBytes(StandardCharsets.UTF_8));
        headers.add(
                DeadLetter.ORIGIN_PARTITION, Integer.toString(originPartition).getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetter.ORIGIN_OFFSET, Long.toString(originOffset).getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetter.FAILED_AT, "2026-12-01T10:20:00Z".getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>("pool.dead-letter", 0, null, POOL, value, headers))
                .get();
    }

    @AfterAll
    static void close() {
        kit.close();
    }

    private static CliRun tool(String... argv) {
        String[] full = java.util.Arrays.copyOf(argv, argv.length + 2);
        full[argv.length] = "--bootstrap";
        full[argv.length + 1] = bootstrap;
        return CliRun.run(full);
    }

    private static List<ConsumerRecord<String, byte[]>> redrivesOf(long deadLetterOffset) {
        String marker = "pool.dead-letter-0@" + deadLetterOffset;
        return kit.readAll("pool.commands", record -> Redrive.isRedriveOf(record.headers(), marker));
    }

    @Test
    @Order(1)
    void verify_passes_every_invariant_of_a_healthy_log_and_exits_0() {
        CliRun run = tool("verify");

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .contains("events read: policy.events 1, pool.events 4, claim.events 0, chain.events 4")
                .contains("  PASS  every pool's ledger is conserved after every event")
                .contains("pool-ops after v4: deposits 80 + premiums 0.01 = capital 80.009999 + withdrawals 0 + payouts"
                        + " 0 + fees 0.000001 tUSD  (80.01 = 80.01 tUSD)")
                .contains("  PASS  sum redeemed on chain ≤ sum anchored")
                .contains("pool-ops: redeemed 0.001 tUSD (1 leaf) ≤ anchored 0.001 tUSD")
                .endsWith("verify: all 7 invariants hold" + System.lineSeparator());
    }

    @Test
    @Order(2)
    void history_of_a_policy_finds_its_events_and_those_naming_it_in_time_order_decoded() throws Exception {
        CliRun run = tool("history", POLICY);

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out())
                .startsWith("history of cov-ops-1: 2 events (policy.events 1, pool.events 1; matched by aggregate id 1,"
                        + " an id field 1)")
                .contains("2026-12-01T10:02:00Z  policy.events  PolicyActivated  cov-ops-1 v3")
                .contains("    actor " + Wire.PROVIDER + " · causation cmd-cov-ops-1-3 · correlation corr-cov-ops-1")
                .contains("\"coverAmount\":\"500000\"")
                .contains("2026-12-01T10:03:00Z  pool.events  PremiumRecorded  pool-ops v3")
                .contains("matched by field policyId");
        assertThat(run.out().indexOf("PolicyActivated")).isLessThan(run.out().indexOf("PremiumRecorded"));

        CliRun json = tool("history", BATCH, "--json");
        List<JsonNode> lines = json.out()
                .lines()
                .map(line -> {
                    try {
                        return AvroJson.JSON.readTree(line);
                    } catch (Exception e) {
                        throw new AssertionError(line, e);
                    }
                })
                .toList();
        assertThat(lines)
                .extracting(line -> line.get("type").asText().replaceAll(".*\\.", "") + " "
                        + line.get("matchedBy").asText())
                .containsExactly(
                        "SettlementBatchSealed field batchId",
                        "SettlementBatchAnchored field batchId",
                        "SettlementRedeemed field batchId");
        assertThat(lines.getFirst()
                        .get("event")
                        .get("metadata")
                        .get("aggregateId")
                        .asText())
                .isEqualTo(POOL);
    }

    @Test
    @Order(3)
    void history_of_an_id_nothing_names_says_so() {
        CliRun run = tool("history", "cov-nobody");

        assertThat(run.status()).isZero();
        assertThat(run.out()).startsWith("history of cov-nobody: no event names it in policy.events, pool.events");
    }

    @Test
    @Order(4)
    void at_folds_the_events_up_to_the_time_with_the_contexts_decider() throws Exception {
        CliRun run = tool("at", "2026-12-01T10:05:00Z", POOL, "--context", "pool");

        assertThat(run.status()).as(run.err()).isZero();
        JsonNode at = AvroJson.JSON.readTree(run.out());
        assertThat(at.get("type").asText()).isEqualTo("pool");
        assertThat(at.get("version").asLong()).isEqualTo(3);
        assertThat(at.get("lastEventAt").asText()).isEqualTo("2026-12-01T10:03:00Z");
        assertThat(at.get("eventsAfter").asInt()).isEqualTo(1);
        assertThat(at.get("state").get("@phase").asText()).isEqualTo("Pool");
        assertThat(at.get("state").get("capital").asText()).isEqualTo("50009999");

        CliRun both = tool("at", "2026-12-01T11:00:00Z", POOL);
        assertThat(both.status()).as(both.err()).isZero();
        assertThat(both.err()).contains("2 aggregates have the id pool-ops (pool, chain)");
        assertThat(both.out()).contains("\"type\" : \"settlement-queue\"").contains("\"version\" : 4");

        CliRun before = tool("at", "2026-11-30T00:00:00Z", POOL, "--context", "pool");
        assertThat(AvroJson.JSON.readTree(before.out()).get("version").asLong()).isZero();
        assertThat(tool("at", "2026-12-01T11:00:00Z", "pool-nobody").status()).isEqualTo(1);
    }

    @Test
    @Order(5)
    void dead_letters_lists_each_with_its_reason_origin_and_what_it_is() {
        CliRun run = tool("dead-letters", "pool");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out())
                .startsWith("pool.dead-letter on " + bootstrap + ": 3 dead letters")
                .contains("offset 0  2026-12-01T10:20:00Z  PROCESSING_FAILED  from pool.commands-" + commandPartition
                        + "@0  key pool-ops")
                .contains("    detail: java.lang.IllegalStateException: boom")
                .contains("    record: command io.coverclaims.schemas.pool.DepositCapital cmd-dep-9 for pool-ops, by "
                        + "operator:alice, issued 2026-12-01T10:00:00Z")
                .contains("    redriven: no  (./claims dead-letters pool --redrive 0)")
                .contains("    redriven: no; cannot be: it came from policy.events, not from pool.commands");
    }

    @Test
    @Order(6)
    void a_redrive_sends_the_dead_letter_back_once_however_often_it_is_run() {
        CliRun first = tool("dead-letters", "pool", "--redrive", "0", "--yes");

        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.out())
                .contains("redriven: sent to pool.commands-" + commandPartition + "@")
                .contains("with dlq.redriven-from=pool.dead-letter-0@0");
        assertThat(redrivesOf(0)).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(POOL);
            assertThat(kit.decode(record)).isEqualTo(Wire.depositCommand(POOL, "dep-9", 7));
            assertThat(record.headers().lastHeader("traceparent")).isNotNull();
            assertThat(record.headers().lastHeader(DeadLetter.REASON)).isNull();
        });

        CliRun second = tool("dead-letters", "pool", "--redrive", "0", "--yes");
        assertThat(second.status()).isZero();
        assertThat(second.out())
                .contains("already redriven as pool.commands-" + commandPartition + "@")
                .contains("not sent again");
        assertThat(redrivesOf(0)).hasSize(1);
    }

    @Test
    @Order(7)
    void a_redrive_asks_first_and_sends_nothing_unless_the_operator_says_yes() {
        CliRun declined = CliRun.typing("n\n", "dead-letters", "pool", "--redrive", "2", "--bootstrap", bootstrap);
        assertThat(declined.status()).isEqualTo(1);
        assertThat(declined.err())
                .contains("Send it back to pool.commands-" + commandPartition
                        + " (dlq.redriven-from=pool.dead-letter-0@2)? [y/N] ")
                .contains("claims dead-letters: not sent");
        CliRun unanswered = CliRun.typing("", "dead-letters", "pool", "--redrive", "2", "--bootstrap", bootstrap);
        assertThat(unanswered.err()).contains("not sent (no answer; --yes confirms)");
        assertThat(redrivesOf(2)).isEmpty();

        CliRun accepted = CliRun.typing("y\n", "dead-letters", "pool", "--redrive", "2", "--bootstrap", bootstrap);
        assertThat(accepted.status()).as(accepted.err()).isZero();
        assertThat(redrivesOf(2)).hasSize(1);
    }

    @Test
    @Order(8)
    void an_event_a_process_manager_failed_on_or_an_offset_without_a_dead_letter_is_not_redriven() {
        CliRun event = tool("dead-letters", "pool", "--redrive", "1", "--yes");
        assertThat(event.status()).isEqualTo(1);
        assertThat(event.err()).contains("not redriven: it came from policy.events, not from pool.commands");
        assertThat(redrivesOf(1)).isEmpty();

        CliRun nothing = tool("dead-letters", "pool", "--redrive", "99", "--yes");
        assertThat(nothing.status()).isEqualTo(1);
        assertThat(nothing.err()).contains("pool.dead-letter has no dead letter at offset 99");

        CliRun listed = tool("dead-letters", "pool");
        assertThat(listed.out())
                .contains("    redriven: yes, as pool.commands-" + commandPartition + "@")
                .doesNotContain("--redrive 0)")
                .doesNotContain("--redrive 2)");
        assertThat(tool("dead-letters", "claim").out())
                .contains("claim.dead-letter on " + bootstrap + ": no dead letters");
    }

    @Test
    @Order(9)
    void replay_compares_every_rebuilt_state_hash_with_what_the_service_serves() throws Exception {
        Fold fold = null;
        for (int i = 0; i < poolEvents.size(); i++) {
            fold = Fold.apply(Contexts.get("pool"), fold, Wire.logged("pool.events", i, poolEvents.get(i)));
        }
        String hash = StateCodec.of(PoolContext.POOL).hash((PoolState) fold.state());
        AtomicReference<String> answer = new AtomicReference<>();
        HttpServer service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.createContext("/state/hashes", exchange -> {
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        service.start();
        String url = "http://127.0.0.1:" + service.getAddress().getPort();
        try {
            answer.set("[{\"aggregateId\": \"pool-ops\", \"type\": \"pool\", \"version\": 4, \"hash\": \"" + hash
                    + "\"}]");
            CliRun same = tool("replay", "pool", "--url", url);
            assertThat(same.status()).as(same.out() + same.err()).isZero();
            assertThat(same.out())
                    .contains("replay pool: rebuilt 1 aggregate from the 4 events of pool.events")
                    .contains("pool-service at " + url + " serves 1: 1 identical, 0 mismatches")
                    .contains("replay pool: every aggregate's state is identical");

            answer.set("{\"pool-ops\": {\"type\": \"pool\", \"version\": 3, \"hash\": \"" + hash + "\"}}");
            CliRun differs = tool("replay", "pool", "--url", url);
            assertThat(differs.status()).isEqualTo(1);
            assertThat(differs.out())
                    .contains("  ✘ pool-ops: at v3 the service's state hash is " + hash + ", the rebuild's ")
                    .contains("replay pool: MISMATCH");

            answer.set("");
            CliRun missing = tool("replay", "pool", "--url", url);
            assertThat(missing.status()).isEqualTo(1);
            assertThat(missing.err()).contains("GET " + url + "/state/hashes answered 404");
        } finally {
            service.stop(0);
        }
    }

    @Test
    @Order(10)
    void an_unreachable_broker_is_said_within_about_ten_seconds() {
        long started = System.nanoTime();
        CliRun run = CliRun.run("verify", "--bootstrap", "127.0.0.1:1");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("claims verify: cannot reach the Kafka broker at 127.0.0.1:1");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(12));
    }

    @Test
    @Order(11)
    void verify_fails_and_exits_1_when_a_policy_has_more_paid_than_its_cover() {
        kit.send("pool.events", Wire.payoutReserved(POOL, 5, 20, "pay-ops-1", "clm-ops-1", POLICY, 600_000));
        kit.flush();

        CliRun run = tool("verify");
        run.out().lines().forEach(line -> System.out.println("VERIFY | " + line));

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out())
                .contains("  PASS  every pool's ledger is conserved after every event")
                .contains("  FAIL  no policy has more paid than its cover")
                .contains("        ✘ policy cov-ops-1: 0.6 tUSD in payouts reserved (pool.events) > its cover 0.5 tUSD")
                .endsWith("verify: 1 of 7 invariants FAILED" + System.lineSeparator());
    }
}
