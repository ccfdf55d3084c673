package dev.jflame.agent.children;

import dev.jflame.agent.output.AgentLog;
import java.lang.instrument.Instrumentation;

/**
 * Makes child JVMs started by this one carry the agent. Thread-safe (synchronized).
 */
public final class ChildPropagation {
    private static boolean woven;

    private ChildPropagation() {
    }

    /**
     * Activates the rewriter and arranges for {@code ProcessBuilder} to be woven when it loads, or now
     * if it already has (an agent loaded into a running JVM).
     *
     * @param spooled whether this JVM writes into a spool itself (a child, or a JVM under {@code jflame
     *     run}): then children that inherit its {@code JAVA_TOOL_OPTIONS} join the same spool
     */
    public static synchronized void install(Instrumentation inst, String jarPath, String childOptions, boolean spooled) {
        ChildCommandRewriter rewriter = new ChildCommandRewriter(jarPath, childOptions);
        ChildCommandRewriter.activate(rewriter);
        if (woven) {
            return;
        }
        if (spooled && rewriter.inheritedByChildren()) {
            // This JVM got the agent through JAVA_TOOL_OPTIONS with a spool (jflame run of a script
            // or build tool): every child that inherits the environment joins the same spool, and
            // the weaving would only cost Byte Buddy's load (~0.2 s of CPU in Maven's JVM). A child
            // started with that variable removed from its environment is then not followed.
            return;
        }
        try {
            inst.addTransformer(new ProcessBuilderTransformer(), true);
            woven = true;
            for (Class<?> c : inst.getAllLoadedClasses()) {
                if (c.getName().equals(ProcessBuilderWeaver.CLASS_NAME)) {
                    inst.retransformClasses(c);
                }
            }
        } catch (Throwable t) {
            AgentLog.error("cannot follow child JVMs, they will not be profiled: " + t);
        }
    }

    /** Stops rewriting launches, e.g. when profiling stops in an attached JVM. */
    public static void uninstall() {
        ChildCommandRewriter.activate(null);
    }
}
