package io.coverclaims.platform.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every client error leaves as problem+json naming the field and the reason. */
public class ProblemMappers {

    private static final String AUTHORIZATION = "Authorization";

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e) {
        List<Problem.InvalidParam> params = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(v -> new Problem.InvalidParam(fieldName(v), v.getMessage()))
                .collect(Collectors.toList());
        return Problem.invalid(params).toResponse();
    }

    /** Registered for the exact types Quarkus maps itself, so ours (a user mapper) wins. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        String field = e instanceof MismatchedInputException mismatch ? jsonPath(mismatch) : currentField(e);
        String reason = e instanceof InvalidFormatException format
                ? "cannot read '" + format.getValue() + "' as "
                        + format.getTargetType().getSimpleName()
                : e.getOriginalMessage();
        return Problem.invalid(List.of(new Problem.InvalidParam(field.isEmpty() ? "body" : field, reason)))
                .toResponse();
    }

    /**
     * Errors the framework raises before a resource runs: an unknown route (404, field {@code path}), a method the
     * route does not take (405, {@code method}), a body in a type it does not read (415, {@code Content-Type}), a
     * representation it cannot produce (406, {@code Accept}), and any other 4xx (field {@code body}).
     */
    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return e.getResponse();
        }
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            // e.g. a JSON number too large for a long: Quarkus wraps the parser's error, which names the field
            return unreadable(unreadable);
        }
        String code;
        String field;
        String detail;
        switch (e) {
            case NotFoundException notFound -> {
                code = "ROUTE_NOT_FOUND";
                field = "path";
                detail = "no such resource";
            }
            case NotAllowedException notAllowed -> {
                code = "METHOD_NOT_ALLOWED";
                field = "method";
                detail =
                        "allowed: " + String.join(", ", notAllowed.getResponse().getAllowedMethods());
            }
            case NotSupportedException unsupported -> {
                code = "UNSUPPORTED_MEDIA_TYPE";
                field = "Content-Type";
                detail = "send the body as application/json";
            }
            case NotAcceptableException notAcceptable -> {
                code = "NOT_ACCEPTABLE";
                field = "Accept";
                detail = "this resource answers application/json (errors application/problem+json)";
            }
            default -> {
                code = "INVALID_REQUEST";
                field = "body";
                detail = e.getMessage() == null ? "the request cannot be read" : e.getMessage();
            }
        }
        Response.ResponseBuilder response = Response.fromResponse(
                        Problem.of(status, code, detail, field).toResponse())
                .type(Problem.MEDIA_TYPE);
        if (e instanceof NotAllowedException) {
            response.allow(e.getResponse().getAllowedMethods());
        }
        return response.build();
    }

    /** No bearer token on an operator endpoint. */
    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return Problem.of(
                        Response.Status.UNAUTHORIZED,
                        "TOKEN_REQUIRED",
                        "an operator's bearer token is required (Authorization: Bearer <JWT>; ./claims token --role <role>)",
                        AUTHORIZATION)
                .toResponse();
    }

    /** A bearer token that is not one: bad signature, another issuer, expired, unreadable. */
    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return Problem.of(
                        Response.Status.UNAUTHORIZED,
                        "TOKEN_INVALID",
                        "the bearer token is not valid (signed by the configured issuer's key, unexpired, a JWT)",
                        AUTHORIZATION)
                .toResponse();
    }

    /** A valid token without the role the endpoint needs. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ResourceInfo resource) {
        String needed = neededRoles(resource);
        return Problem.of(
                        Response.Status.FORBIDDEN,
                        "ROLE_REQUIRED",
                        needed.isEmpty()
                                ? "the token lacks the role this operation needs"
                                : "this operation needs a token with the role " + needed,
                        AUTHORIZATION)
                .toResponse();
    }

    private static String neededRoles(ResourceInfo resource) {
        if (resource == null || resource.getResourceMethod() == null) {
            return "";
        }
        RolesAllowed allowed = resource.getResourceMethod().getAnnotation(RolesAllowed.class);
        if (allowed == null && resource.getResourceClass() != null) {
            allowed = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        return allowed == null ? "" : String.join(" or ", allowed.value());
    }

    /** The field being read when the JSON stopped making sense (a number out of range, a broken token), else body. */
    private static String currentField(JsonProcessingException e) {
        try {
            if (e.getProcessor() instanceof JsonParser parser && parser.currentName() != null) {
                return parser.currentName();
            }
        } catch (IOException | RuntimeException ignored) {
            // the parser is past repair: the body as a whole is what we can name
        }
        return "body";
    }

    /**
     * Where in the body the unreadable value is, named as Bean Validation names it ({@code changes[0].value}), so one
     * field has one name whichever check refused it.
     */
    static String jsonPath(MismatchedInputException mismatch) {
        StringBuilder path = new StringBuilder();
        for (var ref : mismatch.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** "buy.request.coverAmount" -> "coverAmount": clients know their fields, not our method names. */
    private static String fieldName(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        return parts.length <= 2
                ? parts[parts.length - 1]
                : String.join(".", List.of(parts).subList(2, parts.length));
    }
}
