package io.coverclaims.platform.gateway;

import io.coverclaims.platform.streams.WireMetadata;
import io.coverclaims.schemas.common.CommandMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Scopes a client's Idempotency-Key to the caller, the operation and the target, and fingerprints the request.
 *
 * <p>The command id becomes a name-based UUID of (caller, command type, aggregate id, key): the same key sent by
 * another caller, for another operation or for another resource is another command and can never be answered with
 * this one's outcome. The request hash (SHA-256 of the command type and every field but the metadata) travels in
 * the metadata; the command processor refuses a known command id whose request hash differs
 * ({@code IDEMPOTENCY_KEY_REUSED}), so the same key with another body changes nothing and says so.
 */
final class IdempotencyScope {

    private IdempotencyScope() {}

    /** The scoped command id of {@code key} (or of a fresh random id) for this caller, operation and target. */
    static String commandId(String caller, String operation, String target, String key) {
        String scope = "coverclaims/idempotency/v1|" + caller + "|" + operation + "|" + target + "|" + key;
        return UUID.nameUUIDFromBytes(scope.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Rewrites the command's metadata: scoped command id, request hash; the correlation id stays the client's. */
    static void apply(SpecificRecord command) {
        CommandMetadata metadata = WireMetadata.ofCommand(command);
        String operation = command.getSchema().getFullName();
        String scoped = commandId(metadata.getActor(), operation, metadata.getAggregateId(), metadata.getCommandId());
        CommandMetadata stamped = CommandMetadata.newBuilder()
                .setCommandId(scoped)
                .setAggregateId(metadata.getAggregateId())
                .setExpectedVersion(metadata.getExpectedVersion())
                .setCorrelationId(metadata.getCorrelationId())
                .setCausationId(metadata.getCausationId())
                .setIssuedAt(metadata.getIssuedAt())
                .setActor(metadata.getActor())
                .setRequestHash(requestHash(command))
                .build();
        command.put(command.getSchema().getField("metadata").pos(), stamped);
    }

    /** SHA-256 (hex) of the command's type and every field but its metadata, in Avro's binary encoding. */
    static String requestHash(SpecificRecord command) {
        SpecificData model = SpecificData.getForClass(command.getClass());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        try {
            encoder.writeString(command.getSchema().getFullName());
            for (Schema.Field field : command.getSchema().getFields()) {
                if (!field.name().equals("metadata")) {
                    encoder.writeString(field.name());
                    new SpecificDatumWriter<Object>(field.schema(), model).write(command.get(field.pos()), encoder);
                }
            }
            encoder.flush();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(
                    "cannot fingerprint " + command.getSchema().getFullName(), e);
        }
    }
}
