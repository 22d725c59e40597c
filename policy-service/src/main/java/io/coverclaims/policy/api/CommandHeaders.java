package io.coverclaims.policy.api;

import io.coverclaims.platform.ids.Ids;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

/** What every write takes besides its body: the headers that shape the command, and the request's URI. */
public class CommandHeaders {
    /** The command's id: a retry with the same key is the same command. */
    @HeaderParam("Idempotency-Key")
    @Pattern(regexp = Ids.KEY, message = Ids.KEY_MESSAGE)
    String idempotencyKey;

    /** {@code wait=N} asks to wait at most N seconds for the outcome, {@code wait=0} for an immediate 202. */
    @HeaderParam("Prefer")
    String prefer;

    @Context
    UriInfo uri;
}
