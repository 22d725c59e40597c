package io.coverclaims.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coverclaims.platform.auth.CommandSigner;
import io.coverclaims.platform.auth.DevelopmentKeys;
import io.coverclaims.platform.auth.SignedCommandType;
import io.coverclaims.platform.auth.SigningCatalogue;
import io.coverclaims.platform.auth.SigningDomain;
import io.coverclaims.platform.auth.TypedData;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * The kernel's EIP-712 digests and signatures against an independent implementation: ethers v6 (pinned by
 * src/test/node/package-lock.json, installed by npm ci in the build) through src/test/node/eip712.mjs. Both sign
 * deterministically (RFC 6979, low s), so the signatures must be equal byte for byte, not just both valid. Node.js
 * must be installed: without it this test fails, it does not pass silently.
 */
class EthersAgreementTest {

    static final Path NODE_DIR = Path.of("src/test/node");
    static final String ANVIL_MNEMONIC = "test test test test test test test test test test test junk";
    static final BigInteger UINT256_MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
    static final long SEED = Long.getLong("eip712.seed", System.nanoTime());

    /** One typed message the Java side built, digested and signed. */
    record Case(String description, ObjectNode typedData, String key, String digest, String signature, String address) {
        static Case of(String description, ObjectNode typedData, ECKeyPair key) {
            byte[] digest = TypedData.digest(typedData);
            return new Case(
                    description,
                    typedData,
                    Numeric.toHexStringWithPrefixZeroPadded(key.getPrivateKey(), 64),
                    Numeric.toHexString(digest),
                    TypedData.sign(digest, key),
                    TypedData.address(key));
        }
    }

    @Test
    void every_signed_command_digests_and_signs_byte_for_byte_as_ethers_does() throws Exception {
        Random random = new Random(SEED);
        List<Case> cases = new ArrayList<>();
        for (SignedCommandType type : SignCommand.types()) {
            for (int i = 0; i < 40; i++) {
                SigningDomain domain = new SigningDomain(
                        SigningCatalogue.get().domainName(),
                        SigningCatalogue.get().domainVersion(),
                        uint256(random),
                        address(random));
                Map<String, Object> message = new LinkedHashMap<>();
                for (SignedCommandType.Field field : type.fields()) {
                    message.put(field.name(), value(field.type(), random));
                }
                cases.add(Case.of(
                        type.name() + " #" + i + " " + message, TypedData.of(domain, type, message), key(random)));
            }
        }
        agree(cases);
    }

    @Test
    void what_claims_sign_prints_is_what_ethers_computes() throws Exception {
        Random random = new Random(SEED + 1);
        List<Case> cases = new ArrayList<>();
        for (SignedCommandType type : SignCommand.types()) {
            for (int i = 0; i < 5; i++) {
                int dev = random.nextInt(10);
                List<String> argv = new ArrayList<>(List.of(
                        "sign",
                        type.name(),
                        "--key",
                        "dev:" + dev,
                        "--nonce",
                        uint256(random).toString(),
                        "--chain-id",
                        uint256(random).toString(),
                        "--contract",
                        address(random),
                        "--format",
                        "json"));
                for (SignedCommandType.Field field : SignCommand.fields(type)) {
                    argv.add("--field");
                    argv.add(field.name() + "=" + value(field.type(), random));
                }
                CliRun run = CliRun.run(argv.toArray(String[]::new));
                assertThat(run.status()).as(run.err()).isZero();
                JsonNode out = SignCommand.JSON.readTree(run.out());
                cases.add(new Case(
                        String.join(" ", argv),
                        (ObjectNode) out.get("typedData"),
                        DevelopmentKeys.KEYS.get(dev),
                        out.get("digest").asText(),
                        out.get("signature").asText(),
                        out.get("signer").asText()));
            }
        }
        agree(cases);
    }

