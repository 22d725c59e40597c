package io.coverclaims.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coverclaims.platform.auth.CommandSigner;
import io.coverclaims.platform.auth.OperatorRoles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/signing.md cannot drift: its tables come from the catalogue, its worked example is recomputed. */
class SigningDocTest {

    @Test
    void the_command_tables_are_those_of_the_signing_catalogue() {
        String doc = SigningDoc.text();
        String expected = SigningDoc.commands();
        if (SigningDoc.writing()) {
            SigningDoc.write(SigningDoc.withGeneratedSection(doc, expected));
            doc = SigningDoc.text();
        }
        assertThat(SigningDoc.generatedSection(doc))
                .as(
                        "docs/signing.md's command tables (./mvnw -pl cli verify -Dcoverclaims.docs.write=true rewrites them)")
                .isEqualTo(expected);
    }

    @Test
    void the_worked_example_shows_the_typed_data_the_kernel_builds() throws Exception {
        CommandSigner.SignedMessage signed = WorkedExample.sign();
        String typedData = SigningDoc.typedData(signed.typedData());
        String doc = SigningDoc.text();
        if (SigningDoc.writing()) {
            SigningDoc.write(SigningDoc.withBlock(doc, "worked-example:typed-data", typedData));
            doc = SigningDoc.text();
        }
        JsonNode documented = SignCommand.JSON.readTree(SigningDoc.block(doc, "worked-example:typed-data"));
        assertThat(documented).isEqualTo(signed.typedData());
    }

    @Test
    void the_worked_example_shows_exactly_the_digest_and_signature_of_development_key_0() {
        CommandSigner.SignedMessage signed = WorkedExample.sign();
        assertThat(signed.signer()).isEqualTo(WorkedExample.HOLDER);
        String doc = SigningDoc.text();
        if (SigningDoc.writing()) {
            SigningDoc.write(SigningDoc.withBlock(doc, "worked-example:result", WorkedExample.result(signed)));
            doc = SigningDoc.text();
        }
        assertThat(SigningDoc.block(doc, "worked-example:result")).isEqualTo(WorkedExample.result(signed));
        assertThat(doc).contains(signed.digestHex()).contains(signed.signature());
    }

    @Test
    void the_worked_example_command_line_prints_the_documented_headers() {
        String doc = SigningDoc.text();
        List<String> argv = words(SigningDoc.block(doc, "worked-example:command"));
        assertThat(argv.subList(0, 2)).containsExactly("./claims", "sign");

        CliRun run = CliRun.run(argv.subList(1, argv.size()).toArray(String[]::new));

        assertThat(run.status()).as(run.err()).isZero();
        String headers = WorkedExample.sign().headers().entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue() + "\n")
                .reduce("", String::concat);
        if (SigningDoc.writing()) {
            SigningDoc.write(SigningDoc.withBlock(doc, "worked-example:headers", headers));
            doc = SigningDoc.text();
        }
        assertThat(run.out()).isEqualTo(headers);
        assertThat(SigningDoc.block(doc, "worked-example:headers")).isEqualTo(headers);
    }

    @Test
    void every_operator_role_and_refusal_code_is_documented() {
        String doc = SigningDoc.text();
        for (String role : OperatorRoles.ALL) {
            assertThat(doc).contains("| `" + role + "` |");
        }
        for (String code : List.of(
                "SIGNATURE_REQUIRED",
                "SIGNATURE_MALFORMED",
                "NONCE_REQUIRED",
                "NONCE_INVALID",
                "EXPIRY_REQUIRED",
                "EXPIRY_INVALID",
                "SIGNATURE_EXPIRED",
                "EXPIRY_TOO_FAR",
                "SIGNATURE_INVALID",
                "WRONG_SIGNER",
                "NONCE_ALREADY_USED",
                "TOKEN_REQUIRED",
                "TOKEN_INVALID",
                "ROLE_REQUIRED")) {
            assertThat(doc).contains("`" + code + "`");
        }
    }

    /** A shell command line as written in the doc: words split on blanks, backslash-newline continuations joined. */
    static List<String> words(String commandLine) {
        List<String> words = new ArrayList<>();
        for (String word : commandLine.replace("\\\n", " ").trim().split("\\s+")) {
            words.add(word);
        }
        return words;
    }
}
