package io.coverclaims.platform.testing;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Fuzzes one REST endpoint with random and boundary requests built from a valid one: every field removed, nulled
 * or replaced by a value of the wrong type, a fraction, a negative, a huge or out-of-range number, an amount past
 * 2^256 - 1, an empty or very long string; unknown fields; broken and empty JSON; wrong, missing and odd content
 * types; hostile headers; the wrong method. It asserts that nothing answers 5xx and that every 4xx is
 * problem+json naming a field (or the body, or a header) and a reason, and returns the count of each status.
 */
public final class RestFuzz {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TWO_256 =
            "115792089237316195423570985008687907853269984665640564039457584007913129639936";

    private final String method;
    private final String path;
    private final ObjectNode valid;
    private final Map<String, Supplier<String>> headers;
    private final Random random;
    private final Map<Integer, Integer> statuses = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();

    private RestFuzz(String method, String path, String validBody, Map<String, Supplier<String>> headers, long seed) {
        this.method = method;
        this.path = path;
        try {
            this.valid = validBody == null ? null : (ObjectNode) JSON.readTree(validBody);
        } catch (Exception e) {
            throw new IllegalArgumentException("the valid body is not a JSON object: " + validBody, e);
        }
        this.headers = headers;
        this.random = new Random(seed);
    }

    /**
     * @param headers headers a valid request carries, each made fresh per request (e.g. a new Idempotency-Key)
     */
    public static RestFuzz of(String method, String path, String validBody, Map<String, Supplier<String>> headers) {
        return new RestFuzz(method, path, validBody, headers, path.hashCode() * 31L + method.hashCode());
    }

    /** Sends {@code randomRequests} random mutations after every systematic one; returns the count of each status. */
    public Map<Integer, Integer> run(int randomRequests) {
        if (valid != null) {
            for (Iterator<String> names = valid.fieldNames(); names.hasNext(); ) {
                String field = names.next();
                for (JsonNode bad : boundaryValues()) {
                    send(withField(field, bad), "application/json", true);
                }
                ObjectNode without = valid.deepCopy();
                without.remove(field);
                send(without.toString(), "application/json", true);
            }
            ObjectNode unknown = valid.deepCopy();
            unknown.put("unexpectedField", "x");
            send(unknown.toString(), "application/json", true);
            for (String broken : List.of(
                    "",
                    "{",
                    "[]",
                    "null",
                    "\"text\"",
                    "42",
                    "{\"a\":}",
                    valid + "garbage",
                    valid.toString().substring(0, valid.toString().length() / 2),
                    "\u0000\u0001\u0002")) {
                send(broken, "application/json", true);
            }
            for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "")) {
                send(valid.toString(), type, true);
            }
        }
        for (String header : headers.keySet()) {
            for (String bad : List.of("", " ", "x".repeat(300), "bad key with spaces", "\u00e9\u00e8", "../../etc")) {
                sendWithHeader(header, bad);
            }
        }
        for (int i = 0; i < randomRequests; i++) {
            send(randomBody(), random.nextInt(10) == 0 ? "text/plain" : "application/json", true);
        }
        String wrongMethod = method.equals("DELETE") ? "PATCH" : "DELETE";
        record(request("application/json", true).body("{}").request(wrongMethod, path), wrongMethod + " " + path);
        record(request("application/json", true).body("{}").request(method, path + "/no/such/route"), "unknown route");
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " bad answers from " + method + " " + path + ":\n  "
                    + String.join("\n  ", failures.subList(0, Math.min(20, failures.size()))));
        }
        return Map.copyOf(statuses);
    }

    private List<JsonNode> boundaryValues() {
        return List.of(
                JSON.nullNode(),
                JSON.getNodeFactory().booleanNode(true),
                JSON.getNodeFactory().numberNode(1.5),
                JSON.getNodeFactory().numberNode(-1),
                JSON.getNodeFactory().numberNode(0),
                JSON.getNodeFactory().numberNode(Long.MAX_VALUE),
                JSON.getNodeFactory().numberNode(new java.math.BigInteger(TWO_256)),
                JSON.getNodeFactory().numberNode(new java.math.BigDecimal("1e400")),
                JSON.getNodeFactory().textNode(""),
                JSON.getNodeFactory().textNode("-1"),
                JSON.getNodeFactory().textNode("1.5"),
                JSON.getNodeFactory().textNode(TWO_256),
                JSON.getNodeFactory().textNode("x".repeat(5000)),
                JSON.getNodeFactory().textNode("0x" + "g".repeat(40)),
                JSON.createObjectNode(),
                JSON.createArrayNode());
    }

    private String withField(String field, JsonNode value) {
        ObjectNode body = valid.deepCopy();
        body.set(field, value);
        return body.toString();
    }

    private String randomBody() {
        ObjectNode body = valid.deepCopy();
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations && !names.isEmpty(); i++) {
            String field = names.get(random.nextInt(names.size()));
            List<JsonNode> values = boundaryValues();
            body.set(field, values.get(random.nextInt(values.size())));
        }
        return body.toString();
    }

    private RequestSpecification request(String contentType, boolean validHeaders) {
        RequestSpecification request = given().urlEncodingEnabled(true);
        if (!contentType.isEmpty()) {
            request = request.contentType(contentType);
        }
        if (validHeaders) {
            for (Map.Entry<String, Supplier<String>> header : headers.entrySet()) {
                request = request.header(header.getKey(), header.getValue().get());
            }
        }
        return request;
    }

    private void send(String body, String contentType, boolean validHeaders) {
        record(request(contentType, validHeaders).body(body).request(method, path), body);
    }

    private void sendWithHeader(String header, String value) {
        RequestSpecification request = request("application/json", false);
        for (Map.Entry<String, Supplier<String>> other : headers.entrySet()) {
            request = request.header(
                    other.getKey(),
                    other.getKey().equals(header) ? value : other.getValue().get());
        }
        record(request.body(valid == null ? "" : valid.toString()).request(method, path), header + ": " + value);
    }

    private void record(Response response, String what) {
        int status = response.statusCode();
        statuses.merge(status, 1, Integer::sum);
        String sent = what.length() > 120 ? what.substring(0, 120) + "..." : what;
        if (status >= 500) {
            failures.add(status + " for " + sent + " -> " + response.asString());
            return;
        }
        if (status >= 400) {
            String type = response.contentType();
            JsonNode problem = null;
            try {
                problem = JSON.readTree(response.asString());
            } catch (Exception e) {
                // not JSON: reported below
            }
            boolean named = problem != null
                    && problem.hasNonNull("code")
                    && problem.hasNonNull("detail")
                    && (problem.hasNonNull("field")
                            || problem.has("invalidParams")
                                    && problem.get("invalidParams").size() > 0);
            if (type == null || !type.startsWith("application/problem+json") || !named) {
                failures.add(status + " without a problem naming a field for " + sent + " -> " + type + " "
                        + response.asString());
            }
        }
    }
}
