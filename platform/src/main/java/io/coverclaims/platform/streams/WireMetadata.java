package io.coverclaims.platform.streams;

import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.EventMetadata;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** Reads the {@code metadata} field every command and event record carries (see common.avdl). */
public final class WireMetadata {

    private static final String FIELD = "metadata";

    private WireMetadata() {}

    public static CommandMetadata ofCommand(SpecificRecord command) {
        if (field(command) instanceof CommandMetadata metadata) {
            return metadata;
        }
        throw new IllegalArgumentException(command.getSchema().getFullName() + " carries no CommandMetadata");
    }

    public static EventMetadata ofEvent(SpecificRecord event) {
        if (field(event) instanceof EventMetadata metadata) {
            return metadata;
        }
        throw new IllegalArgumentException(event.getSchema().getFullName() + " carries no EventMetadata");
    }

    private static Object field(SpecificRecord record) {
        Schema.Field field = record.getSchema().getField(FIELD);
        return field == null ? null : record.get(field.pos());
    }
}
