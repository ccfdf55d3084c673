package dev.jflame.core.sampler;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JVM's diagnostic commands that jflame gives its own JVM, through the platform MBean server's
 * {@code DiagnosticCommand} bean (what {@code jcmd} reaches from outside): {@code JFR.configure} and
 * {@code Compiler.directives_add}. Both are optimisations or refinements: where one fails, the JVM's defaults
 * stand and nothing is said. Creating the platform MBean server costs ~0.2 s of CPU once in a JVM that had
 * none; its beans are the JDK's. Stateless.
 */
final class DiagnosticCommands {
    /**
     * jflame's own code, and the libraries shaded into it, compiled by C1 only (tier 1: optimised, not
     * profiled). C2 spent 0.86 s of CPU on it in the first 35 s of IdleCrowd 200 on JDK 17 (2 430 ms against
     * 1 571 ms with this directive, async-profiler cpu on the JVM), most of it while the application had
     * long reached its own steady state; the sampler's CPU did not grow (921 ms, 766 ms). The second directive
     * keeps it out of the JDK's C2 compiles too: C2 inlined jflame's event handlers into JFR's
     * {@code Dispatcher.dispatch}, a compile of 0.15-0.39 s 10-25 s into the run, 0.02 s without them; C2's CPU
     * between 8 and 24 s fell from 420-690 ms to 180-220 ms (three runs each, IdleCrowd 200, JDK 17).
     */
    static final String C1_ONLY_DIRECTIVE = "[ { match: \"dev/jflame/*.*\", c2: { Exclude: true } },"
            + " { match: \"*.*\", c2: { inline: \"-dev/jflame/*.*\" } } ]";

    /** Whether the directive was added in this JVM: a second session (another attach) must not stack it again. */
    private static boolean ownCodeOutOfC2;

    private DiagnosticCommands() {
    }

    /** {@code JFR.configure} with {@code settings} ({@code name=value} each). */
    static void jfrConfigure(String... settings) {
        invoke("jfrConfigure", settings);
    }

    /**
     * Keeps jflame's own methods out of C2 ({@link #C1_ONLY_DIRECTIVE}). The directive is read from a file of
     * this user's, made and deleted around the command, as {@code Compiler.directives_add} takes only a path.
     */
    static synchronized void keepOwnCodeOutOfC2() {
        if (ownCodeOutOfC2) {
            return;
        }
        ownCodeOutOfC2 = true;
        Path file = null;
        try {
            file = Files.createTempFile("jflame-directives", ".json");
            Files.write(file, C1_ONLY_DIRECTIVE.getBytes(StandardCharsets.UTF_8));
            invoke("compilerDirectivesAdd", file.toString());
        } catch (java.io.IOException | RuntimeException e) {
            // No temporary directory to write to: C2 compiles jflame's code, as it would anyway.
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
    static String invoke(String operation, String... args) {
        try {
            javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            Object out = server.invoke(new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), operation,
                    new Object[] {args}, new String[] {String[].class.getName()});
            return String.valueOf(out);
        } catch (Exception | LinkageError e) {
            // The JVM's defaults stand (see the class comment).
            return null;
        }
    }
}
