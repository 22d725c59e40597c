package io.coverclaims.chainbridge.it;

import io.coverclaims.chainbridge.view.PriceFeedSources;
import io.coverclaims.platform.testing.KafkaBrokerProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The service under test reads its oracle sources from, and sends its price observations to, topics the tests own
 * (never the catalogue's oracle.events and oracle.commands, which an oracle-service under test would use): created on
 * the JVM's shared broker before the service starts, since its read models wait for their topics.
 */
public class OracleTopicsTestResource implements QuarkusTestResourceLifecycleManager {

    static final String EVENTS = "chain-bridge-test.oracle.events";
    static final String COMMANDS = "chain-bridge-test.oracle.commands";

    @Override
    public Map<String, String> start() {
        String bootstrap = KafkaBrokerProcess.shared().bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> topics = List.of(EVENTS, COMMANDS).stream()
                    .filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, 3, (short) 1))
                    .toList();
            admin.createTopics(topics).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("could not create the test's oracle topics", e);
        }
        return Map.of(PriceFeedSources.TOPIC_PROPERTY, EVENTS, "coverclaims.chain.oracle-commands-topic", COMMANDS);
    }

    @Override
    public void stop() {
        // the broker and its topics go with the JVM
    }
}
