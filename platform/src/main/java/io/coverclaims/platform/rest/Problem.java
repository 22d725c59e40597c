package io.coverclaims.platform.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem detail. {@code code} is the machine-readable reason; {@code invalidParams} names
 * each offending field and why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String code,
        String field,
        List<InvalidParam> invalidParams) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record InvalidParam(String name, String reason) {}

    public static final int UNPROCESSABLE_CONTENT = 422;

    public static Problem of(Response.Status status, String code, String detail, String field) {
        return of(status.getStatusCode(), code, detail, field);
    }

    public static Problem of(int status, String code, String detail, String field) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null
                ? known.getReasonPhrase()
                : status == UNPROCESSABLE_CONTENT ? "Unprocessable Content" : "Error";
        return new Problem(
                "urn:coverclaims:problem:" + code.toLowerCase().replace('_', '-'),
                title,
                status,
                detail,
                code,
                field,
                field == null ? null : List.of(new InvalidParam(field, detail)));
    }

    public static Problem invalid(List<InvalidParam> invalidParams) {
        String detail = invalidParams.stream()
                .map(p -> p.name() + ": " + p.reason())
                .reduce((a, b) -> a + "; " + b)
                .orElse("invalid request");
        return new Problem(
                "urn:coverclaims:problem:invalid-request",
                "Bad Request",
                400,
                detail,
                "INVALID_REQUEST",
                invalidParams.size() == 1 ? invalidParams.getFirst().name() : null,
                List.copyOf(invalidParams));
    }

    public Response toResponse() {
        Response.ResponseBuilder response =
                Response.status(status).type(MEDIA_TYPE).entity(this);
        if (status == 401) {
            // RFC 9110: a 401 names the scheme that would be accepted
            response.header(
                    "WWW-Authenticate",
                    "Authorization".equals(field)
                            ? "Bearer realm=\"coverclaims-operator\""
                            : "EIP712 realm=\"coverclaims\", header=\"X-Signature\"");
        }
        return response.build();
    }
}
