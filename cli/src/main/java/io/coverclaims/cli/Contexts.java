package io.coverclaims.cli;

import io.coverclaims.chainbridge.ChainContext;
import io.coverclaims.claim.ClaimContext;
import io.coverclaims.governance.GovernanceContext;
import io.coverclaims.oracle.OracleContext;
import io.coverclaims.platform.streams.AggregateType;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.policy.PolicyContext;
import io.coverclaims.pool.PoolContext;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The six contexts as the operators' tools see them: their topics, the service that owns them and its local port,
 * and the aggregates the services run (with their deciders): each service's own {@code CONTEXT} constant, the one
 * its Kafka Streams topology is built from, so a new aggregate reaches the tools without being listed here.
 */
final class Contexts {

    /** One context: its name (the topics' prefix), its service, its documented port, its aggregates. */
    record Context(String name, String service, int port, BoundedContext bounded) {

        String events() {
            return name + ".events";
        }

        String deadLetters() {
            return name + ".dead-letter";
        }

        String commands() {
            return name + ".commands";
        }

        String defaultUrl() {
            return "http://localhost:" + port;
        }

        List<AggregateType<?, ?, ?>> aggregates() {
            return bounded.aggregates();
        }

        /** The aggregate type whose event this is, if this build knows one. */
        Optional<AggregateType<?, ?, ?>> typeOf(SpecificRecord event) {
            return bounded.aggregates().stream()
                    .filter(type -> type.handlesEvent(event))
                    .findFirst();
        }
    }

    /** Each service's own {@code CONTEXT}: the aggregates it runs are exactly the ones the tools fold. */
    static final List<Context> ALL = List.of(
            new Context("policy", "policy-service", 8081, PolicyContext.CONTEXT),
            new Context("pool", "pool-service", 8082, PoolContext.CONTEXT),
            new Context("claim", "claim-service", 8083, ClaimContext.CONTEXT),
            new Context("oracle", "oracle-service", 8084, OracleContext.CONTEXT),
            new Context("governance", "governance-service", 8085, GovernanceContext.CONTEXT),
            new Context("chain", "chain-bridge", 8086, ChainContext.CONTEXT));

    private Contexts() {}

    static List<String> names() {
        return ALL.stream().map(Context::name).toList();
    }

    static List<String> eventTopics() {
        return ALL.stream().map(Context::events).toList();
    }

    /** The context named {@code name}, or a usage error listing them. */
    static Context named(String name) throws UsageException {
        return ALL.stream()
                .filter(context -> context.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new UsageException("unknown context " + Durations.quote(name) + "; the contexts are "
                        + String.join(", ", names())));
    }

    /** A context this class lists (a programming error otherwise). */
    static Context get(String name) {
        return ALL.stream()
                .filter(context -> context.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no context " + name));
    }

    static Optional<Context> ofTopic(String topic) {
        return ALL.stream()
                .filter(context -> topic.startsWith(context.name() + "."))
                .findFirst();
    }
}
