package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An application that holds most of a small heap, and jflame beside it: what the agent keeps from its
 * start on must not be what pushes the application into {@code OutOfMemoryError}. {@code HeapFill} alone
 * finishes holding 94 % of a 64 MB heap and fails at 95 %; each test first checks that it finishes alone
 * at the share it uses, so a failure is the agent's. G1 is named, as it is the JVM's choice on most
 * machines: on one with a single CPU the JVM would take the serial collector, whose heap is laid out
 * differently.
 */
class SmallHeapIT {
    private static final List<String> HEAP = List.of("-Xmx64m", "-XX:+UseG1GC");

    /**
     * 91 %: the agent kept 2.1 MB at start-up and the application could hold 90 %; it keeps 0.9 MB and the
     * application holds 92 % (bench/results.md, "Start-up heap").
     */
    @Test
    void theJavaEngineWithTheLeastBudgetLeavesAnApplicationAt91PercentOfItsHeapItsOutputAndExitCode() throws Exception {
        holds(91, "engine=java,memory=4m");
    }

    /**
     * 84 %: past it, what decides is the heap of JFR's stream (its parser, its metadata, the stacks it
     * hands over), 1.5-4.5 MB over the Java engine's and varying from run to run: the application held
     * 86 % in 6 runs of 6 and 87 % in none on a machine at load 5-9 (bench/results.md, "Start-up heap").
     */
    @Test
    void theDefaultEngineLeavesAnApplicationAt84PercentOfItsHeapItsOutputAndExitCode() throws Exception {
        holds(84, "");
    }

    @Test
    void aBudgetPastAQuarterOfTheHeapIsLoweredToItWithOneLine() throws Exception {
        Path out = Jvm.workDir("small-heap").resolve("huge-budget.json");
        Jvm.Result r = Jvm.run(with(HEAP, Jvm.agent("memory=99999g,engine=java,file=" + out)), "HeapFill", "--share", "0", "--seconds", "1",
                "--exit-code", "7");
        assertEquals(7, r.exit, r.toString());
        assertEquals(List.of("jflame: memory=99999g is more than a quarter of this JVM's maximum heap (64m): a profile that size would leave"
                + " the application short of memory; using memory=16m", "jflame: wrote " + out + " (" + samples(r) + " samples, json)"), r.jflameLines());
    }

    /** Runs {@code HeapFill} at {@code share} percent of the heap alone, then with the agent and {@code options}. */
    private static void holds(int share, String options) throws Exception {
        String[] app = {"--share", Integer.toString(share), "--seconds", "5", "--exit-code", "7"};
        Jvm.Result alone = Jvm.run(HEAP, "HeapFill", app);
        assertEquals(7, alone.exit, "the application alone must finish at " + share + " % for this test to say anything: " + alone);
        Path out = Jvm.workDir("small-heap").resolve("share-" + share + ".json");
        Jvm.Result r = Jvm.run(with(HEAP, Jvm.agent((options.isEmpty() ? "" : options + ",") + "file=" + out)), "HeapFill", app);
        assertFalse(r.stderr.contains("OutOfMemoryError"), r.toString());
        assertEquals(7, r.exit, r.toString());
        assertEquals(alone.stdout, r.stdout);
        assertEquals(List.of("jflame: wrote " + out + " (" + samples(r) + " samples, json)"), r.jflameLines(), r.stderr);
        assertTrue(samples(r) > 0, r.stderr);
    }

    private static List<String> with(List<String> a, String b) {
        List<String> all = new ArrayList<>(a);
        all.add(b);
        return all;
    }

    /** The sample count of the {@code wrote} line, or -1. */
    private static long samples(Jvm.Result r) {
        for (String line : r.jflameLines()) {
            int open = line.lastIndexOf(" (");
            if (line.startsWith("jflame: wrote ") && open > 0 && line.endsWith(" samples, json)")) {
                return Long.parseLong(line.substring(open + 2, line.length() - " samples, json)".length()));
            }
        }
        return -1;
    }
}
