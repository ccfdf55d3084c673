package dev.jflame.agent.children;

import dev.jflame.agent.AgentLog;
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
     */
    public static synchronized void install(Instrumentation inst, String jarPath, String childOptions) {
        ChildCommandRewriter.activate(new ChildCommandRewriter(jarPath, childOptions));
        if (woven) {
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
