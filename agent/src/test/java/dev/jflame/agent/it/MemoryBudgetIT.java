package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A fast interval and stacks that never repeat: everything jflame keeps stays within its memory budget,
 * the heap stays flat, stacks past the budget end under {@code [truncated: budget]}, and the
 * application's output and exit code are its own, even in a small heap.
 */
class MemoryBudgetIT {
    /** 1/16 of a 64 MB heap, the tree's three quarters of it, at the 48 bytes a node the recorder counts: the most nodes the tree may hold. */
    private static final int MAX_NODES = (4 << 20) * 3 / 4 / 48;
    /**
     * Live heap jflame may take beyond its budget and a write's copy of the tree, MB: JFR's own reader (it
     * keeps the objects of its last two chunks, each frame some 60 bytes against a few in the file: 9-40 MB
     * measured for this program, whose 4 threads make about 4 MB/s of new 200-frame stacks, more the less
     * loaded the machine), a second of JFR's events in flight, and jflame's and JFR's classes and fixed
     * structures.
     */
    private static final int BEYOND_BUDGET_MB = 56;
    /**
     * How far the live heap in the last third of the run may sit above its peak in the middle third, MB
     * (JFR's chunks vary in size). The tree may still be filling up to its budget in the middle third on a
     * loaded machine; a heap that keeps growing rises past that peak.
     */
    private static final int FLAT_MB = 8;

    @ParameterizedTest(name = "JDK {0}, memory={1}")
    @CsvSource({"17, 8", "17, 32", "25, 8", "25, 32"})
    void aMinuteOfNewDeepStacksKeepsTheHeapFlatWithinTheBudget(int jdk, int memoryMb) throws Exception {
        String java = jdk == 17 ? Jvm.java() : Jvm.java25();
        Assumptions.assumeTrue(java != null, "no JDK " + jdk + " here: skipped");
        Path dir = Jvm.workDir("memory-flat-" + jdk + "-" + memoryMb);
        List<Integer> alone = liveHeap(java, dir.resolve("alone.log"), null, 10);
        Path out = dir.resolve("storm.json");
        List<Integer> withAgent = liveHeap(java, dir.resolve("agent.log"), Jvm.agent("interval=1ms,memory=" + memoryMb + "m,file=" + out), 60);
        String seen = "live heap (MB) after each full GC: app alone " + alone + ", with jflame " + withAgent;
        assertTrue(withAgent.size() >= 6, seen);
        // No reading of the app alone (it may end before the first one on a loaded machine): counted as none.
        int app = alone.isEmpty() ? 0 : LiveHeap.max(alone);
        int over = LiveHeap.max(withAgent) - app;
        // A periodic write (the root's every 10 s) holds a copy of the tree while it lasts: up to the tree's 3/4 again.
        assertTrue(over <= memoryMb + memoryMb * 3 / 4 + BEYOND_BUDGET_MB, seen);
        int third = withAgent.size() / 3;
        int middle = LiveHeap.max(withAgent.subList(third, 2 * third));
        int last = LiveHeap.median(withAgent.subList(2 * third, withAgent.size()));
        assertTrue(last <= middle + FLAT_MB, "grew from " + middle + " to " + last + " MB: " + seen);
        System.out.println("JDK " + jdk + ", memory=" + memoryMb + "m: " + seen);
        JsonObject p = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
        JsonObject stats = p.getAsJsonArray("processes").get(0).getAsJsonObject().getAsJsonObject("stats");
        // The stacks are JFR's, not left out: at most a few ticks without one.
        assertTrue(stats.get("notSampled").getAsLong() * 20 < stats.get("samples").getAsLong(), stats.toString());
    }

    /** Runs StackStorm (depth 200, 4 threads) for {@code seconds}, with {@code agent} if not null, and returns its live heap over time. */
    private static List<Integer> liveHeap(String java, Path log, String agent, int seconds) throws Exception {
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m", LiveHeap.logFlag(log)));
        if (agent != null) {
            jvm.add(agent);
        }
        Path stdout = log.resolveSibling(log.getFileName() + ".out");
        Process p = new ProcessBuilder(Jvm.command(java, jvm, "StackStorm", "--depth", "200", "--seconds", Integer.toString(seconds)))
                .redirectErrorStream(true).redirectOutput(stdout.toFile()).start();
        List<Integer> live = LiveHeap.watch(p, java, log, 4, seconds + 120);
        assertEquals(0, p.exitValue(), Files.readString(stdout));
        String output = Files.readString(stdout);
        assertTrue(output.contains("storm done walks="), output);
        assertFalse(output.contains("OutOfMemoryError") || output.contains("Exception"), output);
        return live;
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void aStormOfNewStacksInASmallHeapStaysWithinTheBudget(int jdk) throws Exception {
        String java = jdk == 17 ? Jvm.java() : Jvm.java25();
        Assumptions.assumeTrue(java != null, "no JDK " + jdk + " here: skipped");
        Path out = Jvm.workDir("memory-budget-" + jdk).resolve("storm.json");
        Jvm.Result r = Jvm.run(Jvm.command(java, List.of("-Xmx64m", Jvm.agent("interval=1ms,file=" + out)), "StackStorm",
                "--depth", "200", "--seconds", "30", "--exit-code", "7"), Map.of(), 180);
        assertEquals(7, r.exit, r.toString());
        assertTrue(r.stdout.contains("storm done walks="), r.toString());
        assertFalse(r.stderr.contains("Exception") || r.stderr.contains("Error") || r.stderr.contains("\tat "), r.stderr);
        assertEquals(List.of("jflame: wrote " + out + " (" + samples(out) + " samples, json)"), r.jflameLines());
        JsonObject p = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
        int nodes = p.getAsJsonObject("tree").getAsJsonArray("parent").size();
        assertTrue(nodes <= MAX_NODES, nodes + " nodes");
        long cuts = p.getAsJsonArray("processes").get(0).getAsJsonObject().getAsJsonObject("stats").get("budgetCuts").getAsLong();
        assertTrue(cuts > 0, "the profile says it reached its budget");
        assertTrue(p.getAsJsonObject("frames").getAsJsonArray("names").toString().contains("[truncated: budget]"));
    }

    private static long samples(Path json) throws Exception {
        JsonObject p = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        return p.getAsJsonArray("processes").get(0).getAsJsonObject().getAsJsonObject("stats").get("samples").getAsLong();
    }
}
