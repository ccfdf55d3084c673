package dev.jflame.agent;

import dev.jflame.agent.output.AgentLog;
import java.lang.instrument.Instrumentation;

/**
 * Entry points for {@code -javaagent} and for loading into a running JVM. They only hand over to
 * {@link AgentRuntime}; nothing that goes wrong in jflame may reach the host application.
 */
public final class Agent {
    private Agent() {
    }

    public static void premain(String args, Instrumentation inst) {
        launch(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        launch(args, inst, true);
    }

    private static void launch(String args, Instrumentation inst, boolean attached) {
        try {
            AgentRuntime.get().handle(args, inst, attached);
        } catch (Throwable t) {
            AgentLog.error("agent failed, profiling disabled: " + t);
        }
    }
}
