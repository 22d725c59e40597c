package io.coverclaims.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One command line: options ({@code --name value} or {@code --name=value}), flags ({@code --name}, no value) and
 * positional arguments. Only the options and flags a command declares are accepted; options not declared repeatable
 * may be given once.
 */
final class Args {

    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private final List<String> positionals = new ArrayList<>();
    private final Set<String> flags = new java.util.HashSet<>();
    private boolean help;

    private Args() {}

    /**
     * Parses {@code argv}: {@code single} options take one value once, {@code repeatable} ones any number of times;
     * {@code -h} or {@code --help} asks for the usage; {@code --} ends the options.
     */
    static Args parse(List<String> argv, Set<String> single, Set<String> repeatable) throws UsageException {
        return parse(argv, single, repeatable, Set.of());
    }

    /** As {@link #parse(List, Set, Set)}, with {@code flags}: options that take no value ({@code --yes}). */
    static Args parse(List<String> argv, Set<String> single, Set<String> repeatable, Set<String> flags)
            throws UsageException {
        Args args = new Args();
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg.equals("--")) {
                args.positionals.addAll(argv.subList(i + 1, argv.size()));
                break;
            }
            if (arg.equals("-h") || arg.equals("--help")) {
                args.help = true;
                continue;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                args.positionals.add(arg);
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new UsageException("unknown option " + arg + " (options are spelled --name)");
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            if (flags.contains(name)) {
                if (equals >= 0) {
                    throw new UsageException("--" + name + " takes no value");
                }
                args.flags.add(name);
                continue;
            }
            if (!single.contains(name) && !repeatable.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < argv.size()) {
                value = argv.get(++i);
            } else {
                throw new UsageException("--" + name + " needs a value");
            }
            List<String> values = args.options.computeIfAbsent(name, n -> new ArrayList<>());
            if (!values.isEmpty() && single.contains(name)) {
                throw new UsageException("--" + name + " is given twice");
            }
            values.add(value);
        }
        return args;
    }

    boolean help() {
        return help;
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    List<String> positionals() {
        return positionals;
    }

    Optional<String> option(String name) {
        List<String> values = options.get(name);
        return values == null ? Optional.empty() : Optional.of(values.get(0));
    }

    List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }
}
