package io.coverclaims.platform.view;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the service's read models (every {@link ReadModel} bean) in one global-only Kafka Streams application,
 * {@code <application name>-read-models}, whose state lives beside the service's own (the directory of
 * {@code kafka-streams.state.dir}, or {@code coverclaims.read-models.state-dir}): deleting it loses nothing, the models
 * rebuild from their topics. It starts in the background, so the service answers health checks meanwhile; it is ready
 * ({@link ReadModelsReadiness}) once every model is caught up.
 */
@ApplicationScoped
public class ReadModels {

    private static final Logger LOG = Logger.getLogger(ReadModels.class);

    @Inject
    Instance<ReadModel> declared;

    @Inject
    Config config;

    @ConfigProperty(name = "quarkus.application.name")
    String application;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "coverclaims.read-models.state-dir")
    Optional<String> stateDir;

    @ConfigProperty(name = "kafka-streams.state.dir")
    Optional<String> streamsStateDir;

    private volatile List<ReadModel> models = List.of();
    private volatile ReadModelRuntime runtime;

    void start(@Observes StartupEvent ignored) {
        models = declared.stream().toList();
        if (models.isEmpty()) {
            return;
        }
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, application + "-read-models");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(
                StreamsConfig.STATE_DIR_CONFIG,
                stateDir.or(() -> streamsStateDir)
                        .orElse(System.getProperty("java.io.tmpdir") + "/coverclaims-streams/" + application));
        // the clients' security settings, as the service's own Streams application has them
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("kafka-streams.")) {
                String key = name.substring("kafka-streams.".length());
                if (key.equals("security.protocol") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                    config.getOptionalValue(name, String.class).ifPresent(value -> properties.put(key, value));
                }
            }
        }
        runtime = ReadModelRuntime.create(models, properties);
        Thread starter = new Thread(
                () -> {
                    try {
                        runtime.start();
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "read models %s did not start", names());
                    }
                },
                "read-models-start");
        starter.setDaemon(true);
        starter.start();
    }

    void stop(@Observes ShutdownEvent ignored) {
        ReadModelRuntime current = runtime;
        if (current != null) {
            current.close();
        }
    }

    public List<ReadModel> models() {
        return models;
    }

    /** Every read model caught up (true when the service has none). */
    public boolean ready() {
        return models.stream().allMatch(ReadModel::ready);
    }

    private List<String> names() {
        return models.stream().map(ReadModel::name).toList();
    }
}
