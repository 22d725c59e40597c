package io.coverclaims.platform.auth;

import java.util.List;
import java.util.Optional;

/**
 * One command a wallet signs: its EIP-712 primary type (the command's name), the fields of its typed message in
 * order (ending with {@code nonce} and {@code expiry}), and the address field the recovered signer must equal.
 *
 * @param signerField the message's address field that names who acts (the signer must be that address); empty when
 *                    the signer is the actor and the aggregate decides whether that address may act
 */
public record SignedCommandType(String name, Optional<String> signerField, List<Field> fields) {

    /** A member of the typed message: its name and its Solidity type ({@code string}, {@code address}, ...). */
    public record Field(String name, String type) {}

    public SignedCommandType {
        fields = List.copyOf(fields);
        int n = fields.size();
        if (n < 2
                || !fields.get(n - 2).equals(new Field("nonce", "uint256"))
                || !fields.get(n - 1).equals(new Field("expiry", "uint256"))) {
            throw new IllegalArgumentException(
                    name + ": a signed command's message ends with nonce and expiry (uint256)");
        }
        if (signerField.isPresent() && !fields.contains(new Field(signerField.get(), "address"))) {
            throw new IllegalArgumentException(
                    name + ": signer field " + signerField.get() + " is not an address field");
        }
    }
}
