package io.coverclaims.platform.rest;

import jakarta.ws.rs.core.Response;

/** Thrown by resources to answer with a problem+json, e.g. an unknown id or an unacceptable parameter. */
public class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public static ProblemException notFound(String code, String detail, String field) {
        return new ProblemException(Problem.of(Response.Status.NOT_FOUND, code, detail, field));
    }

    public static ProblemException badRequest(String field, String reason) {
        return new ProblemException(Problem.invalid(java.util.List.of(new Problem.InvalidParam(field, reason))));
    }

    public Problem problem() {
        return problem;
    }
}
