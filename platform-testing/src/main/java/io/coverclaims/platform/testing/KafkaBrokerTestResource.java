package io.coverclaims.platform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * {@code @QuarkusTestResource(KafkaBrokerTestResource.class)}: the service under test talks to the JVM's
 * shared real broker (started once, in its own process, with the catalogue's topics).
 */
public class KafkaBrokerTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", KafkaBrokerProcess.shared().bootstrapServers());
    }

    @Override
    public void stop() {
        // the broker is shared by every test of this JVM and stops with it
    }
}
