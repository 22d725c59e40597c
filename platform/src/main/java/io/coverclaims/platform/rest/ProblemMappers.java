package io.coverclaims.platform.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every client error leaves as problem+json naming the field and the reason. */
public class ProblemMappers {

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
        String field = e instanceof MismatchedInputException mismatch
                ? mismatch.getPath().stream()
                        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining("."))
                : "body";
        String reason = e instanceof InvalidFormatException format
                ? "cannot read '" + format.getValue() + "' as "
                        + format.getTargetType().getSimpleName()
                : e.getOriginalMessage();
        return Problem.invalid(List.of(new Problem.InvalidParam(field.isEmpty() ? "body" : field, reason)))
                .toResponse();
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
