package io.coverclaims.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.EventMetadata;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mapping convention on real wire records of pool.avdl, with domain records declared here. */
class WireMappingTest {

    private static final String POOL = "io.coverclaims.schemas.pool";
    private static final Instant AT = Instant.parse("2026-12-01T10:15:30.123Z");

    record ProductWeight(String productId, int weightBps) {}

    sealed interface Command permits SetProductWeights {}

    record SetProductWeights(String poolId, List<ProductWeight> products, Instant at, String actor)
            implements Command {}

    sealed interface Event permits ProductWeightsSet, PoolCreated {}

    record ProductWeightsSet(String poolId, List<ProductWeight> products, Instant at, String aggregateId)
            implements Event {}

    record PoolCreated(
            String poolId,
            String name,
            String manager,
            String asset,
            int capacityRatioBps,
            List<ProductWeight> products,
            long trancheDurationMs,
            Long withdrawalCooldownMs,
            int assetDecimals)
            implements Event {}

    private static WireMapping<Command, Event> mapping() {
        return new WireMapping<>(
                Command.class,
                Event.class,
                POOL,
                List.of(new WireMapping.Upcast(PoolCreated.class, "assetDecimals", at -> 6)));
    }

    @Test
    void a_command_reads_its_fields_by_name_and_its_time_and_actor_from_the_metadata() {
        var wire = io.coverclaims.schemas.pool.SetProductWeights.newBuilder()
                .setMetadata(commandMetadata())
                .setPoolId("pool-a")
                .setProducts(List.of(io.coverclaims.schemas.pool.ProductWeight.newBuilder()
                        .setProductId("prod-x")
                        .setWeightBps(2500)
                        .build()))
                .build();

        assertThat(mapping().readCommand(wire))
                .isEqualTo(new SetProductWeights("pool-a", List.of(new ProductWeight("prod-x", 2500)), AT, "0xabc"));
    }

    @Test
    void an_event_written_and_read_back_is_the_same_record() {
        var event = new ProductWeightsSet(
                "pool-a", List.of(new ProductWeight("prod-x", 1), new ProductWeight("prod-y", 2)), AT, "pool-a");
        var wire = mapping().writeEvent(event, eventMetadata());

        assertThat(wire).isInstanceOf(io.coverclaims.schemas.pool.ProductWeightsSet.class);
        assertThat(mapping().readEvent(wire)).isEqualTo(event);
    }

    @Test
    void a_field_an_older_record_lacks_reads_as_its_upcast_value() {
        var wire = io.coverclaims.schemas.pool.PoolCreated.newBuilder()
                .setMetadata(eventMetadata())
                .setPoolId("pool-a")
                .setName("A")
                .setManager("0x" + "a".repeat(40))
                .setAsset("USDC")
                .setCapacityRatioBps(20_000)
                .setProducts(List.of())
                .setTrancheDurationMs(1000)
                .setWithdrawalCooldownMs(null)
                .setAssetDecimals(null)
                .build();

        PoolCreated read = (PoolCreated) mapping().readEvent(wire);

        assertThat(read.assetDecimals()).isEqualTo(6);
        assertThat(read.withdrawalCooldownMs()).isNull();
    }

    sealed interface MissingField permits Unknown {}

    record Unknown(String poolId, Instant at) implements MissingField {}

    sealed interface ExtraComponent permits ProductWeightsSetPlus {}

    @Test
    void a_domain_record_without_its_wire_record_fails_when_the_mapping_is_built() {
        assertThatThrownBy(() -> new WireMapping<>(MissingField.class, Event.class, POOL, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("io.coverclaims.schemas.pool.Unknown");
    }

    record ProductWeightsSetPlus(String poolId, List<ProductWeight> products, String colour)
            implements ExtraComponent {}

    @Test
    void a_component_without_a_field_or_a_field_without_a_component_fails_when_the_mapping_is_built() {
        assertThatThrownBy(() -> new WireMapping<>(Command.class, ExtraComponent.class, POOL, List.of()))
                .hasMessageContaining("no wire record");
        assertThatThrownBy(() -> new WireMapping<>(Command.class, Event.class, POOL, List.of()))
                .hasMessageContaining("assetDecimals")
                .hasMessageContaining("upcast");
    }

    sealed interface WrongType permits CapacityReleased {}

    record CapacityReleased(String poolId, String reservationId, String policyId, int amount, String reason)
            implements WrongType {}

    @Test
    void a_component_whose_type_cannot_hold_the_field_fails_when_the_mapping_is_built() {
        assertThatThrownBy(() -> new WireMapping<>(Command.class, WrongType.class, POOL, List.of()))
                .hasMessageContaining("CapacityReleased.amount");
    }

    private static CommandMetadata commandMetadata() {
        return CommandMetadata.newBuilder()
                .setCommandId("c-1")
                .setAggregateId("pool-a")
                .setExpectedVersion(null)
                .setCorrelationId("c-1")
                .setCausationId(null)
                .setIssuedAt(AT)
                .setActor("0xabc")
                .build();
    }

    private static EventMetadata eventMetadata() {
        return EventMetadata.newBuilder()
                .setEventId("e-1")
                .setAggregateId("pool-a")
                .setAggregateVersion(1)
                .setCausationId("c-1")
                .setCorrelationId("c-1")
                .setOccurredAt(AT)
                .setActor("0xabc")
                .build();
    }
}
