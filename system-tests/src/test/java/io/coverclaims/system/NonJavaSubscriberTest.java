package io.coverclaims.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coverclaims.platform.testing.KafkaBrokerProcess;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.schemas.pool.CapitalDeposited;
import io.coverclaims.schemas.pool.FundsSource;
import io.coverclaims.schemas.pool.PoolCreated;
import io.coverclaims.schemas.pool.ProductWeight;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * A subscriber in another language decodes the events with only the published schema files and a stock Kafka
 * client: examples/subscriber-node (Node.js, kafkajs, avsc) reads records the Java serializer wrote, amounts of
 * 18-decimal assets and the largest uint256 included, exactly.
 */
class NonJavaSubscriberTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POOL = "pool-eth-subscriber";
    private static final BigInteger ETH_1500 = new BigInteger("1500000000000000000000");
    private static final BigInteger MAX_UINT256 = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    @Test
    void a_node_subscriber_decodes_the_events_with_only_the_published_schemas() throws Exception {
        String bootstrap = KafkaBrokerProcess.shared().bootstrapServers();
        String topic = "subscriber-" + UUID.randomUUID() + ".events";
        try (Admin admin = Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Instant at = Instant.parse("2026-12-01T10:15:30.123Z");
        try (KafkaTestKit kit = new KafkaTestKit()) {
            kit.send(
                    topic,
                    POOL,
                    PoolCreated.newBuilder()
                            .setMetadata(KafkaTestKit.event(POOL, 1, "0x" + "a".repeat(40)))
                            .setPoolId(POOL)
                            .setName("ETH pool")
                            .setManager("0x" + "a".repeat(40))
                            .setAsset("WETH")
                            .setCapacityRatioBps(20_000)
                            .setProducts(List.of(new ProductWeight("prod-eth", 10_000)))
                            .setTrancheDurationMs(7_862_400_000L)
                            .setWithdrawalCooldownMs(604_800_000L)
                            .setAssetDecimals(18)
                            .build());
            kit.send(topic, POOL, deposit(2, "dep-1", ETH_1500, ETH_1500, at));
            kit.send(topic, POOL, deposit(3, "dep-2", MAX_UINT256.subtract(ETH_1500), MAX_UINT256, at));
            kit.flush();
        }

        List<JsonNode> lines = runSubscriber(bootstrap, topic, 3);

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).get("type").asText()).isEqualTo("io.coverclaims.schemas.pool.PoolCreated");
        assertThat(lines.get(0).get("value").get("assetDecimals").asInt()).isEqualTo(18);
        assertThat(lines.get(1).get("type").asText()).isEqualTo("io.coverclaims.schemas.pool.CapitalDeposited");
        assertThat(lines.get(1).get("value").get("amount").asText()).isEqualTo(ETH_1500.toString());
        assertThat(lines.get(1).get("value").get("metadata").get("aggregateId").asText())
                .isEqualTo(POOL);
        assertThat(lines.get(2).get("value").get("totalStake").asText()).isEqualTo(MAX_UINT256.toString());
        assertThat(lines.get(2).get("value").get("source").asText()).isEqualTo("API");
    }

    private static CapitalDeposited deposit(long version, String id, BigInteger amount, BigInteger total, Instant at) {
        return CapitalDeposited.newBuilder()
                .setMetadata(KafkaTestKit.event(POOL, version, "0x" + "c".repeat(40)))
                .setPoolId(POOL)
                .setDepositId(id)
                .setProvider("0x" + "c".repeat(40))
                .setAmount(new BigDecimal(amount))
                .setTrancheId(220)
                .setTrancheEndsAt(at)
                .setTrancheDurationMs(7_862_400_000L)
                .setSource(FundsSource.API)
                .setTxHash(null)
                .setLogIndex(null)
                .setTotalStake(new BigDecimal(total))
                .build();
    }

    private static List<JsonNode> runSubscriber(String bootstrap, String topic, int max) throws Exception {
        Path root = root();
        Path example = root.resolve("examples/subscriber-node");
        Path log = Files.createTempFile("subscriber", ".out");
        Process node = new ProcessBuilder(
                        "node",
                        "subscriber.js",
                        "--bootstrap",
                        bootstrap,
                        "--topics",
                        topic,
                        "--published",
                        root.resolve("schemas/src/main/published").toString(),
                        "--max",
                        String.valueOf(max),
                        "--idle-ms",
                        "30000")
                .directory(example.toFile())
                .redirectOutput(log.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (!node.waitFor(90, TimeUnit.SECONDS)) {
            node.destroyForcibly();
            throw new AssertionError("the Node subscriber did not finish: " + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println("NODE SUBSCRIBER OUTPUT\n" + output);
        assertThat(node.exitValue()).as(output).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private static Path root() throws IOException {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples/subscriber-node"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IOException("repository root (with examples/subscriber-node) not found from user.dir");
        }
        return dir;
    }
}
