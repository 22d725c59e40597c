package io.coverclaims.chainbridge.bridge;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

import io.coverclaims.chainbridge.anvil.AnvilProcess;
import io.coverclaims.chainbridge.contracts.ClaimsPool;
import io.coverclaims.chainbridge.contracts.TestToken;
import io.coverclaims.chainbridge.settlement.BatchIds;
import io.coverclaims.platform.testing.KafkaBrokerProcess;
import io.coverclaims.schemas.claim.ClaimSettled;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.serde.AvroSingleObjectDeserializer;
import io.coverclaims.schemas.serde.AvroSingleObjectSerializer;

/** The test side of {@link ChainTestResource}: the chain (directly, not through the proxy), the broker, waits. */
final class ChainTestKit implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(90);

    final Web3j web3j;
    final String poolAddress;
    final String tokenAddress;
    final String keyFile;
    private final Map<?, ?> handles;
    private final KafkaProducer<String, SpecificRecord> producer;
    private final StaticEIP1559GasProvider gas = new StaticEIP1559GasProvider(AnvilProcess.DEFAULT_CHAIN_ID,
            BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(1_000_000_000L), BigInteger.valueOf(8_000_000));

    ChainTestKit() {
        handles = (Map<?, ?>) System.getProperties().get(ChainTestResource.HANDLES);
        if (handles == null) {
            throw new IllegalStateException("ChainTestResource is not running");
        }
        web3j = Web3j.build(new HttpService("http://127.0.0.1:" + proxyPort()), 100,
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor());
        poolAddress = (String) handles.get("pool");
        tokenAddress = (String) handles.get("token");
        keyFile = (String) handles.get("keyFile");
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerProcess.shared().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new AvroSingleObjectSerializer());
    }

    private int proxyPort() {
        return (Integer) handles.get("testProxyPort");
    }

    void run(String handle) {
        ((Runnable) handles.get(handle)).run();
    }

    static Credentials account(int index) {
        return AnvilProcess.deriveCredentials(AnvilProcess.DEFAULT_MNEMONIC, index);
    }

    ClaimsPool pool(Credentials as) {
        return ClaimsPool.load(poolAddress, web3j, transactions(as), gas);
    }

    TestToken token(Credentials as) {
        return TestToken.load(tokenAddress, web3j, transactions(as), gas);
    }

    private RawTransactionManager transactions(Credentials as) {
        return new RawTransactionManager(web3j, as, AnvilProcess.DEFAULT_CHAIN_ID,
                new PollingTransactionReceiptProcessor(web3j, 100, 600));
    }

    boolean isAnchored(String batchId) throws Exception {
        return pool(account(9)).isAnchored(BatchIds.bytes32(batchId)).send();
    }

    /** BatchAnchored logs of a batch id on the current chain. */
    int anchorLogs(String batchId) throws IOException {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.ZERO), DefaultBlockParameterName.LATEST,
                poolAddress);
        filter.addSingleTopic(EventEncoder.encode(ClaimsPool.BATCHANCHORED_EVENT));
        filter.addSingleTopic(batchId);
        return web3j.ethGetLogs(filter).send().getLogs().size();
    }

    BigInteger nonce(String address) throws IOException {
        return web3j.ethGetTransactionCount(address, DefaultBlockParameterName.LATEST).send().getTransactionCount();
    }

    long head() throws IOException {
        return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    }

    /** A raw JSON-RPC call, e.g. anvil_reorg. */
    Object rpc(String method, Object... params) throws IOException {
        @SuppressWarnings("unchecked")
        String rpc = ((java.util.function.Supplier<String>) handles.get("rpc")).get();
        Response<?> answer = new Request<>(method, List.of(params), new HttpService(rpc),
                ObjectResponse.class).send();
        if (answer.hasError()) {
            throw new IOException(method + ": " + answer.getError().getMessage());
        }
        return answer.getResult();
    }

    public static final class ObjectResponse extends Response<Object> {
    }

    /** Publishes a ClaimSettled as claim-service will. */
    ClaimSettled settle(String poolId, String claimId, String recipient, long amount) {
        String eventId = UUID.randomUUID().toString();
        ClaimSettled settled = ClaimSettled.newBuilder()
                .setMetadata(EventMetadata.newBuilder().setEventId(eventId).setAggregateId(claimId).setAggregateVersion(7)
                        .setCausationId("test").setCorrelationId("corr-" + claimId).setOccurredAt(Instant.now())
                        .setActor("claim-service").build())
                .setClaimId(claimId).setPolicyId("policy-" + claimId).setPoolId(poolId).setPayoutId("payout-" + claimId)
                .setRecipient(recipient).setAsset("USDC").setPayoutAmount(amount).setSettledAmount(amount)
                .setProRataPpm(1_000_000).build();
        producer.send(new ProducerRecord<>("claim.events", claimId, settled));
        return settled;
    }

    void flush() {
        producer.flush();
    }

    /** Waits until {@code enough} of the matching records of a topic exist (from the beginning, committed only). */
    <T extends SpecificRecord> List<T> await(String topic, Class<T> type, Predicate<T> match, int enough) {
        return await(topic, type, match, found -> found.size() >= enough);
    }

    <T extends SpecificRecord> List<T> await(String topic, Class<T> type, Predicate<T> match, Predicate<List<T>> enough) {
        AvroSingleObjectDeserializer decoder = new AvroSingleObjectDeserializer();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerProcess.shared().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<T> found = new ArrayList<>();
            Instant deadline = Instant.now().plus(PATIENCE);
            while (!enough.test(found)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("waited " + PATIENCE + " on " + topic + " for " + type.getSimpleName()
                            + "; found " + found);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    SpecificRecord value = decoder.deserialize(topic, record.value());
                    if (type.isInstance(value) && match.test(type.cast(value))) {
                        found.add(type.cast(value));
                    }
                }
            }
            return found;
        }
    }

    /** Everything of a type on a topic right now (after {@link #await} proved the interesting part is there). */
    <T extends SpecificRecord> List<T> readAll(String topic, Class<T> type, Predicate<T> match) {
        AvroSingleObjectDeserializer decoder = new AvroSingleObjectDeserializer();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerProcess.shared().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<T> found = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    SpecificRecord value = decoder.deserialize(topic, record.value());
                    if (type.isInstance(value) && match.test(type.cast(value))) {
                        found.add(type.cast(value));
                    }
                }
            }
            return found;
        }
    }

    static void awaitTrue(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waited " + PATIENCE + " for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static boolean quietly(java.util.concurrent.Callable<Boolean> check) {
        try {
            return check.call();
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        producer.close();
        web3j.shutdown();
    }
}
