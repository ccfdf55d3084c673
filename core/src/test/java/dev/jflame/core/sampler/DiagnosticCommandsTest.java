package dev.jflame.core.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The directives that keep jflame's code out of C2, as the JVM itself then lists them (this test's JVM). */
class DiagnosticCommandsTest {
    /** How the JVM lists the first directive's match: its four patterns, in its own order. */
    private static final String OURS = "matching: dev/jflame/shaded/*.*, dev/jflame/flamegraph/*.*, dev/jflame/core/*.*,"
            + " dev/jflame/agent/*.*";

    private static int count(String printed, String what) {
        int n = 0;
        for (int at = printed.indexOf(what); at >= 0; at = printed.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void jflamesOwnMethodsAreLeftToC1OnceAJvm() {
        DiagnosticCommands.keepOwnCodeOutOfC2();
        DiagnosticCommands.keepOwnCodeOutOfC2();
        String printed = DiagnosticCommands.invoke(DiagnosticCommands.Command.COMPILER_DIRECTIVES_PRINT);
        assertEquals(1, count(printed, OURS), "added once, however many sessions: " + printed);
        // The agent's packages only: an application's (here the test apps', dev.jflame.testapps) keep C2.
        assertEquals(0, count(printed, "dev/jflame/*.*"), printed);
        String c2 = printed.substring(printed.indexOf(OURS));
        c2 = c2.substring(c2.indexOf("c2 directives:"));
        assertTrue(c2.substring(0, c2.indexOf('\n', c2.indexOf("Enable:"))).contains("Exclude:true"), printed);
        // And every other method's C2 compile leaves jflame's methods out of its inlining.
        String rest = c2.substring(c2.indexOf("matching: *.*"));
        rest = rest.substring(rest.indexOf("c2 directives:"));
        assertTrue(rest.substring(0, rest.indexOf("Enable:")).contains(
                "inline: -dev/jflame/agent/*.*, -dev/jflame/core/*.*, -dev/jflame/flamegraph/*.*, -dev/jflame/shaded/*.*"), printed);
    }
}
