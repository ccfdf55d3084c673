package dev.jflame.core.sampler;

import dev.jflame.core.model.ThreadStates;
import dev.jflame.core.model.WaitFrames;
import java.lang.management.LockInfo;
import java.lang.management.ThreadInfo;
import java.util.Arrays;

/**
 * One tick's captured threads as parallel arrays: stack, state, the class of the lock waited on, and
 * the JVM's wait counters. Reused from tick to tick; confined to the sampler thread.
 */
final class CaptureBatch {
    StackTraceElement[][] stacks = new StackTraceElement[16][];
    Thread.State[] states = new Thread.State[16];
    String[] lockClasses = new String[16];
    /** The lock's class and identity as the JVM names it ({@code ThreadInfo.getLockName()}), or null. */
    String[] lockNames = new String[16];
    /** Who holds that lock ({@code ThreadInfo.getLockOwnerName()}), or null: nobody, or no lock. */
    String[] holders = new String[16];
    long[] waitedCounts = new long[16];
    long[] blockedCounts = new long[16];
    /** False where the thread may have changed state while its stack was taken: do not cache it. */
    boolean[] stable = new boolean[16];
    int size;

    void reset(int n) {
        if (stacks.length < n) {
            int cap = Math.max(n, stacks.length * 2);
            stacks = new StackTraceElement[cap][];
            states = new Thread.State[cap];
            lockClasses = new String[cap];
            lockNames = new String[cap];
            holders = new String[cap];
            waitedCounts = new long[cap];
            blockedCounts = new long[cap];
            stable = new boolean[cap];
        }
        Arrays.fill(stacks, 0, size, null);
        size = n;
    }

    /** Fills entry {@code i} from {@code info} (state, lock, counters) and {@code stack}; a null info marks a dead thread. */
    void set(int i, ThreadInfo info, StackTraceElement[] stack, boolean isStable) {
        if (info == null || stack == null) {
            stacks[i] = null;
            return;
        }
        stacks[i] = stack;
        stable[i] = isStable;
        states[i] = info.getThreadState();
        LockInfo lock = info.getLockInfo();
        lockClasses[i] = lock == null ? null : lock.getClassName();
        lockNames[i] = info.getLockName();
        holders[i] = info.getLockOwnerId() >= 0 ? info.getLockOwnerName() : null;
        if (!isStable && (stack.length == 0 || !WaitFrames.isJvmWait(stack[0]))) {
            // The state moved while the stack was taken, and the stack is not parked, sleeping or
            // waiting: it was taken while the thread ran (e.g. between two monitor entries).
            states[i] = Thread.State.RUNNABLE;
            lockClasses[i] = null;
            lockNames[i] = null;
            holders[i] = null;
        }
        waitedCounts[i] = info.getWaitedCount();
        blockedCounts[i] = info.getBlockedCount();
    }

    /**
     * Fills entry {@code i} for a thread the scan saw running: no lock, no wait to cache. A stack caught
     * inside a park, sleep or wait belongs to a thread on its way into or out of that wait, and one of a
     * thread no longer RUNNABLE right after it ({@code stillRunnable} false) to one that has moved; either
     * is sampled but marked unstable, so it is never kept as an idle native stack.
     */
    void setRunnable(int i, StackTraceElement[] stack, boolean stillRunnable) {
        stacks[i] = stack;
        stable[i] = stillRunnable && (stack == null || stack.length == 0 || !WaitFrames.isJvmWait(stack[0]));
        states[i] = Thread.State.RUNNABLE;
        lockClasses[i] = null;
        lockNames[i] = null;
        holders[i] = null;
        waitedCounts[i] = 0;
        blockedCounts[i] = 0;
    }

    /**
     * Makes entry {@code i} the tick's as the scan saw it, in state {@code seen}: the capture came a moment
     * later and only gives the stack. Returns false where that stack cannot stand for the scan's wait
     * ({@code seen} a wait, the thread now past it): the entry is then not to be recorded. Where the thread
     * has moved, the entry is not cached. A thread the scan saw running is running, with the stack it took
     * into the wait it is in now; a thread still in the scan's wait, waking from it (its stack still ends in
     * the park, sleep or {@code Object.wait}), is in the scan's state on the scan's lock: as the JVM named it
     * just after the scan ({@code atScan}, may be null), else as the capture did, else for {@code Object.wait}
     * {@code waitLockClass}, the class of the monitor it last waited on.
     */
    boolean toScanState(int i, Thread.State seen, ThreadInfo atScan, String waitLockClass) {
        if (states[i] == seen) {
            return true;
        }
        stable[i] = false;
        if (seen == Thread.State.RUNNABLE) {
            states[i] = Thread.State.RUNNABLE;
            lockClasses[i] = null;
            lockNames[i] = null;
            holders[i] = null;
            return true;
        }
        StackTraceElement top = stacks[i].length > 0 ? stacks[i][0] : null;
        if (!ThreadStates.isInWaitOf(seen, top)) {
            return false;
        }
        states[i] = seen;
        if (atScan != null && atScan.getThreadState() == seen) {
            LockInfo lock = atScan.getLockInfo();
            lockClasses[i] = lock == null ? null : lock.getClassName();
            lockNames[i] = atScan.getLockName();
            holders[i] = atScan.getLockOwnerId() >= 0 ? atScan.getLockOwnerName() : null;
        } else if (lockClasses[i] == null && WaitFrames.isObjectWait(top)) {
            lockClasses[i] = waitLockClass;
        }
        return true;
    }

    boolean present(int i) {
        return stacks[i] != null;
    }
}
