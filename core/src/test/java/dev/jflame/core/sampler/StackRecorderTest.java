package dev.jflame.core.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StackRecorderTest {
    private static StackTraceElement[] randomStack(Random r, int depth) {
        StackTraceElement[] s = new StackTraceElement[depth];
        for (int i = 0; i < depth; i++) {
            s[i] = new StackTraceElement("app.C" + r.nextInt(8), "m" + r.nextInt(8), null, 1);
        }
        return s;
    }

    @Test
    void pastTheBudgetNewStacksEndUnderABudgetFrameAndEverySampleStillCounts() {
        Profile p = new Profile();
        // The smallest budget: 1024 nodes.
        StackRecorder rec = new StackRecorder(p.frames(), new Counts(p.tree(), p.timeline()), 512, 0);
        Random r = new Random(7);
        int cuts = 0;
        for (int i = 0; i < 20_000; i++) {
            int thread = rec.threadNode("t" + (i % 50));
            SampleState state = i % 3 == 0 ? SampleState.WAITING : SampleState.RUNNABLE;
            rec.record(thread, randomStack(r, 12), state, state == SampleState.WAITING ? "app.Lock" : null, null, 0L);
            cuts += rec.lastCut ? 1 : 0;
        }
        assertTrue(p.tree().size() <= 1024, p.tree().size() + " nodes");
        assertEquals(20_000, p.tree().totalSamples(), "counting goes on past the budget");
        assertTrue(cuts > 15_000, "cut " + cuts);
        Map<String, Long> lines = new CollapsedWriter(true).lines(p);
        long underBudget = lines.entrySet().stream().filter(e -> e.getKey().contains(StackRecorder.BUDGET)).mapToLong(Map.Entry::getValue).sum();
        assertTrue(underBudget > 0, lines.keySet().toString());
        assertEquals(20_000, lines.values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void pastTheBudgetNewMethodsAndLockClassesAreNotInterned() {
        Profile p = new Profile();
        StackRecorder rec = new StackRecorder(p.frames(), new Counts(p.tree(), p.timeline()), 512, 0);
        int thread = rec.threadNode("main");
        Random r = new Random(3);
        for (int i = 0; i < 2_000; i++) {
            rec.record(thread, randomStack(r, 12), SampleState.RUNNABLE, null, null, 0L);
        }
        int frames = p.frames().size();
        for (int i = 0; i < 50_000; i++) {
            // Generated classes, each seen once, and a new lock class each time.
            StackTraceElement[] s = {new StackTraceElement("app.Proxy" + i, "invoke", null, i), new StackTraceElement("app.C0", "m0", null, 1)};
            rec.record(thread, s, SampleState.BLOCKED, "app.Lock" + i, null, 0L);
        }
        assertTrue(p.frames().size() <= frames + 2, "frames grew from " + frames + " to " + p.frames().size());
        assertEquals(52_000, p.tree().totalSamples());
    }

    @Test
    void aStackRunsInsideTheFrameAWaitWasAtWhenItsOutermostFramesAreTheWaits() {
        Profile p = new Profile();
        StackRecorder rec = new StackRecorder(p.frames(), new Counts(p.tree(), p.timeline()), 4, 1 << 20);
        int thread = rec.threadNode("worker");
        StackTraceElement run = new StackTraceElement("app.Main", "run", null, 10);
        StackTraceElement log = new StackTraceElement("app.Log", "write", null, 20);
        // Blocked entering the monitor of Log.write, called from Main.run.
        int waited = rec.record(thread, new StackTraceElement[] {log, run}, SampleState.BLOCKED, "app.Log", null, 0L);
        // Once in, it runs on inside Log.write (another line of it, deeper calls).
        StackTraceElement inside = new StackTraceElement("app.Log", "write", null, 24);
        assertTrue(rec.runsInside(thread, waited, new StackTraceElement[] {new StackTraceElement("java.io.FileOutputStream", "writeBytes", null, -2), inside, run}));
        assertTrue(rec.runsInside(thread, waited, new StackTraceElement[] {inside, run}));
        // Past it, or there by other calls, or on another thread: not known to have blocked there.
        assertFalse(rec.runsInside(thread, waited, new StackTraceElement[] {new StackTraceElement("app.Main", "format", null, 12), run}));
        assertFalse(rec.runsInside(thread, waited, new StackTraceElement[] {inside, new StackTraceElement("app.Main", "other", null, 30), run}));
        assertFalse(rec.runsInside(thread, waited, new StackTraceElement[] {run}));
        assertFalse(rec.runsInside(rec.threadNode("other"), waited, new StackTraceElement[] {inside, run}));
        // A stack deeper than the depth kept has lost its outermost frames: it cannot tell.
        StackTraceElement f = new StackTraceElement("app.Deep", "f", null, 1);
        assertFalse(rec.runsInside(thread, waited, new StackTraceElement[] {f, f, f, inside, run}));
    }

    @Test
    void threadsStartedPastTheBudgetShareOneNode() {
        Profile p = new Profile();
        StackRecorder rec = new StackRecorder(p.frames(), new Counts(p.tree(), p.timeline()), 512, 0);
        for (int i = 0; i < 5_000; i++) {
            rec.threadNode("short-lived-" + i);
        }
        assertTrue(p.tree().size() <= 1024, p.tree().size() + " nodes");
        assertTrue(p.frames().size() < 1100, p.frames().size() + " frames");
    }
}
