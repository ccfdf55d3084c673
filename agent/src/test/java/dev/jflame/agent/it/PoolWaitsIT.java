package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.format.json.JsonProfileReader;
import dev.jflame.core.model.PoolBalance;
import dev.jflame.core.model.Profile;
import dev.jflame.flamegraph.Chromium;
import dev.jflame.flamegraph.HtmlWriter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Waits that cross the processes of a pool (Linux): the master's feeders idle in a pipe read name the
 * worker at the other end, the workers idle in their stdin read name the master, and the page's header
 * says which way the pool leans — through {@code -javaagent}, {@code jflame run} of a shell script and
 * {@code attach --tree}.
 */
class PoolWaitsIT {
    private static final Pattern WORKER = Pattern.compile("worker (\\d+) pid=(\\d+)");
    private static final String WORKER_MAIN = " dev.jflame.testapps.PoolWorker]";
    private static final String MASTER_MAIN = " dev.jflame.testapps.PoolMaster]";

    /** Slow workers (the default): the master's feeders wait for their workers, each for its own. */
    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void aSaturatedPoolsFeedersWaitForTheirOwnWorkers(int jdk) throws Exception {
        String java = jdk == 17 ? Jvm.java() : Jvm.java25();
        Assumptions.assumeTrue(java != null, "no JDK " + jdk + " here");
        Path out = Jvm.workDir("pool-waits-saturated-" + jdk).resolve("saturated.json");
        Jvm.Result r = Jvm.run(Jvm.command(java, List.of(Jvm.agent("file=" + out)), "PoolMaster", "--workers", "3", "--tasks", "60",
                "--task-ms", "50"), Map.of(), 120);
        assertEquals(0, r.exit, r.toString());
        Profile p = new JsonProfileReader().read(out);
        assertFeedersWaitForTheirWorkers(p, r.stdout);
        PoolBalance pool = PoolBalance.of(p);
        assertTrue(pool != null && pool.masterWaited() > pool.workersWaited(), "leans saturated: " + describe(pool));
        String header = headerInChromium(p, out);
        assertTrue(header.contains("workers waited for the master " + pct(pool.workersWaited()) + " of their time; the master waited for workers "
                + pct(pool.masterWaited())), header);
    }

    /** A slow master: the workers wait in their stdin reads for the master. */
    @Test
    void aStarvedPoolsWorkersWaitForTheMaster() throws Exception {
        Path out = Jvm.workDir("pool-waits-starved").resolve("starved.json");
        Jvm.Result r = Jvm.run(List.of(Jvm.agent("file=" + out)), "PoolMaster", "--workers", "3", "--tasks", "40", "--task-ms", "20",
                "--master-ms", "60");
        assertEquals(0, r.exit, r.toString());
        Profile p = new JsonProfileReader().read(out);
        Map<String, Long> lines = new CollapsedWriter(true, true).lines(p);
        long masterPid = p.processes().stream().filter(i -> i.parentPid == 0).findFirst().orElseThrow().pid;
        Predicate<String> stdinRead = l -> l.contains(WORKER_MAIN + ";") && l.contains("PoolWorker.main;")
                && l.contains("FileInputStream.readBytes;[NATIVE_IDLE]");
        long reads = sum(lines, stdinRead);
        long named = sum(lines, stdinRead.and(l -> l.endsWith(";[waits for pid " + masterPid + MASTER_MAIN)));
        assertTrue(reads > 0 && named * 100 >= reads * 90, named + " of " + reads + " stdin reads name the master\n" + top(lines));
        PoolBalance pool = PoolBalance.of(p);
        assertTrue(pool != null && pool.workersWaited() > pool.masterWaited(), "leans starved: " + describe(pool));
    }

