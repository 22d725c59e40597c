package io.coverclaims.chainbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.chainbridge.chain.ChainConfig;
import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.ServiceConformance;
import io.coverclaims.schemas.chain.SettlementBatchAnchored;
import io.coverclaims.schemas.chain.SettlementEnqueued;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A benchmark (prints, does not assert figures; run by {@code ./claims bench}, not by the test suite): gas per settled
 * claim when the service anchors 1,024 claims as one batch, against one anchoring transaction per claim, and the
 * service-level time from settled claims to a confirmed anchor. Written to target/service-gas-report.txt as well.
 */
@Tag("benchmark")
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(ChainTestResource.class)
class ServiceGasBenchmark extends ChainServiceTest {

    private static final int CLAIMS = 1024;

    @Inject
    TestAnchoringFaults faults;

    @Inject
    ChainConfig config;

    private static String recipient(int i) {
        return String.format("0x%040x", 0x1_0000L + i);
    }

    @Test
    void gas_per_settled_claim_and_time_to_a_confirmed_anchor() throws Exception {
        ServiceConformance.awaitReady();

        // one claim alone: what one anchoring transaction per claim costs, measured through the service
        String singlePool = "pool-gas-single-" + UUID.randomUUID();
        long singleStart = System.nanoTime();
        kit.settle(singlePool, "claim-" + UUID.randomUUID(), recipient(0), 1_000_000L);
        kit.flush();
        SettlementBatchAnchored single = kit.await(
                        "chain.events",
                        SettlementBatchAnchored.class,
                        e -> e.getPoolId().equals(singlePool),
                        1)
                .get(0);
        long singleMillis = (System.nanoTime() - singleStart) / 1_000_000;

        // 1,024 claims: held back until all are queued, so that they make one batch (size trigger)
        String pool = "pool-gas-1024-" + UUID.randomUUID();
        faults.pause();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < CLAIMS; i++) {
                kit.settle(pool, "claim-" + UUID.randomUUID(), recipient(i), 1_000_000L * (i + 1));
            }
            kit.flush();
            kit.await(
                    "chain.events", SettlementEnqueued.class, e -> e.getPoolId().equals(pool), CLAIMS);
        } finally {
            faults.resume();
        }
        long queuedMillis = (System.nanoTime() - start) / 1_000_000;
        long resumed = System.nanoTime();
        List<SettlementBatchAnchored> anchored = kit.await(
                "chain.events",
                SettlementBatchAnchored.class,
                e -> e.getPoolId().equals(pool),
                found -> found.stream()
                                .mapToInt(SettlementBatchAnchored::getLeafCount)
                                .sum()
                        >= CLAIMS);
        long anchorMillis = (System.nanoTime() - resumed) / 1_000_000;
        long totalMillis = (System.nanoTime() - start) / 1_000_000;

        long gas =
                anchored.stream().mapToLong(SettlementBatchAnchored::getGasUsed).sum();
        int leaves = anchored.stream()
                .mapToInt(SettlementBatchAnchored::getLeafCount)
                .sum();
        assertThat(leaves).isEqualTo(CLAIMS);
        String report = String.format(
                """
                chain-bridge service-level measurement (anvil, hardfork prague, %d confirmations, block every %d ms)
                  1 claim  -> 1 batch : anchorBatch gas %,d (= one transaction per claim: %,d gas for %d claims)
                  %d claims -> %d batch(es): anchorBatch gas %,d total = %.1f gas per settled claim (%.0fx less)
                  time, 1 claim settled -> confirmed anchor                     : %,d ms (batch-max-wait %d ms)
                  time, %d ClaimSettled published -> all %d enqueued (chain.events): %,d ms
                  time, sealing allowed -> confirmed anchor of the %d-leaf batch  : %,d ms
                  time, first of %d published -> confirmed anchor                 : %,d ms
                """,
                config.confirmations(),
                ChainTestResource.BLOCK_MILLIS,
                single.getGasUsed(),
                single.getGasUsed() * CLAIMS,
                CLAIMS,
                CLAIMS,
                anchored.size(),
                gas,
                (double) gas / leaves,
                (double) single.getGasUsed() * CLAIMS / gas,
                singleMillis,
                config.batchMaxWait().toMillis(),
                CLAIMS,
                CLAIMS,
                queuedMillis,
                CLAIMS,
                anchorMillis,
                CLAIMS,
                totalMillis);
        System.out.print(report);
        Files.writeString(Path.of("target/service-gas-report.txt"), report);
    }
}
