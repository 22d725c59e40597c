package io.coverclaims.platform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.RestFuzz;
import io.coverclaims.platform.testing.ServiceConformance;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The kernel's REST edge under malformed and hostile requests: never a 5xx, every 4xx a problem naming a field. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class GatewayFuzzTest {

    private static final Map<String, Supplier<String>> KEYED =
            Map.of("Idempotency-Key", () -> UUID.randomUUID().toString());

    @BeforeEach
    void ready() {
        ServiceConformance.awaitReady();
    }

    @Test
    void defining_a_product_never_fails_with_a_server_error_and_every_refusal_names_its_field() {
        Map<Integer, Integer> statuses = RestFuzz.of(
                        "POST",
                        "/test-products/prod-" + UUID.randomUUID(),
                        "{\"name\":\"Morpho exploit\",\"floorRateBps\":200,\"ceilingRateBps\":1200}",
                        KEYED)
                .run(100);
        System.out.println("FUZZ POST /test-products/{id} " + statuses);
        assertThat(statuses.keySet()).allMatch(status -> status < 500);
    }

    @Test
    void repricing_never_fails_with_a_server_error_and_every_refusal_names_its_field() {
        Map<Integer, Integer> statuses = RestFuzz.of(
                        "PUT",
                        "/test-products/prod-" + UUID.randomUUID() + "/pricing",
                        "{\"floorRateBps\":100,\"ceilingRateBps\":800}",
                        KEYED)
                .run(100);
        System.out.println("FUZZ PUT /test-products/{id}/pricing " + statuses);
        assertThat(statuses.keySet()).allMatch(status -> status < 500);
    }
}
