package io.coverclaims.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.testing.WireRoundTrip;
import io.coverclaims.pool.domain.pool.PoolCommand;
import io.coverclaims.pool.domain.pool.PoolCommand.ProductWeight;
import io.coverclaims.pool.domain.pool.PoolCommand.Source;
import io.coverclaims.pool.domain.pool.PoolDecider;
import io.coverclaims.pool.domain.pool.PoolEvent;
import io.coverclaims.pool.domain.pool.PoolEvent.PositionAmount;
import io.coverclaims.pool.domain.pool.PoolEvent.TrancheAmount;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.serde.AvroSingleObjectDeserializer;
import io.coverclaims.schemas.serde.AvroSingleObjectSerializer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The pool's domain records and pool.avdl, mapped by the kernel's convention: what is written reads back equal. */
class PoolWireMappingTest {

    static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");
    static final String A = "0x" + "a".repeat(40);
    static final EventMetadata EVENT = EventMetadata.newBuilder()
            .setEventId("e")
            .setAggregateId("pool-1")
            .setAggregateVersion(1)
            .setCausationId("c")
            .setCorrelationId("c")
            .setOccurredAt(AT)
            .setActor("t")
            .build();
    static final CommandMetadata COMMAND = CommandMetadata.newBuilder()
            .setCommandId("k")
            .setAggregateId("pool-1")
            .setExpectedVersion(null)
            .setCorrelationId("k")
            .setCausationId(null)
            .setIssuedAt(AT)
            .setActor("t")
            .build();

    @Test
    void every_command_and_event_survives_its_wire_record() {
        assertThat(WireRoundTrip.assertRoundTrips(PoolContext.POOL)).isGreaterThan(20);
    }

    @Test
    void absent_optional_fields_read_back_absent_through_the_topics_serde() {
        List<PoolEvent> events = List.of(
                new PoolEvent.CapitalDeposited(
                        "pool-1", "api:k", A, Money.of(5), 3, AT, 1_000, Source.API, null, null, Money.of(10)),
                new PoolEvent.PremiumRecorded("pool-1", "pol", Money.of(10), null, List.of(), List.of(), Money.of(10)),
                new PoolEvent.PayoutReserved(
                        "pool-1",
                        "pay",
                        "clm",
                        "pol",
                        A,
                        null,
                        Money.of(10),
                        Money.of(10),
                        1_000_000,
                        Money.of(20),
                        List.of(new TrancheAmount(3, Money.of(11))),
                        Money.of(9),
                        List.of(new PositionAmount(A, 3, Money.of(11))),
                        Money.of(1)));
        for (PoolEvent event : events) {
            assertThat(PoolContext.POOL.readEvent(viaTopic(PoolContext.POOL.writeEvent(event, EVENT))))
                    .as(event.getClass().getSimpleName())
                    .isEqualTo(event);
        }
        List<PoolCommand> commands = List.of(
                new PoolCommand.CreatePool(
                        "pool-1", "n", A, "USDC", null, 20_000, List.of(new ProductWeight("p", 5_000)), null, null, AT),
                new PoolCommand.DepositCapital("pool-1", "api:k", A, Money.of(5), null, Source.API, null, null, AT),
                new PoolCommand.RequestWithdrawal("pool-1", "w", A, 3, Money.of(2), null, AT),
                new PoolCommand.RecordPremium("pool-1", "pol", Money.of(10), null, AT),
                new PoolCommand.ReservePayout("pool-1", "pay", "clm", "pol", A, Money.of(10), null, AT));
        for (PoolCommand command : commands) {
            assertThat(PoolContext.POOL.readCommand(
                            viaTopic(PoolContext.POOL.mapping().writeCommand(command, COMMAND))))
                    .as(command.getClass().getSimpleName())
                    .isEqualTo(command);
        }
    }

    @Test
    void who_completes_or_cancels_a_withdrawal_is_the_commands_actor_from_its_metadata_not_a_field_of_its_own() {
        CommandMetadata signedByA =
                CommandMetadata.newBuilder(COMMAND).setActor(A).build();
        for (PoolCommand command : List.of(
                new PoolCommand.CompleteWithdrawal("pool-1", "wd-1", A, AT),
                new PoolCommand.CancelWithdrawal("pool-1", "wd-1", A, AT))) {
            SpecificRecord wire = PoolContext.POOL.mapping().writeCommand(command, signedByA);
            assertThat(wire.getSchema().getField("actor"))
                    .as("pool.avdl is unchanged: the actor travels in the metadata")
                    .isNull();
            assertThat(PoolContext.POOL.readCommand(viaTopic(wire))).isEqualTo(command);
            // the metadata decides: the same record under another actor's metadata reads as that actor's
            SpecificRecord other = PoolContext.POOL.mapping().writeCommand(command, COMMAND);
            assertThat(PoolContext.POOL.readCommand(viaTopic(other)))
                    .extracting("actor")
                    .isEqualTo("t");
        }
    }

    @Test
    void amounts_of_an_18_decimal_asset_and_the_largest_uint256_survive_the_topics_exactly() {
        Money eth1500 = Money.parse("1500000000000000000000");
        PoolEvent deposited = new PoolEvent.CapitalDeposited(
                "pool-1", "0xabc:7", A, eth1500, 3, AT, 1_000, Source.CHAIN, "0xabc", 7, Money.MAX);
        assertThat(PoolContext.POOL.readEvent(viaTopic(PoolContext.POOL.writeEvent(deposited, EVENT))))
                .isEqualTo(deposited);
        assertThat(((io.coverclaims.schemas.pool.CapitalDeposited) PoolContext.POOL.writeEvent(deposited, EVENT))
                        .getAmount())
                .isEqualByComparingTo("1500000000000000000000");
    }

    @Test
    void
            a_pool_created_before_asset_decimals_and_cooldown_were_recorded_reads_six_decimals_and_the_seven_day_cooldown() {
        io.coverclaims.schemas.pool.PoolCreated old = io.coverclaims.schemas.pool.PoolCreated.newBuilder()
                .setMetadata(EVENT)
                .setPoolId("pool-1")
                .setName("n")
                .setManager(A)
                .setAsset("USDC")
                .setCapacityRatioBps(20_000)
                .setProducts(List.of(io.coverclaims.schemas.pool.ProductWeight.newBuilder()
                        .setProductId("p")
                        .setWeightBps(5_000)
                        .build()))
                .setTrancheDurationMs(1_000)
                .setWithdrawalCooldownMs(null)
                .setAssetDecimals(null)
                .build();

        assertThat(PoolContext.POOL.readEvent(viaTopic(old)))
                .isEqualTo(new PoolEvent.PoolCreated(
                        "pool-1",
                        "n",
                        A,
                        "USDC",
                        6,
                        20_000,
                        List.of(new ProductWeight("p", 5_000)),
                        1_000,
                        PoolDecider.DEFAULT_WITHDRAWAL_COOLDOWN_MS));
        assertThat(PoolDecider.DEFAULT_WITHDRAWAL_COOLDOWN_MS).isEqualTo(7 * 86_400_000L);
    }

    /** Encoded and decoded with the serde of the pool.* topics. */
    static SpecificRecord viaTopic(SpecificRecord wire) {
        return new AvroSingleObjectDeserializer()
                .deserialize("pool.events", new AvroSingleObjectSerializer().serialize("pool.events", wire));
    }
}
