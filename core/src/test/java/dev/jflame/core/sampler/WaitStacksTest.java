package dev.jflame.core.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.model.SamplerStats;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WaitStacksTest {
    private static final long T = 1_000_000_000_000L;
    private final Profile profile = new Profile();
    private final SamplerStats stats = new SamplerStats();
    private final StackRecorder recorder = new StackRecorder(profile.frames(), new Counts(profile.tree(), profile.timeline()), 64, 1 << 20);
    private final WaitStacks waits = new WaitStacks(recorder, stats, 1 << 20);
    private final int thread = recorder.threadNode("sleeper");

    private static JfrStack stack(String... topFirst) {
        JfrMethod[] m = new JfrMethod[topFirst.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = new JfrMethod(topFirst[i], FrameKind.JAVA);
        }
        return new JfrStack(m, false);
    }

    private static JfrWait sleep(long start, long end, String method) {
        return new JfrWait(7, JfrWait.Kind.SLEEP, T + start, T + end, null, stack("java.lang.Thread.sleep", method, "app.Main.run"));
    }

    private void owe(Thread.State state, SampleState sampleState, String lock, long first, long last) {
        waits.owe(7, thread, state, sampleState, lock, false, null, 1, T / 1000, T / 1000, T + first, T + last, StackRecorder.NoStack.BETWEEN_CAPTURES);
    }

    private Map<String, Long> lines() {
        return new TreeMap<>(new CollapsedWriter(false).lines(profile));
    }

    @Test
    void backToBackSleepsEachGiveTheirStackToTheTicksInsideThem() {
        waits.offer(List.of(sleep(0, 1_070, "app.Main.napA"), sleep(1_071, 2_140, "app.Main.napB"), sleep(2_141, 3_210, "app.Main.napA")));
        // Ticks near the ends of the sleeps, within the clock's slack of the neighbours.
        owe(Thread.State.TIMED_WAITING, SampleState.TIMED_WAITING, null, 1_000, 1_050);
        owe(Thread.State.TIMED_WAITING, SampleState.TIMED_WAITING, null, 1_100, 1_150);
        owe(Thread.State.TIMED_WAITING, SampleState.TIMED_WAITING, null, 2_150, 2_200);
        assertEquals(Map.of(
                "app.Main.run;app.Main.napA;java.lang.Thread.sleep;[TIMED_WAITING]", 2L,
                "app.Main.run;app.Main.napB;java.lang.Thread.sleep;[TIMED_WAITING]", 1L), lines());
        assertEquals(3, stats.waitStacksFromJfr);
    }

    @Test
    void ticksOwedBeforeTheirWaitArrivesGetItsStackWhenItDoes() {
        owe(Thread.State.BLOCKED, SampleState.BLOCKED, "app.Lock", 500, 900);
        assertEquals(Map.of(), lines());
        waits.offer(List.of(new JfrWait(7, JfrWait.Kind.MONITOR_ENTER, T + 100, T + 5_000, "app.Lock", stack("app.Main.locked", "app.Main.run"))));
        assertEquals(Map.of("app.Main.run;app.Main.locked;[BLOCKED on app.Lock]", 1L), lines());
    }

    @Test
    void aWaitOfAnotherKindLockOrTimeIsNotTheOneTheTicksSaw() {
        waits.offer(List.of(
                new JfrWait(7, JfrWait.Kind.MONITOR_WAIT, T, T + 10_000, "app.Other", stack("java.lang.Object.wait", "app.Main.run")),
                new JfrWait(7, JfrWait.Kind.SLEEP, T, T + 10_000, null, stack("java.lang.Thread.sleep", "app.Main.run")),
                new JfrWait(7, JfrWait.Kind.PARK, T + 20_000, T + 30_000, "app.Lock", stack("jdk.internal.misc.Unsafe.park", "app.Main.run"))));
        owe(Thread.State.WAITING, SampleState.WAITING, "app.Lock", 5_000, 5_100);
        assertEquals(Map.of(), lines());
        waits.expire(T / 1000 + WaitStacks.MAX_OWED_MILLIS + 1);
        assertEquals(Map.of(StackRecorder.NOT_TAKEN + ";[WAITING on app.Lock]", 1L), lines());
        assertEquals(0, stats.waitStacksFromJfr);
    }

    @Test
    void aWaitThatEndedBeforeItsCaptureTakesJfrsStackAndLockWhereTheScanKnewNoLock() {
        waits.offer(List.of(
                new JfrWait(7, JfrWait.Kind.MONITOR_ENTER, T, T + 3_000, "app.Log", stack("app.Log.write", "app.Main.run")),
                new JfrWait(7, JfrWait.Kind.SLEEP, T + 3_000, T + 9_000, null, stack("java.lang.Thread.sleep", "app.Main.run"))));
        // The scan saw it BLOCKED at 2 ms; its lock was not known (the wait ended before it was asked).
        waits.owe(7, thread, Thread.State.BLOCKED, SampleState.BLOCKED, null, true, null, 1, T / 1000, T / 1000, T + 2_000, T + 2_000,
                StackRecorder.NoStack.WAIT_ENDED);
        // And at 8 ms a wait whose lock it did not know either, of which JFR has no record of its kind.
        waits.owe(7, thread, Thread.State.WAITING, SampleState.WAITING, null, true, null, 1, T / 1000, T / 1000, T + 8_000, T + 8_000,
                StackRecorder.NoStack.WAIT_ENDED);
        waits.expire(T / 1000 + WaitStacks.MAX_OWED_MILLIS + 1);
        assertEquals(Map.of(
                "app.Main.run;app.Log.write;[BLOCKED on app.Log]", 1L,
                StackRecorder.NoStack.WAIT_ENDED.frame + ";[WAITING]", 1L), lines());
    }

    @Test
    void afterTheEndTicksGoWithoutAStackAtOnce() {
        owe(Thread.State.TIMED_WAITING, SampleState.TIMED_WAITING, null, 0, 10);
        waits.finish();
        owe(Thread.State.TIMED_WAITING, SampleState.TIMED_WAITING, null, 20, 30);
        assertEquals(Map.of(StackRecorder.NOT_TAKEN + ";[TIMED_WAITING]", 2L), lines());
    }
}
