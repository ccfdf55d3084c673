package dev.jflame.testapps;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses {@code --name value} command-line arguments against a fixed set of names with defaults.
 * Not thread-safe; meant to be used once, from {@code main}.
 *
 * <p>Any problem (unknown name, missing value, value of the wrong form) prints one line on stderr —
 * the problem and the usage — and exits with status 2, so a test that gets the arguments wrong fails
 * fast and legibly instead of profiling the wrong workload.
 */
final class Args {

    private final String program;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final String usage;

    private Args(String program, String[] namesAndDefaults) {
        this.program = program;
        if (namesAndDefaults.length % 2 != 0) {
            throw new IllegalArgumentException("names and defaults must come in pairs");
        }
        StringBuilder line = new StringBuilder("usage: java dev.jflame.testapps.").append(program);
        for (int i = 0; i < namesAndDefaults.length; i += 2) {
            String name = namesAndDefaults[i];
            String fallback = namesAndDefaults[i + 1];
            values.put(name, fallback);
            if (fallback == null) {
                line.append(" --").append(name).append(" <value>");
            } else {
                line.append(" [--").append(name).append(' ').append(fallback).append(']');
            }
        }
        this.usage = line.toString();
    }

    /**
     * Parses {@code argv}; exits with status 2 on an unknown name or a missing value.
     *
     * @param program          the simple class name, used in messages
     * @param argv             the arguments as given to {@code main}
     * @param namesAndDefaults pairs of option name (without {@code --}) and default value; a
     *                         {@code null} default makes the option required
     */
    static Args parse(String program, String[] argv, String... namesAndDefaults) {
        Args args = new Args(program, namesAndDefaults);
        for (int i = 0; i < argv.length; i += 2) {
            String flag = argv[i];
            if (!flag.startsWith("--") || !args.values.containsKey(flag.substring(2))) {
                args.fail("unknown option '" + flag + "'");
            }
            if (i + 1 >= argv.length) {
                args.fail("missing value for " + flag);
            }
            args.values.put(flag.substring(2), argv[i + 1]);
        }
        args.values.forEach((name, value) -> {
            if (value == null) {
                args.fail("missing required option --" + name);
            }
        });
        return args;
    }

    String string(String name) {
        return values.get(name);
    }

    /** Returns the value as an int that is at least {@code min}. */
    int integer(String name, int min) {
        try {
            int value = Integer.parseInt(string(name));
            if (value >= min) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the same message as an out-of-range value
        }
        throw fail("--" + name + " must be an integer >= " + min + ", got '" + string(name) + "'");
    }

    /** Returns a non-negative duration given in (possibly fractional) seconds, in milliseconds. */
    long millisFromSeconds(String name) {
        try {
            double seconds = Double.parseDouble(string(name));
            if (seconds >= 0 && !Double.isInfinite(seconds)) {
                return Math.round(seconds * 1000);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw fail("--" + name + " must be a number of seconds >= 0, got '" + string(name) + "'");
    }

    boolean bool(String name) {
        return choice(name, "true", "false").equals("true");
    }

    /** Returns the value, which must be one of {@code allowed}. */
    String choice(String name, String... allowed) {
        String value = string(name);
        if (!Arrays.asList(allowed).contains(value)) {
            throw fail("--" + name + " must be one of " + String.join("|", allowed) + ", got '" + value + "'");
        }
        return value;
    }

    /**
     * Reports a bad argument and exits with status 2. Declared to return an exception so callers can
     * write {@code throw args.fail(...)} and keep the compiler's flow analysis happy.
     */
    RuntimeException fail(String problem) {
        System.err.println(program + ": " + problem + "; " + usage);
        System.err.flush();
        System.exit(2);
        return new IllegalStateException("unreachable");
    }
}
