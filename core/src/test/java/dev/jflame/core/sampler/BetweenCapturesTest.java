package dev.jflame.core.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.model.SamplerStats;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Ticks carried to the next allowed capture stay carried through a snapshot: the snapshot shows them
 * without a stack, the live profile gives them the stack the capture finds.
 */
class BetweenCapturesTest {
    private static final String NOT_TAKEN_LINE = "[thread t];" + StackRecorder.NOT_TAKEN;

    @Test
    void aSnapshotSettlesCarriedTicksInItsCopyOnly() {
        Profile live = new Profile();
        StackRecorder rec = new StackRecorder(live.frames(), new Counts(live.tree(), live.timeline()), 512, 0);
        BetweenCaptures between = new BetweenCaptures(rec, new Counts(live.tree(), live.timeline()), new SamplerStats());
        ThreadSlot s = new ThreadSlot(Thread.currentThread(), true, rec.threadNode("t"));
        for (int i = 0; i < 3; i++) {
            between.carryRunning(s, 0L, false);
        }

        Profile copy = live.copy();
        between.settleInto(s, copy);
        assertEquals(Long.valueOf(3), lines(copy).get(NOT_TAKEN_LINE), "the snapshot counts every tick");
        assertNull(lines(live).get(NOT_TAKEN_LINE), "the live profile still owes them to a capture");

        StackTraceElement[] stack = {new StackTraceElement("app.Work", "hot", null, -1), new StackTraceElement("app.Main", "main", null, -1)};
        int leaf = rec.record(s.threadNode, stack, SampleState.RUNNABLE, null, null, 0L);
        between.afterCapture(s, leaf, SampleState.RUNNABLE, Thread.State.RUNNABLE, null, 0, 0, false, true, 0L);
        assertEquals(Long.valueOf(4), lines(live).get("[thread t];app.Main.main;app.Work.hot"), "the capture takes the carried ticks");
        assertNull(lines(live).get(NOT_TAKEN_LINE));
    }

    @Test
    void withoutJfrARunningCarryPassesWaitsToTheNextCaptureFoundRunning() {
        Profile live = new Profile();
        StackRecorder rec = new StackRecorder(live.frames(), new Counts(live.tree(), live.timeline()), 512, 0);
        BetweenCaptures between = new BetweenCaptures(rec, new Counts(live.tree(), live.timeline()), new SamplerStats());
        between.carryAcrossWaits();
        ThreadSlot s = new ThreadSlot(Thread.currentThread(), true, rec.threadNode("t"));
        for (long t = 0; t < 30; t += 10) {
            between.carryRunning(s, t, false);
        }
        StackTraceElement main = new StackTraceElement("app.Main", "main", null, -1);
        StackTraceElement[] parked = {new StackTraceElement("jdk.internal.misc.Unsafe", "park", null, -1), main};
        int waitLeaf = rec.record(s.threadNode, parked, SampleState.PARKED, null, null, 30L);
        between.afterCapture(s, waitLeaf, SampleState.PARKED, Thread.State.WAITING, null, 1, 0, false, true, 30L);
        assertNull(lines(live).get(NOT_TAKEN_LINE), "a wait does not end the carry");
        between.carryRunning(s, 40L, false);
        between.carryRunning(s, 50L, false);
        StackTraceElement[] read = {new StackTraceElement("sun.nio.ch.SocketDispatcher", "read0", null, -2), main};
        int idleLeaf = rec.record(s.threadNode, read, SampleState.NATIVE_IDLE, null, null, 60L);
        between.afterCapture(s, idleLeaf, SampleState.NATIVE_IDLE, Thread.State.RUNNABLE, null, 1, 0, false, true, 60L);
        assertEquals(Long.valueOf(3), lines(live).get("[thread t];app.Main.main;sun.nio.ch.SocketDispatcher.read0;[NATIVE_IDLE]"),
                "idle in native takes the ticks since the last wait only");

        StackTraceElement[] hot = {new StackTraceElement("app.Work", "hot", null, -1), main};
        int runLeaf = rec.record(s.threadNode, hot, SampleState.RUNNABLE, null, null, 70L);
        between.afterCapture(s, runLeaf, SampleState.RUNNABLE, Thread.State.RUNNABLE, null, 1, 0, false, true, 70L);
        assertEquals(Long.valueOf(4), lines(live).get("[thread t];app.Main.main;app.Work.hot"), "found running, it takes the ticks before the wait");
        assertEquals(0, s.runningCarry);

        // Idle in native right after a wait: nothing carried since that wait is its.
        between.carryRunning(s, 80L, false);
        between.afterCapture(s, waitLeaf, SampleState.PARKED, Thread.State.WAITING, null, 2, 0, false, true, 85L);
        between.afterCapture(s, idleLeaf, SampleState.NATIVE_IDLE, Thread.State.RUNNABLE, null, 2, 0, false, true, 90L);
        assertEquals(Long.valueOf(3), lines(live).get("[thread t];app.Main.main;sun.nio.ch.SocketDispatcher.read0;[NATIVE_IDLE]"));
        assertEquals(1, s.runningCarry, "still carried to a capture found running");
        between.afterCapture(s, runLeaf, SampleState.RUNNABLE, Thread.State.RUNNABLE, null, 2, 0, false, true, 95L);
        assertEquals(Long.valueOf(5), lines(live).get("[thread t];app.Main.main;app.Work.hot"));

        between.carryRunning(s, 100L, false);
        between.afterCapture(s, waitLeaf, SampleState.PARKED, Thread.State.WAITING, null, 2, 0, false, true, 100L + BetweenCaptures.MAX_CARRY_MILLIS + 1);
        assertEquals(Long.valueOf(1), lines(live).get(NOT_TAKEN_LINE), "a carry older than the bound goes without a stack");
    }

    @Test
    void withJfrARunningCarryEndsAtTheWait() {
        Profile live = new Profile();
        StackRecorder rec = new StackRecorder(live.frames(), new Counts(live.tree(), live.timeline()), 512, 0);
        BetweenCaptures between = new BetweenCaptures(rec, new Counts(live.tree(), live.timeline()), new SamplerStats());
        ThreadSlot s = new ThreadSlot(Thread.currentThread(), true, rec.threadNode("t"));
        between.carryRunning(s, 0L, false);
        StackTraceElement[] parked = {new StackTraceElement("jdk.internal.misc.Unsafe", "park", null, -1)};
        int waitLeaf = rec.record(s.threadNode, parked, SampleState.PARKED, null, null, 10L);
        between.afterCapture(s, waitLeaf, SampleState.PARKED, Thread.State.WAITING, null, 1, 0, false, true, 10L);
        assertEquals(Long.valueOf(1), lines(live).get(NOT_TAKEN_LINE));
    }

    private static Map<String, Long> lines(Profile p) {
        return new CollapsedWriter(true).lines(p);
    }
}
