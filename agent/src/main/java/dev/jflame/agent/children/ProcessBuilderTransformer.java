package dev.jflame.agent.children;

import dev.jflame.agent.output.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;

/**
 * Hands {@code java.lang.ProcessBuilder} to {@link ProcessBuilderWeaver} when that class is loaded or
 * retransformed. Thread-safe (stateless).
 *
 * <p>A plain transformer rather than Byte Buddy's {@code AgentBuilder}: the JVM calls it only for
 * classes it loads, and Byte Buddy itself is loaded only when {@code ProcessBuilder} is, so a JVM that
 * never starts a process never pays for Byte Buddy.
 */
final class ProcessBuilderTransformer implements ClassFileTransformer {
    static final String INTERNAL_NAME = "java/lang/ProcessBuilder";

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) {
        if (loader != null || !INTERNAL_NAME.equals(className)) {
            return null;
        }
        try {
            return ProcessBuilderWeaver.weave(bytes);
        } catch (Throwable t) {
            AgentLog.error("cannot follow child JVMs, process launch left unchanged: " + t);
            return null;
        }
    }
}
