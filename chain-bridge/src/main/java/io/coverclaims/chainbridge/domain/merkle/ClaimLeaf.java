package io.coverclaims.chainbridge.domain.merkle;

import io.coverclaims.platform.ids.Ids;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * One claim of a settlement batch, as a leaf of the batch's Merkle tree and as
 * {@code ClaimsPool.redeem} takes it.
 *
 * <p>Leaf encoding, identical to {@code ClaimsPool.leafHash} and to OpenZeppelin's
 * {@code StandardMerkleTree} with types {@code ["bytes32", "bytes32", "address", "uint256"]}:
 * {@code keccak256(bytes.concat(keccak256(abi.encode(batchId, claimId, claimant, amount))))}. The batch
 * id is part of the leaf, so a proof only redeems in the batch it was issued for.
 *
 * @param batchId  32-byte settlement batch id
 * @param claimId  32-byte claim id
 * @param claimant 0x-prefixed 20-byte address the payout goes to
 * @param amount   payout in the asset's smallest unit, {@code 0 < amount < 2^256}
 */
public record ClaimLeaf(byte[] batchId, byte[] claimId, String claimant, BigInteger amount) {

    private static final BigInteger UINT256_LIMIT = BigInteger.ONE.shiftLeft(256);

    public ClaimLeaf {
        batchId = MerkleTree.check32(batchId, "batchId").clone();
        claimId = MerkleTree.check32(claimId, "claimId").clone();
        Objects.requireNonNull(claimant, "claimant");
        if (!Ids.isAddress(claimant)) {
            throw new IllegalArgumentException("claimant must be a 0x-prefixed 20-byte address: " + claimant);
        }
        claimant = Ids.canonical(claimant);
        Objects.requireNonNull(amount, "amount");
        if (amount.signum() <= 0 || amount.compareTo(UINT256_LIMIT) >= 0) {
            throw new IllegalArgumentException("amount must be in (0, 2^256): " + amount);
        }
    }

    /** @return {@code abi.encode(batchId, claimId, claimant, amount)}: four 32-byte words */
    public byte[] abiEncoded() {
        byte[] out = new byte[128];
        System.arraycopy(batchId, 0, out, 0, 32);
        System.arraycopy(claimId, 0, out, 32, 32);
        byte[] address = Numeric.hexStringToByteArray(claimant);
        System.arraycopy(address, 0, out, 64 + 12, 20);
        byte[] value = Numeric.toBytesPadded(amount, 32);
        System.arraycopy(value, 0, out, 96, 32);
        return out;
    }

    /** @return the double-hashed leaf, 32 bytes */
    public byte[] hash() {
        return Hash.sha3(Hash.sha3(abiEncoded()));
    }

    @Override
    public byte[] batchId() {
        return batchId.clone();
    }

    @Override
    public byte[] claimId() {
        return claimId.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClaimLeaf other
                && Arrays.equals(batchId, other.batchId)
                && Arrays.equals(claimId, other.claimId)
                && claimant.equals(other.claimant)
                && amount.equals(other.amount);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(batchId), Arrays.hashCode(claimId), claimant, amount);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "ClaimLeaf[batchId=0x" + hex.formatHex(batchId) + ", claimId=0x" + hex.formatHex(claimId) + ", claimant="
                + claimant + ", amount=" + amount + "]";
    }
}
