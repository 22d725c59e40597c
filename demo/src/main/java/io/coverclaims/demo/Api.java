package io.coverclaims.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.coverclaims.platform.auth.CommandSigner;
import io.coverclaims.platform.auth.OperatorKeys;
import io.coverclaims.platform.auth.SigningDomain;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.crypto.Credentials;

/**
 * The services' public REST APIs, called as a user would: JSON over HTTP, an operator's bearer token (signed with the
 * demo's local operator key pair) for administration, and the wallet's EIP-712 signature for what a wallet does.
 */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String OPERATOR = "demo-operator";

    /** An answer: status and body (JSON, or null when the body is not JSON), and the raw text. */
    record Answer(int status, JsonNode body, String text, HttpResponse<String> response) {
        boolean ok() {
            return status / 100 == 2;
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        /** "422 INSUFFICIENT_STAKE: detail" for a problem, else the status and body. */
        String describe() {
            if (body != null && body.hasNonNull("code")) {
                return status + " " + body.path("code").asText() + ": "
                        + body.path("detail").asText();
            }
            return status + " " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
        }
    }

    private final DemoContext demo;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .build();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final SigningDomain domain;

    Api(DemoContext demo) {
        this.demo = demo;
        this.domain = SigningDomain.of(Chain.CHAIN_ID, demo.chain().pool);
    }

    URI base(String service) {
        return demo.services().get(service).base;
    }

    Answer get(String service, String path) {
        return send(service, HttpRequest.newBuilder(base(service).resolve(path)).GET(), path);
    }

    /** An operator's write: the bearer token with {@code role}, JSON body, an Idempotency-Key (retry-safe). */
    Answer asOperator(String role, String service, String method, String path, Object body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base(service).resolve(path))
                .header("Authorization", "Bearer " + token(role))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json(body)));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(service, request, path);
    }

    /** A write anyone may make (a quote). */
    Answer post(String service, String path, Object body) {
        return send(
                service,
                HttpRequest.newBuilder(base(service).resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json(body))),
                path);
    }

    /**
     * A wallet's write: {@code command}'s typed message of {@code fields} signed by {@code wallet} (EIP-712, domain
     * CoverClaims / 1 / chain 31337 / the pool contract; fresh nonce, 10 minutes), in the X-Signature headers.
     */
    Answer signed(String service, String path, Object body, String command, Map<String, ?> fields, Credentials wallet) {
        CommandSigner.SignedMessage signature = CommandSigner.sign(domain, command, fields, wallet.getEcKeyPair());
        HttpRequest.Builder request = HttpRequest.newBuilder(base(service).resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body)));
        signature.headers().forEach(request::header);
        return send(service, request, path);
    }

    private String token(String role) {
        return tokens.computeIfAbsent(
                role, r -> OperatorKeys.token(demo.operatorKeys(), List.of(r), Duration.ofHours(12), OPERATOR));
    }

    private Answer send(String service, HttpRequest.Builder request, String path) {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                HttpResponse<String> response = http.send(
                        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode body;
                try {
                    body = response.body().isBlank() ? NullNode.getInstance() : JSON.readTree(response.body());
                } catch (IOException notJson) {
                    body = null;
                }
                return new Answer(response.statusCode(), body, response.body(), response);
            } catch (IOException e) {
                last = e;
                demo.processes().checkAlive();
                Broker.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DemoFailure("interrupted");
            }
        }
        throw new DemoFailure(service + " did not answer " + path + ": " + last, service, last);
    }

    static String json(Object body) {
        try {
            return body instanceof String text ? text : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
