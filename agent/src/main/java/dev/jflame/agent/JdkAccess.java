package dev.jflame.agent;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Opens the JDK's diagnostic-command implementation ({@code jdk.management}'s
 * {@code com.sun.management.internal}) to jflame's own classes, so that the sampler can give its JVM the
 * commands it needs ({@code JFR.configure}, {@code Compiler.directives_add}) without creating the platform MBean
 * server: 1-3 ms of CPU instead of 89-151 ms (JDK 17-25), in every profiled JVM and, for an attach, in the service at that
 * moment. Only jflame's module gains access. Where the module or package is absent, or cannot be changed,
 * nothing happens and the commands take the MBean server's way. Stateless.
 */
final class JdkAccess {
    private static final String MODULE = "jdk.management";
    private static final String PACKAGE = "com.sun.management.internal";

    private JdkAccess() {
    }

    /**
     * What opens them, for the thread that gives the first command to run (null without {@code inst}): in
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
                openDiagnosticCommands(inst);
            }
        };
    }

    static void openDiagnosticCommands(Instrumentation inst) {
        try {
            Optional<Module> jdk = ModuleLayer.boot().findModule(MODULE);
            Module ours = JdkAccess.class.getModule();
            if (jdk.isEmpty() || !jdk.get().getPackages().contains(PACKAGE) || jdk.get().isOpen(PACKAGE, ours)
                    || !inst.isModifiableModule(jdk.get())) {
                return;
            }
            inst.redefineModule(jdk.get(), Set.of(), Map.of(), Map.of(PACKAGE, Set.of(ours)), Set.of(), Map.of());
        } catch (RuntimeException | LinkageError e) {
            // An optimisation only: the commands still reach the JVM through the MBean server.
        }
    }
}
