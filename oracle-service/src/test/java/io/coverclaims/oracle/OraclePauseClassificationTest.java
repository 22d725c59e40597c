package io.coverclaims.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.governance.Capability;
import io.coverclaims.platform.governance.PauseKey;
import io.coverclaims.schemas.oracle.ConfirmIncident;
import io.coverclaims.schemas.oracle.EvaluateTrigger;
import io.coverclaims.schemas.oracle.RecordIncidentReport;
import io.coverclaims.schemas.oracle.RecordPriceObservation;
import org.junit.jupiter.api.Test;

class OraclePauseClassificationTest {

    @Test
    void evaluating_a_trigger_and_confirming_an_incident_need_parametric_triggers_for_the_feed() {
        EvaluateTrigger evaluate = new EvaluateTrigger();
        evaluate.setTriggerId("trg-usdc-depeg");
        evaluate.setFeedId("USDC-USD");
        ConfirmIncident confirm = new ConfirmIncident();
        confirm.setFeedId("incidents-ethereum");

        assertThat(OracleContext.CONTEXT.pauseKey(evaluate))
                .contains(PauseKey.of(Capability.PARAMETRIC_TRIGGERS, "USDC-USD"));
        assertThat(OracleContext.CONTEXT.pauseKey(confirm))
                .contains(PauseKey.of(Capability.PARAMETRIC_TRIGGERS, "incidents-ethereum"));
    }

    @Test
    void an_evaluation_written_before_it_named_its_feed_is_scoped_to_its_trigger() {
        EvaluateTrigger evaluate = new EvaluateTrigger();
        evaluate.setTriggerId("trg-usdc-depeg");
        evaluate.setFeedId("");

        assertThat(OracleContext.CONTEXT.pauseKey(evaluate))
                .contains(PauseKey.of(Capability.PARAMETRIC_TRIGGERS, "trg-usdc-depeg"));
    }

    @Test
    void price_observations_and_incident_reports_are_data_and_never_paused() {
        assertThat(OracleContext.CONTEXT.pauseKey(new RecordPriceObservation())).isEmpty();
        assertThat(OracleContext.CONTEXT.pauseKey(new RecordIncidentReport())).isEmpty();
    }
}
