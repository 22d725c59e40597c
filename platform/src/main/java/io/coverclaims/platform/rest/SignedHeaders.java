package io.coverclaims.platform.rest;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * What a wallet-signed write takes besides its body and its signature headers: no Idempotency-Key (the signed nonce
 * keys the command: the same signed request again is refused 401 NONCE_ALREADY_USED), the Prefer header and the URI.
 */
public class SignedHeaders {
    @Parameter(description = "wait=N: wait at most N seconds for the outcome (wait=0: 202 at once)")
    @HeaderParam("Prefer")
    public String prefer;

    @Context
    public UriInfo uri;
}