    /** {@code jflame run} of a script that starts the pool: the same links, the JVMs found under the shell. */
    @Test
    void throughJflameRunOfAShellScript() throws Exception {
        Path dir = Jvm.workDir("pool-waits-run");
        String pool = Jvm.java() + " -cp " + Jvm.testApps() + " dev.jflame.testapps.PoolMaster --workers 3 --tasks 60 --task-ms 50";
        Jvm.Result r = Cli.run(dir, "run", "-o", "run.json", "--", "sh", "-c", pool + "; echo script done");
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.stdout.contains("script done"), r.toString());
        assertFeedersWaitForTheirWorkers(new JsonProfileReader().read(dir.resolve("run.json")), r.stdout);
    }

    /** {@code attach --tree} to a running pool: the inventories start with the attach, the pipes are older. */
    @Test
    void throughAttachTree() throws Exception {
        Path dir = Jvm.workDir("pool-waits-attach");
        List<String> cmd = Jvm.command(Jvm.java(), List.of(), "PoolMaster", "--workers", "3", "--tasks", "4000", "--task-ms", "20");
        Process master = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(master.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            for (String line; (line = stdout.readLine()) != null && !line.equals("workers up"); ) {
                seen.append(line).append('\n');
            }
            Jvm.Result r = Cli.run(dir, "attach", "--tree", Long.toString(master.pid()), "-d", "4s", "-o", "tree.json");
            assertEquals(0, r.exit, r.toString());
            assertFeedersWaitForTheirWorkers(new JsonProfileReader().read(dir.resolve("tree.json")), seen.toString());
        } finally {
            master.descendants().forEach(ProcessHandle::destroyForcibly);
            master.destroyForcibly();
            master.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** At least 90 % of each feeder's samples idle in its pipe read name its own worker's pid. */
    private static void assertFeedersWaitForTheirWorkers(Profile p, String stdout) {
        Map<String, Long> lines = new CollapsedWriter(true, true).lines(p);
        Matcher m = WORKER.matcher(stdout);
        int workers = 0;
        while (m.find()) {
            workers++;
            String feeder = "[thread feeder-" + m.group(1) + "];";
            Predicate<String> read = l -> l.contains(feeder) && l.contains("Feeder.run;") && l.contains("FileInputStream.readBytes;[NATIVE_IDLE]");
            long reads = sum(lines, read);
            long named = sum(lines, read.and(l -> l.endsWith(";[waits for pid " + m.group(2) + WORKER_MAIN)));
            assertTrue(reads > 0 && named * 100 >= reads * 90, feeder + " " + named + " of " + reads + " pipe reads name worker pid "
                    + m.group(2) + "\n" + top(lines));
        }
        assertEquals(3, workers, stdout);
    }

    /** The page's header line about the pool, as Chromium shows it. */
    private static String headerInChromium(Profile p, Path json) throws Exception {
        Path page = json.resolveSibling(json.getFileName() + ".html");
        try (OutputStream out = Files.newOutputStream(page)) {
            new HtmlWriter().write(p, out);
        }
        try (Chromium chrome = Chromium.launchOrSkip()) {
            chrome.viewport(1400, 1000);
            chrome.navigate(page);
            chrome.waitFor("window.jflameReady");
            String facts = chrome.eval("document.getElementById('facts').innerText").getAsString();
            assertEquals(List.of(), chrome.takePageErrors(), "uncaught exceptions in the page");
            return facts;
        }
    }

    /** As the page writes a share. */
    private static String pct(double v) {
        return String.format(java.util.Locale.ROOT, v < 0.1 ? "%.1f %%" : "%.0f %%", v * 100);
    }

    private static String describe(PoolBalance pool) {
        return pool == null ? "no pool" : "workers " + pool.workersOnMaster + "/" + pool.workerSamples + ", master " + pool.masterOnWorkers
                + "/" + pool.masterSamples;
    }

    private static long sum(Map<String, Long> lines, Predicate<String> p) {
        long n = 0;
        for (Map.Entry<String, Long> e : lines.entrySet()) {
            if (p.test(e.getKey())) {
                n += e.getValue();
            }
        }
        return n;
    }

    private static String top(Map<String, Long> lines) {
        StringBuilder b = new StringBuilder();
        lines.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(25)
                .forEach(e -> b.append(e.getValue()).append(' ').append(e.getKey()).append('\n'));
        return b.toString();
    }
}
