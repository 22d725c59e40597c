package io.coverclaims.cli;

import static io.coverclaims.cli.Durations.quote;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coverclaims.platform.auth.CommandSigner;
import io.coverclaims.platform.auth.DevelopmentKeys;
import io.coverclaims.platform.auth.SignedCommandType;
import io.coverclaims.platform.auth.SigningCatalogue;
import io.coverclaims.platform.auth.SigningDomain;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * {@code ./claims sign <Command> --key <key> --field name=value ...}: the command's EIP-712 typed message (from the
 * kernel's signing catalogue, in the deployment's domain) signed with a wallet key, printed as the three headers a
 * request carries it in, or as JSON.
 */
final class SignCommand {

    /** The local default domain, the same as the services' defaults (coverclaims.signing.* in the kernel's config). */
    static final String DEFAULT_CHAIN_ID = "31337";

    static final String DEFAULT_CONTRACT = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    static final String CHAIN_ID_ENV = "COVERCLAIMS_SIGNING_CHAIN_ID";
    static final String CONTRACT_ENV = "COVERCLAIMS_SIGNING_VERIFYING_CONTRACT";
    /** How long a signature stays valid unless told; the services accept at most 1 h ahead by default. */
    static final Duration DEFAULT_VALIDITY = Duration.ofSeconds(CommandSigner.DEFAULT_VALIDITY_SECONDS);

    static final Duration SERVICE_MAX_VALIDITY = Duration.ofHours(1);

