package dev.jflame.agent;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Opens two of the JDK's internal packages to jflame's module:
 * <ul>
 *   <li>{@code jdk.management}'s {@code com.sun.management.internal}, so that the sampler gives its JVM the
 *       diagnostic commands it needs ({@code JFR.configure}, {@code Compiler.directives_add}) without creating the
 *       platform MBean server: 1-3 ms of CPU instead of 89-151 ms (JDK 17-25), in every profiled JVM and, for an
 *       attach, in the service at that moment;</li>
 *   <li>{@code jdk.jfr}'s {@code jdk.jfr.internal}, so that jflame's threads are kept out of JFR's events as JFR
 *       keeps its own ({@code JfrThreads}).</li>
 * </ul>
 * Where a module or package is absent, or cannot be changed, nothing happens: the commands take the MBean
 * server's way, and JFR records jflame's threads. Stateless.
 *
 * <p>jflame's module is the unnamed module of the class loader that loaded the agent, the system class loader,
 * which the application's class path shares (a module of jflame's own would need a module layer of its own).
 * So the application's code could reach these two packages too; only code that means to use the JDK's
 * internals would notice.
 */
final class JdkAccess {
    /** Module, package, and whether it is opened (deep reflection) rather than exported (public members only). */
    private static final String[][] PACKAGES = {
        {"jdk.management", "com.sun.management.internal", "open"},
        {"jdk.jfr", "jdk.jfr.internal", "export"},
    };

    private JdkAccess() {
    }

    /**
     * What opens them, for the jflame thread that first needs one to run (null without {@code inst}): in
     * {@code premain} the opening took ~7 ms of the application's thread, most of it the JDK's first lambdas.
     */
    static Runnable opener(Instrumentation inst) {
        if (inst == null) {
            return null;
        }
        // An inner class, not a lambda: see Sampler's constructor.
        return new Runnable() {
            @Override
            public void run() {
                for (String[] p : PACKAGES) {
                    open(inst, p[0], p[1], p[2].equals("open"));
                }
            }
        };
    }

    static void open(Instrumentation inst, String module, String pkg, boolean deep) {
        try {
            Optional<Module> jdk = ModuleLayer.boot().findModule(module);
            Module ours = JdkAccess.class.getModule();
            if (jdk.isEmpty() || !jdk.get().getPackages().contains(pkg) || !inst.isModifiableModule(jdk.get())
                    || (deep ? jdk.get().isOpen(pkg, ours) : jdk.get().isExported(pkg, ours))) {
                return;
            }
            Map<String, Set<Module>> to = Map.of(pkg, Set.of(ours));
            inst.redefineModule(jdk.get(), Set.of(), deep ? Map.of() : to, deep ? to : Map.of(), Set.of(), Map.of());
        } catch (RuntimeException | LinkageError e) {
            // An optimisation only (see the class comment).
        }
    }
}
