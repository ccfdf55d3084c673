package dev.jflame.agent.children;

import dev.jflame.core.options.Options;

/**
 * How the agent rides in {@code JAVA_TOOL_OPTIONS}, for commands that are not a {@code java}
 * launcher (a shell, a build tool, a start script). The JVM splits that variable on whitespace and
 * reads quotes as grouping — an unmatched one makes the JVM refuse to start — so the options go
 * {@linkplain Options#encode encoded} when they hold any of those, and a jar path that holds one
 * cannot go at all. Stateless.
 */
public final class ToolOptions {
    public static final String NAME = "JAVA_TOOL_OPTIONS";

    private ToolOptions() {
    }

    /** The {@code -javaagent} entry for {@code JAVA_TOOL_OPTIONS}, or null if the jar's path cannot be carried there. */
    public static String agentArgument(String jarPath, String agentString) {
        if (!carriable(jarPath)) {
            return null;
        }
        return "-javaagent:" + jarPath + "=" + (carriable(agentString) ? agentString : Options.encode(agentString));
    }

    /** Whether {@code s} survives the JVM's parsing of {@code JAVA_TOOL_OPTIONS} as one word. */
    static boolean carriable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == '\'' || c == '"') {
                return false;
            }
        }
        return true;
    }
}
