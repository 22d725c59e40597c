package io.coverclaims.platform.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.auth.CommandSigner;
import io.coverclaims.platform.auth.SignatureHeaders;
import io.coverclaims.platform.auth.SignedRequests;
import io.coverclaims.platform.testing.Wallets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What checking a wallet signature costs the REST edge: EIP-712 digest (web3j StructuredDataEncoder), secp256k1
 * public-key recovery and the nonce window, per request, on one thread. Prints figures; `./claims bench` runs it.
 */
@Tag("benchmark")
class SignatureVerificationBenchmark {

    static final int WARMUP = 2_000;
    static final int MEASURED = 20_000;

    @Test
    void prints_what_verifying_one_signed_command_costs() {
        SignedRequests verifier = SignedRequests.forDomain(Wallets.LOCAL);
        String holder = Wallets.address(1);
        List<Map.Entry<Map<String, Object>, SignatureHeaders>> requests = IntStream.range(0, WARMUP + MEASURED)
                .mapToObj(i -> {
                    Map<String, Object> fields = Map.of("policyId", "pol-" + i, "holder", holder, "reason", "bench");
                    var signed = CommandSigner.sign(Wallets.LOCAL, "CancelCover", fields, Wallets.key(1));
                    return Map.entry(
                            fields,
                            new SignatureHeaders(
                                    signed.signature(), signed.nonce().toString(), Long.toString(signed.expiry())));
                })
                .toList();
        long[] nanos = new long[MEASURED];
        for (int i = 0; i < requests.size(); i++) {
            var request = requests.get(i);
            long start = System.nanoTime();
            verifier.verify("CancelCover", request.getKey(), request.getValue());
            if (i >= WARMUP) {
                nanos[i - WARMUP] = System.nanoTime() - start;
            }
        }
        Arrays.sort(nanos);
        double total = Arrays.stream(nanos).sum() / 1e9;
        System.out.printf(
                "BENCH signature-verification verifications=%d per_second=%.0f p50_us=%.0f p99_us=%.0f max_us=%.0f%n",
                MEASURED,
                MEASURED / total,
                nanos[MEASURED / 2] / 1e3,
                nanos[(int) (MEASURED * 0.99)] / 1e3,
                nanos[MEASURED - 1] / 1e3);
        assertThat(nanos[(int) (MEASURED * 0.99)]).isPositive();
    }
}
