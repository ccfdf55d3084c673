package dev.jflame.agent.children;

import java.util.Map;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of {@code ProcessImpl.start(String[] cmd, Map env, String dir, Redirect[],
 * boolean)}, the one method every JDK path to a new process goes through.
 *
 * <p>The code is copied into a bootstrap class, which cannot see the agent's classes, so it reaches
 * {@link ChildCommandRewriter#rewrite} by reflection through the system class loader (where
 * {@code -javaagent} and the Attach API put the agent jar). That costs microseconds per process
 * start and avoids appending to the bootstrap class path, which makes every JVM print a class-data
 * sharing warning. Any failure leaves the launch as the application asked for it.
 */
final class ProcessStartAdvice {
    private ProcessStartAdvice() {
    }

    @Advice.OnMethodEnter
    @SuppressWarnings("unchecked")
    static void enter(@Advice.Argument(value = 0, readOnly = false) String[] command,
                      @Advice.Argument(value = 1, readOnly = false) Map<String, String> environment) {
        try {
            Object[] replaced = (Object[]) Class.forName("dev.jflame.agent.children.ChildCommandRewriter", true,
                            ClassLoader.getSystemClassLoader())
                    .getMethod("rewrite", String[].class, Map.class)
                    .invoke(null, command, environment);
            if (replaced != null) {
                command = (String[]) replaced[0];
                environment = (Map<String, String>) replaced[1];
            }
        } catch (Throwable ignored) {
            // jflame must never break a process launch
        }
    }
}
