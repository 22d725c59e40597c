package io.coverclaims.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.coverclaims.platform.auth.OperatorKeys;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCommandTest {

    @TempDir
    Path dir;

    CliRun token(String... argv) {
        String[] full = new String[argv.length + 1];
        full[0] = "token";
        System.arraycopy(argv, 0, full, 1, argv.length);
        return CliRun.run(Map.of(), dir, full);
    }

    static JsonNode part(String token, int index) throws Exception {
        return SignCommand.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[index]));
    }

    static PublicKey publicKey(Path keys) throws Exception {
        String pem = Files.readString(keys.resolve(OperatorKeys.PUBLIC_KEY))
                .replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }

    @Test
    void the_token_carries_the_roles_the_subject_the_local_issuer_and_the_ttl() throws Exception {
        CliRun run = token(
                "--role", "pool-admin", "--role", "guardian", "--ttl", "15m", "--subject", "alice", "--keys", "keys");

        assertThat(run.status()).as(run.err()).isZero();
        String token = run.out().strip();
        assertThat(run.out()).isEqualTo(token + System.lineSeparator());
        JsonNode header = part(token, 0);
        JsonNode claims = part(token, 1);
        assertThat(header.get("alg").asText()).isEqualTo("RS256");
        assertThat(claims.get("iss").asText()).isEqualTo(OperatorKeys.LOCAL_ISSUER);
        assertThat(claims.get("sub").asText()).isEqualTo("alice");
        assertThat(claims.get("upn").asText()).isEqualTo("alice");
        assertThat(claims.get("groups"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("pool-admin", "guardian");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(15 * 60);
    }

    @Test
    void the_token_is_signed_by_the_pair_services_verify_against() throws Exception {
        String token = token("--role", "arbiter", "--keys", "keys").out().strip();

        String[] parts = token.split("\\.");
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(publicKey(dir.resolve("keys")));
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rsa.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    @Test
    void the_services_jwt_verifier_accepts_the_token_with_its_roles() throws Exception {
        String token = token("--role", "product-admin", "--subject", "bob", "--keys", "keys")
                .out()
                .strip();

        // what quarkus-smallrye-jwt does with mp.jwt.verify.publickey.location and mp.jwt.verify.issuer
        JWTAuthContextInfo context = new JWTAuthContextInfo(publicKey(dir.resolve("keys")), OperatorKeys.LOCAL_ISSUER);
        JsonWebToken verified = new DefaultJWTParser(context).parse(token);

        assertThat(verified.getGroups()).containsExactly("product-admin");
        assertThat(verified.getName()).isEqualTo("bob");
        JWTAuthContextInfo otherIssuer = new JWTAuthContextInfo(publicKey(dir.resolve("keys")), "https://elsewhere");
        assertThatThrownBy(() -> new DefaultJWTParser(otherIssuer).parse(token)).isInstanceOf(ParseException.class);
    }

    @Test
    void the_key_pair_is_generated_when_missing_and_kept_after() throws Exception {
        CliRun first = token("--role", "pool-admin", "--keys", "keys");
        assertThat(first.err()).contains("generated the operator key pair in " + dir.resolve("keys"));
        String publicKey = Files.readString(dir.resolve("keys").resolve(OperatorKeys.PUBLIC_KEY));

        CliRun second = token("--role", "pool-admin", "--keys", "keys");
        assertThat(second.status()).isZero();
        assertThat(second.err()).isEmpty();
        assertThat(Files.readString(dir.resolve("keys").resolve(OperatorKeys.PUBLIC_KEY)))
                .isEqualTo(publicKey);
    }

    @Test
    void the_keys_directory_comes_from_the_environment_relative_to_the_caller() {
        CliRun run = CliRun.run(Map.of(TokenCommand.KEYS_ENV, "from-env"), dir, "token", "--role", "oracle-admin");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(dir.resolve("from-env").resolve(OperatorKeys.PRIVATE_KEY)).exists();
    }

    @Test
    void roles_may_be_given_comma_separated() throws Exception {
        CliRun run = token("--role", "claims-admin,arbiter", "--keys", "keys");

        assertThat(part(run.out().strip(), 1).get("groups"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("claims-admin", "arbiter");
    }

    @Test
    void an_unknown_role_is_refused_listing_the_roles_with_exit_2() {
        CliRun run = token("--role", "admin", "--keys", "keys");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .contains("unknown role 'admin'; the roles are pool-admin, product-admin, claims-admin, arbiter, "
                        + "oracle-admin, guardian");
        assertThat(dir.resolve("keys")).doesNotExist();
    }

    @Test
    void a_token_without_a_role_is_refused() {
        CliRun run = token("--keys", "keys");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--role is required");
    }

    @Test
    void a_ttl_that_is_not_a_positive_duration_is_refused() {
        assertThat(token("--role", "guardian", "--ttl", "forever").err())
                .contains("--ttl: 'forever' is not a duration");
        assertThat(token("--role", "guardian", "--ttl", "PT0S").err()).contains("must be positive");
    }

    @Test
    void stray_arguments_and_unknown_options_exit_2() {
        assertThat(token("pool-admin").err()).contains("roles are given as --role <role>");
        assertThat(token("--roles", "pool-admin").status()).isEqualTo(2);
    }

    @Test
    void help_lists_the_roles_and_exits_0() {
        CliRun run = token("--help");

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("usage: ./claims token").contains("pool-admin, product-admin");
    }
}
