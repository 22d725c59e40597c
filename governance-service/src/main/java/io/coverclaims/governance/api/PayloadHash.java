package io.coverclaims.governance.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code payloadHash} a proposer signs (EIP-712 ProposeChange): lower-case hex SHA-256 of the UTF-8 bytes of the
 * canonical JSON of the proposal's content,
 *
 * <pre>{"changes":[{"name":"claim.depositUnits","value":"75"}],"actions":[{"kind":"SET_GUARDIANS","target":"guardians","arguments":{"guardians":"0x…,0x…","threshold":"2"}}]}</pre>
 *
 * with no whitespace, the members in exactly this order, changes and actions in the order of the request (empty
 * arrays when there are none), the arguments' keys sorted by UTF-16 code unit (for ASCII keys: byte order), and every value a JSON string escaped as
 * RFC 8259 requires: {@code "} and {@code \} with a backslash, control characters below U+0020 as {@code \}{@code
 * uXXXX} (lower-case hex) except {@code \b \f \n \r \t}; everything else as it is (UTF-8, no escaping of non-ASCII or
 * {@code /}).
 */
public final class PayloadHash {

    private PayloadHash() {}

    public record Change(String name, String value) {}

    public record Action(String kind, String target, Map<String, String> arguments) {}

    public static String of(List<Change> changes, List<Action> actions) {
        return ofCanonicalJson(canonicalJson(changes, actions));
    }

    /** The hash of content already in its canonical JSON ({@link #canonicalJson}). */
    public static String ofCanonicalJson(String canonicalJson) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonicalJson.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String canonicalJson(List<Change> changes, List<Action> actions) {
        StringBuilder json = new StringBuilder("{\"changes\":[");
        for (int i = 0; i < changes.size(); i++) {
            Change change = changes.get(i);
            json.append(i == 0 ? "" : ",").append("{\"name\":");
            string(json, change.name()).append(",\"value\":");
            string(json, change.value()).append('}');
        }
        json.append("],\"actions\":[");
        for (int i = 0; i < actions.size(); i++) {
            Action action = actions.get(i);
            json.append(i == 0 ? "" : ",").append("{\"kind\":");
            string(json, action.kind()).append(",\"target\":");
            string(json, action.target()).append(",\"arguments\":{");
            boolean first = true;
            for (Map.Entry<String, String> argument : new TreeMap<>(
                            action.arguments() == null ? Map.<String, String>of() : action.arguments())
                    .entrySet()) {
                json.append(first ? "" : ",");
                string(json, argument.getKey()).append(':');
                string(json, argument.getValue());
                first = false;
            }
            json.append("}}");
        }
        return json.append("]}").toString();
    }

    private static StringBuilder string(StringBuilder json, String value) {
        json.append('"');
        String text = value == null ? "" : value;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
