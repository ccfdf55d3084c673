package dev.jflame.agent.children;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.jflame.agent.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;

/**
 * Weaves {@link ProcessStartAdvice} into {@code java.lang.ProcessImpl} when that class is loaded or
 * retransformed. Thread-safe (stateless).
 *
 * <p>A plain transformer rather than Byte Buddy's {@code AgentBuilder}: the JVM calls it only for
 * classes it loads, and Byte Buddy itself is loaded only when {@code ProcessImpl} is, so a JVM that
 * never starts a process never pays for Byte Buddy.
 */
final class ProcessImplTransformer implements ClassFileTransformer {
    static final String INTERNAL_NAME = "java/lang/ProcessImpl";

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) {
        if (loader != null || !INTERNAL_NAME.equals(className)) {
            return null;
        }
        try {
            return weave(bytes);
        } catch (Throwable t) {
            AgentLog.error("cannot follow child JVMs, process launch left unchanged: " + t);
            return null;
        }
    }

    static byte[] weave(byte[] bytes) {
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of("java.lang.ProcessImpl", bytes),
                ClassFileLocator.ForClassLoader.ofBootLoader());
        TypeDescription type = TypePool.Default.of(locator).describe("java.lang.ProcessImpl").resolve();
        return new ByteBuddy()
                // Retransformation may not add members; the disabled context adds none.
                .with(Implementation.Context.Disabled.Factory.INSTANCE)
                .redefine(type, locator)
                .visit(Advice.to(ProcessStartAdvice.class).on(named("start").and(isStatic()).and(takesArguments(5))))
                .make()
                .getBytes();
    }
}
