package dev.jflame.agent.children;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.options.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildCommandRewriterTest {
    private final ChildCommandRewriter rewriter = new ChildCommandRewriter("/opt/jflame/jflame.jar", "spool=/tmp/s");
    private static final String AGENT = "-javaagent:/opt/jflame/jflame.jar=spool=/tmp/s";
    private static final String FLAGS = "-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints";

    @Test
    void javaLauncherGetsTheFlagsAndTheAgentRightAfterTheExecutable() {
        Map<String, String> env = new HashMap<>();
        Object[] r = rewriter.apply(new String[] {"/usr/lib/jvm/x/bin/java", "-Xmx1g", "-cp", "a.jar", "Main", "arg"}, env);
        assertArrayEquals(new String[] {"/usr/lib/jvm/x/bin/java", "-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints", AGENT,
            "-Xmx1g", "-cp", "a.jar", "Main", "arg"}, (String[]) r[0]);
        assertSame(env, r[1]);
        ChildCommandRewriter plain = new ChildCommandRewriter("/opt/jflame/jflame.jar", "spool=/tmp/s,nonsafepoints=false");
        assertArrayEquals(new String[] {"java", "-javaagent:/opt/jflame/jflame.jar=spool=/tmp/s,nonsafepoints=false", "Main"},
                (String[]) plain.apply(new String[] {"java", "Main"}, env)[0], "nonsafepoints=false leaves the flags out");
        ChildCommandRewriter jfr = new ChildCommandRewriter("/opt/jflame/jflame.jar", "spool=/tmp/s,engine=jfr,depth=3000");
        for (String arg : (String[]) jfr.apply(new String[] {"java", "Main"}, env)[0]) {
            assertTrue(!arg.startsWith("-XX:FlightRecorderOptions"), "a JVM without jdk.jfr would refuse to start: " + arg);
        }
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
        assertEquals("-Xss2m " + FLAGS + " " + AGENT, out.get("JAVA_TOOL_OPTIONS"));
        assertEquals("me", out.get("KEEP"));
        assertEquals("-Xss2m", env.get("JAVA_TOOL_OPTIONS"), "the caller's map is not modified");
    }

    /** A user's own root agent in JAVA_TOOL_OPTIONS would make every JVM below a root writing the user's file. */
    @Test
    void aRootAgentInheritedThroughJavaToolOptionsIsReplacedByTheChildsAgent() {
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_TOOL_OPTIONS", "-Xss2m -javaagent:/opt/jflame/jflame.jar=file=/tmp/build.html -Dx=1");
        String[] script = {"sh", "-c", "exec java Main"};
        @SuppressWarnings("unchecked")
        Map<String, String> out = (Map<String, String>) rewriter.apply(script, env)[1];
        assertEquals("-Xss2m -Dx=1 " + FLAGS + " " + AGENT, out.get("JAVA_TOOL_OPTIONS"));
        Object[] java = rewriter.apply(new String[] {"java", "Main"}, env);
        assertArrayEquals(new String[] {"java", "-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints", AGENT, "Main"}, (String[]) java[0]);
        @SuppressWarnings("unchecked")
        Map<String, String> javaEnv = (Map<String, String>) java[1];
        assertEquals("-Xss2m -Dx=1", javaEnv.get("JAVA_TOOL_OPTIONS"), "the root's entry is gone, the child's is on the command line");
        env.put("JAVA_TOOL_OPTIONS", "-javaagent:/opt/jflame/jflame.jar=file=/tmp/build.html");
        @SuppressWarnings("unchecked")
        Map<String, String> alone = (Map<String, String>) rewriter.apply(new String[] {"java", "Main"}, env)[1];
        assertTrue(!alone.containsKey("JAVA_TOOL_OPTIONS"));
        assertEquals("-javaagent:/opt/jflame/jflame.jar=file=/tmp/build.html", env.get("JAVA_TOOL_OPTIONS"), "the caller's map is not modified");
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
    void agentPathsWithSpacesStayOutOfJavaToolOptions() {
        ChildCommandRewriter spaced = new ChildCommandRewriter("/home/my user/jflame.jar", "spool=/tmp/s");
        assertNull(spaced.apply(new String[] {"sh", "-c", "java Main"}, new HashMap<>()));
        String[] direct = (String[]) spaced.apply(new String[] {"java", "Main"}, new HashMap<>())[0];
        assertEquals("-javaagent:/home/my user/jflame.jar=spool=/tmp/s", direct[3], "a direct launch carries it as one argument");
    }

    @Test
    void optionsWithSpacesOrQuotesGoEncodedThroughJavaToolOptions() {
        String options = "spool=/tmp/it's a \"dir\",threads=a b";
        ChildCommandRewriter r = new ChildCommandRewriter("/opt/jflame.jar", options);
        @SuppressWarnings("unchecked")
        Map<String, String> env = (Map<String, String>) r.apply(new String[] {"sh", "-c", "java Main"}, new HashMap<>())[1];
        String tool = env.get("JAVA_TOOL_OPTIONS");
        assertTrue(tool.matches(java.util.regex.Pattern.quote(FLAGS) + " -javaagent:/opt/jflame\\.jar=b64=[A-Za-z0-9_-]+"), tool);
        assertEquals(Options.parse(options).toAgentString(), Options.parse(tool.substring(tool.indexOf("jar=") + 4)).toAgentString());
        String[] direct = (String[]) r.apply(new String[] {"java", "Main"}, new HashMap<>())[0];
        assertEquals("-javaagent:/opt/jflame.jar=" + options, direct[3], "a direct launch carries them as they are");
        assertNull(new ChildCommandRewriter("/opt/it's/jflame.jar", "spool=/s").apply(new String[] {"sh"}, new HashMap<>()),
                "a quote in the jar's path cannot go through JAVA_TOOL_OPTIONS at all");
    }

    @Test
    void aJava8LauncherIsLeftAlone(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("jdk8/bin"));
        Path exe = Files.createFile(bin.resolve("java"));
        Files.writeString(dir.resolve("jdk8/release"), "JAVA_VERSION=\"1.8.0_402\"\nOS_NAME=\"Linux\"\n");
        assertNull(rewriter.apply(new String[] {exe.toString(), "Main"}, new HashMap<>()));
        Files.writeString(dir.resolve("jdk8/release"), "JAVA_VERSION=\"21.0.4\"\n");
        assertEquals(AGENT, ((String[]) rewriter.apply(new String[] {exe.toString(), "Main"}, new HashMap<>())[0])[3]);
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
