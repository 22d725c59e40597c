package io.coverclaims.pool.domain.violation;

import org.apache.kafka.clients.producer.ProducerRecord;

/** A deliberate violation for ArchitectureRulesCatchViolationsTest: a decider that knows a Kafka type. */
public final class DeciderImportingKafka {

    public ProducerRecord<String, String> decide(String command) {
        return new ProducerRecord<>("pool.events", command);
    }
}
