package dev.jflame.agent.children;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ProcessBuilder.start(Redirect[])}, the private method every JDK path to a new
 * process goes through ({@code ProcessBuilder.start()}, {@code Runtime.exec}, pipelines).
 *
 * <p>On entry it swaps the builder's {@code command} and {@code environment} fields for rewritten
 * copies, and on exit (also when the start throws) puts the caller's own objects back, so the
 * application never sees its builder changed. The code is copied into a bootstrap class, which
 * cannot see the agent's classes, so it reaches {@link ChildCommandRewriter#rewrite} by reflection
 * through the system class loader (where {@code -javaagent} and the Attach API put the agent jar).
 * That costs microseconds per process start and avoids appending to the bootstrap class path, which
 * makes every JVM print a class-data-sharing warning. Any failure leaves the launch as asked.
 *
 * <p>Why {@code ProcessBuilder} and not {@code ProcessImpl.start}: from JDK 21 on, merely reading an
 * environment variable loads {@code ProcessImpl}, and weaving is what pulls in Byte Buddy; the
 * builder is loaded only by code that starts processes.
 */
final class ProcessBuilderAdvice {
    private ProcessBuilderAdvice() {
    }

    @Advice.OnMethodEnter
    @SuppressWarnings("unchecked")
    static Object[] enter(@Advice.FieldValue(value = "command", readOnly = false) List<String> command,
                          @Advice.FieldValue(value = "environment", readOnly = false) Map<String, String> environment) {
        try {
            Object[] replaced = (Object[]) Class.forName("dev.jflame.agent.children.ChildCommandRewriter", true,
                            ClassLoader.getSystemClassLoader())
                    .getMethod("rewrite", String[].class, Map.class)
                    .invoke(null, command.toArray(new String[0]), environment);
            if (replaced == null) {
                return null;
            }
            Object[] saved = {command, environment};
            command = new ArrayList<>(Arrays.asList((String[]) replaced[0]));
            environment = (Map<String, String>) replaced[1];
            return saved;
        } catch (Throwable ignored) {
            return null;
        }
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    @SuppressWarnings("unchecked")
    static void exit(@Advice.Enter Object[] saved,
                     @Advice.FieldValue(value = "command", readOnly = false) List<String> command,
                     @Advice.FieldValue(value = "environment", readOnly = false) Map<String, String> environment) {
        if (saved != null) {
            command = (List<String>) saved[0];
            environment = (Map<String, String>) saved[1];
        }
    }
}
