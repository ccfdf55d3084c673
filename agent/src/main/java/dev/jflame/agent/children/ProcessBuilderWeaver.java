package dev.jflame.agent.children;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;

/**
 * Weaves {@link ProcessBuilderAdvice} into the bytes of {@code java.lang.ProcessBuilder} with Byte
 * Buddy. Stateless and thread-safe. Kept apart from {@link ProcessBuilderTransformer} so that loading
 * the transformer in premain does not make the verifier load Byte Buddy.
 */
final class ProcessBuilderWeaver {
    static final String CLASS_NAME = "java.lang.ProcessBuilder";

    private ProcessBuilderWeaver() {
    }

    static byte[] weave(byte[] bytes) {
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(CLASS_NAME, bytes),
                ClassFileLocator.ForClassLoader.ofBootLoader());
        TypeDescription type = TypePool.Default.of(locator).describe(CLASS_NAME).resolve();
        return new ByteBuddy()
                // Retransformation may not add members; the disabled context adds none.
                .with(Implementation.Context.Disabled.Factory.INSTANCE)
                .redefine(type, locator)
                .visit(Advice.to(ProcessBuilderAdvice.class).on(named("start").and(isPrivate()).and(takesArguments(1))))
                .make()
                .getBytes();
    }
}
