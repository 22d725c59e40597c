package io.coverclaims.platform.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * The typed data of every command a wallet signs, read from {@code signed-commands.json} (schemas module): the one
 * definition the edge verifies against, {@code ./claims sign} signs with and docs/signing.md publishes.
 */
public final class SigningCatalogue {

    public static final String RESOURCE = "/signed-commands.json";

    private static final SigningCatalogue INSTANCE = load();

    private final String domainName;
    private final String domainVersion;
    private final Map<String, SignedCommandType> types;

    private SigningCatalogue(String domainName, String domainVersion, Map<String, SignedCommandType> types) {
        this.domainName = domainName;
        this.domainVersion = domainVersion;
        this.types = Map.copyOf(types);
    }

    public static SigningCatalogue get() {
        return INSTANCE;
    }

    /** The EIP-712 domain's {@code name} (the product's name). */
    public String domainName() {
        return domainName;
    }

    /** The EIP-712 domain's {@code version}. */
    public String domainVersion() {
        return domainVersion;
    }

    public Map<String, SignedCommandType> types() {
        return types;
    }

    /** The signed command named {@code name}; an unknown name is a programming error. */
    public SignedCommandType type(String name) {
        SignedCommandType type = types.get(name);
        if (type == null) {
            throw new IllegalArgumentException("no signed command " + name + " in " + RESOURCE);
        }
        return type;
    }

    private static SigningCatalogue load() {
        try (InputStream in = SigningCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath (schemas module)");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            Map<String, SignedCommandType> types = new LinkedHashMap<>();
            root.get("commands").properties().forEach(entry -> {
                JsonNode command = entry.getValue();
                List<SignedCommandType.Field> fields = StreamSupport.stream(
                                command.get("fields").spliterator(), false)
                        .map(f -> new SignedCommandType.Field(
                                f.get("name").asText(), f.get("type").asText()))
                        .toList();
                JsonNode signer = command.get("signer");
                types.put(
                        entry.getKey(),
                        new SignedCommandType(
                                entry.getKey(),
                                signer == null || signer.isNull() ? Optional.empty() : Optional.of(signer.asText()),
                                fields));
            });
            return new SigningCatalogue(
                    root.get("domain").get("name").asText(),
                    root.get("domain").get("version").asText(),
                    types);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
