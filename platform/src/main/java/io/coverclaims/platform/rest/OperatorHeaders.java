package io.coverclaims.platform.rest;

import io.coverclaims.platform.ids.Ids;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * What an operator's write takes besides its body ({@code @BeanParam}): the Idempotency-Key, the Prefer header and the
 * request's URI. One class for every service's operator endpoints.
 */
public class OperatorHeaders {
    @Parameter(description = "the command's id: a retry with the same key is the same command")
    @HeaderParam("Idempotency-Key")
    @Pattern(regexp = Ids.KEY, message = Ids.KEY_MESSAGE)
    public String idempotencyKey;

    @Parameter(description = "wait=N: wait at most N seconds for the outcome (wait=0: 202 at once)")
    @HeaderParam("Prefer")
    public String prefer;

    @Context
    public UriInfo uri;
}
