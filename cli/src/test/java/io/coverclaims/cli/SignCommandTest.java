package io.coverclaims.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.coverclaims.platform.auth.DevelopmentKeys;
import io.coverclaims.platform.auth.SignatureHeaders;
import io.coverclaims.platform.auth.SignedRequests;
import io.coverclaims.platform.auth.TypedData;
import io.coverclaims.platform.rest.ProblemException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

class SignCommandTest {

    static final String DEV0 = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
    static final String DEV1 = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

    static CliRun cancel(String... extra) {
        String[] base = {
            "sign",
            "CancelCover",
            "--key",
            "dev:0",
            "--field",
            "policyId=pol-1",
            "--field",
            "holder=" + DEV0,
            "--field",
            "reason=sold the position"
        };
        String[] argv = new String[base.length + extra.length];
        System.arraycopy(base, 0, argv, 0, base.length);
        System.arraycopy(extra, 0, argv, base.length, extra.length);
        return CliRun.run(argv);
    }

    static JsonNode json(CliRun run) throws Exception {
        assertThat(run.status()).as(run.err()).isZero();
        return SignCommand.JSON.readTree(run.out());
    }

    @Test
    void a_signed_command_prints_the_three_headers_one_a_line() {
        CliRun run = cancel("--nonce", "7", "--valid-for", "10m");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out().lines().toList())
                .satisfiesExactly(
                        line -> assertThat(line).matches("X-Signature: 0x[0-9a-f]{130}"),
                        line -> assertThat(line).isEqualTo("X-Signature-Nonce: 7"),
                        line -> assertThat(line)
                                .isEqualTo("X-Signature-Expiry: " + (CliRun.NOW.getEpochSecond() + 600)));
    }

    @Test
    void the_kernels_verifier_accepts_the_printed_headers_once() throws Exception {
        CliRun run = cancel();
        Map<String, String> headers = new java.util.HashMap<>();
        run.out()
                .lines()
                .forEach(line ->
                        headers.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 2)));
        SignedRequests verifier = verifier();
        SignatureHeaders received = new SignatureHeaders(
                headers.get(SignatureHeaders.SIGNATURE),
                headers.get(SignatureHeaders.NONCE),
                headers.get(SignatureHeaders.EXPIRY));
        Map<String, Object> fields = Map.of("policyId", "pol-1", "holder", DEV0, "reason", "sold the position");

        assertThat(verifier.verify("CancelCover", fields, received).signer()).isEqualTo(DEV0);
        assertThatThrownBy(() -> verifier.verify("CancelCover", fields, received))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.problem().code()).isEqualTo("NONCE_ALREADY_USED"));
        Map<String, Object> otherReason = Map.of("policyId", "pol-1", "holder", DEV0, "reason", "changed");
        assertThatThrownBy(() -> verifier.verify("CancelCover", otherReason, received))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.problem().code()).isEqualTo("WRONG_SIGNER"));
    }

    /**
     * The kernel's verifier as a service configures it by default (local domain, 1 h), at the runs' clock.
     */
    static SignedRequests verifier() {
        return SignedRequests.forDomain(
                io.coverclaims.platform.auth.SigningDomain.of(31337, SignCommand.DEFAULT_CONTRACT),
                java.time.Clock.fixed(CliRun.NOW, java.time.ZoneOffset.UTC));
    }

    @Test
    void the_json_form_holds_signer_digest_signature_nonce_expiry_and_the_typed_data() throws Exception {
        JsonNode out = json(cancel("--nonce", "7", "--expiry", "1800000000", "--format", "json"));

        assertThat(out.get("signer").asText()).isEqualTo(DEV0);
        assertThat(out.get("nonce").asText()).isEqualTo("7");
        assertThat(out.get("expiry").asLong()).isEqualTo(1800000000L);
        JsonNode typedData = out.get("typedData");
        assertThat(typedData.get("primaryType").asText()).isEqualTo("CancelCover");
        assertThat(typedData.get("domain").get("chainId").asText()).isEqualTo("31337");
        assertThat(typedData.get("domain").get("verifyingContract").asText())
                .isEqualTo("0x5fbdb2315678afecb367f032d93f642f64180aa3");
        assertThat(typedData.get("message").get("reason").asText()).isEqualTo("sold the position");
        assertThat(typedData.get("message").get("nonce").asText()).isEqualTo("7");
        assertThat(typedData.get("message").get("expiry").asText()).isEqualTo("1800000000");
        byte[] digest = TypedData.digest((com.fasterxml.jackson.databind.node.ObjectNode) typedData);
        assertThat(Numeric.toHexString(digest)).isEqualTo(out.get("digest").asText());
        assertThat(TypedData.recover(digest, out.get("signature").asText())).contains(DEV0);
    }

    @Test
    void the_same_inputs_make_the_same_signature() {
        assertThat(cancel("--nonce", "9", "--expiry", "1800000000").out())
                .isEqualTo(cancel("--nonce", "9", "--expiry", "1800000000").out());
        assertThat(cancel("--nonce", "9", "--expiry", "1800000000").out())
                .isNotEqualTo(cancel("--nonce", "10", "--expiry", "1800000000").out());
    }

    @Test
    void without_a_nonce_a_fresh_one_is_drawn_and_the_signature_is_valid_for_ten_minutes() throws Exception {
        JsonNode out = json(cancel("--format", "json"));

        assertThat(out.get("nonce").asText()).matches("[1-9][0-9]*");
        assertThat(out.get("expiry").asLong()).isEqualTo(CliRun.NOW.getEpochSecond() + 600);
    }

    @Test
    void a_missing_field_is_named_with_its_type_and_exits_2() {
        CliRun run =
                CliRun.run("sign", "CancelCover", "--key", "dev:0", "--field", "policyId=pol-1", "--field", "reason=x");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("CancelCover needs --field holder=<address>");
    }

    @Test
    void an_unknown_field_is_named_with_the_fields_the_command_has() {
        CliRun run = cancel("--field", "amount=5");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err())
                .contains("CancelCover has no field 'amount'")
                .contains("policyId (string), holder (address), reason (string)");
    }

    @Test
    void nonce_and_expiry_are_options_not_fields() {
        CliRun run = cancel("--field", "nonce=1");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("nonce is not given as a field: use --nonce");
    }

    @Test
    void a_field_given_twice_is_refused() {
        CliRun run = cancel("--field", "reason=again");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("the field reason is given twice");
    }

    @Test
    void a_field_without_a_value_separator_is_refused() {
        CliRun run = cancel("--field", "reason");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--field takes name=value, not 'reason'");
    }

    @Test
    void text_the_locale_could_not_decode_is_refused_rather_than_signed() {
        CliRun run = CliRun.run(
                "sign",
                "CancelCover",
                "--key",
                "dev:0",
                "--field",
                "policyId=pol-1",
                "--field",
                "holder=" + DEV0,
                "--field",
                "reason=vendu \uFFFD\uFFFD\uFFFD");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("U+FFFD").contains("LC_ALL=C.UTF-8");
    }

    @Test
    void an_empty_string_is_a_value_the_zero_value_of_an_optional_field() {
        CliRun run = CliRun.run(
                "sign",
                "BuyCover",
                "--key",
                "dev:0",
                "--field",
                "quoteId=cov-1",
                "--field",
                "holder=" + DEV0,
                "--field",
                "startAt=0",
                "--field",
                "premiumPaymentRef=");

        assertThat(run.status()).as(run.err()).isZero();
    }

    @Test
    void an_unknown_command_lists_the_signed_commands() {
        CliRun run = CliRun.run("sign", "Withdraw", "--key", "dev:0");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err())
                .contains("unknown command 'Withdraw'")
                .contains("BuyCover, CancelCover, RequestWithdrawal, CompleteWithdrawal, CancelWithdrawal");
    }

    @Test
    void a_command_in_the_wrong_case_is_pointed_at_its_name() {
        CliRun run = CliRun.run("sign", "cancelcover", "--key", "dev:0");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("did you mean CancelCover?");
    }

    @Test
    void no_command_asks_which() {
        CliRun run = CliRun.run("sign", "--key", "dev:0");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("which command? one of BuyCover");
    }

    @Test
    void a_key_that_is_not_a_private_key_is_refused_without_being_repeated() {
        String almostAKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff8";
        CliRun run = CliRun.run(
                "sign",
                "CancelCover",
                "--key",
                almostAKey,
                "--field",
                "policyId=p",
                "--field",
                "holder=" + DEV0,
                "--field",
                "reason=x");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--key is not a private key").doesNotContain(almostAKey.substring(2));
    }

    @Test
    void a_key_of_zero_or_beyond_the_curve_order_is_refused() {
        assertThat(cancelWith("0x" + "0".repeat(64)).err()).contains("not a secp256k1 private key");
        assertThat(cancelWith("0x" + "f".repeat(64)).err()).contains("not a secp256k1 private key");
    }

    @Test
    void development_keys_are_anvils_accounts_dev_0_to_dev_99() throws Exception {
        assertThat(json(cancelForHolder("dev:1", DEV1, "--format", "json"))
                        .get("signer")
                        .asText())
                .isEqualTo(DEV1);
        // beyond the ten anvil lists by default: derived from its mnemonic, as anvil --accounts 16 does
        String dev15 = "0xcd3b766ccdd6ae721141f452c550ca635964ce71";
        assertThat(json(cancelForHolder("dev:15", dev15, "--format", "json"))
                        .get("signer")
                        .asText())
                .isEqualTo(dev15);
        CliRun run = cancelWith("dev:100");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("N is 0 to 99");
    }

    @Test
    void a_key_can_come_from_the_environment() throws Exception {
        CliRun run = CliRun.run(
                Map.of("WALLET_KEY", DevelopmentKeys.KEYS.get(1)),
                Path.of("").toAbsolutePath(),
                "sign",
                "CancelCover",
                "--key",
                "env:WALLET_KEY",
                "--field",
                "policyId=p",
                "--field",
                "holder=" + DEV1,
                "--field",
                "reason=x",
                "--format",
                "json");
        assertThat(json(run).get("signer").asText()).isEqualTo(DEV1);
        assertThat(cancelWith("env:NO_SUCH_VARIABLE").err()).contains("NO_SUCH_VARIABLE is not set");
    }

    @Test
    void no_key_is_refused() {
        CliRun run = CliRun.run(
                "sign", "CancelCover", "--field", "policyId=p", "--field", "holder=" + DEV0, "--field", "reason=x");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--key is required");
    }

    @Test
    void an_address_must_be_0x_and_40_hex_digits_and_mixed_case_must_be_its_checksum() {
        assertThat(cancelWithHolder("0xf39fd6e51aad88f6f4ce6ab8827279cfffb9226").err())
                .contains("field holder (address): '0xf39fd6e51aad88f6f4ce6ab8827279cfffb9226' is not an address");
        String checksummed = Keys.toChecksumAddress(DEV0);
        assertThat(cancelWithHolder(checksummed).status()).isZero();
        assertThat(cancelWithHolder(DEV0.toUpperCase().replace("0X", "0x")).status())
                .isZero();
        // 0xf39Fd6e5...: one letter's case flipped is still mixed case, no longer the checksum
        String typo = checksummed.replaceFirst("F", "f");
        CliRun run = cancelWithHolder(typo);
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("is mixed case but not its EIP-55 checksum");
    }

    @Test
    void a_uint256_is_a_decimal_from_0_to_2_pow_256_minus_1_without_sign_or_leading_zeros() {
        String max = java.math.BigInteger.TWO
                .pow(256)
                .subtract(java.math.BigInteger.ONE)
                .toString();
        assertThat(withdrawal(max).status()).isZero();
        for (String bad : new String[] {"-1", "01", "1e18", "0x10", "1.5", "", max.substring(0, 77) + "7"}) {
            CliRun run = withdrawal(bad);
            assertThat(run.status()).as(bad).isEqualTo(2);
            assertThat(run.err()).as(bad).contains("field amount (uint256)").contains("is not a decimal uint256");
        }
        assertThat(cancel("--nonce", "-3").err()).contains("--nonce: '-3' is not a decimal uint256");
    }

    @Test
    void expiry_and_valid_for_exclude_each_other_and_durations_are_checked() {
        assertThat(cancel("--expiry", "1800000000", "--valid-for", "5m").err())
                .contains("give --expiry or --valid-for, not both");
        assertThat(cancel("--valid-for", "soon").err()).contains("--valid-for: 'soon' is not a duration");
        assertThat(cancel("--valid-for", "0s").err()).contains("must be positive");
        assertThat(cancel("--expiry", java.math.BigInteger.TWO.pow(63).toString())
                        .err())
                .contains("beyond any date");
    }

    @Test
    void what_the_service_would_refuse_is_warned_about_and_still_printed() {
        CliRun past = cancel("--expiry", "1000");
        assertThat(past.status()).isZero();
        assertThat(past.out()).contains("X-Signature:");
        assertThat(past.err()).contains("has passed").contains("SIGNATURE_EXPIRED");

        assertThat(cancel("--valid-for", "2h").err()).contains("EXPIRY_TOO_FAR");

        CliRun otherHolder = cancelWith("dev:1");
        assertThat(otherHolder.status()).isZero();
        assertThat(otherHolder.err()).contains("WRONG_SIGNER").contains(DEV1);
    }

    @Test
    void the_domain_comes_from_the_options_else_the_environment_else_the_local_defaults() throws Exception {
        String contract = "0x1111111111111111111111111111111111111111";
        JsonNode fromOptions = json(cancel("--chain-id", "8453", "--contract", contract, "--format", "json"))
                .get("typedData")
                .get("domain");
        assertThat(fromOptions.get("chainId").asText()).isEqualTo("8453");
        assertThat(fromOptions.get("verifyingContract").asText()).isEqualTo(contract);
        assertThat(fromOptions.get("name").asText()).isEqualTo("CoverClaims");
        assertThat(fromOptions.get("version").asText()).isEqualTo("1");

        CliRun fromEnvironment = CliRun.run(
                Map.of(SignCommand.CHAIN_ID_ENV, "10", SignCommand.CONTRACT_ENV, contract),
                Path.of("").toAbsolutePath(),
                "sign",
                "CancelCover",
                "--key",
                "dev:0",
                "--field",
                "policyId=p",
                "--field",
                "holder=" + DEV0,
                "--field",
                "reason=x",
                "--format",
                "json");
        assertThat(json(fromEnvironment)
                        .get("typedData")
                        .get("domain")
                        .get("chainId")
                        .asText())
                .isEqualTo("10");

        assertThat(cancel("--contract", "pool").err()).contains("--contract: 'pool' is not an address");
        assertThat(cancel("--chain-id", "-1").err()).contains("--chain-id: '-1' is not a decimal uint256");
    }

    @Test
    void the_output_format_is_headers_or_json() {
        assertThat(cancel("--format", "yaml").err()).contains("--format is headers or json, not 'yaml'");
    }

    @Test
    void unknown_options_and_stray_arguments_exit_2() {
        assertThat(cancel("--sign-with", "x").status()).isEqualTo(2);
        assertThat(cancel("--sign-with", "x").err()).contains("unknown option --sign-with");
        assertThat(cancel("reason=y").err()).contains("one command at a time");
        assertThat(cancel("--nonce").err()).contains("--nonce needs a value");
        assertThat(cancel("--nonce", "1", "--nonce", "2").err()).contains("--nonce is given twice");
    }

    @Test
    void help_lists_every_command_with_its_fields_and_exits_0() {
        CliRun run = CliRun.run("sign", "--help");

        assertThat(run.status()).isZero();
        assertThat(run.out())
                .contains("usage: ./claims sign <Command>")
                .contains("POST /policies (policy-service)")
                .contains("--field quoteId=<string> --field holder=<address> --field startAt=<uint256> "
                        + "--field premiumPaymentRef=<string>")
                .contains("RequestWithdrawal", "CompleteWithdrawal", "CancelWithdrawal");
    }

    static CliRun cancelWith(String key, String... extra) {
        return cancelForHolder(key, DEV0, extra);
    }

    static CliRun cancelForHolder(String key, String holder, String... extra) {
        String[] base = {
            "sign",
            "CancelCover",
            "--key",
            key,
            "--field",
            "policyId=p",
            "--field",
            "holder=" + holder,
            "--field",
            "reason=x"
        };
        String[] argv = new String[base.length + extra.length];
        System.arraycopy(base, 0, argv, 0, base.length);
        System.arraycopy(extra, 0, argv, base.length, extra.length);
        return CliRun.run(argv);
    }

    static CliRun cancelWithHolder(String holder) {
        return CliRun.run(
                "sign",
                "CancelCover",
                "--key",
                "dev:0",
                "--field",
                "policyId=p",
                "--field",
                "holder=" + holder,
                "--field",
                "reason=x");
    }

    static CliRun withdrawal(String amount) {
        return CliRun.run(
                "sign",
                "RequestWithdrawal",
                "--key",
                "dev:0",
                "--field",
                "poolId=pool-1",
                "--field",
                "provider=" + DEV0,
                "--field",
                "trancheId=0",
                "--field",
                "amount=" + amount,
                "--field",
                "recipient=" + DEV0);
    }
}
