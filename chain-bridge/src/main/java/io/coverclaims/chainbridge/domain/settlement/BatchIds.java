package io.coverclaims.chainbridge.domain.settlement;

import io.coverclaims.chainbridge.domain.merkle.ClaimLeaf;
import io.coverclaims.chainbridge.domain.merkle.MerkleTree;
import io.coverclaims.platform.ids.Ids;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Deterministic identifiers and the one way a sealed batch becomes a Merkle tree (keccak256 is web3j's {@link Hash}).
 *
 * <ul>
 *   <li>batch id = {@code keccak256(utf8("coverclaims/settlement-batch/v1/" + poolId + "/" + sequence))}, where
 *       the sequence is the number of batches the pool sealed before (recorded by SettlementBatchSealed): the
 *       same batch always has the same id, whoever seals it and however often the command is retried;</li>
 *   <li>claim id on chain = the reference id itself when it is already 32 bytes of 0x hex, otherwise
 *       {@code keccak256(utf8(referenceId))};</li>
 *   <li>leaf = {@link ClaimLeaf}(batchId, claimId32, recipient, amount), tree = {@link MerkleTree#ofClaims}.</li>
 * </ul>
 */
public final class BatchIds {

    /** The value of SettlementBatchSealed.leafEncoding. */
    public static final String LEAF_ENCODING =
            "oz-standard-merkle-tree:bytes32,bytes32,address,uint256;claimId=keccak256(utf8)-v1";

    private BatchIds() {}

    public static String batchId(String poolId, long sequence) {
        return Numeric.toHexString(Hash.sha3(
                ("coverclaims/settlement-batch/v1/" + poolId + "/" + sequence).getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] bytes32(String hex) {
        if (!Ids.isBytes32(hex)) {
            throw new IllegalArgumentException("not 32 bytes of 0x hex: " + hex);
        }
        return Numeric.hexStringToByteArray(hex);
    }

    public static byte[] claimId32(String referenceId) {
        if (Ids.isBytes32(referenceId)) {
            return Numeric.hexStringToByteArray(referenceId);
        }
        return Hash.sha3(referenceId.getBytes(StandardCharsets.UTF_8));
    }

    public static ClaimLeaf leaf(String batchId, SettlementLeaf leaf) {
        return new ClaimLeaf(
                bytes32(batchId),
                claimId32(leaf.referenceId()),
                leaf.recipient(),
                leaf.amount().value());
    }

    public static List<ClaimLeaf> leaves(String batchId, List<SettlementLeaf> leaves) {
        return leaves.stream().map(leaf -> leaf(batchId, leaf)).toList();
    }

    public static MerkleTree tree(String batchId, List<SettlementLeaf> leaves) {
        return MerkleTree.ofClaims(leaves(batchId, leaves));
    }
}
