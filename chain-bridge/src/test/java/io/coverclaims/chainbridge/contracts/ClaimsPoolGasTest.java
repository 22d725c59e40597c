package io.coverclaims.chainbridge.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gas of settling 1,024 claims: one anchored Merkle batch against one transaction per claim, on a real anvil
 * ({@link GasComparison}). Asserts only relations that hold by construction; the figures themselves are printed
 * (and written to target/gas-report.txt) by {@link ClaimsPoolGasBenchmark}.
 */
class ClaimsPoolGasTest {

    private static LocalChain chain;

    @BeforeAll
    static void startChain() throws Exception {
        chain = LocalChain.start();
    }

    @AfterAll
    static void stopChain() {
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void anchoring_one_batch_of_1024_claims_costs_less_than_a_hundredth_of_one_transaction_per_claim()
            throws Exception {
        GasComparison.Figures gas = GasComparison.run(chain);

        // relations that hold by construction, not timing
        assertThat(gas.batchAnchorGas()).isLessThan(gas.singleAnchorGasMax() * 2);
        assertThat(gas.batchPerClaim() * 100).isLessThan(gas.singlePerClaim());
        assertThat(gas.batchPerClaim() * 100).isLessThan(gas.transferPerClaim());
        assertThat(gas.redeemGas().get(1)).isLessThan(gas.redeemGas().get(0)); // redeemedAmount slot already non-zero
        assertThat(gas.redeemGas()).allSatisfy(g -> assertThat(g).isLessThan(150_000L));
    }
}
