package io.coverclaims.platform.auth;

import jakarta.ws.rs.HeaderParam;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * What a wallet-signed request carries besides its body: the EIP-712 signature of the command's typed message, and
 * the message's nonce and expiry (see docs/signing.md). Checked by {@link SignedRequests}.
 */
public class SignatureHeaders {
    public static final String SIGNATURE = "X-Signature";
    public static final String NONCE = "X-Signature-Nonce";
    public static final String EXPIRY = "X-Signature-Expiry";

    @Parameter(
            in = ParameterIn.HEADER,
            name = SIGNATURE,
            description = "EIP-712 signature (0x + 65 bytes: r, s, v) of the command's typed message by the acting "
                    + "address (eth_signTypedData_v4; ./claims sign)")
    @HeaderParam(SIGNATURE)
    public String signature;

    @Parameter(
            in = ParameterIn.HEADER,
            name = NONCE,
            description = "the message's nonce: a decimal uint256 the signer has not used before within its expiry "
                    + "window; it also keys the command (a replay is refused)")
    @HeaderParam(NONCE)
    public String nonce;

    @Parameter(
            in = ParameterIn.HEADER,
            name = EXPIRY,
            description = "the message's expiry: unix seconds, in the future and at most the configured window "
                    + "(coverclaims.signing.max-validity, 1 h by default) ahead")
    @HeaderParam(EXPIRY)
    public String expiry;

    public SignatureHeaders() {}

    public SignatureHeaders(String signature, String nonce, String expiry) {
        this.signature = signature;
        this.nonce = nonce;
        this.expiry = expiry;
    }
}
