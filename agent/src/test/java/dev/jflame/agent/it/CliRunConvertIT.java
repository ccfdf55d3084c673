package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code jflame run} launches with the agent and passes the exit code on; {@code convert} re-renders; help. */
class CliRunConvertIT {
    @Test
    void runProfilesTheCommandAndExitsWithItsCodeThenConvertRerenders() throws Exception {
        Path dir = Jvm.workDir("run-convert");
        Jvm.Result run = Cli.run(dir, "run", "-o", "p.json", "--", Jvm.java(), "-cp", Jvm.testApps().toString(),
                "dev.jflame.testapps.Hotspots", "--seconds", "2");
        assertEquals(0, run.exit, run.toString());
        assertTrue(Files.size(dir.resolve("p.json")) > 0, run.toString());

        Jvm.Result exit = Cli.run(dir, "run", "-o", "e.collapsed", "--", Jvm.java(), "-cp", Jvm.testApps().toString(),
                "dev.jflame.testapps.ExitWith", "--code", "3", "--millis", "300");
        assertEquals(3, exit.exit, exit.toString());
        assertTrue(exit.stdout.contains("hello from app"), exit.toString());

        Jvm.Result convert = Cli.run(dir, "convert", "p.json", "-o", "p.collapsed");
        assertEquals(0, convert.exit, convert.toString());
        Collapsed c = Collapsed.read(dir.resolve("p.collapsed"));
        assertTrue(c.sum(s -> s.contains("dev.jflame.testapps.Hotspots.hot70")) > 0, c.top(10));

        Jvm.Result html = Cli.run(dir, "convert", "p.json");
        assertEquals(0, html.exit, html.toString());
        assertTrue(Files.size(dir.resolve("p.html")) > 0, html.toString());

        Jvm.Result missing = Cli.run(dir, "convert", "nope.json", "-o", "x.html");
        assertEquals(1, missing.exit, missing.toString());
    }

    /**
     * With -d the output is written once the JVMs have sampled that long, while the command runs on:
     * it exists before the command ends, holds the first seconds only, and the exit code still passes.
     */
    @Test
    void runWithADurationWritesWhileTheCommandRunsOn() throws Exception {
        Path dir = Jvm.workDir("run-duration");
        // 2 s, not 1: the hot threads must start within it, and a loaded machine took most of a second to get there.
        Jvm.Result run = Cli.run(dir, "run", "-d", "2s", "-o", "d.collapsed", "--", Jvm.java(), "-cp", Jvm.testApps().toString(),
                "dev.jflame.testapps.Hotspots", "--seconds", "8", "--exit-code", "4");
        assertEquals(4, run.exit, run.toString());
        Path out = dir.resolve("d.collapsed");
        List<String> lines = run.jflameLines();
        assertEquals(1, lines.size(), run.stderr);
        assertTrue(lines.get(0).startsWith("jflame: wrote " + out + " (1 process, "), lines.get(0));
        Collapsed c = Collapsed.read(out);
        assertTrue(c.sum(s -> s.contains("Hotspots.hot70")) > 0, c.top(5));
        // The main thread sampled for about two seconds at 10 ms, not eight (fewer on a loaded machine).
        long main = c.sum(s -> s.contains("Hotspots.main;java.lang.Thread.sleep"));
        assertTrue(main > 0 && main < 400, "the main thread's samples cover about the duration: " + main + "\n" + c.top(5));
    }

    /**
     * Only the command word is a java launcher: in {@code echo java} the word is echo's argument and
     * stays as it is (the agent went in after it). No JVM ran, and the spool made for one is not left.
     */
    @Test
    void anArgumentSpelledJavaIsLeftToItsCommandAndNoEmptySpoolStays() throws Exception {
        Path dir = Jvm.workDir("run-echo-java");
        Jvm.Result r = Cli.run(dir, "run", "-o", "e.json", "--", "echo", "java", "-version");
        assertEquals(0, r.exit, r.toString());
        assertEquals("java -version\n", r.stdout, r.toString());
        assertEquals(List.of("jflame: no java executable in the command; passing the agent through JAVA_TOOL_OPTIONS",
                "jflame: no JVM under the command wrote a profile; " + dir.resolve("e.json") + " not written"), r.jflameLines());
        assertEquals(List.of(), files(dir), "no output, no spool");
    }

    @Test
    void aCommandThatDoesNotExistIsOneLineAndLeavesNoSpool() throws Exception {
        Path dir = Jvm.workDir("run-missing");
        Jvm.Result r = Cli.run(dir, "run", "-o", "m.json", "--", "no-such-command-for-jflame", "java");
        assertEquals(1, r.exit, r.toString());
        assertEquals(1, r.jflameLines().size(), r.toString());
        assertTrue(r.jflameLines().get(0).startsWith("jflame: cannot run no-such-command-for-jflame: "), r.toString());
        assertEquals(List.of(), files(dir), "no output, no spool");
    }

    private static List<Path> files(Path dir) throws java.io.IOException {
        try (var list = Files.list(dir)) {
            return list.collect(java.util.stream.Collectors.toList());
        }
    }

    @Test
    void helpEverywhere() throws Exception {
        Path dir = Jvm.workDir("help");
        Jvm.Result all = Cli.run(dir, "help");
        assertEquals(0, all.exit, all.toString());
        for (String cmd : new String[] {"list", "attach", "start", "status", "dump", "stop", "run", "convert"}) {
            assertTrue(all.stdout.contains("  " + cmd + " "), all.toString());
            Jvm.Result one = Cli.run(dir, cmd, "--help");
            assertEquals(0, one.exit, one.toString());
            assertTrue(one.stdout.startsWith("Usage: jflame " + cmd), one.toString());
        }
        String attach = Cli.run(dir, "help", "attach").stdout;
        assertTrue(attach.contains("interval"), "attach help lists the options");
        assertTrue(attach.lines().anyMatch(l -> l.trim().startsWith("duration") && l.endsWith("(default 30s)")), attach);
        assertEquals(2, Cli.run(dir).exit, "no command is a usage error");
    }
}
