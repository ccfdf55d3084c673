package dev.jflame.agent.children;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags jflame adds beside its agent on the command lines it writes ({@code jflame run},
 * child JVMs): the two that make the JIT record where inlined code is between safepoint polls, so
 * JFR's samples credit an inlined hot method rather than its caller. They go before the application's
 * own arguments, so a flag the user gave (say {@code -XX:-DebugNonSafepoints}) still wins. Option
 * {@code nonsafepoints=false} leaves them out. Stateless.
 *
 * <p>Not {@code -XX:FlightRecorderOptions=stackdepth=N}: a JVM without the {@code jdk.jfr} module (a
 * jlinked runtime) refuses to start with it, and the last such flag replaces a user's own whole. The
 * depth is set inside the JVM when JFR starts ({@code JfrStacks}).
 */
public final class LaunchFlags {
    private static final List<String> NON_SAFEPOINTS = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints");

    private LaunchFlags() {
    }

    /** What goes right after the {@code java} executable: the flags if asked for, then the agent. */
    public static List<String> javaArguments(String agentArgument, boolean nonSafepoints) {
        List<String> args = new ArrayList<>(nonSafepoints ? NON_SAFEPOINTS : List.of());
        args.add(agentArgument);
        return args;
    }

    /** The same, space-separated, for {@code JAVA_TOOL_OPTIONS}. */
    public static String toolOptions(String agentArgument, boolean nonSafepoints) {
        return String.join(" ", javaArguments(agentArgument, nonSafepoints));
    }
}
