package io.coverclaims.pool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.coverclaims.platform.governance.Governance;
import io.coverclaims.platform.testing.GovernanceEvents;
import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.pool.api.PoolResource;
import io.coverclaims.pool.domain.pool.PoolDecider;
import io.coverclaims.schemas.pool.PoolCreated;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The pool defaults as pool-service's edge sees them, through the real broker: ParameterChanged records for
 * pool.trancheDurationMs and pool.withdrawalCooldownMs written to governance.events (as governance-service would) set
 * the tranche length and cooldown of the next pool created without them, and PoolCreated records the governed values;
 * a value the request names still wins.
 *
 * <p>This test writes governance.events in pool-service's own test JVM; every change is set back to the decider's
 * default (PoolDecider.DEFAULT_*) before the test ends, so the other tests of this JVM see it.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class GovernedPoolDefaultsIntegrationTest extends PoolApi {

    @Inject
    Governance governance;

    @Test
    void a_pool_created_without_tranche_length_or_cooldown_takes_the_governed_values_and_records_them() {
        set(PoolResource.TRANCHE_DURATION_MS, Duration.ofDays(30).toMillis());
        set(PoolResource.WITHDRAWAL_COOLDOWN_MS, Duration.ofDays(2).toMillis());
        try {
            String governed = "pool-" + UUID.randomUUID();
            create(poolBody(governed), poolAdmin()).then().statusCode(201).body("status", equalTo("ACCEPTED"));
            PoolCreated created = awaitPoolEvent(governed, PoolCreated.class, e -> true);
            assertThat(created.getTrancheDurationMs())
                    .isEqualTo(Duration.ofDays(30).toMillis());
            assertThat(created.getWithdrawalCooldownMs())
                    .isEqualTo(Duration.ofDays(2).toMillis());

            String named = "pool-" + UUID.randomUUID();
            Map<String, Object> body = new HashMap<>(poolBody(named));
            body.put("withdrawalCooldownMs", 0L);
            create(body, poolAdmin()).then().statusCode(201).body("status", equalTo("ACCEPTED"));
            PoolCreated own = awaitPoolEvent(named, PoolCreated.class, e -> true);
            assertThat(own.getTrancheDurationMs()).isEqualTo(Duration.ofDays(30).toMillis());
            assertThat(own.getWithdrawalCooldownMs()).isZero();
        } finally {
            set(PoolResource.TRANCHE_DURATION_MS, PoolDecider.DEFAULT_TRANCHE_DURATION_MS);
            set(PoolResource.WITHDRAWAL_COOLDOWN_MS, PoolDecider.DEFAULT_WITHDRAWAL_COOLDOWN_MS);
        }
    }

    private void set(String name, long value) {
        GovernanceEvents.setParameter(topics, governance, name, value);
    }
}
