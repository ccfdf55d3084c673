package dev.jflame.agent.output;

/**
 * The agent's only voice: one line on stderr per event, prefixed {@code jflame:}. Thread-safe.
 *
 * <p>Child JVMs are started with {@code quiet} so that a worker's own stderr stays what its parent
 * expects; their errors still print, since a silent failure would be worse.
 */
public final class AgentLog {
    private static volatile boolean quiet;

    private AgentLog() {
    }

    public static void setQuiet(boolean q) {
        quiet = q;
    }

    /** Informational line, suppressed in quiet mode. */
    public static void info(String message) {
        if (!quiet) {
            System.err.println("jflame: " + message);
        }
    }

    /** A problem the user must see; always printed. */
    public static void error(String message) {
        System.err.println("jflame: " + message);
    }
}
