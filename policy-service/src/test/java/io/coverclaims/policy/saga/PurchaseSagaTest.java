package io.coverclaims.policy.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.schemas.common.CommandOutcome;
import io.coverclaims.schemas.common.CommandStatus;
import io.coverclaims.schemas.policy.DeclinePolicy;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class PurchaseSagaTest {

    static final String POLICY = "cov-00000000-0000-0000-0000-000000000001";
    static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");

    static CommandOutcome outcome(CommandStatus status, String commandType, String correlationId, String reasonCode) {
        return CommandOutcome.newBuilder()
                .setCommandId("11111111-1111-1111-1111-111111111111")
                .setAggregateId("pool-1")
                .setCommandType(commandType)
                .setStatus(status)
                .setAggregateVersion(3)
                .setReasonCode(reasonCode)
                .setReasonMessage(reasonCode == null ? null : "refused")
                .setField(reasonCode == null ? null : "amount")
                .setCorrelationId(correlationId)
                .setDecidedAt(AT)
                .build();
    }

    @Test
    void a_reservation_the_pool_rejects_declines_the_policy_named_by_the_correlation_id_with_the_pools_reason() {
        List<SpecificRecord> commands = new PurchaseSaga()
                .react(outcome(CommandStatus.REJECTED, PurchaseSaga.RESERVE_CAPACITY, POLICY, "AMOUNT_OUT_OF_RANGE"));
        assertThat(commands).singleElement().isInstanceOfSatisfying(DeclinePolicy.class, decline -> {
            assertThat(decline.getPolicyId()).isEqualTo(POLICY);
            assertThat(decline.getMetadata().getAggregateId()).isEqualTo(POLICY);
            assertThat(decline.getReasonCode()).isEqualTo("AMOUNT_OUT_OF_RANGE");
            assertThat(decline.getReason())
                    .contains("pool-1")
                    .contains("AMOUNT_OUT_OF_RANGE")
                    .contains("amount");
            assertThat(decline.getAvailableCapacity()).isNull();
            assertThat(decline.getMetadata().getIssuedAt()).isEqualTo(AT);
            assertThat(decline.getMetadata().getCausationId()).isEqualTo("11111111-1111-1111-1111-111111111111");
        });
    }

    @Test
    void the_same_outcome_delivered_again_is_the_same_decline_command() {
        CommandOutcome rejected =
                outcome(CommandStatus.REJECTED, PurchaseSaga.RESERVE_CAPACITY, POLICY, "PROCESSING_FAILED");
        DeclinePolicy first = (DeclinePolicy) new PurchaseSaga().react(rejected).getFirst();
        DeclinePolicy again = (DeclinePolicy) new PurchaseSaga().react(rejected).getFirst();
        assertThat(again.getMetadata().getCommandId())
                .isEqualTo(first.getMetadata().getCommandId());
        assertThat(first.getReasonCode()).isEqualTo("PROCESSING_FAILED");
    }

    @Test
    void accepted_reservations_other_commands_and_outcomes_of_no_purchase_are_left_alone() {
        PurchaseSaga saga = new PurchaseSaga();
        assertThat(saga.react(outcome(CommandStatus.ACCEPTED, PurchaseSaga.RESERVE_CAPACITY, POLICY, null)))
                .isEmpty();
        assertThat(saga.react(outcome(
                        CommandStatus.REJECTED,
                        "io.coverclaims.schemas.pool.ReleaseCapacity",
                        POLICY,
                        "POOL_NOT_FOUND")))
                .isEmpty();
        assertThat(saga.react(outcome(
                        CommandStatus.REJECTED, PurchaseSaga.RESERVE_CAPACITY, "some-client-key", "POOL_NOT_FOUND")))
                .isEmpty();
    }
}
