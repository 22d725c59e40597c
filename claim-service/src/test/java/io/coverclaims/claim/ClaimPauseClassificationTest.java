package io.coverclaims.claim;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.governance.Capability;
import io.coverclaims.platform.governance.PauseKey;
import io.coverclaims.schemas.claim.AppealClaim;
import io.coverclaims.schemas.claim.AppointAssessorGroup;
import io.coverclaims.schemas.claim.CastAssessmentVote;
import io.coverclaims.schemas.claim.DeclareIncident;
import io.coverclaims.schemas.claim.FinalizeAssessment;
import io.coverclaims.schemas.claim.MarkClaimPaid;
import io.coverclaims.schemas.claim.OpenParametricClaim;
import io.coverclaims.schemas.claim.RecordClaimDeposit;
import io.coverclaims.schemas.claim.SettleClaim;
import io.coverclaims.schemas.claim.SubmitClaim;
import org.junit.jupiter.api.Test;

class ClaimPauseClassificationTest {

    @Test
    void submitting_and_the_claims_lifecycle_need_claims_scoped_to_the_pool_when_named() {
        SubmitClaim submit = new SubmitClaim();
        submit.setPoolId("pool-1");
        SubmitClaim noPool = new SubmitClaim();
        noPool.setPoolId("");
        SettleClaim settle = new SettleClaim();
        settle.setPoolId("pool-2");

        assertThat(ClaimContext.CONTEXT.pauseKey(submit)).contains(PauseKey.of(Capability.CLAIMS, "pool-1"));
        assertThat(ClaimContext.CONTEXT.pauseKey(noPool)).contains(PauseKey.of(Capability.CLAIMS));
        assertThat(ClaimContext.CONTEXT.pauseKey(settle)).contains(PauseKey.of(Capability.CLAIMS, "pool-2"));
        assertThat(ClaimContext.CONTEXT.pauseKey(new RecordClaimDeposit())).contains(PauseKey.of(Capability.CLAIMS));
        assertThat(ClaimContext.CONTEXT.pauseKey(new MarkClaimPaid())).contains(PauseKey.of(Capability.CLAIMS));
    }

    @Test
    void votes_assessment_steps_and_appeals_need_assessment() {
        assertThat(ClaimContext.CONTEXT.pauseKey(new CastAssessmentVote()))
                .contains(PauseKey.of(Capability.ASSESSMENT));
        assertThat(ClaimContext.CONTEXT.pauseKey(new FinalizeAssessment()))
                .contains(PauseKey.of(Capability.ASSESSMENT));
        assertThat(ClaimContext.CONTEXT.pauseKey(new AppealClaim())).contains(PauseKey.of(Capability.ASSESSMENT));
    }

    @Test
    void parametric_claims_and_a_triggers_incident_need_parametric_triggers_for_the_trigger() {
        OpenParametricClaim open = new OpenParametricClaim();
        open.setTriggerId("trg-1");
        DeclareIncident parametric = new DeclareIncident();
        parametric.setTriggerId("trg-1");
        DeclareIncident declared = new DeclareIncident();

        assertThat(ClaimContext.CONTEXT.pauseKey(open)).contains(PauseKey.of(Capability.PARAMETRIC_TRIGGERS, "trg-1"));
        assertThat(ClaimContext.CONTEXT.pauseKey(parametric))
                .contains(PauseKey.of(Capability.PARAMETRIC_TRIGGERS, "trg-1"));
        assertThat(ClaimContext.CONTEXT.pauseKey(declared)).contains(PauseKey.of(Capability.CLAIMS));
    }

    @Test
    void appointing_assessors_is_never_paused() {
        assertThat(ClaimContext.CONTEXT.pauseKey(new AppointAssessorGroup())).isEmpty();
    }
}
