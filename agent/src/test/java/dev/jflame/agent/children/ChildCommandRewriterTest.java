package dev.jflame.agent.children;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildCommandRewriterTest {
    private final ChildCommandRewriter rewriter = new ChildCommandRewriter("/opt/jflame/jflame.jar", "spool=/tmp/s");
    private static final String AGENT = "-javaagent:/opt/jflame/jflame.jar=spool=/tmp/s";

    @Test
    void javaLauncherGetsTheAgentRightAfterTheExecutable() {
        Map<String, String> env = new HashMap<>();
        Object[] r = rewriter.apply(new String[] {"/usr/lib/jvm/x/bin/java", "-Xmx1g", "-cp", "a.jar", "Main", "arg"}, env);
        assertArrayEquals(new String[] {"/usr/lib/jvm/x/bin/java", AGENT, "-Xmx1g", "-cp", "a.jar", "Main", "arg"}, (String[]) r[0]);
        assertSame(env, r[1]);
    }

    @Test
    void aJvmThatAlreadyHasJflameIsLeftAlone() {
        assertNull(rewriter.apply(new String[] {"java", "-javaagent:/other/place/jflame.jar=file=x.html", "Main"}, null));
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_TOOL_OPTIONS", "-javaagent:/opt/jflame/jflame.jar=spool=/tmp/s");
        assertNull(rewriter.apply(new String[] {"java", "Main"}, env));
        assertNull(rewriter.apply(new String[] {"sh", "-c", "java Main"}, env));
    }

    @Test
    void otherCommandsRunUnchangedWithTheAgentInTheirEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_TOOL_OPTIONS", "-Xss2m");
        env.put("KEEP", "me");
        String[] cmd = {"sh", "-c", "exec java Main"};
        Object[] r = rewriter.apply(cmd, env);
        assertSame(cmd, r[0]);
        @SuppressWarnings("unchecked")
        Map<String, String> out = (Map<String, String>) r[1];
        assertEquals("-Xss2m " + AGENT, out.get("JAVA_TOOL_OPTIONS"));
        assertEquals("me", out.get("KEEP"));
        assertEquals("-Xss2m", env.get("JAVA_TOOL_OPTIONS"), "the caller's map is not modified");
    }

    @Test
    void inheritedEnvironmentIsCopiedWhenTheBuilderHadNone() {
        Object[] r = rewriter.apply(new String[] {"./start-worker.sh"}, null);
        @SuppressWarnings("unchecked")
        Map<String, String> out = (Map<String, String>) r[1];
        assertTrue(out.get("JAVA_TOOL_OPTIONS").endsWith(AGENT));
        assertEquals(System.getenv("PATH"), out.get("PATH"));
    }

    @Test
    void launcherNames() {
        assertTrue(ChildCommandRewriter.isJavaLauncher("java"));
        assertTrue(ChildCommandRewriter.isJavaLauncher("/usr/bin/java"));
        assertTrue(ChildCommandRewriter.isJavaLauncher("C:\\jdk\\bin\\java.exe"));
        assertFalse(ChildCommandRewriter.isJavaLauncher("javac"));
        assertFalse(ChildCommandRewriter.isJavaLauncher("/opt/java/bin/jcmd"));
        assertNull(ChildCommandRewriter.rewrite(new String[] {"java"}, null), "inactive until activated");
    }
}
