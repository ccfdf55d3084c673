package dev.jflame.agent.cli;

import java.util.Collections;
import java.util.Set;

/** One {@code jflame} subcommand. Implementations are stateless between runs. */
interface Command {
    /** The word that selects it, e.g. {@code attach}. */
    String name();

    /** One line for {@code jflame help}. */
    String summary();

    /** Synopsis, description and an example, for {@code jflame help <name>}. */
    String usage();

    /** Whether it takes profiling options, so help lists them. */
    default boolean takesProfilingOptions() {
        return false;
    }

    /** Extra boolean switches it accepts (e.g. a future {@code --tree}); none by default. */
    default Set<String> switches() {
        return Collections.emptySet();
    }

    /** Profiling options whose default differs for this command from the agent's (attach's duration). */
    default java.util.Map<dev.jflame.core.options.Options.Key, String> optionDefaults() {
        return Collections.emptyMap();
    }

    /** Whether option parsing ends at the first positional argument ({@code run}'s java command). */
    default boolean positionalEndsOptions() {
        return false;
    }

    /** Runs the command and returns the process exit code. @throws CliException for reported failures */
    int run(CommandLine line) throws Exception;
}
