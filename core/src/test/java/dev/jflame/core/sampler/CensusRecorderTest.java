package dev.jflame.core.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SamplerStats;
import dev.jflame.core.model.VirtualThreadCounts;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/** Every tick counts one census's virtual threads once, whether or not snapshots settled the held census in between. */
class CensusRecorderTest {
    private static final String LINE = "[thread [virtual threads]];app.Handler.handle;app.Queue.take;[PARKED]";

    private final Profile profile = new Profile();
    private final StackRecorder recorder = new StackRecorder(profile.frames(), new Counts(profile.tree(), profile.timeline()), 64, 0);
    private final Deque<VirtualCensus.Tally> arriving = new ArrayDeque<>();
    private final CensusRecorder census = new CensusRecorder(arriving::poll, () -> { }, recorder, new SamplerStats(), new VirtualThreadCounts());

    @Test
    void aSnapshotTakesTheHeldCensusTicksSoFarAndNoTickTwice() {
        arriving.add(tally(20));
        census.tick(10);
        assertEquals(null, samples(), "held until a snapshot or the next census");

        census.settle(30, System.currentTimeMillis());
        assertEquals(Long.valueOf(20 * 30), samples(), "a snapshot has the ticks from the start to its own");
        census.settle(35, System.currentTimeMillis());
        assertEquals(Long.valueOf(20 * 30), samples(), "settled at most every " + CensusRecorder.SETTLE_EVERY_MILLIS + " ms");

        // The next census at tick 40: halfway is tick 25, already settled, so it stands for the ticks from 30.
        arriving.add(tally(50));
        census.tick(40);
        census.flush(100, System.currentTimeMillis());
        assertEquals(Long.valueOf(20 * 30 + 50 * 70), samples(), "each tick once");
    }

    @Test
    void withoutSnapshotsEachCensusStandsForTheTicksNearestIt() {
        arriving.add(tally(20));
        census.tick(10);
        arriving.add(tally(50));
        census.tick(40);
        census.flush(100, System.currentTimeMillis());
        assertEquals(Long.valueOf(20 * 25 + 50 * 75), samples());
    }

    private static VirtualCensus.Tally tally(int parked) {
        VirtualCensus.Tally t = new VirtualCensus.Tally(64, Long.MAX_VALUE);
        StackTraceElement[] stack = {new StackTraceElement("app.Queue", "take", null, -1), new StackTraceElement("app.Handler", "handle", null, -1)};
        for (int i = 0; i < parked; i++) {
            t.visit("", Thread.State.WAITING, null, null, stack);
        }
        return t;
    }

    private Long samples() {
        return new CollapsedWriter(true).lines(profile).get(LINE);
    }
}
