package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pool's lifecycle beyond a clean run: a master that leaves first, a pool attached to while running, the demo. */
class PoolLifecycleIT {
    private static final String WORKER_ROOT = " dev.jflame.testapps.PoolWorker]";

    @Test
    void workersOutlivingTheirMasterArePickedUpByMerge() throws Exception {
        Path dir = Jvm.workDir("exit-first");
        Path out = dir.resolve("pool.collapsed");
        Jvm.Result r = Jvm.run(List.of(Jvm.agent("flush=300ms,file=" + out)), "PoolMaster",
                "--workers", "3", "--launch", "mixed", "--tasks", "30", "--task-ms", "30", "--exit-first", "true", "--linger", "2");
        assertEquals(0, r.exit, r.toString());
        assertTrue(Files.exists(out), r.toString());
        Map<String, String> workers = ChildrenIT.workers(r.stdout);
        assertEquals(3, workers.size(), r.stdout);
        for (String pid : workers.keySet()) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(h -> h.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        }

        Jvm.Result merge = Cli.run(dir, "merge", out + ".spool", "-o", "merged.json");
        assertEquals(0, merge.exit, merge.toString());
        assertTrue(merge.stdout.contains("4 processes"), merge.toString());
        Profile p = ChildrenIT.readJson(dir.resolve("merged.json"));
        Collapsed c = Collapsed.of(p);
        for (Map.Entry<String, String> w : workers.entrySet()) {
            // Two seconds of lingering after the master left, a seventh of that in tasks before: the
            // worker's final profile, written after its master's, holds them. A share of the worker's
            // samples not idle in its reads of tasks, not a count, which a loaded machine's fewer ticks would miss.
            String root = "[pid " + w.getKey() + WORKER_ROOT + ";";
            long busy = c.sum(s -> s.startsWith(root) && !s.endsWith("[NATIVE_IDLE]"));
            long lingering = c.sum(s -> s.startsWith(root) && s.contains("dev.jflame.testapps.PoolWorker.linger;") && !s.endsWith("]"));
            assertTrue(lingering > 0 && lingering >= 0.5 * busy, root + " lingering " + lingering + " of " + busy + "\n" + c.top(20));
        }
        for (ProcessInfo i : p.processes()) {
            assertFalse(i.partial, "process " + i.pid + " finished and wrote its final profile");
        }
        Jvm.Result again = Cli.run(dir, "merge", out + ".spool");
        assertEquals(0, again.exit, again.toString());
        assertTrue(Files.exists(dir.resolve("pool.collapsed")), "default output is the spool's name without .spool");
    }

    @Test
    void attachTreeProfilesARunningPoolAsOneProfile() throws Exception {
        Path dir = Jvm.workDir("attach-tree");
        List<String> cmd = Jvm.command(Jvm.java(), List.of(), "PoolMaster",
                "--workers", "4", "--launch", "mixed", "--tasks", "4000", "--task-ms", "10");
        Process master = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(master.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            // Attached to once every worker's JVM is up (has answered its first task), however long that takes.
            for (String line; (line = stdout.readLine()) != null && !line.equals("workers up"); ) {
                seen.append(line).append('\n');
            }
            Map<String, String> workers = ChildrenIT.workers(seen.toString());
            assertEquals(4, workers.size(), seen.toString());

            Jvm.Result r = Cli.run(dir, "attach", "--tree", Long.toString(master.pid()), "-d", "3s", "-o", "tree.collapsed");
            assertEquals(0, r.exit, r.toString());
            Collapsed c = Collapsed.read(dir.resolve("tree.collapsed"));
            assertEquals(5, ChildrenIT.roots(c).size(), c.top(20));
            for (Map.Entry<String, String> w : workers.entrySet()) {
                ChildrenIT.assertWorkIsMostOfItsProcess(c, "[pid " + w.getKey() + WORKER_ROOT, "dev.jflame.testapps.PoolWorker.crunch");
            }
            assertTrue(master.isAlive(), "the pool keeps running after the attach");
        } finally {
            master.descendants().forEach(ProcessHandle::destroyForcibly);
            master.destroyForcibly();
            master.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void demoWritesOneFlameGraphOfTheWholePool() throws Exception {
        Path dir = Jvm.workDir("demo");
        Jvm.Result r = Cli.run(dir, "demo", "-o", "demo.html");
        assertEquals(0, r.exit, r.toString());
        String html = Files.readString(dir.resolve("demo.html"));
        assertTrue(html.contains("dev.jflame.testapps.PoolWorker.crunchDelta"), "worker frames in the page");
        assertTrue(r.stdout.contains("demo done: open "), r.toString());
    }
}
