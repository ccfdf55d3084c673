package dev.jflame.agent.cli;

import dev.jflame.core.options.OptionException;
import dev.jflame.core.options.Options;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A subcommand's arguments, parsed. Immutable once built.
 *
 * <p>Profiling flags go through {@link Options.Builder#set(String, String)}, so the CLI accepts exactly
 * what the agent string accepts and fails with the same messages: {@code -i}/{@code --interval},
 * {@code -d}/{@code --duration}, {@code -o}/{@code --file}, every other option as {@code --<name> value}
 * or {@code --name=value}, and the generic {@code --opt key=value}.
 */
final class CommandLine {
    private static final Map<String, String> SHORT = new LinkedHashMap<>();

    static {
        SHORT.put("-i", "interval");
        SHORT.put("-d", "duration");
        SHORT.put("-o", "file");
        SHORT.put("-f", "file");
    }

    private final List<String> positional;
    private final Options options;
    private final Set<String> switches;
    private final boolean help;

    private CommandLine(List<String> positional, Options options, Set<String> switches, boolean help) {
        this.positional = positional;
        this.options = options;
        this.switches = switches;
        this.help = help;
    }

    /**
     * @throws CliException (usage) for an unknown flag, a missing value or a bad option value
     */
    static CommandLine parse(Command command, List<String> args) {
        List<String> positional = new ArrayList<>();
        Options.Builder builder = Options.builder();
        Set<String> switches = new HashSet<>();
        boolean help = false;
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (optionsEnded || !a.startsWith("-") || a.equals("-")) {
                positional.add(a);
                optionsEnded |= command.positionalEndsOptions();
                continue;
            }
            if (a.equals("--")) {
                optionsEnded = true;
                continue;
            }
            if (a.equals("-h") || a.equals("--help")) {
                help = true;
                continue;
            }
            if (command.switches().contains(a)) {
                switches.add(a);
                continue;
            }
            String flag = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                flag = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            String key = optionName(command, flag);
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw CliException.usage(flag + " needs a value");
                }
                value = args.get(++i);
            }
            try {
                if (key.equals("opt")) {
                    int kv = value.indexOf('=');
                    if (kv <= 0) {
                        throw CliException.usage("--opt needs key=value, got '" + value + "'");
                    }
                    builder.set(value.substring(0, kv).trim(), value.substring(kv + 1).trim());
                } else {
                    builder.set(key, value);
                }
            } catch (OptionException e) {
                throw CliException.usage(e.getMessage());
            }
        }
        Options options;
        try {
            options = builder.build();
        } catch (OptionException e) {
            throw CliException.usage(e.getMessage());
        }
        return new CommandLine(Collections.unmodifiableList(positional), options, switches, help);
    }

    private static String optionName(Command command, String flag) {
        String shortName = SHORT.get(flag);
        if (shortName != null) {
            return shortName;
        }
        if (flag.startsWith("--") && flag.length() > 2) {
            String name = flag.substring(2).toLowerCase(Locale.ROOT);
            if (name.equals("opt") || isOptionName(name)) {
                return name;
            }
        }
        throw CliException.usage("unknown flag '" + flag + "' for " + command.name() + "; see jflame help " + command.name());
    }

    private static boolean isOptionName(String name) {
        for (Options.Key k : Options.Key.values()) {
            if (!k.isInternal() && k.optionName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    List<String> positional() {
        return positional;
    }

    /** The profiling options given; unset ones keep their defaults. */
    Options options() {
        return options;
    }

    boolean has(String aSwitch) {
        return switches.contains(aSwitch);
    }

    boolean help() {
        return help;
    }

    /** The single positional argument, e.g. the target; usage error if there is not exactly one. */
    String onlyPositional(Command command, String what) {
        if (positional.size() != 1) {
            throw CliException.usage(command.name() + " needs exactly one " + what + (positional.isEmpty() ? "" : ", got " + positional)
                    + "; see jflame help " + command.name());
        }
        return positional.get(0);
    }
}
