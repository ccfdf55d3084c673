package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.format.json.JsonProfileReader;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A master JVM and its worker JVMs come out as one profile with a root per process. */
class ChildrenIT {
    private static final Pattern WORKER = Pattern.compile("worker (\\d+) pid=(\\d+) kind=(\\w+) launch=(\\w+)");
    private static final String MASTER_ROOT = " dev.jflame.testapps.PoolMaster]";
    private static final String WORKER_ROOT = " dev.jflame.testapps.PoolWorker]";

    @Test
    void poolWithMixedLaunchPathsGivesOneRootPerProcess() throws Exception {
        Path out = Jvm.workDir("pool-mixed").resolve("pool.collapsed");
        Jvm.Result r = Jvm.run(List.of(Jvm.agent("file=" + out)), "PoolMaster",
                "--workers", "4", "--launch", "mixed", "--tasks", "80", "--task-ms", "50");
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.stdout.contains("pool done workers=4 tasks=80"), r.toString());
        Collapsed c = Collapsed.read(out);
        Map<String, String> kindByPid = workers(r.stdout);
        assertEquals(4, kindByPid.size(), r.stdout);
        assertEquals(5, roots(c).size(), roots(c).toString());
        // Shares of each process's own samples, not counts: on a loaded machine a worker's sampler
        // ticked 42 times in its life (two spinners beside a load of 18), 100 on a quiet one.
        for (Map.Entry<String, String> w : kindByPid.entrySet()) {
            String root = "[pid " + w.getKey() + WORKER_ROOT;
            String hot = "dev.jflame.testapps.PoolWorker.crunch" + capitalized(w.getValue());
            assertWorkIsMostOfItsProcess(c, root, hot);
            assertEquals(0, c.sum(s -> !s.startsWith(root + ";") && s.contains(hot) && countWorkersOfKind(kindByPid, w.getValue()) == 1),
                    hot + " only under its own worker");
        }
        // The master's main thread waits for its pool at its latches, for its workers to start and then
        // for their results: 0.44 of its samples with the spinners (the rest mostly jflame weaving
        // ProcessBuilder as the first worker starts), most of them on a quiet machine.
        java.util.function.Predicate<String> masterWaits = s -> s.contains(MASTER_ROOT + ";")
                && (s.contains("PoolMaster.awaitWorkers;") || s.contains("PoolMaster.awaitResults;"));
        long masterMain = c.sum(s -> s.contains(MASTER_ROOT + ";") && s.contains("PoolMaster.main"));
        long waits = c.sum(masterWaits);
        long latch = c.sum(s -> masterWaits.test(s) && s.endsWith("[WAITING on java.util.concurrent.CountDownLatch$Sync]"));
        assertTrue(c.sum(s -> s.contains("PoolMaster.awaitResults;") && s.endsWith("[WAITING on java.util.concurrent.CountDownLatch$Sync]")) > 0
                && latch >= 0.9 * waits && latch >= 0.2 * masterMain,
                latch + " at the latches of " + waits + " in the waits, " + masterMain + " in main\n" + c.top(30));
        // The master's feeders block in pipe reads: idle in native, not the master's hot spot. A read
        // in the tick after a round trip that used CPU is running: 0.97-0.996 idle with the spinners,
        // 0.893 once beside a heavier load, so the bound says "most".
        long feederReads = c.sum(s -> s.contains(MASTER_ROOT + ";") && s.contains("Feeder.run") && s.contains("FileInputStream.readBytes"));
        long feederIdle = c.sum(s -> s.contains(MASTER_ROOT + ";") && s.contains("Feeder.run") && s.endsWith("readBytes;[NATIVE_IDLE]"));
        assertTrue(feederReads > 0 && feederIdle >= 0.8 * feederReads, feederIdle + " of " + feederReads + " idle\n" + c.top(30));
        // jflame's own weaving of ProcessBuilder is never drawn as the master's code.
        assertEquals(0, c.sum(s -> s.contains("dev.jflame.agent.") || s.contains("dev.jflame.shaded.")), c.top(30));
        // Direct java launches print nothing extra; the one shell launch prints the JDK's notice.
        assertEquals(1, count(r.stderr, "Picked up JAVA_TOOL_OPTIONS"), r.stderr);
        for (String line : r.jflameLines()) {
            assertTrue(line.startsWith("jflame: wrote ") || line.startsWith("jflame: merged 5 processes"), line);
        }
    }

    /**
     * A user who puts the agent in JAVA_TOOL_OPTIONS themselves (as one would MAVEN_OPTS): the workers
     * inherit it, and must join the root's spool instead of each writing the user's file as a root.
     */
    @Test
    void aRootAgentFromJavaToolOptionsStillWritesOneProfileOfTheTree() throws Exception {
        Path dir = Jvm.workDir("pool-tool-options");
        Path out = dir.resolve("pool.collapsed");
        List<String> cmd = Jvm.command(Jvm.java(), List.of(), "PoolMaster", "--workers", "3", "--launch", "mixed", "--tasks", "30",
                "--task-ms", "30");
        Jvm.Result r = Jvm.run(cmd, Map.of("JAVA_TOOL_OPTIONS", Jvm.agent("file=" + out)), 120);
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.stdout.contains("pool done workers=3 tasks=30"), r.toString());
        assertEquals(4, roots(Collapsed.read(out)).size(), "the master and its three workers in the one output\n" + r);
        long writes = r.stderr.lines().filter(l -> l.startsWith("jflame: wrote " + out)).count();
        assertEquals(1, writes, "one writer of the user's file\n" + r);
    }

    @Test
    void quotesSpacesAndDollarsInTheOptionsReachEveryChild() throws Exception {
        // JAVA_TOOL_OPTIONS splits on spaces and groups on quotes: these must not stop a child that a
        // shell starts (an unmatched quote there makes the JVM exit 1), nor keep it out of the profile.
        Path dir = Files.createDirectories(Jvm.workDir("pool-awkward").resolve("it's a \"$dir\""));
        Path out = dir.resolve("pool.collapsed");
        String threads = ".*$|' \"";
        Jvm.Result r = Jvm.run(List.of(Jvm.agent("file=" + out + ",threads=" + threads)), "PoolMaster",
                "--workers", "3", "--launch", "mixed", "--tasks", "30", "--task-ms", "30");
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.stdout.contains("pool done workers=3 tasks=30"), r.toString());
        assertFalse(r.stderr.contains("Unmatched quote"), r.stderr);
        assertEquals(4, roots(Collapsed.read(out)).size(), r.toString());
    }

    @Test
    void aCommaInTheOutputPathOfJflameRunReachesEveryChild() throws Exception {
        // The agent string is comma-separated: a path with one goes encoded, verbatim, to the root and
        // from it (as the spool path) to every child, whether started directly or through a shell.
        Path dir = Files.createDirectories(Jvm.workDir("pool-comma").resolve("a,b it's \"$x\" "));
        Path out = dir.resolve("pool,1.collapsed");
        Jvm.Result r = Cli.run(dir, "run", "-o", out.toString(), "--", Jvm.java(), "-cp", Jvm.testApps().toString(),
                "dev.jflame.testapps.PoolMaster", "--workers", "3", "--launch", "mixed", "--tasks", "30", "--task-ms", "30");
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.stdout.contains("pool done workers=3 tasks=30"), r.toString());
        assertEquals(4, roots(Collapsed.read(out)).size(), r.toString());
    }

    /**
     * {@code jflame run} of a script owns the tree: the JVMs under the shell get the agent through
     * JAVA_TOOL_OPTIONS as children of one spool, and the CLI writes the one output (before, each
     * inherited the user's file and wrote it as a root: the last one to exit won).
     */
    @Test
    void jflameRunOfAScriptWritesOneProfileOfEveryJvmUnderIt() throws Exception {
        Path dir = Jvm.workDir("run-script");
        String pool = Jvm.java() + " -cp " + Jvm.testApps() + " dev.jflame.testapps.PoolMaster --workers 2 --launch pb --tasks 20 --task-ms 30";
        Jvm.Result r = Cli.run(dir, "run", "-o", "pool-%p.collapsed", "--", "sh", "-c", pool);
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.stdout.contains("pool done workers=2 tasks=20"), r.toString());
        List<Path> outputs;
        try (var files = Files.list(dir)) {
            outputs = files.filter(f -> f.getFileName().toString().endsWith(".collapsed")).collect(java.util.stream.Collectors.toList());
        }
        assertEquals(1, outputs.size(), "one output for the whole tree: " + outputs);
        assertEquals(3, roots(Collapsed.read(outputs.get(0))).size(), r.toString());
        List<String> lines = r.jflameLines();
        assertEquals(2, lines.size(), r.stderr);
        assertEquals("jflame: no java executable in the command; passing the agent through JAVA_TOOL_OPTIONS", lines.get(0));
        assertTrue(lines.get(1).startsWith("jflame: wrote " + outputs.get(0) + " (3 processes, "), lines.get(1));
    }

    @Test
    void aRootKilledWithoutItsShutdownHookIsRecoveredByMerge() throws Exception {
        Path dir = Jvm.workDir("root-killed");
        Path out = dir.resolve("out.html");
        // flush=200ms: the root writes its partial profile every 5 of those (1 s).
        Process root = new ProcessBuilder(Jvm.command(Jvm.java(), List.of(Jvm.agent("flush=200ms,file=" + out)), "Hotspots", "--seconds", "120"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("root.log").toFile()).start();
        Path partial = dir.resolve("out.html.spool").resolve(root.pid() + ".json");
        try {
            // Killed once a partial profile holds the hot threads' work, however late the JVM got to it.
            assertTrue(holdsWithin(partial, "dev.jflame.testapps.Hotspots.hot70", 60),
                    "the root flushes its partial profile, with its work, into the spool");
        } finally {
            root.destroyForcibly(); // SIGKILL: no shutdown hook runs
            root.waitFor();
        }
        assertFalse(Files.exists(out), "the killed root wrote no output of its own");
        Path recovered = dir.resolve("recovered.collapsed");
        Jvm.Result m = Cli.run(dir, "merge", dir.resolve("out.html.spool").toString(), "-o", recovered.toString());
        assertEquals(0, m.exit, m.toString());
        Collapsed c = Collapsed.read(recovered);
        assertTrue(c.sum(s -> s.contains("Hotspots.hot70")) > 0, c.top(5));
    }

    @Test
    void killedWorkerKeepsItsDataUpToTheLastFlush() throws Exception {
        Path out = Jvm.workDir("pool-kill").resolve("pool.json");
        Jvm.Result r = Jvm.run(List.of(Jvm.agent("flush=300ms,file=" + out)), "PoolMaster",
                "--workers", "3", "--launch", "pb", "--tasks", "300", "--task-ms", "30", "--kill-one-after", "1.5");
        assertEquals(0, r.exit, r.toString());
        Matcher m = Pattern.compile("killed worker pid=(\\d+)").matcher(r.stdout);
        assertTrue(m.find(), r.stdout);
        long killed = Long.parseLong(m.group(1));
        Profile p = readJson(out);
        assertEquals(4, p.processes().size());
        ProcessInfo victim = p.processes().stream().filter(i -> i.pid == killed).findFirst().orElseThrow();
        assertTrue(victim.partial, "a killed worker's last flush is marked partial");
        Map<String, Long> lines = new CollapsedWriter().lines(p);
        long victimHot = lines.entrySet().stream()
                .filter(e -> e.getKey().startsWith("[pid " + killed + WORKER_ROOT) && e.getKey().contains("PoolWorker.crunchAlpha"))
                .mapToLong(Map.Entry::getValue).sum();
        // Killed 1.5 s after its first task was done, with a flush every 300 ms: what it flushed holds its work, not only its start-up.
        assertTrue(victimHot > 0, "killed worker samples in crunchAlpha " + victimHot + "\n" + lines);
        for (ProcessInfo i : p.processes()) {
            if (i.pid != killed) {
                assertFalse(i.partial, "finished process " + i.pid + " is complete");
            }
        }
    }

    @Test
    void childrenFalseLeavesWorkersAlone() throws Exception {
        Path out = Jvm.workDir("pool-nochildren").resolve("pool.collapsed");
        Jvm.Result r = Jvm.run(List.of(Jvm.agent("children=false,file=" + out)), "PoolMaster",
                "--workers", "2", "--launch", "mixed", "--tasks", "10", "--task-ms", "20");
        assertEquals(0, r.exit, r.toString());
        Collapsed c = Collapsed.read(out);
        assertEquals(0, c.sum(s -> s.startsWith("[pid ") || s.contains("PoolWorker")), c.top(10));
        assertTrue(c.sum(s -> s.contains("PoolMaster.awaitResults")) > 0, c.top(10));
        assertFalse(Files.exists(Path.of(out + ".spool")));
        assertEquals(0, count(r.stderr, "Picked up"), r.stderr);
    }

    @Test
    void nonJavaChildRunsUnchanged() throws Exception {
        Path out = Jvm.workDir("shell-child").resolve("p.collapsed");
        Jvm.Result plain = Jvm.run(List.of(), "Launcher");
        Jvm.Result profiled = Jvm.run(List.of(Jvm.agent("file=" + out)), "Launcher");
        assertEquals(0, profiled.exit, profiled.toString());
        assertTrue(plain.stdout.contains("child stdout=[out-line\n]") && plain.stdout.contains("child exit=7"), plain.toString());
        assertEquals(plain.stdout, profiled.stdout);
    }

    @Test
    void javaChildKeepsItsOwnOutputAndIsProfiled() throws Exception {
        Path out = Jvm.workDir("java-child").resolve("p.collapsed");
        Jvm.Result plain = Jvm.run(List.of(), "Launcher", "--java", "true");
        Jvm.Result profiled = Jvm.run(List.of(Jvm.agent("file=" + out)), "Launcher", "--java", "true");
        assertTrue(plain.stdout.contains("child stdout=[hello from app\ngoodbye\n]"), plain.toString());
        assertTrue(plain.stdout.contains("child stderr=[]") && plain.stdout.contains("child exit=4"), plain.toString());
        assertEquals(plain.stdout, profiled.stdout);
        Collapsed c = Collapsed.read(out);
        assertEquals(2, roots(c).size(), c.top(10));
        // A share of the child's running samples, not a count: beside two spinners its sampler took
        // 10 to 49 stacks of its second of work (the rest of its life is start-up and exit).
        String child = " dev.jflame.testapps.ExitWith];";
        long running = c.sum(s -> s.contains(child) && !s.endsWith("]"));
        long work = c.sum(s -> s.contains(child) && s.contains("ExitWith.work") && !s.endsWith("]"));
        assertTrue(work > 0 && work >= 0.8 * running, work + " of the child's " + running + " running samples in its work\n" + c.top(10));
    }

    /**
     * {@code hot} runs in most of the samples of the process under {@code root} that are not idle in
     * native (a worker's reads of its next task): a share of the process's own samples, not a count.
     * On a loaded machine a child's sampler ticks a few times a second (a worker's 42 times in its
     * life beside two spinners and a load of 18; 100 on a quiet one). Measured: 0.79-0.98 (the rest
     * its exit, the first ticks of each read and between-capture ticks).
     */
    static void assertWorkIsMostOfItsProcess(Collapsed c, String root, String hot) {
        long busy = c.sum(s -> s.startsWith(root + ";") && !s.endsWith("[NATIVE_IDLE]"));
        long inHot = c.sum(s -> s.startsWith(root + ";") && s.contains(hot) && !s.endsWith("]"));
        assertTrue(inHot > 0 && inHot >= 0.5 * busy, root + " " + hot + ": " + inHot + " of " + busy + " samples not idle in native\n" + c.top(30));
    }

    /** Whether {@code file} exists and contains {@code text} within {@code seconds}; it may be replaced while read. */
    private static boolean holdsWithin(Path file, String text, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() - deadline < 0) {
            try {
                if (Files.readString(file).contains(text)) {
                    return true;
                }
            } catch (java.io.IOException notYet) {
                // Not written yet, or moved into place as we opened it: read it again.
            }
            Thread.sleep(100);
        }
        return false;
    }

    static Map<String, String> workers(String stdout) {
        Map<String, String> kinds = new HashMap<>();
        Matcher m = WORKER.matcher(stdout);
        while (m.find()) {
            kinds.put(m.group(2), m.group(3));
        }
        return kinds;
    }

    static java.util.Set<String> roots(Collapsed c) {
        java.util.Set<String> roots = new java.util.TreeSet<>();
        for (String line : c.lines.keySet()) {
            if (line.startsWith("[pid ")) {
                roots.add(line.substring(0, line.indexOf(']') + 1));
            }
        }
        return roots;
    }

    static Profile readJson(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return new JsonProfileReader().read(in);
        }
    }

    private static long countWorkersOfKind(Map<String, String> kinds, String kind) {
        return kinds.values().stream().filter(kind::equals).count();
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
