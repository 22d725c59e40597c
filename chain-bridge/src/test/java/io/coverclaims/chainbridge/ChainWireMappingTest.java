package io.coverclaims.chainbridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.chainbridge.domain.deposit.ClaimBondKind;
import io.coverclaims.chainbridge.domain.deposit.DepositCommand.RecordClaimBond;
import io.coverclaims.chainbridge.domain.deposit.DepositCommand.RecordOnChainDeposit;
import io.coverclaims.chainbridge.domain.settlement.SettlementCommand;
import io.coverclaims.chainbridge.domain.settlement.SettlementDecider;
import io.coverclaims.chainbridge.domain.settlement.SettlementKind;
import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.testing.WireRoundTrip;
import io.coverclaims.schemas.chain.EnqueueSettlement;
import io.coverclaims.schemas.chain.RecordAnchorReceipt;
import io.coverclaims.schemas.chain.RecordAnchorReorg;
import io.coverclaims.schemas.chain.RecordRedemption;
import io.coverclaims.schemas.chain.SealSettlementBatch;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.serde.AvroSingleObjectDeserializer;
import io.coverclaims.schemas.serde.AvroSingleObjectSerializer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The chain context's domain records and chain.avdl, mapped by the kernel's convention. */
class ChainWireMappingTest {

    static final String POOL = "pool-1";
    static final String A = "0x" + "a".repeat(40);
    static final CommandMetadata COMMAND = CommandMetadata.newBuilder()
            .setCommandId("k")
            .setAggregateId(POOL)
            .setExpectedVersion(null)
            .setCorrelationId("k")
            .setCausationId(null)
            .setIssuedAt(Instant.parse("2026-11-23T12:00:00Z"))
            .setActor("chain-bridge")
            .build();

    @Test
    void every_settlement_command_and_event_survives_its_wire_record() {
        assertThat(WireRoundTrip.assertRoundTrips(ChainContext.SETTLEMENT)).isEqualTo(5 + 6);
    }

    @Test
    void every_deposit_command_and_event_survives_its_wire_record() {
        assertThat(WireRoundTrip.assertRoundTrips(ChainContext.DEPOSIT)).isEqualTo(2 + 2);
    }

    @Test
    void every_pool_contract_command_and_event_survives_its_wire_record() {
        assertThat(WireRoundTrip.assertRoundTrips(ChainContext.POOL_CONTRACT)).isEqualTo(3 + 3);
    }

    @Test
    void the_domain_enums_mirror_the_wire_enums_symbol_for_symbol_in_the_wire_order() {
        assertThat(java.util.Arrays.stream(io.coverclaims.chainbridge.domain.poolcontract.PoolPauseFlag.values())
                        .map(Enum::name))
                .containsExactly(java.util.Arrays.stream(io.coverclaims.schemas.chain.PoolPauseFlag.values())
                        .map(Enum::name)
                        .toArray(String[]::new));
        assertThat(java.util.Arrays.stream(SettlementKind.values()).map(Enum::name))
                .containsExactly(java.util.Arrays.stream(io.coverclaims.schemas.chain.SettlementKind.values())
                        .map(Enum::name)
                        .toArray(String[]::new));
        assertThat(java.util.Arrays.stream(ClaimBondKind.values()).map(Enum::name))
                .containsExactly(java.util.Arrays.stream(io.coverclaims.schemas.chain.ClaimBondKind.values())
                        .map(Enum::name)
                        .toArray(String[]::new));
    }

    @Test
    void a_claim_bond_is_written_as_the_wire_record_record_claim_bond() {
        assertThat(ChainContext.DEPOSIT
                        .mapping()
                        .writeCommand(
                                new RecordClaimBond(
                                        31337,
                                        "0xt",
                                        4,
                                        12,
                                        "0xh",
                                        "0xc",
                                        POOL,
                                        "clm-1",
                                        ClaimBondKind.APPEAL_BOND,
                                        A,
                                        Money.of(500),
                                        "USDC",
                                        2),
                                COMMAND))
                .isEqualTo(io.coverclaims.schemas.chain.RecordClaimBond.newBuilder()
                        .setMetadata(COMMAND)
                        .setChainId(31337)
                        .setTxHash("0xt")
                        .setLogIndex(4)
                        .setBlockNumber(12)
                        .setBlockHash("0xh")
                        .setContract("0xc")
                        .setPoolId(POOL)
                        .setClaimId("clm-1")
                        .setKind(io.coverclaims.schemas.chain.ClaimBondKind.APPEAL_BOND)
                        .setPayer(A)
                        .setAmount(BigDecimal.valueOf(500))
                        .setAsset("USDC")
                        .setConfirmations(2)
                        .build());
    }

