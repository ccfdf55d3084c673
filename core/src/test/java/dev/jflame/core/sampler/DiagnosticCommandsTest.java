package dev.jflame.core.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The directives that keep jflame's code out of C2, as the JVM itself then lists them (this test's JVM). */
class DiagnosticCommandsTest {
    private static int ours(String printed) {
        int n = 0;
        for (int at = printed.indexOf("matching: dev/jflame/*.*"); at >= 0; at = printed.indexOf("matching: dev/jflame/*.*", at + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void jflamesOwnMethodsAreLeftToC1OnceAJvm() {
        DiagnosticCommands.keepOwnCodeOutOfC2();
        DiagnosticCommands.keepOwnCodeOutOfC2();
        String printed = DiagnosticCommands.invoke("compilerDirectivesPrint");
        assertEquals(1, ours(printed), "added once, however many sessions: " + printed);
        String c2 = printed.substring(printed.indexOf("matching: dev/jflame/*.*"));
        c2 = c2.substring(c2.indexOf("c2 directives:"));
        assertTrue(c2.substring(0, c2.indexOf('\n', c2.indexOf("Enable:"))).contains("Exclude:true"), printed);
        // And every other method's C2 compile leaves jflame's methods out of its inlining.
        String rest = c2.substring(c2.indexOf("matching: *.*"));
        rest = rest.substring(rest.indexOf("c2 directives:"));
        assertTrue(rest.substring(0, rest.indexOf("Enable:")).contains("inline: -dev/jflame/*.*"), printed);
    }
}
