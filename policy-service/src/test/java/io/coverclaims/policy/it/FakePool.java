package io.coverclaims.policy.it;

import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.schemas.policy.PolicyRequested;
import io.coverclaims.schemas.pool.CapacityReservationDeclined;
import io.coverclaims.schemas.pool.CapacityReserved;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Stands in for pool-service (not ready when these tests were written): answers the PolicyRequested events of
 * the policies it was told about with CapacityReserved or CapacityReservationDeclined on the pool events topic,
 * exactly as pool-service's process manager and decider would. Others it leaves unanswered.
 */
public final class FakePool implements AutoCloseable {

    public enum Answer {
        RESERVE,
        DECLINE
    }

    private final KafkaTestKit kit;
    private final String policyEvents;
    private final String poolEvents;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    public FakePool(KafkaTestKit kit, String policyEvents, String poolEvents) {
        this.kit = kit;
        this.policyEvents = policyEvents;
        this.poolEvents = poolEvents;
        this.thread = new Thread(this::run, "fake-pool");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public void answer(String policyId, Answer answer) {
        answers.put(policyId, answer);
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> consumer = kit.consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(policyEvents).stream()
                    .map(info -> new TopicPartition(policyEvents, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                    SpecificRecord event = kit.decode(policyEvents, record.value());
                    if (event instanceof PolicyRequested requested) {
                        Answer answer = answers.remove(requested.getPolicyId());
                        if (answer != null) {
                            kit.send(poolEvents, answer == Answer.RESERVE ? reserved(requested) : declined(requested));
                        }
                    }
                }
            }
        }
    }

    static CapacityReserved reserved(PolicyRequested r) {
        // 2_000_000 USDC, or twice the cover when that is more (an 18-decimal pool's wei)
        BigDecimal capacity =
                BigDecimal.valueOf(2_000_000_000_000L).max(r.getCoverAmount().multiply(BigDecimal.TWO));
        return CapacityReserved.newBuilder()
                .setMetadata(KafkaTestKit.event(r.getPoolId(), 2, "pool-service"))
                .setPoolId(r.getPoolId())
                .setReservationId("res-" + UUID.randomUUID())
                .setPolicyId(r.getPolicyId())
                .setProductId(r.getProductId())
                .setAmount(r.getCoverAmount())
                .setCoverEndsAt(r.getEndAt())
                .setEligibleStake(capacity.divide(BigDecimal.TWO))
                .setCapacityRatioBps(20_000)
                .setProductWeightBps(10_000)
                .setProductCapacity(capacity)
                .setAvailableAfter(capacity.subtract(r.getCoverAmount()))
                .build();
    }

    static CapacityReservationDeclined declined(PolicyRequested r) {
        return CapacityReservationDeclined.newBuilder()
                .setMetadata(KafkaTestKit.event(r.getPoolId(), 2, "pool-service"))
                .setPoolId(r.getPoolId())
                .setReservationId("res-" + UUID.randomUUID())
                .setPolicyId(r.getPolicyId())
                .setProductId(r.getProductId())
                .setRequestedAmount(r.getCoverAmount())
                .setReasonCode("INSUFFICIENT_CAPACITY")
                .setEligibleStake(BigDecimal.valueOf(1_000))
                .setCapacityRatioBps(20_000)
                .setProductWeightBps(10_000)
                .setAvailableCapacity(BigDecimal.valueOf(1_500))
                .build();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
