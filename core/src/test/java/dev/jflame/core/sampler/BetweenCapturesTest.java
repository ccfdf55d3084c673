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
        between.afterCapture(s, leaf, SampleState.RUNNABLE, Thread.State.RUNNABLE, null, 0, 0, false, true);
        assertEquals(Long.valueOf(4), lines(live).get("[thread t];app.Main.main;app.Work.hot"), "the capture takes the carried ticks");
        assertNull(lines(live).get(NOT_TAKEN_LINE));
    }

    private static Map<String, Long> lines(Profile p) {
        return new CollapsedWriter(true).lines(p);
    }
}
