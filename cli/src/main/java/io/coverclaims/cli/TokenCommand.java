package io.coverclaims.cli;

import static io.coverclaims.cli.Durations.quote;

import io.coverclaims.platform.auth.OperatorKeys;
import io.coverclaims.platform.auth.OperatorRoles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ./claims token --role <role> ...}: an operator's bearer token (a JWT, the roles in its {@code groups}
 * claim) signed with the local operator key pair, the one services started locally verify against. The pair is
 * created if missing, as the first service to start would.
 */
final class TokenCommand {

    static final String KEYS_ENV = "COVERCLAIMS_OPERATOR_KEYS_DIR";
    /** The services' default ({@code coverclaims.operator-keys.dir}), relative to the repository root. */
    static final String DEFAULT_KEYS = ".local/operator-keys";

    static final Duration DEFAULT_TTL = Duration.ofHours(1);

    static String usage() {
        return """
                usage: ./claims token --role <role> [--role <role>...] [--ttl 1h] [--subject name] [--keys dir]

                Prints an operator's bearer token (JWT, RS256, issuer %s) with the roles, signed
                with the local operator key pair; send it as Authorization: Bearer <token>:
                  curl -H "Authorization: Bearer $(./claims token --role pool-admin)" ...

                  --role <role>     a role the token carries (repeat for more, or pool-admin,guardian):
                                    %s
                  --ttl <time>      how long the token is valid: 90s, 10m, 1h, 2d (default 1h)
                  --subject <name>  who the operator is; commands record operator:<name> as their actor
                                    (default: your user name)
                  --keys <dir>      the key pair's directory (default $%s, else %s
                                    in the repository: what services started from the repository root verify
                                    against); the pair is generated there if missing
                """.formatted(OperatorKeys.LOCAL_ISSUER, String.join(", ", OperatorRoles.ALL), KEYS_ENV, DEFAULT_KEYS);
    }

    int run(List<String> argv, Invocation io) throws UsageException {
        Args args = Args.parse(argv, Set.of("ttl", "subject", "keys"), Set.of("role"));
        if (args.help()) {
            io.out().print(usage());
            return 0;
        }
        if (!args.positionals().isEmpty()) {
            throw new UsageException(
                    "unexpected " + quote(args.positionals().get(0)) + " (roles are given as --role <role>)");
        }
        Set<String> roles = new LinkedHashSet<>();
        for (String option : args.all("role")) {
            for (String role : option.split(",", -1)) {
                String name = role.strip();
                if (!OperatorRoles.ALL.contains(name)) {
                    throw new UsageException(
                            "unknown role " + quote(name) + "; the roles are " + String.join(", ", OperatorRoles.ALL));
                }
                roles.add(name);
            }
        }
        if (roles.isEmpty()) {
            throw new UsageException(
                    "--role is required (one or more of " + String.join(", ", OperatorRoles.ALL) + ")");
        }
        Duration ttl = args.option("ttl").isPresent()
                ? Durations.parse("--ttl", args.option("ttl").get())
                : DEFAULT_TTL;
        String subject = args.option("subject")
                .orElseGet(() -> System.getProperty("user.name", "operator"))
                .strip();
        if (subject.isEmpty()) {
            throw new UsageException("--subject must not be blank");
        }
        Path keys = keys(args, io);
        if (OperatorKeys.ensure(keys)) {
            io.err()
                    .println("claims token: generated the operator key pair in " + keys
                            + " (services verify against its " + OperatorKeys.PUBLIC_KEY + ")");
        }
        io.out().println(OperatorKeys.token(keys, roles, ttl, subject));
        return 0;
    }

    /** --keys, else $COVERCLAIMS_OPERATOR_KEYS_DIR (both relative to the caller's directory), else the default. */
    private static Path keys(Args args, Invocation io) {
        String given = args.option("keys").orElseGet(() -> io.env().get(KEYS_ENV));
        if (given != null && !given.isBlank()) {
            return io.resolve(given.strip());
        }
        return Path.of(DEFAULT_KEYS).toAbsolutePath().normalize();
    }
}
