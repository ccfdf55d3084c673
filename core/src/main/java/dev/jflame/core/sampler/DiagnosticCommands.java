package dev.jflame.core.sampler;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/**
 * The JVM's diagnostic commands that jflame gives its own JVM (what {@code jcmd} reaches from outside):
 * {@code JFR.configure} and {@code Compiler.directives_add}. Both are optimisations or refinements: where one
 * fails, the JVM's defaults stand and nothing is said. Stateless but for the once-a-JVM directive.
 *
 * <p>The commands go straight to the JVM through the JDK's own {@code DiagnosticCommandImpl} when the agent has
 * opened its package to jflame ({@link JdkInternals}): 1.1 ms of CPU on JDK 17, 2.9 ms on 25.
 * Otherwise through the platform MBean server's {@code DiagnosticCommand} bean, which creates that server: 89 ms
 * on 17, 151 ms on 25 (medians of fresh JVMs, {@code bench/DiagnosticCommandCost.java}), once per profiled JVM,
 * and in a service jflame was attached to, at the moment of the attach.
 */
final class DiagnosticCommands {
    /**
     * The packages of the agent's jar, and only those: {@code dev/jflame/*} alone would also take the test
     * applications ({@code dev.jflame.testapps}) out of C2, and with them the benchmarks' own work.
     */
    static final String[] OWN_PACKAGES = {"dev/jflame/agent/", "dev/jflame/core/", "dev/jflame/flamegraph/", "dev/jflame/shaded/"};

    /**
     * jflame's own code, and the libraries shaded into it, compiled by C1 only (tier 1: optimised, not
     * profiled). C2 spent 0.86 s of CPU on it in the first 35 s of IdleCrowd 200 on JDK 17 (2 430 ms against
     * 1 571 ms with this directive, async-profiler cpu on the JVM), most of it while the application had
     * long reached its own steady state; the sampler's CPU did not grow (921 ms, 766 ms). The second directive
     * keeps it out of the JDK's C2 compiles too: C2 inlined jflame's event handlers into JFR's
     * {@code Dispatcher.dispatch}, a compile of 0.15-0.39 s 10-25 s into the run, 0.02 s without them; C2's CPU
     * between 8 and 24 s fell from 420-690 ms to 180-220 ms (three runs each, IdleCrowd 200, JDK 17).
     */
    static final String C1_ONLY_DIRECTIVE = "[ { match: " + patterns("") + ", c2: { Exclude: true } },"
            + " { match: \"*.*\", c2: { inline: " + patterns("-") + " } } ]";

    /** The directive's method patterns for {@link #OWN_PACKAGES}, each after {@code prefix}, as a JSON array. */
    private static String patterns(String prefix) {
        StringBuilder b = new StringBuilder("[");
        for (String p : OWN_PACKAGES) {
            b.append(b.length() == 1 ? "" : ", ").append('"').append(prefix).append(p).append("*.*\"");
        }
        return b.append(']').toString();
    }

    /** Whether the directive was added in this JVM: a second session (another attach) must not stack it again. */
    private static boolean ownCodeOutOfC2;

    private DiagnosticCommands() {
    }

    /** The commands jflame gives, by their {@code jcmd} name and their operation on the MBean. */
    enum Command {
        JFR_CONFIGURE("JFR.configure", "jfrConfigure"),
        COMPILER_DIRECTIVES_ADD("Compiler.directives_add", "compilerDirectivesAdd"),
        COMPILER_DIRECTIVES_PRINT("Compiler.directives_print", "compilerDirectivesPrint");

        final String jcmdName;
        final String operation;

        Command(String jcmdName, String operation) {
            this.jcmdName = jcmdName;
            this.operation = operation;
        }
    }

    /** {@code JFR.configure} with {@code settings} ({@code name=value} each). */
    static void jfrConfigure(String... settings) {
        invoke(Command.JFR_CONFIGURE, settings);
    }

    /**
     * Keeps jflame's own methods out of C2 ({@link #C1_ONLY_DIRECTIVE}). The directive is read from a file of
     * this user's, made and deleted around the command, as {@code Compiler.directives_add} takes only a path.
     * Called after the sampler's first second, perhaps while the JVM exits (a 0-byte file of {@code
     * createTempFile}'s, given as the sampler started, was found left so), the file is registered for deletion at
     * exit before it exists; an exit whose deletions ran before the file was made can still leave it. It is created
     * exclusively (never through a link left at its name), named by the clock rather than by
     * {@code SecureRandom}, whose start-up {@code createTempFile} pays.
     */
    static synchronized void keepOwnCodeOutOfC2() {
        if (ownCodeOutOfC2) {
            return;
        }
        ownCodeOutOfC2 = true;
        Path file = null;
        try {
            Path named = Paths.get(System.getProperty("java.io.tmpdir"), "jflame-directives-" + System.nanoTime() + ".json");
            // Registered first, so no moment is left in which an exit would leave the file behind.
            named.toFile().deleteOnExit();
            Files.write(named, C1_ONLY_DIRECTIVE.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            // Ours from here: a name already taken threw above (and only another jflame JVM uses such names).
            file = named;
            invoke(Command.COMPILER_DIRECTIVES_ADD, file.toString());
        } catch (java.io.IOException | RuntimeException e) {
            // No temporary directory to write to (or the JVM is exiting): C2 compiles jflame's code, as it would anyway.
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (java.io.IOException e) {
                    // a file of a few bytes left in the temporary directory
                }
            }
        }
    }

    /** What the command printed (jcmd would show it), or null where it could not run. */
    static String invoke(Command command, String... args) {
        String line = command.jcmdName + (args.length == 0 ? "" : " " + String.join(" ", args));
        if (Direct.EXECUTE != null) {
            try {
                return String.valueOf(Direct.EXECUTE.invoke(Direct.BEAN, line));
            } catch (ReflectiveOperationException | RuntimeException e) {
                // The command failed there (its arguments, say); the MBean server would only fail the same way.
                return null;
            }
        }
        try {
            javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            Object out = server.invoke(new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                    command.operation, new Object[] {args}, new String[] {String[].class.getName()});
            return String.valueOf(out);
        } catch (Exception | LinkageError e) {
            // The JVM's defaults stand (see the class comment).
            return null;
        }
    }

    /**
     * The JDK's diagnostic-command bean and its method that runs a command line, when its package is open to
     * jflame ({@link JdkInternals} opens it first); both null otherwise. The same JVM entry the MBean's operations
     * end in (they join their arguments with spaces the same way), without the MBean server. Loaded at first use.
     */
    private static final class Direct {
        static final Object BEAN;
        static final java.lang.reflect.Method EXECUTE;

        static {
            Object bean = null;
            java.lang.reflect.Method execute = null;
            try {
                JdkInternals.open();
                Class<?> impl = Class.forName("com.sun.management.internal.DiagnosticCommandImpl");
                if (impl.getModule().isOpen(impl.getPackageName(), DiagnosticCommands.class.getModule())) {
                    java.lang.reflect.Method get = impl.getDeclaredMethod("getDiagnosticCommandMBean");
                    java.lang.reflect.Method run = impl.getDeclaredMethod("executeDiagnosticCommand", String.class);
                    if (get.trySetAccessible() && run.trySetAccessible()) {
                        bean = get.invoke(null);
                        execute = bean == null ? null : run;
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                // Another JDK's internals (or none): the MBean server's way.
                bean = null;
                execute = null;
            }
            BEAN = bean;
            EXECUTE = execute;
        }
    }
}
