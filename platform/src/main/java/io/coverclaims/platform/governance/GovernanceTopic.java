package io.coverclaims.platform.governance;

import io.coverclaims.schemas.topics.TopicCatalogue;
import io.coverclaims.schemas.topics.TopicSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Makes sure the topic a governed context's global store reads exists before Kafka Streams starts: a global store
 * whose topic is missing stops the whole application ("no partitions available"), and a service must start before
 * governance-service has ever run. The topic is created as topic-catalogue.json defines it (partitions, cleanup
 * policy, retention), as the local broker and the deployment create every catalogue topic; an existing topic is left
 * as it is.
 */
public final class GovernanceTopic {

    private static final Logger LOG = Logger.getLogger(GovernanceTopic.class);

    private GovernanceTopic() {}

    /** @return whether the topic exists now (false when the broker could not be asked: Streams will say so) */
    public static boolean ensureExists(String bootstrapServers, String topic) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000))) {
            if (admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
                return true;
            }
            NewTopic spec = spec(topic);
            try {
                admin.createTopics(List.of(spec)).all().get(10, TimeUnit.SECONDS);
                LOG.infof("created %s (%d partitions) as the topic catalogue defines it", topic, spec.numPartitions());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            LOG.warnf("could not make sure %s exists (%s); the service starts once it does", topic, e.toString());
            return false;
        }
    }

    static NewTopic spec(String topic) {
        TopicSpec spec = TopicCatalogue.load().topics().stream()
                .filter(candidate -> candidate.name().equals(topic))
                .findFirst()
                .orElse(null);
        if (spec == null) {
            // a test's own governance topic: one partition, kept
            return new NewTopic(topic, 1, (short) 1);
        }
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, spec.cleanupPolicy());
        configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(spec.retentionMs()));
        return new NewTopic(topic, java.util.Optional.of(spec.partitions()), java.util.Optional.empty())
                .configs(configs);
    }
}
