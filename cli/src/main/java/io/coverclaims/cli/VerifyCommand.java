package io.coverclaims.cli;

import static io.coverclaims.cli.Durations.quote;

import io.coverclaims.schemas.serde.AvroSingleObjectDeserializer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code ./claims verify}: the cross-context invariants ({@link Invariants}) over the whole log, each event topic read
 * once, from its first offset to the end it has when the read starts. Exit status 0 when every invariant holds, 1
 * when one does not.
 */
final class VerifyCommand {

    static String usage() {
        return """
                usage: ./claims verify [--bootstrap host:port]

                Checks the cross-context invariants over the whole log (policy.events, pool.events, claim.events
                and chain.events, each read once from its first offset), prints each with its counts and PASS or
                FAIL, and exits 0 when all hold, 1 when one does not:
                  every pool's ledger is conserved after every event
                  each claim is settled at most once
                  sum settled = sum anchored (plus what is still on its way)
                  sum redeemed on chain ≤ sum anchored
                  no policy has more paid than its cover
                docs/operations.md says what each one reads.

                  --bootstrap <host:port>  the Kafka cluster (default %s)
                """.formatted(Cluster.DEFAULT_BOOTSTRAP);
    }

    int run(List<String> argv, Invocation io) throws UsageException {
        Args args = Args.parse(argv, Set.of("bootstrap"), Set.of());
        if (args.help()) {
            io.out().print(usage());
            return 0;
        }
        if (!args.positionals().isEmpty()) {
            throw new UsageException("unexpected " + quote(args.positionals().getFirst())
                    + " (verify reads the whole log: ./claims verify [--bootstrap host:port])");
        }
        Invariants invariants = new Invariants();
        AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
        Map<String, Long> read = new TreeMap<>();
        String bootstrap = args.option("bootstrap").orElse(Cluster.DEFAULT_BOOTSTRAP);
        try (Cluster cluster = new Cluster(bootstrap)) {
            cluster.scan(Invariants.TOPICS, ProgressBar.of("verify: reading the log", io), record -> {
                read.merge(record.topic(), 1L, Long::sum);
                try {
                    invariants.accept(LoggedEvent.decode(record, avro));
                } catch (LoggedEvent.Undecodable e) {
                    invariants.undecodable(e.getMessage());
                }
            });
        }
        return print(bootstrap, read, invariants.checks(), io);
    }

    static int print(String bootstrap, Map<String, Long> read, List<Invariants.Check> checks, Invocation io) {
        StringBuilder counts = new StringBuilder();
        for (String topic : Invariants.TOPICS) {
            counts.append(counts.isEmpty() ? "" : ", ")
                    .append(topic)
                    .append(' ')
                    .append(read.getOrDefault(topic, 0L));
        }
        io.out()
                .println("verify: the cross-context invariants over the log of " + bootstrap + " (events read: "
                        + counts + ")");
        long failed = 0;
        for (Invariants.Check check : checks) {
            io.out().println((check.passed() ? "  PASS  " : "  FAIL  ") + check.title());
            for (String detail : check.details()) {
                io.out().println("        " + detail);
            }
            List<String> violations = check.violations();
            for (String violation : violations.subList(0, Math.min(Invariants.SHOWN, violations.size()))) {
                io.out().println("        ✘ " + violation);
            }
            if (violations.size() > Invariants.SHOWN) {
                io.out().println("        ✘ … and " + (violations.size() - Invariants.SHOWN) + " more");
            }
            failed += check.passed() ? 0 : 1;
        }
        if (failed == 0) {
            io.out().println("verify: all " + checks.size() + " invariants hold");
            return 0;
        }
        io.out().println("verify: " + failed + " of " + checks.size() + " invariants FAILED");
        return 1;
    }
}