    @Test
    void a_seal_written_without_max_leaves_reads_as_the_default_batch_size() {
        SealSettlementBatch wire = SealSettlementBatch.newBuilder()
                .setMetadata(COMMAND)
                .setPoolId(POOL)
                .setBatchId("0xb")
                .setMaxLeaves(null)
                .build();
        assertThat(ChainContext.SETTLEMENT.readCommand(viaTopic(wire)))
                .isEqualTo(new SettlementCommand.SealSettlementBatch(
                        POOL, POOL, "0xb", SettlementDecider.DEFAULT_MAX_LEAVES));
    }

    @Test
    void the_commands_the_bridge_writes_from_domain_records_are_the_wire_records_it_built_by_hand() {
        var settlement = ChainContext.SETTLEMENT.mapping();
        assertThat(List.<SpecificRecord>of(
                        settlement.writeCommand(
                                new SettlementCommand.EnqueueSettlement(
                                        POOL, POOL, SettlementKind.CLAIM_PAYOUT, "claim-1", A, Money.of(80), "USDC"),
                                COMMAND),
                        settlement.writeCommand(
                                new SettlementCommand.SealSettlementBatch(POOL, POOL, "0xb", 1024), COMMAND),
                        settlement.writeCommand(
                                new SettlementCommand.RecordAnchorReceipt(
                                        POOL, "0xb", "0xt", 7, "0xh", 74_000, 3, true, 2),
                                COMMAND),
                        settlement.writeCommand(
                                new SettlementCommand.RecordAnchorReorg(POOL, "0xb", "0xt", 7, "0xh"), COMMAND),
                        settlement.writeCommand(
                                new SettlementCommand.RecordRedemption(
                                        POOL, "0xb", 1, A, Money.of(5), "0xr", 4, 12, "0xh", 2),
                                COMMAND),
                        ChainContext.DEPOSIT
                                .mapping()
                                .writeCommand(
                                        new RecordOnChainDeposit(
                                                31337, "0xt", 4, 12, "0xh", "0xc", POOL, A, Money.of(500), "USDC", 2),
                                        COMMAND)))
                .containsExactly(
                        EnqueueSettlement.newBuilder()
                                .setMetadata(COMMAND)
                                .setPoolId(POOL)
                                .setKind(io.coverclaims.schemas.chain.SettlementKind.CLAIM_PAYOUT)
                                .setReferenceId("claim-1")
                                .setRecipient(A)
                                .setAmount(BigDecimal.valueOf(80))
                                .setAsset("USDC")
                                .build(),
                        SealSettlementBatch.newBuilder()
                                .setMetadata(COMMAND)
                                .setPoolId(POOL)
                                .setBatchId("0xb")
                                .setMaxLeaves(1024)
                                .build(),
                        RecordAnchorReceipt.newBuilder()
                                .setMetadata(COMMAND)
                                .setBatchId("0xb")
                                .setTxHash("0xt")
                                .setBlockNumber(7)
                                .setBlockHash("0xh")
                                .setGasUsed(74_000)
                                .setEffectiveGasPriceWei(3)
                                .setSuccess(true)
                                .setConfirmations(2)
                                .build(),
                        RecordAnchorReorg.newBuilder()
                                .setMetadata(COMMAND)
                                .setBatchId("0xb")
                                .setTxHash("0xt")
                                .setBlockNumber(7)
                                .setOrphanedBlockHash("0xh")
                                .build(),
                        RecordRedemption.newBuilder()
                                .setMetadata(COMMAND)
                                .setBatchId("0xb")
                                .setLeafIndex(1)
                                .setRecipient(A)
                                .setAmount(BigDecimal.valueOf(5))
                                .setTxHash("0xr")
                                .setLogIndex(4)
                                .setBlockNumber(12)
                                .setBlockHash("0xh")
                                .setConfirmations(2)
                                .build(),
                        io.coverclaims.schemas.chain.RecordOnChainDeposit.newBuilder()
                                .setMetadata(COMMAND)
                                .setChainId(31337)
                                .setTxHash("0xt")
                                .setLogIndex(4)
                                .setBlockNumber(12)
                                .setBlockHash("0xh")
                                .setContract("0xc")
                                .setPoolId(POOL)
                                .setDepositor(A)
                                .setAmount(BigDecimal.valueOf(500))
                                .setAsset("USDC")
                                .setConfirmations(2)
                                .build());
    }

    /** Encoded and decoded with the serde of the chain.* topics. */
    static SpecificRecord viaTopic(SpecificRecord wire) {
        return new AvroSingleObjectDeserializer()
                .deserialize("chain.commands", new AvroSingleObjectSerializer().serialize("chain.commands", wire));
    }
}
