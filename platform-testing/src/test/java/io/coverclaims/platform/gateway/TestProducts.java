package io.coverclaims.platform.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;

/** Requests to the kernel's test product API ({@link ProductTestApi}) as the gateway tests make them. */
final class TestProducts {

    /** A valid definition of a test product. */
    static final Map<String, Object> GOOD =
            Map.of("name", "Morpho exploit", "floorRateBps", 200, "ceilingRateBps", 1200);

    private TestProducts() {}

    /**
     * Defines test product {@code productId} with {@code body}, as {@code caller} (X-Actor) under Idempotency-Key
     * {@code key}; a {@code null} caller or key sends no such header.
     */
    static Response define(String productId, String caller, String key, Map<String, Object> body) {
        var request = given().contentType(ContentType.JSON);
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        if (caller != null) {
            request = request.header("X-Actor", caller);
        }
        return request.body(body).post("/test-products/" + productId);
    }

    /** Test product {@code productId} reads back as the {@link #GOOD} definition, defined once (version 1). */
    static void assertDefinedOnceAsGood(String productId) {
        given().get("/test-products/" + productId)
                .then()
                .statusCode(200)
                .body("name", equalTo("Morpho exploit"))
                .body("version", equalTo(1));
    }
}
