package io.coverclaims.chainbridge.domain.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.web3j.utils.Numeric;

/**
 * MerkleTree against vectors computed with OpenZeppelin's {@code @openzeppelin/merkle-tree} 1.0.8
 * ({@code StandardMerkleTree.of(values, ["bytes32","bytes32","address","uint256"])}) for the values of
 * {@link #values(int)}: batch id 0xb47c4, claim id i+1, claimant 0x1000+i, amount (i+1)*1e6.
 */
class MerkleTreeTest {

    static List<ClaimLeaf> values(int n) {
        byte[] batch = Numeric.toBytesPadded(BigInteger.valueOf(0xb47c4), 32);
        List<ClaimLeaf> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String claimant = "0x" + String.format("%040x", 0x1000 + i);
            out.add(new ClaimLeaf(
                    batch,
                    Numeric.toBytesPadded(BigInteger.valueOf(i + 1), 32),
                    claimant,
                    BigInteger.valueOf(1_000_000L * (i + 1))));
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({
        "1, 0xf39485378ee10acf3d1c742567e346d0daaa90d9e401c3b9cd0c3699fb84c28f",
        "2, 0x8935adaaa6a09a4628a41cb6982f26e34f7354e35e3dba45995a2089dad64f22",
        "3, 0x21c8fbf0f9b3b4f9922ee8c838ee3c399f72a82e1a63f23e32ff66c45fc04dbe",
        "5, 0x3ad93ecd9d98bd9539ac1993895cc0807e884df7e9609118bb49064d94de6edd",
        "7, 0x785c6532e4e966b282e25834a5fa1f911780112aad6ceb32804f54699452e934",
        "1024, 0x7af0650f7b7af2ef5fe3257356cf78a30420dbb31e9ac5479ef64e2876904a01",
    })
    void roots_match_openzeppelin_standard_merkle_tree(int n, String expectedRoot) {
        MerkleTree tree = MerkleTree.ofClaims(values(n));
        assertThat(tree.rootHex()).isEqualTo(expectedRoot);
        assertThat(tree.size()).isEqualTo(n);
    }

    @Test
    void the_leaf_hash_matches_openzeppelin() {
        assertThat(Numeric.toHexString(values(1).get(0).hash()))
                .isEqualTo("0xf39485378ee10acf3d1c742567e346d0daaa90d9e401c3b9cd0c3699fb84c28f");
    }

    @Test
    void proofs_match_openzeppelin() {
        List<ClaimLeaf> seven = values(7);
        assertThat(hex(MerkleTree.ofClaims(seven).proof(seven.get(6))))
                .containsExactly(
                        "0x7ba36e9e8c79deddb94964a5a691c5dd4667035c613e4fd639d69f57fa67364f",
                        "0xf90597cd9233d245202140b7428ee271581c7d76f745bfe21c9ac98ca61b42aa",
                        "0x4adf27ef7f1d9714d0a26246296c0cdad62c28962ed0704efbdce93797fc4107");
        List<ClaimLeaf> many = values(1024);
        assertThat(hex(MerkleTree.ofClaims(many).proof(many.get(1023))))
                .containsExactly(
                        "0x123a6559fb21e3b43ab3029fc2ee2f62ce0e986a02755da6e9bda45e6a4554fa",
                        "0xba07a808e15140d1e25681b80e071892d1e9cbe89e38476f8bd07561256b9dac",
                        "0xc645986d2640fc81eee9915e34640d51df8585752465565f14667916de8233c2",
                        "0xd2550f731f9005bd8c1a24c85eca60ed2bb1b14b6323a21a137435425ec555d2",
                        "0x2d58c00f2e2d546adadcfc5cc5124169761d6ae908038769b91346c740c72ff5",
                        "0x045447b36fb9e6f7de088f0aeae8e3ddab3fca0992e194bcdbb61004f87ba3f4",
                        "0xed7d3cd2b2a1653c16b3c0df44abf60e6e6e62ceb02f5f77147e25766a80cf67",
                        "0xc8b2d8faaf30e63f798d62dcb27f3e1d111bba26354dc92a82751d083a5cbf3e",
                        "0x33d27e1f73950d3cc502f1529e9d2e8152d0e7b4d506e60d104c1e107e286a19",
                        "0x47a5ac31ad952538b36a56984d674eeb0cc96788a8711082bffa31504deab780");
        assertThat(MerkleTree.ofClaims(values(1)).proof(values(1).get(0))).isEmpty();
    }

    @Test
    void every_leaf_of_every_size_up_to_70_verifies() {
        for (int n = 1; n <= 70; n++) {
            List<ClaimLeaf> leaves = values(n);
            MerkleTree tree = MerkleTree.ofClaims(leaves);
            int depth = 32 - Integer.numberOfLeadingZeros(n - 1); // ceil(log2 n)
            for (ClaimLeaf leaf : leaves) {
                List<byte[]> proof = tree.proof(leaf);
                assertThat(MerkleTree.verify(tree.root(), leaf.hash(), proof))
                        .as("n=%d %s", n, leaf)
                        .isTrue();
                assertThat(proof.size()).isBetween(Math.max(0, depth - 1), depth);
            }
        }
    }

    @Test
    void all_proofs_of_1024_leaves_verify_and_have_depth_10() {
        List<ClaimLeaf> leaves = values(1024);
        MerkleTree tree = MerkleTree.ofClaims(leaves);
        for (ClaimLeaf leaf : leaves) {
            List<byte[]> proof = tree.proof(leaf);
            assertThat(proof).hasSize(10);
            assertThat(MerkleTree.verify(tree.root(), leaf.hash(), proof)).isTrue();
        }
    }

    @Test
    void the_input_order_does_not_matter() {
        List<ClaimLeaf> leaves = new ArrayList<>(values(33));
        String root = MerkleTree.ofClaims(leaves).rootHex();
        Collections.shuffle(leaves, new Random(7));
        assertThat(MerkleTree.ofClaims(leaves).rootHex()).isEqualTo(root);
    }

    @Test
    void forged_leaves_and_proofs_do_not_verify() {
        List<ClaimLeaf> leaves = values(16);
        MerkleTree tree = MerkleTree.ofClaims(leaves);
        ClaimLeaf leaf = leaves.get(5);
        List<byte[]> proof = tree.proof(leaf);

        ClaimLeaf inflated = new ClaimLeaf(
                leaf.batchId(), leaf.claimId(), leaf.claimant(), leaf.amount().add(BigInteger.ONE));
        assertThat(MerkleTree.verify(tree.root(), inflated.hash(), proof)).isFalse();
        ClaimLeaf otherBatch = new ClaimLeaf(new byte[32], leaf.claimId(), leaf.claimant(), leaf.amount());
        assertThat(MerkleTree.verify(tree.root(), otherBatch.hash(), proof)).isFalse();

        List<byte[]> tampered = new ArrayList<>(proof);
        byte[] flipped = tampered.get(2).clone();
        flipped[0] ^= (byte) 0x80;
        tampered.set(2, flipped);
        assertThat(MerkleTree.verify(tree.root(), leaf.hash(), tampered)).isFalse();
        assertThat(MerkleTree.verify(tree.root(), leaf.hash(), proof.subList(0, 3)))
                .isFalse();
        // an inner node is not a leaf: its (shorter) proof must not be accepted as a leaf proof
        assertThat(tree.contains(proof.get(0))).isTrue();
        assertThat(tree.contains(MerkleTree.hashPair(leaf.hash(), proof.get(0))))
                .isFalse();
        assertThatThrownBy(() -> tree.proof(inflated)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_pair_hash_is_commutative() {
        byte[] a = values(2).get(0).hash();
        byte[] b = values(2).get(1).hash();
        assertThat(MerkleTree.hashPair(a, b)).isEqualTo(MerkleTree.hashPair(b, a));
    }

    @Test
    void empty_duplicate_and_malformed_input_is_refused() {
        assertThatThrownBy(() -> MerkleTree.ofLeafHashes(List.of())).isInstanceOf(IllegalArgumentException.class);
        ClaimLeaf leaf = values(1).get(0);
        assertThatThrownBy(() -> MerkleTree.ofClaims(List.of(leaf, leaf)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate");
        assertThatThrownBy(() -> MerkleTree.ofLeafHashes(List.of(new byte[31])))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] id = new byte[32];
        assertThatThrownBy(() -> new ClaimLeaf(id, id, "0x1234", BigInteger.ONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClaimLeaf(id, id, "0x" + "11".repeat(20), BigInteger.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClaimLeaf(id, id, "0x" + "11".repeat(20), BigInteger.ONE.shiftLeft(256)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_claimant_case_does_not_change_the_leaf() {
        byte[] id = new byte[32];
        String lower = "0x" + "ab".repeat(20);
        assertThat(new ClaimLeaf(id, id, lower, BigInteger.TEN).hash())
                .isEqualTo(new ClaimLeaf(id, id, lower.toUpperCase().replace("0X", "0x"), BigInteger.TEN).hash());
    }

    private static List<String> hex(List<byte[]> proof) {
        return proof.stream().map(Numeric::toHexString).toList();
    }
}
