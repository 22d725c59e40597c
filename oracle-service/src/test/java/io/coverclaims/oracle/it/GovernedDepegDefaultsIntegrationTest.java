package io.coverclaims.oracle.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.coverclaims.platform.governance.Governance;
import io.coverclaims.platform.testing.GovernanceEvents;
import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.platform.testing.ServiceConformance;
import io.coverclaims.schemas.oracle.ParametricTriggerDefined;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The DEPEG defaults as oracle-service's edge sees them, through the real broker: ParameterChanged records for
 * oracle.depeg.thresholdPriceE8, oracle.depeg.recoveryPriceE8 and oracle.depeg.windowMs written to governance.events
 * (as governance-service would) set the rule of the next DEPEG trigger defined without them, and
 * ParametricTriggerDefined records the governed values; a value the request names still wins.
 *
 * <p>This test writes governance.events in oracle-service's own test JVM; every change is set back to the configured
 * value (coverclaims.oracle.depeg.*) before the test ends, so the other tests of this JVM see the configuration.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class GovernedDepegDefaultsIntegrationTest {

    static final String THRESHOLD = "oracle.depeg.thresholdPriceE8";
    static final String RECOVERY = "oracle.depeg.recoveryPriceE8";
    static final String WINDOW = "oracle.depeg.windowMs";

    static KafkaTestKit topics;

    @Inject
    Governance governance;

    @BeforeAll
    static void open() {
        topics = new KafkaTestKit();
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    @BeforeEach
    void ready() {
        ServiceConformance.awaitReady();
    }

    @Test
    void a_depeg_trigger_defined_without_its_rule_takes_the_governed_depeg_parameters_and_records_them() {
        String run = OracleServiceIntegrationTest.run();
        String feedId = "DAI-USD-" + run;
        OracleServiceIntegrationTest.operator()
                .body(Map.of("feedId", feedId, "kind", "PRICE", "description", "DAI in USD"))
                .post("/feeds")
                .then()
                .statusCode(201);
        set(THRESHOLD, 98_000_000);
        set(RECOVERY, 99_000_000);
        set(WINDOW, 3_600_000);
        try {
            String governed = "trg-governed-" + run;
            define(feedId, governed, Map.of());
            ParametricTriggerDefined defined = defined(governed);
            assertThat(defined.getThresholdPriceE8()).isEqualTo(98_000_000);
            assertThat(defined.getRecoveryPriceE8()).isEqualTo(99_000_000);
            assertThat(defined.getWindowMs()).isEqualTo(3_600_000);

            String named = "trg-named-" + run;
            define(feedId, named, Map.of("thresholdPriceE8", 97_000_000, "windowMs", 7_200_000));
            ParametricTriggerDefined own = defined(named);
            assertThat(own.getThresholdPriceE8()).isEqualTo(97_000_000);
            assertThat(own.getRecoveryPriceE8()).isEqualTo(99_000_000);
            assertThat(own.getWindowMs()).isEqualTo(7_200_000);
        } finally {
            set(THRESHOLD, 99_500_000);
            set(RECOVERY, 99_900_000);
            set(WINDOW, 86_400_000);
        }
    }

    private static void define(String feedId, String triggerId, Map<String, Object> rule) {
        Map<String, Object> body = new java.util.HashMap<>(rule);
        body.put("triggerId", triggerId);
        body.put("productId", "prod-" + triggerId);
        body.put("feedId", feedId);
        body.put("kind", "DEPEG");
        OracleServiceIntegrationTest.operator()
                .body(body)
                .post("/triggers")
                .then()
                .statusCode(201)
                .body("status", equalTo("ACCEPTED"));
    }

    private static ParametricTriggerDefined defined(String triggerId) {
        return topics.await(
                        "oracle.events",
                        ParametricTriggerDefined.class,
                        e -> e.getTriggerId().equals(triggerId),
                        1)
                .getFirst();
    }

    private void set(String name, long value) {
        GovernanceEvents.setParameter(topics, governance, name, value);
    }
}
