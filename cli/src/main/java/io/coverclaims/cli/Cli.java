package io.coverclaims.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The entry point of {@code ./claims token}, {@code sign} and the operators' tools ({@code history}, {@code at},
 * {@code verify}, {@code dead-letters}, {@code replay}: docs/operations.md): {@code Cli <command> <arguments>}. Exit
 * status 0 on success, 2 for a command line that cannot be carried out (the message says why), 1 for anything else
 * (a failed invariant, a mismatch, an unreachable broker or service: said in a sentence).
 */
public final class Cli {

    static final String TOOLS = "token|sign|history|at|verify|dead-letters|replay";

    /** Kept: the log manager holds its loggers weakly, and the levels set on them would go with them. */
    private static final List<Logger> QUIET =
            List.of(Logger.getLogger("org.apache.kafka"), Logger.getLogger("org.apache.avro"));

    private Cli() {}

    public static void main(String[] argv) {
        QUIET.forEach(logger -> logger.setLevel(Level.SEVERE)); // the clients' chatter is not the tools' output
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        Invocation system = Invocation.system();
        int status = run(
                List.of(argv),
                new Invocation(
                        out,
                        err,
                        system.env(),
                        system.callerDir(),
                        system.clock(),
                        system.random(),
                        system.in(),
                        system.errIsTerminal()));
        out.flush();
        err.flush();
        System.exit(status);
    }

    /**
     * Runs a tool in this process, as ./claims would, printing to {@code out} and {@code err} with no operator at a
     * keyboard (for the demo's verification, which runs {@code replay} against the system it started).
     */
    public static int run(List<String> argv, PrintStream out, PrintStream err) {
        Invocation system = Invocation.system();
        return run(argv, new Invocation(out, err, system.env(), system.callerDir(), system.clock(), system.random()));
    }

    static int run(List<String> argv, Invocation io) {
        String command = argv.isEmpty() ? "" : argv.get(0);
        List<String> rest = argv.isEmpty() ? List.of() : argv.subList(1, argv.size());
        try {
            return switch (command) {
                case "token" -> new TokenCommand().run(rest, io);
                case "sign" -> new SignCommand().run(rest, io);
                case "history" -> new HistoryCommand().run(rest, io);
                case "at" -> new AtCommand().run(rest, io);
                case "verify" -> new VerifyCommand().run(rest, io);
                case "replay" -> new ReplayCommand().run(rest, io);
                case "dead-letters" -> new DeadLettersCommand().run(rest, io);
                default -> {
                    io.err().println("usage: Cli " + TOOLS + " <arguments> (./claims help; ./claims <command> --help)");
                    yield 2;
                }
            };
        } catch (UsageException e) {
            io.err().println("claims " + command + ": " + e.getMessage());
            io.err().println("  (./claims " + command + " --help shows the usage)");
            return 2;
        } catch (Unavailable e) {
            io.err().println("claims " + command + ": " + e.getMessage());
            return 1;
        } catch (IOException | RuntimeException e) {
            io.err().println("claims " + command + ": failed: " + e);
            return 1;
        } catch (LinkageError e) {
            io.err()
                    .println("claims " + command + ": a class of the tools is missing or stale (" + e
                            + "); is a build of the modules running? Run the command again once it is done");
            return 1;
        }
    }
}
