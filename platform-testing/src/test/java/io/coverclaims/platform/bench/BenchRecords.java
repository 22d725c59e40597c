package io.coverclaims.platform.bench;

import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.CommandOutcome;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.policy.ClaimMethod;
import io.coverclaims.schemas.policy.DefineProduct;
import io.coverclaims.schemas.policy.ProductCategory;
import io.coverclaims.schemas.policy.ProductPricingUpdated;
import io.coverclaims.schemas.policy.UpdateProductPricing;
import io.coverclaims.schemas.serde.AvroSingleObjectSerializer;
import io.coverclaims.schemas.serde.PublishedSchemas;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The benchmark's records, shaped like real ones: kernel commands on the test aggregate's wire types (policy
 * products) with a UUID-shaped command id that carries its sequence number, a 0x actor, a request hash and a current
 * {@code issuedAt} (a fixed old date would fall outside the kernel's idempotency window); the events the kernel itself
 * would write for them; and a reader of the few leading fields of a {@link CommandOutcome} that needs no full Avro
 * decode, so counting a million outcomes costs the measured kernel little CPU on a small machine.
 */
final class BenchRecords {

    static final String ACTOR = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
    private static final String EVENT_TYPE_HEADER = "event-type";
    private static final long OUTCOME_FINGERPRINT = PublishedSchemas.fingerprint(CommandOutcome.getClassSchema());

    private final String run;
    private final String commandIdPrefix;
    private final AvroSingleObjectSerializer avro = new AvroSingleObjectSerializer();
    private final SplittableRandom random = new SplittableRandom(42);
    private final HexFormat hex = HexFormat.of();
    private final String[] aggregateIds;

    /** {@code run}: 8 hex digits naming this run's topics, ids and applications. */
    BenchRecords(String run, int aggregates) {
        this.run = run;
        this.commandIdPrefix = run + "-0000-4000-8000-";
        this.aggregateIds = new String[aggregates];
        for (int i = 0; i < aggregates; i++) {
            aggregateIds[i] = "prod-" + run + "-" + i;
        }
    }

    int aggregates() {
        return aggregateIds.length;
    }

    String aggregateId(int index) {
        return aggregateIds[index];
    }

    /** The index of one of this run's aggregate ids. */
    int aggregateIndex(String aggregateId) {
        return Integer.parseInt(aggregateId, aggregateId.lastIndexOf('-') + 1, aggregateId.length(), 10);
    }

    /** A UUID-shaped id (36 characters, like the ids clients send) whose last group is {@code sequence} in hex. */
    String commandId(long sequence) {
        String digits = Long.toHexString(sequence);
        return commandIdPrefix + "0".repeat(12 - digits.length()) + digits;
    }

    /** The sequence number of one of this run's command ids, or -1 for any other id. */
    long sequence(String commandId) {
        return commandId.startsWith(commandIdPrefix) ? Long.parseLong(commandId, 24, 36, 16) : -1;
    }

    /** DefineProduct for the aggregate's first command, UpdateProductPricing for the others. */
    byte[] command(long sequence, int aggregate, boolean define, Instant issuedAt) {
        String productId = aggregateIds[aggregate];
        CommandMetadata metadata = CommandMetadata.newBuilder()
                .setCommandId(commandId(sequence))
                .setAggregateId(productId)
                .setExpectedVersion(null)
                .setCorrelationId(commandId(sequence))
                .setCausationId(null)
                .setIssuedAt(issuedAt)
                .setActor(ACTOR)
                .setRequestHash(requestHash())
                .build();
        if (define) {
            return avro.serialize(
                    "bench",
                    DefineProduct.newBuilder()
                            .setMetadata(metadata)
                            .setProductId(productId)
                            .setName("Bench exploit cover " + aggregate)
                            .setCategory(ProductCategory.PROTOCOL_EXPLOIT)
                            .setClaimMethod(ClaimMethod.ASSESSMENT)
                            .setAsset("USDC")
                            .setCoveredContract("0x5fbdb2315678afecb367f032d93f642f64180aa3")
                            .setFloorRateBps(200)
                            .setCeilingRateBps(1200)
                            .setMinPeriodDays(28)
                            .setMaxPeriodDays(365)
                            .build());
        }
        return avro.serialize(
                "bench",
                UpdateProductPricing.newBuilder()
                        .setMetadata(metadata)
                        .setProductId(productId)
                        .setFloorRateBps(100 + (int) (sequence % 100))
                        .setCeilingRateBps(1000 + (int) (sequence % 500))
                        .setMinAnnualRateBps(null)
                        .build());
    }

    /** An event as the kernel writes it for an accepted UpdateProductPricing: version {@code version} of its aggregate. */
    byte[] pricingUpdated(long sequence, int aggregate, long version, Instant occurredAt) {
        String productId = aggregateIds[aggregate];
        String commandId = commandId(sequence);
        return avro.serialize(
                "bench",
                ProductPricingUpdated.newBuilder()
                        .setMetadata(EventMetadata.newBuilder()
                                .setEventId(java.util
                                        .UUID
                                        .nameUUIDFromBytes((commandId + "#0").getBytes(StandardCharsets.UTF_8))
                                        .toString())
                                .setAggregateId(productId)
                                .setAggregateVersion(version)
                                .setCausationId(commandId)
                                .setCorrelationId(commandId)
                                .setOccurredAt(occurredAt)
                                .setActor(ACTOR)
                                .build())
                        .setProductId(productId)
                        .setFloorRateBps(100 + (int) (sequence % 100))
                        .setCeilingRateBps(1000 + (int) (sequence % 500))
                        .setMinAnnualRateBps(null)
                        .build());
    }

    static String eventTypeHeader() {
        return EVENT_TYPE_HEADER;
    }

    static byte[] pricingUpdatedType() {
        return ProductPricingUpdated.getClassSchema().getFullName().getBytes(StandardCharsets.UTF_8);
    }

    private String requestHash() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return hex.formatHex(bytes);
    }

    /** The command id and status of a serialized {@link CommandOutcome}, read from its first four fields. */
    record OutcomeHead(String commandId, boolean accepted) {}

    static OutcomeHead outcomeHead(byte[] value) {
        if (value == null || value.length < 11 || value[0] != (byte) 0xC3 || value[1] != 0x01) {
            throw new IllegalStateException("not an Avro single-object record");
        }
        long fingerprint = 0;
        for (int i = 9; i >= 2; i--) {
            fingerprint = (fingerprint << 8) | (value[i] & 0xFF);
        }
        if (fingerprint != OUTCOME_FINGERPRINT) {
            throw new IllegalStateException("not a CommandOutcome (fingerprint " + Long.toHexString(fingerprint) + ")");
        }
        int[] position = {10};
        String commandId = readString(value, position);
        skipString(value, position); // aggregateId
        skipString(value, position); // commandType
        long status = readLong(value, position); // CommandStatus: 0 ACCEPTED, 1 REJECTED
        return new OutcomeHead(commandId, status == 0);
    }

    private static String readString(byte[] value, int[] position) {
        int length = (int) readLong(value, position);
        String text = new String(value, position[0], length, StandardCharsets.UTF_8);
        position[0] += length;
        return text;
    }

    private static void skipString(byte[] value, int[] position) {
        int length = (int) readLong(value, position); // read first: it moves the position
        position[0] += length;
    }

    /** Avro's zig-zag variable-length long. */
    private static long readLong(byte[] value, int[] position) {
        long raw = 0;
        int shift = 0;
        int b;
        do {
            b = value[position[0]++] & 0xFF;
            raw |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return (raw >>> 1) ^ -(raw & 1);
    }

    String run() {
        return run;
    }
}
