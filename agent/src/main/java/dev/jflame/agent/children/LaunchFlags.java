package dev.jflame.agent.children;

import dev.jflame.core.options.Options;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags jflame adds beside its agent on the command lines it writes ({@code jflame run},
 * child JVMs): the two that make the JIT record where inlined code is between safepoint polls, so
 * JFR's samples credit an inlined hot method rather than its caller; and, where JFR may give the
 * running stacks, JFR's stack depth raised to the profile's (JFR keeps 64 frames by default, and a
 * test method under JUnit 5 in a surefire fork is about 90 deep: its samples lost their root). They
 * go before the application's own arguments, so a flag the user gave (say
 * {@code -XX:-DebugNonSafepoints}, or their own {@code -XX:FlightRecorderOptions}) still wins.
 * Option {@code nonsafepoints=false} leaves the first two out. Stateless.
 */
public final class LaunchFlags {
    private static final List<String> NON_SAFEPOINTS = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints");
    /** JFR refuses a larger stackdepth. */
    private static final int JFR_MAX_DEPTH = 2048;

    private LaunchFlags() {
    }

    /** What goes right after the {@code java} executable: the flags {@code options} ask for, then the agent. */
    public static List<String> javaArguments(String agentArgument, Options options) {
        List<String> args = new ArrayList<>(options.nonSafepoints() ? NON_SAFEPOINTS : List.of());
        if (options.engine() != Options.Engine.JAVA) {
            args.add("-XX:FlightRecorderOptions=stackdepth=" + Math.min(options.depth(), JFR_MAX_DEPTH));
        }
        args.add(agentArgument);
        return args;
    }

    /** The same, space-separated, for {@code JAVA_TOOL_OPTIONS}. */
    public static String toolOptions(String agentArgument, Options options) {
        return String.join(" ", javaArguments(agentArgument, options));
    }
}
