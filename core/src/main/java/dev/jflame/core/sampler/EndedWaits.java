package dev.jflame.core.sampler;

import dev.jflame.core.model.SampleState;
import dev.jflame.core.model.SamplerStats;
import dev.jflame.core.model.ThreadStates;
import java.lang.management.LockInfo;
import java.lang.management.ThreadInfo;

/**
 * The tick of a wait that the scan saw and that had ended when the thread was read again a moment
 * later, for its stack (a capture, or the JVM's word on it between captures). The tick is the scan's:
 * it counts in the state the scan read. Counting it as whatever the later reading found would count
 * only waits that end in that moment and never running threads that begin one (the scan's running
 * threads are not read again), and so draw short waits as running: Log4j's eight threads logging
 * through one file appender, BLOCKED 68 % of the time by every other measure, read 48-54 %.
 *
 * <p>The stack in hand is where the thread is now, past the wait, so it is not the tick's. The tick
 * takes, in turn: the stack of the thread's last captured wait in the same state on the same lock, where
 * the JVM named the lock just after the scan ({@link RecentWaits}; a thread keeps them once one of its
 * waits ended so); for a thread blocked on a monitor, the stack of its last captured blocked wait inside
 * whose frame it runs now; JFR's record of that wait, where JFR records waits ({@link WaitStacks}, JDK
 * 11-20); else none, under {@link StackRecorder.NoStack#WAIT_ENDED} with its state and what is known of
 * its lock. On Log4j's threads (JDK 25) the frame rule took the samples without a stack from 10.7 % of
 * the threads' samples to 2.1 %. Guarded by the sampler's lock.
 */
final class EndedWaits {
    private final StackRecorder recorder;
    private final BetweenCaptures between;
    private final LockOwners owners;
    private final SamplerStats stats;
    /** Scratch: whom the one tick waited for. */
    private final WaitTargets oneTarget = new WaitTargets();
    /** Where JFR's records of waits are, or null where JFR records none. */
    private WaitStacks waitStacks;

    EndedWaits(StackRecorder recorder, BetweenCaptures between, LockOwners owners, SamplerStats stats) {
        this.recorder = recorder;
        this.between = between;
        this.owners = owners;
        this.stats = stats;
    }

    void useWaitStacks(WaitStacks w) {
        this.waitStacks = w;
    }

    /**
     * Counts the tick, at {@code tickMillis}, of {@code s}, which the scan saw in {@code seen} (at
     * {@code scanMicros}, wall time; used only with JFR's waits); {@code atScan} is the JVM's word on it
     * just after the scan, or null: its lock where it was still in that state then; {@code now} the stack
     * the thread was found with since, or null where none was taken.
     */
    void count(ThreadSlot s, Thread.State seen, ThreadInfo atScan, StackTraceElement[] now, long tickMillis, long scanMicros) {
        // Ticks deferred to this capture will not get its stack: it is past their wait too.
        between.endedWait(s, tickMillis);
        s.reusedLeaf = -1;
        stats.samples++;
        stats.waitsEndedBeforeCapture++;
        String lockName = null;
        String lockClass = null;
        String holder = null;
        boolean lockKnown = atScan != null && atScan.getThreadState() == seen;
        if (lockKnown) {
            lockName = atScan.getLockName();
            LockInfo lock = atScan.getLockInfo();
            lockClass = lock == null ? null : lock.getClassName();
            holder = owners.holder(s.thread, atScan);
        }
        WaitTargets targets = oneTarget.only(lockName, holder, 1);
        if (s.recentWaits == null) {
            // From now on this thread's captured waits are kept, for its next wait that ends so.
            s.recentWaits = new RecentWaits();
        } else {
            int kept = lockName != null ? s.recentWaits.find(seen, lockName) : -1;
            if (kept < 0 && now != null && seen == Thread.State.BLOCKED) {
                kept = blockedInside(s, now);
            }
            if (kept >= 0) {
                recorder.countWait(s.recentWaits.leaf(kept), s.recentWaits.sampleState(kept), targets, 1, tickMillis, tickMillis);
                return;
            }
        }
        // A lock the JVM named none of is none (a sleep, a park without a blocker); one not asked about is unknown.
        SampleState state = lockKnown ? ThreadStates.withoutStack(seen, lockClass) : ThreadStates.of(seen, null, null);
        if (waitStacks != null) {
            waitStacks.owe(s.id, s.threadNode, seen, state, lockClass, !lockKnown, targets.copy(), 1, tickMillis, tickMillis, scanMicros,
                    scanMicros, StackRecorder.NoStack.WAIT_ENDED);
        } else {
            recorder.recordNotTaken(StackRecorder.NoStack.WAIT_ENDED, s.threadNode, state, lockClass, targets, 1, tickMillis, tickMillis);
        }
    }

    /**
     * The kept BLOCKED wait of {@code s} inside whose frame it now runs, by the same calls, or -1: a thread
     * blocked entering a monitor has the frame that enters it on top, and runs on inside that frame once it
     * has the monitor, so it was blocked there. (Its lock may have been another object of the same class.)
     */
    private int blockedInside(ThreadSlot s, StackTraceElement[] now) {
        RecentWaits kept = s.recentWaits;
        for (int i = 0; i < kept.capacity(); i++) {
            if (kept.state(i) == Thread.State.BLOCKED && recorder.runsInside(s.threadNode, kept.leaf(i), now)) {
                return i;
            }
        }
        return -1;
    }
}
