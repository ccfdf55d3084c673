package dev.jflame.core.sampler;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Keeps jflame's own threads out of JFR, as JFR keeps its own ({@code jdk.jfr.internal.JVM.exclude}): JFR then
 * neither samples them nor records their events. Where captures stop the world (JDK 11-20) jflame asks JFR for
 * the waits of a millisecond or more, and the sampler's own sleep between ticks was one of them, 100 times a
 * second: recorded with its stack (7 % of the sampler thread's CPU on JDK 17, async-profiler on IdleCrowd 200),
 * written to the chunk, then parsed by jflame's stream only to be dropped. A recording of the user's own no
 * longer shows jflame's threads either; their CPU is in jflame's profile ({@code SamplerStats}).
 *
 * <p>Needs the agent to have exported {@code jdk.jfr.internal} to jflame ({@link JdkInternals}); where it has not,
 * or the JDK's internals differ, nothing happens. Stateless.
 */
final class JfrThreads {
    private JfrThreads() {
    }

    /** Excludes those of {@code threads} that are alive; call once JFR runs in this JVM. */
    static void exclude(Iterable<Thread> threads) {
        if (Jvm.EXCLUDE == null) {
            return;
        }
        for (Thread t : threads) {
            // Not a thread that has ended or not started: JFR would keep a reference to it in a list
            // it only empties when a thread starts.
            if (t.isAlive()) {
                try {
                    Jvm.EXCLUDE.invoke(Jvm.INSTANCE, t);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // That thread's events stay in JFR: a cost, not an error.
                }
            }
        }
    }

    /** JFR's {@code JVM.exclude(Thread)}, an instance method up to JDK 21 and static since, or null where out of reach. */
    private static final class Jvm {
        static final Object INSTANCE;
        static final Method EXCLUDE;

        static {
            Object instance = null;
            Method exclude = null;
            try {
                JdkInternals.open();
                Class<?> jvm = Class.forName("jdk.jfr.internal.JVM");
                if (jvm.getModule().isExported(jvm.getPackageName(), JfrThreads.class.getModule())) {
                    exclude = jvm.getMethod("exclude", Thread.class);
                    instance = Modifier.isStatic(exclude.getModifiers()) ? null : jvm.getMethod("getJVM").invoke(null);
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                exclude = null;
            }
            INSTANCE = instance;
            EXCLUDE = exclude;
        }
    }
}
