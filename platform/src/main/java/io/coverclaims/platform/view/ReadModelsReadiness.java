package io.coverclaims.platform.view;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once every read model is caught up: restored to the end its topic had at start (after a wipe or a
 * change of shape, rebuilt), so a REST answer never comes from a view that is still catching up on its history.
 */
@Readiness
@ApplicationScoped
public class ReadModelsReadiness implements HealthCheck {

    @Inject
    ReadModels readModels;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("read-models-caught-up").status(readModels.ready());
        for (ReadModel model : readModels.models()) {
            response.withData(
                    model.name(),
                    model.state() + ", shape " + model.shape() + ", projected " + model.projected() + ", skipped "
                            + model.skipped() + ", failed " + model.failed() + ", rebuilt " + model.rebuilds());
        }
        return response.build();
    }
}
