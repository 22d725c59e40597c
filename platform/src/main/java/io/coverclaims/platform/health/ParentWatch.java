package io.coverclaims.platform.health;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * With {@code coverclaims.parent-pid} set (a launcher such as ./claims demo sets it), the service shuts down cleanly
 * (leaving its consumer groups) as soon as that process is gone, however it ended: Ctrl-C, a failure, or kill -9 of
 * the launcher leaves no service behind.
 */
@ApplicationScoped
public class ParentWatch {

    private static final Logger LOG = Logger.getLogger(ParentWatch.class);

    @ConfigProperty(name = "coverclaims.parent-pid")
    Optional<Long> parentPid;

    void watch(@Observes StartupEvent started) {
        parentPid.filter(pid -> pid > 0).ifPresent(pid -> {
            Optional<ProcessHandle> parent = ProcessHandle.of(pid);
            if (parent.isEmpty() || !parent.get().isAlive()) {
                LOG.warnf("parent process %d is already gone: shutting down", pid);
                Quarkus.asyncExit();
                return;
            }
            parent.get().onExit().thenRun(() -> {
                LOG.infof("parent process %d ended: shutting down", pid);
                Quarkus.asyncExit();
            });
        });
    }
}
