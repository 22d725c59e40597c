package io.coverclaims.pool.domain;

import io.coverclaims.pool.domain.PoolCommand.ProductWeight;
import io.coverclaims.pool.domain.PoolCommand.Source;
import io.coverclaims.pool.domain.PoolEvent.PositionAmount;
import io.coverclaims.pool.domain.PoolEvent.TrancheAmount;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.serde.AvroSingleObjectDeserializer;
import io.coverclaims.schemas.serde.AvroSingleObjectSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every pool event survives the trip to its published wire schema and back: replay rebuilds what was decided. */
class PoolAggregateMappingTest {

    static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");
    static final String A = "0x" + "a".repeat(40);

    @Test
    void every_event_reads_back_equal_after_encoding_with_its_published_schema() {
        List<PoolEvent> events = List.of(
                new PoolEvent.PoolCreated("pool-1", "n", A, "USDC", 6, 20_000, List.of(new ProductWeight("p", 5_000)), 1_000, 0),
                new PoolEvent.ProductWeightsSet("pool-1", List.of(new ProductWeight("p", 1), new ProductWeight("q", 2))),
                new PoolEvent.CapitalDeposited("pool-1", "0xt:1", A, 5, 3, AT, 1_000, Source.CHAIN, "0xt", 1, 5),
                new PoolEvent.CapitalDeposited("pool-1", "api:k", A, 5, 3, AT, 1_000, Source.API, null, null, 10),
                new PoolEvent.WithdrawalRequested("pool-1", "w", A, A, 3, 2, AT, 7, AT.plusSeconds(7)),
                new PoolEvent.CapitalWithdrawn("pool-1", "w", A, A, "USDC", 3, 2, 1, 9),
                new PoolEvent.WithdrawalCancelled("pool-1", "w", A, 3, 2),
                new PoolEvent.CapacityReserved("pool-1", "r", "pol", "p", 4, AT, 10, 20_000, 5_000, 10, 6),
                new PoolEvent.CapacityReservationDeclined("pool-1", "r", "pol", "p", 4, "INSUFFICIENT_CAPACITY", 10, 20_000, 5_000, 3),
                new PoolEvent.CapacityReleased("pool-1", "r", "pol", 4, "POLICY_EXPIRED"),
                new PoolEvent.PremiumRecorded("pool-1", "pol", 10, "ref", List.of(new TrancheAmount(3, 9)),
                        List.of(new PositionAmount(A, 3, 9)), 1),
                new PoolEvent.PayoutReserved("pool-1", "pay", "clm", "pol", A, "inc", 10, 10, 1_000_000, 20,
                        List.of(new TrancheAmount(3, 11)), 9, List.of(new PositionAmount(A, 3, 11)), 1),
                new PoolEvent.PayoutReservationDeclined("pool-1", "pay", "clm", 10, "CAPITAL_EXHAUSTED"),
                new PoolEvent.PayoutReleased("pool-1", "pay", "clm", 10, List.of(new TrancheAmount(3, 11)), "CLAIM_REVERSED"),
                new PoolEvent.PayoutDisbursed("pool-1", "pay", "clm", 10, "batch", "0xtx"));
        AvroSingleObjectSerializer serializer = new AvroSingleObjectSerializer();
        AvroSingleObjectDeserializer deserializer = new AvroSingleObjectDeserializer();
        EventMetadata metadata = EventMetadata.newBuilder().setEventId("e").setAggregateId("pool-1").setAggregateVersion(1)
                .setCausationId("c").setCorrelationId("c").setOccurredAt(AT).setActor("t").build();
        for (PoolEvent event : events) {
            SpecificRecord wire = PoolAggregate.TYPE.writeEvent(event, metadata);
            SpecificRecord decoded = deserializer.deserialize("pool.events", serializer.serialize("pool.events", wire));
            assertThat(PoolAggregate.TYPE.readEvent(decoded)).as(event.getClass().getSimpleName()).isEqualTo(event);
        }
    }
}
