package io.coverclaims.oracle.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.math.BigInteger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A price reported by a source, in 1e-8 of the quote currency (1.0 = 100000000): an unsigned integer up to 2^63 - 1,
 * sent as a JSON integer or as a decimal string of digits. A fraction, a negative, an exponent, anything past 2^63 - 1
 * or any other JSON type is refused with a 400 naming the field, never rounded or clamped.
 */
@JsonDeserialize(using = PriceE8.Reader.class)
@Schema(
        type = SchemaType.STRING,
        pattern = "^(0|[1-9][0-9]{0,18})$",
        description = "price in 1e-8 of the quote currency (1.0 = 100000000): an unsigned integer up to "
                + "9223372036854775807, as a JSON integer or a decimal string",
        example = "97000000")
public record PriceE8(long value) {

    public static final String FORMAT = "a price in 1e-8 is an unsigned integer (a JSON integer or a decimal string of "
            + "digits), 0 to 9223372036854775807";

    private static final Pattern DIGITS = Pattern.compile("^(0|[1-9][0-9]*)$");
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    public BigInteger unsigned() {
        return BigInteger.valueOf(value);
    }

    /** The price's text as a JSON integer or string, if it is an unsigned integer that fits a long. */
    static PriceE8 parse(String text) {
        if (text == null || text.length() > 25 || !DIGITS.matcher(text).matches()) {
            return null;
        }
        BigInteger value = new BigInteger(text);
        return value.compareTo(MAX) > 0 ? null : new PriceE8(value.longValueExact());
    }

    static final class Reader extends JsonDeserializer<PriceE8> {
        @Override
        public PriceE8 deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonToken token = parser.currentToken();
            if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_STRING) {
                return (PriceE8) context.handleUnexpectedToken(PriceE8.class, token, parser, FORMAT);
            }
            String text = parser.getText();
            PriceE8 price = parse(text);
            if (price == null) {
                return (PriceE8) context.handleWeirdStringValue(PriceE8.class, text, FORMAT);
            }
            return price;
        }
    }
}
