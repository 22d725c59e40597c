package io.coverclaims.cli;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.coverclaims.platform.auth.SignedCommandType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.web3j.crypto.Hash;

/**
 * docs/signing.md as the tests read it: its generated section (the command tables, rendered here from the signing
 * catalogue) and the fenced code blocks that follow its {@code <!-- marker -->} comments. With
 * {@code -Dcoverclaims.docs.write=true} the tests write what they compute into the file instead of only comparing.
 */
final class SigningDoc {

    static final String BEGIN = "<!-- generated:signed-commands (from schemas/src/main/resources/signed-commands.json; "
            + "SigningDocTest checks it, -Dcoverclaims.docs.write=true rewrites it) -->";
    static final String END = "<!-- end:signed-commands -->";

    /** "POST /policies (policy-service)": the request and the service. */
    private static final Pattern ENDPOINT = Pattern.compile("(.*) \\((.*)\\)");

    static boolean writing() {
        return Boolean.getBoolean("coverclaims.docs.write");
    }

    static Path path() {
        return Path.of(System.getProperty("coverclaims.root", "..")).resolve("docs/signing.md");
    }

    static String text() {
        try {
            return Files.readString(path(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(String text) {
        try {
            Files.writeString(path(), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command tables as the catalogue has them. */
    static String commands() {
        JsonNode raw = SignCommand.rawCatalogue().get("commands");
        StringBuilder text = new StringBuilder();
        for (SignedCommandType type : SignCommand.types()) {
            JsonNode command = raw.get(type.name());
            text.append("\n#### ").append(type.name()).append("\n\n");
            Matcher endpoint = ENDPOINT.matcher(command.get("endpoint").asText());
            text.append(
                            endpoint.matches()
                                    ? "`" + endpoint.group(1) + "` (" + endpoint.group(2) + ")"
                                    : "`" + command.get("endpoint").asText() + "`")
                    .append("; signed by ")
                    .append(type.signerField()
                            .map(f -> "the address in `" + f + "` (the recovered signer must equal it, else "
                                    + "`WRONG_SIGNER`)")
                            .orElse("the actor: any address may sign, the service decides whether it may act"))
                    .append(".\n\n");
            text.append("| # | field | type |\n|---|---|---|\n");
            for (int i = 0; i < type.fields().size(); i++) {
                SignedCommandType.Field field = type.fields().get(i);
                text.append("| ")
                        .append(i + 1)
                        .append(" | `")
                        .append(field.name())
                        .append("` | `")
                        .append(field.type())
                        .append("` |\n");
            }
            if (command.hasNonNull("notes")) {
                text.append("\nNote: ").append(command.get("notes").asText()).append(".\n");
            }
            String encodeType = encodeType(type);
            text.append("\n```text\n")
                    .append(encodeType)
                    .append("\ntypeHash = keccak256(above) = ")
                    .append(Hash.sha3String(encodeType))
                    .append("\n```\n");
        }
        return text.toString();
    }

    /** EIP-712's encodeType of the command's struct. */
    static String encodeType(SignedCommandType type) {
        return type.name() + "("
                + type.fields().stream().map(f -> f.type() + " " + f.name()).collect(Collectors.joining(","))
                + ")";
    }

    /** The generated section as it stands in the doc (between the markers, exclusive). */
    static String generatedSection(String doc) {
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        if (begin < 0 || end < begin) {
            fail("docs/signing.md lacks the markers " + BEGIN + " ... " + END);
        }
        return doc.substring(begin + BEGIN.length(), end);
    }

    static String withGeneratedSection(String doc, String section) {
        int begin = doc.indexOf(BEGIN) + BEGIN.length();
        return doc.substring(0, begin) + section + doc.substring(doc.indexOf(END));
    }

    /** Typed data as the doc shows it: pretty, with each struct member on one line. */
    static String typedData(JsonNode typedData) {
        return SignCommand.pretty(typedData) + "\n";
    }

    /** The content of the fenced code block right after {@code <!-- marker -->}, without its fences. */
    static String block(String doc, String marker) {
        int[] range = blockRange(doc, marker);
        return doc.substring(range[0], range[1]);
    }

    static String withBlock(String doc, String marker, String content) {
        int[] range = blockRange(doc, marker);
        return doc.substring(0, range[0]) + content + doc.substring(range[1]);
    }

    private static int[] blockRange(String doc, String marker) {
        String comment = "<!-- " + marker + " -->";
        int at = doc.indexOf(comment);
        if (at < 0) {
            fail("docs/signing.md lacks " + comment);
        }
        int fence = doc.indexOf("```", at);
        int start = doc.indexOf('\n', fence) + 1;
        int close = doc.indexOf("\n```", start - 1);
        if (fence < 0 || close < 0) {
            fail("docs/signing.md: no fenced code block after " + comment);
        }
        return new int[] {start, close + 1};
    }

    private SigningDoc() {}
}
