package io.coverclaims.platform.auth;

import java.math.BigInteger;

/**
 * The EIP-712 domain every signed command is bound to: the product's name and version, the chain id and the pool
 * contract's address, so a signature made for one deployment (or chain) is worthless on another.
 */
public record SigningDomain(String name, String version, BigInteger chainId, String verifyingContract) {

    /** The catalogue's name and version on chain {@code chainId} with pool contract {@code verifyingContract}. */
    public static SigningDomain of(long chainId, String verifyingContract) {
        SigningCatalogue catalogue = SigningCatalogue.get();
        return new SigningDomain(
                catalogue.domainName(),
                catalogue.domainVersion(),
                BigInteger.valueOf(chainId),
                verifyingContract.toLowerCase(java.util.Locale.ROOT));
    }
}
