package dev.jflame.agent.children;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;

/**
 * Weaves {@link ProcessStartAdvice} into the bytes of {@code java.lang.ProcessImpl} with Byte Buddy.
 * Stateless and thread-safe. Kept apart from {@link ProcessImplTransformer} so that loading the
 * transformer in premain does not make the verifier load Byte Buddy.
 */
final class ProcessImplWeaver {
    private ProcessImplWeaver() {
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