    @Test
    void the_docs_worked_example_is_what_ethers_computes() throws Exception {
        String doc = SigningDoc.text();
        ObjectNode typedData =
                (ObjectNode) SignCommand.JSON.readTree(SigningDoc.block(doc, "worked-example:typed-data"));
        List<String> result = SigningDoc.block(doc, "worked-example:result")
                .lines()
                .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .toList();

        JsonNode ethers = ethers(
                List.of(new Case(
                        "docs/signing.md", typedData, WorkedExample.KEY, result.get(0), result.get(1), result.get(2))),
                false);

        JsonNode computed = ethers.get("results").get(0);
        assertThat(computed.get("digest").asText()).isEqualTo(result.get(0));
        assertThat(computed.get("signature").asText()).isEqualTo(result.get(1));
        assertThat(computed.get("signer").asText()).isEqualTo(result.get(2)).isEqualTo(WorkedExample.HOLDER);
        assertThat(computed.get("otherSigner").asText()).isEqualTo(WorkedExample.HOLDER);
    }

    @Test
    void the_documented_javascript_signs_the_worked_example_to_the_documented_signature() throws Exception {
        String doc = SigningDoc.text();
        String script = SigningDoc.block(doc, "worked-example:javascript");
        String signature = SigningDoc.block(doc, "worked-example:result")
                .lines()
                .filter(line -> line.startsWith("signature"))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .findFirst()
                .orElseThrow();

        String out = node(List.of("--input-type=module", "-e", script), "");

        assertThat(out).contains("X-Signature: " + signature);
    }

    @Test
    void the_development_keys_are_those_ethers_derives_from_anvils_mnemonic() throws Exception {
        JsonNode accounts = ethers(List.of(), true).get("accounts");

        assertThat(accounts).hasSize(10);
        for (int i = 0; i < 10; i++) {
            assertThat(accounts.get(i).get("key").asText()).as("dev:" + i).isEqualTo(DevelopmentKeys.KEYS.get(i));
            assertThat(accounts.get(i).get("address").asText())
                    .as("dev:" + i)
                    .isEqualTo(TypedData.address(CommandSigner.key(DevelopmentKeys.KEYS.get(i))));
        }
    }

    /** Every case: the same digest and signature on both sides, and each side recovers the other's signer. */
    static void agree(List<Case> cases) throws Exception {
        JsonNode results = ethers(cases, false).get("results");
        assertThat(results).hasSize(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            Case java = cases.get(i);
            JsonNode ethers = results.get(i);
            String what = java.description() + " (seed " + SEED + ", -Deip712.seed=" + SEED + " repeats it)";
            assertThat(ethers.get("address").asText()).as(what).isEqualTo(java.address());
            assertThat(ethers.get("digest").asText()).as("digest of " + what).isEqualTo(java.digest());
            assertThat(ethers.get("signature").asText())
                    .as("signature of " + what)
                    .isEqualTo(java.signature());
            assertThat(ethers.get("signer").asText()).as(what).isEqualTo(java.address());
            assertThat(ethers.get("otherSigner").asText())
                    .as("ethers recovering the Java signature of " + what)
                    .isEqualTo(java.address());
            assertThat(TypedData.recover(
                            Numeric.hexStringToByteArray(java.digest()),
                            ethers.get("signature").asText()))
                    .as("Java recovering the ethers signature of " + what)
                    .contains(java.address());
        }
    }

    /** eip712.mjs's answer for {@code cases} (and anvil's accounts when {@code accounts}). */
    static JsonNode ethers(List<Case> cases, boolean accounts) throws Exception {
        ObjectNode input = SignCommand.JSON.createObjectNode();
        ArrayNode array = input.putArray("cases");
        for (Case c : cases) {
            ObjectNode item = array.addObject();
            item.set("typedData", c.typedData());
            item.put("key", c.key());
            item.put("otherSignature", c.signature());
        }
        if (accounts) {
            input.put("mnemonic", ANVIL_MNEMONIC);
        }
        return SignCommand.JSON.readTree(node(List.of("eip712.mjs"), SignCommand.JSON.writeValueAsString(input)));
    }

