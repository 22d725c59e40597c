package io.coverclaims.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.specific.SpecificRecord;

/**
 * An Avro record as JSON the way the services' APIs show values: fields in schema order, amounts ({@code decimal(78,
 * 0)}) as decimal strings (exact, whatever their size), times as ISO-8601 instants, enums by symbol, bytes as 0x hex.
 */
final class AvroJson {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJson() {}

    /** Every field of {@code record}. */
    static ObjectNode of(SpecificRecord record) {
        return of(record, Set.of());
    }

    /** Every field of {@code record} but those named in {@code without} (e.g. its metadata, shown apart). */
    static ObjectNode of(SpecificRecord record, Set<String> without) {
        ObjectNode node = NODES.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            if (!without.contains(field.name())) {
                node.set(field.name(), value(record.get(field.pos())));
            }
        }
        return node;
    }

    static JsonNode value(Object value) {
        return switch (value) {
            case null -> NODES.nullNode();
            case SpecificRecord record -> of(record);
            case CharSequence text -> NODES.textNode(text.toString());
            case BigDecimal amount -> NODES.textNode(amount.toPlainString());
            case Instant instant -> NODES.textNode(instant.toString());
            case LocalDate date -> NODES.textNode(date.toString());
            case Boolean flag -> NODES.booleanNode(flag);
            case Integer number -> NODES.numberNode(number);
            case Long number -> NODES.numberNode(number);
            case Float number -> NODES.numberNode(number);
            case Double number -> NODES.numberNode(number);
            case Enum<?> symbol -> NODES.textNode(symbol.name());
            case GenericEnumSymbol<?> symbol -> NODES.textNode(symbol.toString());
            case ByteBuffer bytes -> NODES.textNode(hex(bytes));
            case GenericFixed fixed -> NODES.textNode("0x" + HexFormat.of().formatHex(fixed.bytes()));
            case List<?> list -> {
                ArrayNode array = NODES.arrayNode();
                list.forEach(item -> array.add(value(item)));
                yield array;
            }
            case Map<?, ?> map -> {
                ObjectNode object = NODES.objectNode();
                map.forEach((key, item) -> object.set(String.valueOf(key), value(item)));
                yield object;
            }
            default -> NODES.textNode(value.toString());
        };
    }

    private static String hex(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    static String compact(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
