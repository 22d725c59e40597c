package io.coverclaims.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The entry point of {@code ./claims token} and {@code ./claims sign}: {@code Cli <command> <arguments>}. Exit
 * status 0 on success, 2 for a command line that cannot be carried out (the message says why), 1 for anything else.
 */
public final class Cli {

    private Cli() {}

    public static void main(String[] argv) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        Invocation system = Invocation.system();
        int status = run(
                List.of(argv),
                new Invocation(out, err, system.env(), system.callerDir(), system.clock(), system.random()));
        out.flush();
        err.flush();
        System.exit(status);
    }

    static int run(List<String> argv, Invocation io) {
        String command = argv.isEmpty() ? "" : argv.get(0);
        List<String> rest = argv.isEmpty() ? List.of() : argv.subList(1, argv.size());
        try {
            return switch (command) {
                case "token" -> new TokenCommand().run(rest, io);
                case "sign" -> new SignCommand().run(rest, io);
                default -> {
                    io.err().println("usage: Cli token|sign <arguments> (./claims token --help, ./claims sign --help)");
                    yield 2;
                }
            };
        } catch (UsageException e) {
            io.err().println("claims " + command + ": " + e.getMessage());
            io.err().println("  (./claims " + command + " --help shows the usage)");
            return 2;
        } catch (RuntimeException e) {
            io.err().println("claims " + command + ": failed: " + e);
            return 1;
        }
    }
}
