package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.format.json.JsonProfileReader;
import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.model.Timeline;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A master and its workers, profiled with times: every sample of the tree is in the timeline, inside its
 * process's lifetime, and the timeline shows what happened when — the master waiting while its workers run.
 */
class TimelineIT {
    /** JDK 17 (JFR's execution sampler, safepoint-budgeted captures) and 25 (its CPU-time sampler, handshakes). */
    static List<String> jdks() {
        return StatesIT.jdks();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aPoolsTimelineHoldsEverySampleWhereItsProcessLivedAndShowsTheMasterWaitingOnItsWorkers(String java) throws Exception {
        Path out = Jvm.workDir("timeline-pool").resolve("pool.json");
        Jvm.Result r = Jvm.run(Jvm.command(java, List.of(Jvm.agent("file=" + out)), "PoolMaster",
                "--workers", "4", "--tasks", "160", "--task-ms", "40"), Map.of(), 180);
        assertEquals(0, r.exit, r.toString());
        Profile p = new JsonProfileReader().read(out);
        assertEquals(5, p.processes().size(), p.processes().toString());
        Timeline t = p.timeline();
        CallTree tree = p.tree();

        // Each node's samples over the cells are its samples in the tree: no path a sample takes skips the timeline.
        long[] byNode = new long[tree.size()];
        for (int i = 0; i < t.cellCount(); i++) {
            t.forEach(i, (node, state, count) -> byNode[node] += count);
        }
        for (int n = 0; n < tree.size(); n++) {
            assertEquals(tree.selfTotal(n), byNode[n], "samples of node " + n + " (" + p.frames().name(Math.max(0, tree.frame(n))) + ")");
        }

        // Per process: which cells it has samples in, and its running and other samples in each.
        int[] processOf = processOfNode(p);
        int procs = p.processes().size();
        long[][] running = new long[procs][t.cellCount()];
        long[][] other = new long[procs][t.cellCount()];
        for (int i = 0; i < t.cellCount(); i++) {
            int cell = i;
            t.forEach(i, (node, state, count) -> {
                int proc = processOf[node];
                (state == SampleState.RUNNABLE ? running : other)[proc][cell] += count;
            });
        }
        int master = -1;
        for (int k = 0; k < procs; k++) {
            ProcessInfo info = p.processes().get(k);
            if (info.mainClass.endsWith("PoolMaster")) {
                master = k;
            }
            int first = -1;
            int last = -1;
            for (int i = 0; i < t.cellCount(); i++) {
                if (running[k][i] + other[k][i] > 0) {
                    first = first < 0 ? i : first;
                    last = i;
                }
            }
            assertTrue(first >= 0, info.rootFrameName() + " has no samples in the timeline");
            long firstStart = (t.firstCell() + first) * t.cellMillis();
            long lastEnd = (t.firstCell() + last + 1) * t.cellMillis();
            assertTrue(firstStart >= info.startMillis - t.cellMillis() && lastEnd <= info.endMillis + t.cellMillis(),
                    info.rootFrameName() + ": samples from " + firstStart + " to " + lastEnd + ", lived " + info.startMillis + " to " + info.endMillis);
        }
        assertTrue(master >= 0, "a master");

        // While two or more workers run, the master waits for them: its threads block in pipe reads and on its latch.
        long masterRunning = 0;
        long masterOther = 0;
        long workersRunning = 0;
        long workersOther = 0;
        for (int i = 0; i < t.cellCount(); i++) {
            int busy = 0;
            for (int k = 0; k < procs; k++) {
                if (k != master && running[k][i] > other[k][i]) {
                    busy++;
                }
            }
            if (busy >= 2) {
                masterRunning += running[master][i];
                masterOther += other[master][i];
                for (int k = 0; k < procs; k++) {
                    if (k != master) {
                        workersRunning += running[k][i];
                        workersOther += other[k][i];
                    }
                }
            }
        }
        assertTrue(workersRunning > 100, "workers' running samples while they ran: " + workersRunning);
        double masterWaiting = (double) masterOther / Math.max(1, masterRunning + masterOther);
        assertTrue(masterWaiting >= 0.8, "the master's share not running while its workers run: " + masterWaiting
                + " (" + masterOther + " of " + (masterRunning + masterOther) + ")");
        assertTrue(workersRunning >= 2 * workersOther, "workers running " + workersRunning + ", other " + workersOther);
    }

    /**
     * Every running sample sits where the CPU was at its time: {@code Phases} spins in {@code early} until the
     * instant it prints, then in {@code late}. JFR hands its stacks over about a second late and budgeted
     * captures carry ticks to the next one; were those samples put at the moment they reach the profile,
     * {@code early} would run on past the switch. Allowed: a quarter of a second either side of it, the
     * carried ticks' reach (up to 100 ms) and a JFR period.
     */
    @ParameterizedTest
    @MethodSource("jdks")
    void runningSamplesSitAtTheTimeTheirStackRanNotWhenTheyReachedTheProfile(String java) throws Exception {
        Path out = Jvm.workDir("timeline-phases").resolve("phases.json");
        // The phases begin once JFR gives the stacks, whose late hand-over this is about.
        Jvm.Result r = Jvm.run(Jvm.command(java, List.of(Jvm.agent("file=" + out)), "Phases", "--first", "3", "--last", "3",
                "--wait-for-jfr", "true"), Map.of(), 180);
        assertEquals(0, r.exit, r.toString());
        Matcher m = Pattern.compile("late-from-millis=(\\d+)").matcher(r.stdout);
        assertTrue(m.find(), r.toString());
        long switchMillis = Long.parseLong(m.group(1));
        Profile p = new JsonProfileReader().read(out);
        CallTree tree = p.tree();
        Timeline t = p.timeline();

        // Each node's phase: 1 under Phases.early, 2 under Phases.late (a parent's number is below its children's).
        int[] phase = new int[tree.size()];
        for (int n = 1; n < tree.size(); n++) {
            String name = p.frames().name(tree.frame(n));
            phase[n] = name.equals("dev.jflame.testapps.Phases.early") ? 1 : name.equals("dev.jflame.testapps.Phases.late") ? 2 : phase[tree.parent(n)];
        }
        long tolerance = 250;
        long[] total = new long[3];
        long[] wrongSide = new long[3];
        for (int i = 0; i < t.cellCount(); i++) {
            long start = (t.firstCell() + i) * t.cellMillis();
            long end = start + t.cellMillis();
            t.forEach(i, (node, state, count) -> {
                if (state != SampleState.RUNNABLE || phase[node] == 0) {
                    return;
                }
                total[phase[node]] += count;
                boolean wrong = phase[node] == 1 ? start >= switchMillis + tolerance : end <= switchMillis - tolerance;
                if (wrong) {
                    wrongSide[phase[node]] += count;
                }
            });
        }
        assertTrue(total[1] > 0 && total[2] > 0, "early " + total[1] + ", late " + total[2] + " running samples");
        assertTrue(wrongSide[1] <= 0.02 * total[1], wrongSide[1] + " of " + total[1] + " early samples more than "
                + tolerance + " ms after the switch at " + switchMillis);
        assertTrue(wrongSide[2] <= 0.02 * total[2], wrongSide[2] + " of " + total[2] + " late samples more than "
                + tolerance + " ms before the switch at " + switchMillis);
    }

    /** The index in the profile's process list of each node's process (by its process root frame). */
    private static int[] processOfNode(Profile p) {
        Map<String, Integer> byRoot = new HashMap<>();
        for (int k = 0; k < p.processes().size(); k++) {
            byRoot.put(p.processes().get(k).rootFrameName(), k);
        }
        CallTree tree = p.tree();
        int[] of = new int[tree.size()];
        of[CallTree.ROOT] = -1;
        for (int n = 1; n < tree.size(); n++) {
            int parent = tree.parent(n);
            of[n] = parent == CallTree.ROOT ? byRoot.getOrDefault(p.frames().name(tree.frame(n)), -1) : of[parent];
        }
        return of;
    }
}