    private static final Pattern UINT = Pattern.compile("^(0|[1-9][0-9]{0,77})$");
    private static final BigInteger UINT256_LIMIT = BigInteger.ONE.shiftLeft(256);
    private static final Pattern ADDRESS = Pattern.compile("^0x[0-9a-fA-F]{40}$");
    private static final Pattern PRIVATE_KEY = Pattern.compile("^(0x)?[0-9a-fA-F]{64}$");
    private static final Set<String> TRAILER = Set.of("nonce", "expiry");
    private static final Pattern MEMBER =
            Pattern.compile("\\{\\s*\"name\": (\"[^\"]*\"),\\s*\"type\": (\"[^\"]*\")\\s*}");

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .defaultPrettyPrinter(new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"))
                    .withSeparators(
                            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)))
            // the output is ASCII whatever the terminal's encoding: non-ASCII text is \\u-escaped (still the same JSON)
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    static String usage() {
        StringBuilder text = new StringBuilder("""
                usage: ./claims sign <Command> --key <key> --field name=value ... [options]

                Signs a wallet command (EIP-712 typed data, docs/signing.md) and prints the headers a request
                carries it in:
                  X-Signature: 0x...         X-Signature-Nonce: ...         X-Signature-Expiry: ...
                (one a line: save them to a file and send them with curl -H @file).

                  --key <key>            the signing key: 0x + 64 hex digits, dev:N (anvil's development key N,
                                         0..9; dev:0 is 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266), or env:NAME
                                         (read from the environment variable NAME, kept out of the process list)
                  --field name=value     one field of the command's message; every field is needed, in the forms:
                                         string as is, address as 0x + 40 hex (mixed case must be EIP-55),
                                         uint256 as a decimal (no sign, no leading zeros); absent optional request
                                         fields are signed as their zero value ("" or 0, see docs/signing.md)
                  --nonce <n>            the message's nonce, a decimal uint256 (default: a fresh random one)
                  --expiry <seconds>     the message's expiry, unix seconds
                  --valid-for <time>     or the expiry as a time from now: 90s, 10m, 1h (default 10m; the services
                                         accept at most 1h ahead unless configured otherwise)
                  --chain-id <id>        the domain's chain id (default $COVERCLAIMS_SIGNING_CHAIN_ID, else 31337)
                  --contract <address>   the domain's verifying contract, the deployment's pool contract (default
                                         $COVERCLAIMS_SIGNING_VERIFYING_CONTRACT, else anvil's first deployment
                                         0x5fbdb2315678afecb367f032d93f642f64180aa3)
                  --format headers|json  the three headers (default), or JSON: signer, digest, signature, nonce,
                                         expiry and the typed data (what eth_signTypedData_v4 takes)

                The commands and their fields (schemas/src/main/resources/signed-commands.json):
                """);
        JsonNode commands = rawCatalogue().get("commands");
        for (SignedCommandType type : types()) {
            JsonNode raw = commands.get(type.name());
            text.append("  ").append(type.name());
            if (raw != null && raw.hasNonNull("endpoint")) {
                text.append(": ").append(raw.get("endpoint").asText());
            }
            text.append('\n')
                    .append("      ")
                    .append(fields(type).stream()
                            .map(f -> "--field " + f.name() + "=<" + f.type() + ">")
                            .collect(Collectors.joining(" ")))
                    .append('\n');
            text.append("      signed by: ")
                    .append(type.signerField()
                            .map(f -> "the address in " + f)
                            .orElse("the actor (the service checks it may act)"))
                    .append('\n');
            if (raw != null && raw.hasNonNull("notes")) {
                text.append("      ").append(raw.get("notes").asText()).append('\n');
            }
        }
        text.append("""

                example:
                  ./claims sign CancelCover --key dev:0 --field policyId=pol-1 \\
                      --field holder=0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266 --field reason="sold it" > sig.txt
                  curl -H @sig.txt -H 'Content-Type: application/json' ...
                """);
        return text.toString();
    }

    int run(List<String> argv, Invocation io) throws UsageException {
        Args args = Args.parse(
                argv, Set.of("key", "nonce", "expiry", "valid-for", "chain-id", "contract", "format"), Set.of("field"));
        if (args.help()) {
            io.out().print(usage());
            return 0;
        }
        if (args.positionals().isEmpty()) {
            throw new UsageException("which command? one of " + commandNames());
        }
        if (args.positionals().size() > 1) {
            throw new UsageException("one command at a time, not " + String.join(" ", args.positionals())
                    + " (fields are given as --field name=value)");
        }
        SignedCommandType type = type(args.positionals().get(0));
        Map<String, String> fields = fields(type, args.all("field"));
        ECKeyPair key = key(
                args.option("key")
                        .orElseThrow(() -> new UsageException(
                                "--key is required: 0x + 64 hex digits, dev:0..dev:9 (anvil's keys) or env:NAME")),
                io);
        BigInteger nonce = args.option("nonce").isPresent()
                ? uint256("--nonce", args.option("nonce").get())
                : new BigInteger(64, io.random());
        long now = io.clock().instant().getEpochSecond();
        long expiry = expiry(args, now);
        SigningDomain domain = domain(args, io);
        String format = args.option("format").orElse("headers");
        if (!format.equals("headers") && !format.equals("json")) {
            throw new UsageException("--format is headers or json, not " + quote(format));
        }

        CommandSigner.SignedMessage signed = CommandSigner.sign(domain, type.name(), fields, nonce, expiry, key);
        warnings(type, fields, signed, now, io);
        if (format.equals("json")) {
            io.out().println(json(signed));
        } else {
            signed.headers().forEach((name, value) -> io.out().println(name + ": " + value));
        }
        return 0;
    }

    /** The JSON form: who signed, the digest, the signature, nonce, expiry and the typed data. */
    static String json(CommandSigner.SignedMessage signed) {
        ObjectNode root = JSON.createObjectNode();
        root.put("signer", signed.signer());
        root.put("digest", signed.digestHex());
        root.put("signature", signed.signature());
        root.put("nonce", signed.nonce().toString());
        root.put("expiry", signed.expiry());
        root.set("typedData", signed.typedData());
        return pretty(root);
    }

    /** {@code json} indented, each struct member of the typed data ({"name": ..., "type": ...}) on one line. */
    static String pretty(JsonNode json) {
        try {
            return MEMBER.matcher(JSON.writeValueAsString(json)).replaceAll("{ \"name\": $1, \"type\": $2 }");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The signed command named {@code name}: exact, or told the names when there is none. */
    static SignedCommandType type(String name) throws UsageException {
        SignedCommandType type = SigningCatalogue.get().types().get(name);
        if (type != null) {
            return type;
        }
        Optional<String> sameLetters = SigningCatalogue.get().types().keySet().stream()
                .filter(n -> n.equalsIgnoreCase(name))
                .findFirst();
        throw new UsageException("unknown command " + quote(name)
                + sameLetters.map(n -> " (did you mean " + n + "?)").orElse("") + "; the signed commands are "
                + commandNames());
    }

    /** The message's fields from {@code --field name=value}: every one of the type, none else, each well formed. */
    static Map<String, String> fields(SignedCommandType type, List<String> given) throws UsageException {
        Map<String, SignedCommandType.Field> declared = new LinkedHashMap<>();
        fields(type).forEach(f -> declared.put(f.name(), f));
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : given) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new UsageException("--field takes name=value, not " + quote(pair));
            }
            String name = pair.substring(0, equals);
            String value = pair.substring(equals + 1);
            SignedCommandType.Field field = declared.get(name);
            if (field == null) {
                if (TRAILER.contains(name)) {
                    throw new UsageException(name + " is not given as a field: use --" + name
                            + (name.equals("expiry") ? " or --valid-for" : ""));
                }
                throw new UsageException(
                        type.name() + " has no field " + quote(name) + "; its fields are " + describe(fields(type)));
            }
            if (values.containsKey(name)) {
                throw new UsageException("the field " + name + " is given twice");
            }
            if (value.indexOf('\uFFFD') >= 0) {
                // what Java makes of bytes the locale's encoding cannot read: signing it would sign other text
                throw new UsageException("the field " + name + " holds U+FFFD, the mark of text the locale could not "
                        + "decode: run with a UTF-8 locale (LC_ALL=C.UTF-8; ./claims sets it when it can)");
            }
            values.put(name, value(field, value));
        }
        List<SignedCommandType.Field> missing =
                fields(type).stream().filter(f -> !values.containsKey(f.name())).toList();
        if (!missing.isEmpty()) {
            throw new UsageException(type.name() + " needs "
                    + missing.stream()
                            .map(f -> "--field " + f.name() + "=<" + f.type() + ">")
                            .collect(Collectors.joining(", "))
                    + " (every field of the message is signed; an absent optional one as its zero value, \"\" or 0)");
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        declared.keySet().forEach(name -> ordered.put(name, values.get(name)));
        return ordered;
    }

    /** The value of {@code field} as signed, checked against its type. */
    static String value(SignedCommandType.Field field, String value) throws UsageException {
        String what = "field " + field.name() + " (" + field.type() + ")";
        return switch (field.type()) {
            case "string" -> value;
            case "address" -> address(what, value);
            case "uint256" -> uint256(what, value).toString();
            default -> throw new UsageException(what + ": this tool cannot write a " + field.type());
        };
    }

    static String address(String what, String value) throws UsageException {
        if (!ADDRESS.matcher(value).matches()) {
            throw new UsageException(what + ": " + quote(value) + " is not an address (0x and 40 hex digits)");
        }
        String hex = value.substring(2);
        boolean mixedCase = !hex.equals(hex.toLowerCase(Locale.ROOT)) && !hex.equals(hex.toUpperCase(Locale.ROOT));
        if (mixedCase && !Keys.toChecksumAddress(value).equals(value)) {
            throw new UsageException(what + ": " + quote(value) + " is mixed case but not its EIP-55 checksum "
                    + "(a mistyped digit?); write it all in lower case to skip the check");
        }
        return value;
    }

    static BigInteger uint256(String what, String value) throws UsageException {
        if (!UINT.matcher(value).matches() || new BigInteger(value).compareTo(UINT256_LIMIT) >= 0) {
            throw new UsageException(what + ": " + quote(value)
                    + " is not a decimal uint256 (0 to 2^256 - 1, no sign, no leading zeros)");
        }
        return new BigInteger(value);
    }

    /** The key {@code --key} names; the error never repeats the key itself. */
    static ECKeyPair key(String spec, Invocation io) throws UsageException {
        String hex;
        String source;
        if (spec.startsWith("dev:")) {
            String n = spec.substring(4);
            if (!n.matches("[0-9]{1,2}")) {
                throw new UsageException(
                        "--key dev:N: N is 0 to 99 (anvil's development keys, m/44'/60'/0'/0/N), not " + quote(n));
            }
            return CommandSigner.key(DevelopmentKeys.key(Integer.parseInt(n)));
        } else if (spec.startsWith("env:")) {
            String name = spec.substring(4);
            hex = io.env().get(name);
            if (hex == null || hex.isBlank()) {
                throw new UsageException("--key env:" + name + ": the environment variable " + name + " is not set");
            }
            hex = hex.strip();
            source = "--key env:" + name + ": the value of " + name;
        } else {
            hex = spec;
            source = "--key";
        }
        if (!PRIVATE_KEY.matcher(hex).matches()) {
            throw new UsageException(source
                    + " is not a private key (0x and 64 hex digits; or dev:0..dev:9 for anvil's development keys, "
                    + "or env:NAME)");
        }
        BigInteger secret = Numeric.toBigInt(hex);
        if (secret.signum() == 0 || secret.compareTo(Sign.CURVE_PARAMS.getN()) >= 0) {
            throw new UsageException(source + " is not a secp256k1 private key (it must be 1 to n - 1)");
        }
        return ECKeyPair.create(secret);
    }

    private static long expiry(Args args, long now) throws UsageException {
        Optional<String> expiry = args.option("expiry");
        Optional<String> validFor = args.option("valid-for");
        if (expiry.isPresent() && validFor.isPresent()) {
            throw new UsageException("give --expiry or --valid-for, not both");
        }
        if (expiry.isPresent()) {
            BigInteger seconds = uint256("--expiry", expiry.get());
            if (seconds.bitLength() > 63) {
                throw new UsageException("--expiry: " + expiry.get() + " is beyond any date the services accept "
                        + "(unix seconds, at most 1 h from now by default)");
            }
            return seconds.longValueExact();
        }
        Duration validity = validFor.isPresent() ? Durations.parse("--valid-for", validFor.get()) : DEFAULT_VALIDITY;
        return now + validity.toSeconds();
    }

    private static SigningDomain domain(Args args, Invocation io) throws UsageException {
        String chainId = args.option("chain-id")
                .or(() -> Optional.ofNullable(io.env().get(CHAIN_ID_ENV)).filter(s -> !s.isBlank()))
                .orElse(DEFAULT_CHAIN_ID)
                .strip();
        String contract = args.option("contract")
                .or(() -> Optional.ofNullable(io.env().get(CONTRACT_ENV)).filter(s -> !s.isBlank()))
                .orElse(DEFAULT_CONTRACT)
                .strip();
        SigningCatalogue catalogue = SigningCatalogue.get();
        return new SigningDomain(
                catalogue.domainName(),
                catalogue.domainVersion(),
                uint256("--chain-id", chainId),
                address("--contract", contract).toLowerCase(Locale.ROOT));
    }

    /** What the services would refuse, said before the request is sent (the output is still printed). */
    private static void warnings(
            SignedCommandType type,
            Map<String, String> fields,
            CommandSigner.SignedMessage signed,
            long now,
            Invocation io) {
        type.signerField().ifPresent(field -> {
            if (!fields.get(field).equalsIgnoreCase(signed.signer())) {
                warn(
                        io,
                        "the key is " + signed.signer() + "'s but " + field + " is " + fields.get(field)
                                + ": the service refuses the signature (401 WRONG_SIGNER)");
            }
        });
        if (signed.expiry() <= now) {
            warn(
                    io,
                    "the expiry " + signed.expiry() + " has passed (now " + now + "): the service refuses it "
                            + "(401 SIGNATURE_EXPIRED)");
        } else if (signed.expiry() > now + SERVICE_MAX_VALIDITY.toSeconds()) {
            warn(
                    io,
                    "the expiry is more than 1 h ahead: services with the default coverclaims.signing.max-validity "
                            + "refuse it (401 EXPIRY_TOO_FAR)");
        }
    }

    private static void warn(Invocation io, String message) {
        io.err().println("claims sign: warning: " + message);
    }

    /** The fields a caller gives: all of the message's but nonce and expiry. */
    static List<SignedCommandType.Field> fields(SignedCommandType type) {
        return type.fields().stream().filter(f -> !TRAILER.contains(f.name())).toList();
    }

    static List<SignedCommandType> types() {
        // the catalogue's order (signed-commands.json), not the map's
        JsonNode commands = rawCatalogue().get("commands");
        List<SignedCommandType> types = new ArrayList<>();
        commands.fieldNames()
                .forEachRemaining(name -> types.add(SigningCatalogue.get().type(name)));
        return types;
    }

    private static String commandNames() {
        return types().stream().map(SignedCommandType::name).collect(Collectors.joining(", "));
    }

    private static String describe(List<SignedCommandType.Field> fields) {
        return fields.stream().map(f -> f.name() + " (" + f.type() + ")").collect(Collectors.joining(", "));
    }

    /** signed-commands.json as written (the catalogue's order, endpoints and notes). */
    static JsonNode rawCatalogue() {
        try (InputStream in = SigningCatalogue.class.getResourceAsStream(SigningCatalogue.RESOURCE)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
