package io.coverclaims.chainbridge.domain.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.web3j.crypto.Hash;

/**
 * A Merkle tree with OpenZeppelin {@code StandardMerkleTree} semantics, so that its roots and proofs
 * are the ones {@code @openzeppelin/merkle-tree} computes and {@code MerkleProof.verify[Calldata]}
 * accepts:
 * <ul>
 *   <li>leaves are given already hashed (for claims: {@link ClaimLeaf#hash()}, the double-hashed
 *       {@code keccak256(bytes.concat(keccak256(abi.encode(...))))});</li>
 *   <li>leaves are sorted by hash (unsigned byte order) before the tree is built;</li>
 *   <li>the tree is a complete binary tree stored in an array of {@code 2n - 1} nodes, leaves at the
 *       end in reverse sorted order, node {@code i} = {@code hashPair(node 2i+1, node 2i+2)};</li>
 *   <li>{@code hashPair(a, b) = keccak256(min(a, b) ++ max(a, b))} (commutative).</li>
 * </ul>
 * A tree of one leaf has that leaf as root and an empty proof. Duplicate leaves are refused (a claim
 * appears once in a batch). Instances are immutable; byte arrays handed out are copies.
 */
public final class MerkleTree {

    private static final HexFormat HEX = HexFormat.of();

    private final byte[][] nodes;
    private final Map<String, Integer> nodeIndexByLeafHex;
    private final int leafCount;

    private MerkleTree(byte[][] nodes, Map<String, Integer> nodeIndexByLeafHex, int leafCount) {
        this.nodes = nodes;
        this.nodeIndexByLeafHex = nodeIndexByLeafHex;
        this.leafCount = leafCount;
    }

    /**
     * Builds the tree over already hashed leaves, in any order.
     *
     * @param leafHashes 32-byte leaf hashes; at least one, no duplicates
     * @return the tree
     * @throws IllegalArgumentException if empty, a hash is not 32 bytes, or a leaf repeats
     */
    public static MerkleTree ofLeafHashes(List<byte[]> leafHashes) {
        Objects.requireNonNull(leafHashes, "leafHashes");
        int n = leafHashes.size();
        if (n == 0) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        List<byte[]> sorted = new ArrayList<>(n);
        for (byte[] leaf : leafHashes) {
            sorted.add(check32(leaf, "leaf hash").clone());
        }
        sorted.sort(Arrays::compareUnsigned);

        byte[][] nodes = new byte[2 * n - 1][];
        Map<String, Integer> index = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            int nodeIndex = nodes.length - 1 - i;
            byte[] leaf = sorted.get(i);
            nodes[nodeIndex] = leaf;
            if (index.put(HEX.formatHex(leaf), nodeIndex) != null) {
                throw new IllegalArgumentException("duplicate leaf 0x" + HEX.formatHex(leaf));
            }
        }
        for (int i = nodes.length - 1 - n; i >= 0; i--) {
            nodes[i] = hashPair(nodes[2 * i + 1], nodes[2 * i + 2]);
        }
        return new MerkleTree(nodes, index, n);
    }

    /**
     * Builds the tree over claim leaves.
     *
     * @param leaves the claims; at least one, no duplicates
     * @return the tree
     */
    public static MerkleTree ofClaims(List<ClaimLeaf> leaves) {
        Objects.requireNonNull(leaves, "leaves");
        return ofLeafHashes(leaves.stream().map(ClaimLeaf::hash).toList());
    }

    /** @return the 32-byte root */
    public byte[] root() {
        return nodes[0].clone();
    }

    /** @return the root as 0x-prefixed hex */
    public String rootHex() {
        return "0x" + HEX.formatHex(nodes[0]);
    }

    /** @return the number of leaves */
    public int size() {
        return leafCount;
    }

    /** @return whether the tree holds this leaf hash */
    public boolean contains(byte[] leafHash) {
        return nodeIndexByLeafHex.containsKey(HEX.formatHex(check32(leafHash, "leaf hash")));
    }

    /**
     * The proof of a leaf: sibling hashes from the leaf up to (not including) the root, as
     * {@code MerkleProof.verify} takes them.
     *
     * @param leafHash a leaf hash of this tree
     * @return the proof (empty for a one-leaf tree)
     * @throws IllegalArgumentException if the leaf is not in the tree
     */
    public List<byte[]> proof(byte[] leafHash) {
        Integer nodeIndex = nodeIndexByLeafHex.get(HEX.formatHex(check32(leafHash, "leaf hash")));
        if (nodeIndex == null) {
            throw new IllegalArgumentException("leaf 0x" + HEX.formatHex(leafHash) + " is not in the tree");
        }
        List<byte[]> proof = new ArrayList<>();
        int i = nodeIndex;
        while (i > 0) {
            int sibling = (i % 2 == 0) ? i - 1 : i + 1;
            proof.add(nodes[sibling].clone());
            i = (i - 1) / 2;
        }
        return Collections.unmodifiableList(proof);
    }

    /** @return the proof of a claim leaf, see {@link #proof(byte[])} */
    public List<byte[]> proof(ClaimLeaf leaf) {
        return proof(leaf.hash());
    }

    /**
     * Verifies a proof the way {@code MerkleProof.verify} does.
     *
     * @param root expected root
     * @param leafHash the leaf
     * @param proof sibling hashes, leaf to root
     * @return whether folding the proof over the leaf gives the root
     */
    public static boolean verify(byte[] root, byte[] leafHash, List<byte[]> proof) {
        byte[] computed = check32(leafHash, "leaf hash");
        for (byte[] sibling : proof) {
            computed = hashPair(computed, check32(sibling, "proof element"));
        }
        return Arrays.equals(computed, check32(root, "root"));
    }

    /**
     * OpenZeppelin's commutative pair hash: {@code keccak256} of the two 32-byte values concatenated
     * in ascending (unsigned) order.
     */
    public static byte[] hashPair(byte[] a, byte[] b) {
        byte[] buffer = new byte[64];
        boolean aFirst = Arrays.compareUnsigned(a, b) <= 0;
        System.arraycopy(aFirst ? a : b, 0, buffer, 0, 32);
        System.arraycopy(aFirst ? b : a, 0, buffer, 32, 32);
        return Hash.sha3(buffer);
    }

    static byte[] check32(byte[] value, String what) {
        Objects.requireNonNull(value, what);
        if (value.length != 32) {
            throw new IllegalArgumentException(what + " must be 32 bytes, was " + value.length);
        }
        return value;
    }
}
