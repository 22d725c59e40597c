package io.coverclaims.policy.api;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

/**
 * What a wallet-signed write takes besides its body and its signature ({@code SignatureHeaders}): the request's
 * {@code Prefer} header and URI. No Idempotency-Key: the signed message's nonce keys the command (a retry of the same
 * signed request is the same command, refused as a replay), so a client's Idempotency-Key header is ignored.
 */
public class SignedCommandHeaders {
    /** {@code wait=N} asks to wait at most N seconds for the outcome, {@code wait=0} for an immediate 202. */
    @HeaderParam("Prefer")
    String prefer;

    @Context
    UriInfo uri;
}
