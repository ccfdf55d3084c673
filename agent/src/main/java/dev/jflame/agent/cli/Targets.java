package dev.jflame.agent.cli;

import dev.jflame.core.options.Options;

/** Steps the control commands share: find the target, refuse stray options. Stateless. */
final class Targets {
    private Targets() {
    }

    static TargetJvm fromArgs(Command command, CommandLine line) {
        return JvmDirectory.resolve(line.onlyPositional(command, "<pid|name>"));
    }

    /** Usage error if any profiling option other than those allowed was given. */
    static void allowOnly(Command command, CommandLine line, Options.Key... allowed) {
        for (Options.Key k : Options.Key.values()) {
            if (!line.options().isSet(k)) {
                continue;
            }
            boolean ok = false;
            for (Options.Key a : allowed) {
                ok |= a == k;
            }
            if (!ok) {
                throw CliException.usage(command.name() + " takes no '" + k.optionName() + "' option; see jflame help " + command.name());
            }
        }
    }
}