    /** Runs node with {@code args} in src/test/node, {@code stdin} as its input; its output, or the test fails. */
    static String node(List<String> args, String stdin) throws Exception {
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules/ethers"))) {
            fail(NODE_DIR.toAbsolutePath() + "/node_modules/ethers is missing: the build's npm ci installs it "
                    + "(./mvnw -pl cli verify; or npm ci in that directory)");
        }
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("node.executable", "node"));
        command.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(command).directory(NODE_DIR.toFile()).start();
        } catch (IOException e) {
            return fail("Node.js is needed for this test (the independent EIP-712 check) and '" + command.get(0)
                    + "' cannot be started: install Node 20+ or pass -Dnode.executable=<path> (" + e.getMessage()
                    + ")");
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("node " + args + " did not finish in 2 minutes");
        }
        if (process.exitValue() != 0) {
            fail("node " + args + " failed (exit " + process.exitValue() + "):\n" + err.get());
        }
        return out.get();
    }

    private static String read(java.io.InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- random values: the edges of every type and plenty in between ----

    private static final String[] TEXT = {
        "",
        "a",
        "sold the position",
        "é",
        "ñandú",
        "日本語のテキスト",
        "中文",
        "한국어",
        "العربية",
        "עברית",
        "🛡️",
        "💸 cover",
        "👩‍👩‍👧",
        "e\u0301",
        "\u200b",
        "\ufeffbom",
        "Ω≈ç√∫",
        "line\nbreak",
        "tab\there",
        "quote \" and backslash \\",
        "nul \u0000 inside",
        "\u2028\u2029",
        "0x",
        "0xdeadbeef",
        "12345",
        "{\"json\": true}",
        "<script>",
        "   spaces   "
    };

    static String string(Random random) {
        int pieces = random.nextInt(6);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            switch (random.nextInt(4)) {
                case 0 -> text.append(TEXT[random.nextInt(TEXT.length)]);
                case 1 -> text.appendCodePoint(0x20 + random.nextInt(0x5f));
                case 2 -> text.appendCodePoint(randomCodePoint(random));
                default -> text.append("x".repeat(random.nextInt(300)));
            }
        }
        return text.toString();
    }

    /** Any scalar value (no lone surrogates: they are not text). */
    static int randomCodePoint(Random random) {
        while (true) {
            int codePoint = random.nextInt(0x110000);
            if (codePoint < 0xd800 || codePoint > 0xdfff) {
                return codePoint;
            }
        }
    }

    static BigInteger uint256(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> BigInteger.ZERO;
            case 1 -> BigInteger.ONE;
            case 2 -> UINT256_MAX;
            case 3 -> UINT256_MAX.subtract(BigInteger.valueOf(random.nextInt(1000)));
            case 4 -> BigInteger.TWO.pow(255);
            case 5 -> BigInteger.TWO.pow(64).subtract(BigInteger.ONE);
            case 6 -> BigInteger.TWO.pow(53).add(BigInteger.ONE);
            default -> new BigInteger(1 + random.nextInt(256), random);
        };
    }

    /** A random address: lower case, its EIP-55 checksum (mixed case), or upper case. */
    static String address(Random random) {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        if (random.nextInt(20) == 0) {
            java.util.Arrays.fill(bytes, (byte) (random.nextBoolean() ? 0 : 0xff));
        }
        String lower = Numeric.toHexString(bytes);
        return switch (random.nextInt(3)) {
            case 0 -> lower;
            case 1 -> Keys.toChecksumAddress(lower);
            default -> "0x" + lower.substring(2).toUpperCase(Locale.ROOT);
        };
    }

    static Object value(String type, Random random) {
        return switch (type) {
            case "string" -> string(random);
            case "address" -> address(random);
            case "uint256" -> uint256(random);
            default -> throw new IllegalArgumentException(type);
        };
    }

    static ECKeyPair key(Random random) {
        BigInteger n = Sign.CURVE_PARAMS.getN();
        BigInteger secret = switch (random.nextInt(8)) {
            case 0 -> BigInteger.ONE;
            case 1 -> n.subtract(BigInteger.ONE);
            case 2 -> Numeric.toBigInt(DevelopmentKeys.KEYS.get(random.nextInt(10)));
            default ->
                new BigInteger(256, random).mod(n.subtract(BigInteger.ONE)).add(BigInteger.ONE);
        };
        return ECKeyPair.create(secret);
    }
}
