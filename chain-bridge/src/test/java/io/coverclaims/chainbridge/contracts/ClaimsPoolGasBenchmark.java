package io.coverclaims.chainbridge.contracts;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A benchmark (run by {@code ./claims bench}, not by the test suite): prints the gas figures of
 * {@link GasComparison} and writes them to target/gas-report.txt.
 */
@Tag("benchmark")
class ClaimsPoolGasBenchmark {

    @Test
    void gas_of_settling_1024_claims_batched_against_one_transaction_per_claim() throws Exception {
        List<String> report;
        try (LocalChain chain = LocalChain.start()) {
            report = GasComparison.run(chain).report();
        }
        report.forEach(line -> System.out.println("[gas] " + line));
        Path out = Path.of("target", "gas-report.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, report, StandardCharsets.UTF_8);
    }
}
