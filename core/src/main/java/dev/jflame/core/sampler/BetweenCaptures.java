package dev.jflame.core.sampler;

import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.model.SamplerStats;
import dev.jflame.core.model.ThreadStates;
import java.lang.management.LockInfo;
import java.lang.management.ThreadInfo;

/**
 * The safepoint budget, and what a thread gets in the ticks between two allowed captures.
 *
 * <p>On JDK 11-20 every Java capture of another thread's stack is a global safepoint. When JFR gives
 * the running stacks, the captures left (new waits, checks of quiet native threads, running threads
 * before JFR samples) are allowed at most once per {@link #MIN_GAP_MILLIS}: at most 10 jflame
 * safepoints a second, whatever the program does (Contention took 96 a second without the budget).
 * In the ticks between two allowed captures, stacks are not taken, and each thread is still
 * counted once per tick:
 * <ul>
 *   <li>a thread in a new wait whose state and lock (the monitor, condition or blocker object, told
 *       by the JVM without a stack; a wait on no lock never matches) match one of its recent captured
 *       waits reuses that wait's stack;
 *       the next allowed capture takes it afresh and counts whether the reuse was right
 *       ({@code waitReusesWrong});</li>
 *   <li>any other new wait is deferred: if it is still the same wait (state and the JVM's wait and
 *       block counters unchanged) at the next allowed capture, its ticks join that stack; if it ended
 *       before, they take the stack of JFR's record of that wait where JFR gives the running stacks
 *       ({@link WaitStacks}), else, or if none comes, they go under {@link StackRecorder#NOT_TAKEN} with
 *       their state and lock;</li>
 *   <li>a running thread that JFR does not sample yet, or that is quiet (perhaps idle in native),
 *       carries its ticks to its next captured stack, running or idle in native (ten captures a
 *       second stand for the ticks between them), or to {@link StackRecorder#NOT_TAKEN} if it is no
 *       longer running then;</li>
 *   <li>where no JFR runs at all (an attach to a JDK 11-24 JVM whose JFR never ran, {@link #carryAcrossWaits}),
 *       a running thread's carried ticks also pass its waits, for up to {@link #MAX_CARRY_MILLIS}, to the
 *       next capture that finds it running. A request handler that runs a few milliseconds between waits is
 *       seldom running at one of ten captures a second; flushed at its first wait, three quarters of such a
 *       service's running ticks had no stack. A capture's moment does not depend on where the thread runs,
 *       so the stack it finds a running thread at is a fair sample of where that thread's running ticks
 *       were, as long as the thread keeps doing the same kind of work over the carry.</li>
 * </ul>
 * Guarded by the sampler's lock.
 */
final class BetweenCaptures {
    static final long MIN_GAP_MILLIS = 100;
    /**
     * How long a carry may pass waits: 20 captures, time for a thread running a tenth of the time to be
     * found running (within it, 88 % are), short enough that the work the ticks were spent on is still
     * the thread's work at that capture.
     */
    static final long MAX_CARRY_MILLIS = 2_000;
    private static final long MIN_GAP_NANOS = MIN_GAP_MILLIS * 1_000_000L;

    private final StackRecorder recorder;
    private final Counts counts;
    private final SamplerStats stats;
    /** Scratch for a sample counted in the tick it was taken. */
    private final WaitTargets oneTarget = new WaitTargets();
    private boolean capturedOnce;
    private long lastCaptureNanos;
    /** Where waits that ended uncaptured look for their stacks, once JFR records waits; else null. */
    private WaitStacks waitStacks;
    /** Whether a running carry passes the thread's waits ({@link #carryAcrossWaits}). */
    private boolean acrossWaits;

    BetweenCaptures(StackRecorder recorder, Counts counts, SamplerStats stats) {
        this.recorder = recorder;
        this.counts = counts;
        this.stats = stats;
    }

    /** From now on, waits that end uncaptured owe their stacks to JFR's wait events. */
    void useWaitStacks(WaitStacks w) {
        this.waitStacks = w;
    }

    /** From now on, a running thread's carried ticks pass its waits to its next capture found running: no JFR runs. */
    void carryAcrossWaits() {
        this.acrossWaits = true;
    }

    /** Whether a capture that stops the world may run at {@code nowNanos}. */
    boolean mayCapture(long nowNanos) {
        return !capturedOnce || nowNanos - lastCaptureNanos >= MIN_GAP_NANOS;
    }

    void captured(long nowNanos) {
        capturedOnce = true;
        lastCaptureNanos = nowNanos;
    }

    /**
     * One tick, at {@code tickMillis}, of a running thread whose stack is not taken now (JFR not sampling
     * yet, or no capture allowed); {@code quietOnce}: JFR samples, and the thread was quiet for just the one
     * interval before this tick.
     */
    void carryRunning(ThreadSlot s, long tickMillis, boolean quietOnce) {
        if (s.deferredSamples > 0) {
            flushDeferred(s);
        }
        if (s.runningCarry++ == 0) {
            s.carryFromMillis = tickMillis;
            s.carryQuiet = quietOnce;
            s.carryBroken = false;
        } else {
            if (s.carryBroken) {
                // A wait came between: the stretch before it keeps its own ticks in the timeline.
                if (s.carrySpans == null) {
                    s.carrySpans = new CarrySpans();
                }
                s.carrySpans.keep(s.runningCarry - 1 - s.carrySpans.total(), s.carryFromMillis, s.carryToMillis);
                s.carryFromMillis = tickMillis;
                s.carryBroken = false;
            }
            s.carryQuiet &= quietOnce;
        }
        s.carryToMillis = tickMillis;
        stats.samples++;
    }

    /**
     * Carried ticks of a thread quiet for one interval only ({@link ThreadSlot#carryQuiet}), found running
     * again: it waited for a core, or blocked a moment. Its ticks go to JFR's stacks like any running tick.
     * False, and nothing done, where the carry holds other ticks.
     */
    boolean handToRunning(ThreadSlot s, RunningTicks running) {
        if (s.runningCarry == 0 || !s.carryQuiet || s.deferredSamples > 0) {
            return false;
        }
        // Counted as samples when carried; the running ticks are counted when they get their stacks.
        stats.samples -= s.runningCarry;
        for (long i = 0; i < s.runningCarry; i++) {
            running.add(s, i == 0 ? s.carryFromMillis : s.carryToMillis);
        }
        s.runningCarry = 0;
        return true;
    }

    /**
     * One tick, at {@code tickMillis}, of a thread in a new wait that is not captured now; {@code info} is
     * the JVM's word on it, without a stack, given between {@code fromMicros} and {@code toMicros}
     * (wall time, microseconds).
     */
    void waitWithoutCapture(ThreadSlot s, ThreadInfo info, String holder, long tickMillis, long fromMicros, long toMicros) {
        passWait(s, tickMillis);
        Thread.State state = info.getThreadState();
        String lockName = info.getLockName();
        stats.samples++;
        if (s.deferredSamples > 0) {
            if (sameWait(s, state, info.getWaitedCount(), info.getBlockedCount())) {
                s.deferredSamples++;
                s.deferredTargets.add(lockName, holder);
                s.deferredToMillis = tickMillis;
                s.deferredLastMicros = toMicros;
                return;
            }
            flushDeferred(s);
        }
        // A wait on no lock (a sleep, a park without a blocker) says nothing about where it is: never reused.
        int kept = s.recentWaits == null || lockName == null ? -1 : s.recentWaits.find(state, lockName);
        if (kept >= 0) {
            int leaf = s.recentWaits.leaf(kept);
            SampleState sampleState = s.recentWaits.sampleState(kept);
            recorder.countWait(leaf, sampleState, oneTarget.only(lockName, holder, 1), 1, tickMillis, tickMillis);
            s.cacheWait(leaf, sampleState, state, info.getWaitedCount(), info.getBlockedCount(), lockName, holder);
            s.reusedLeaf = leaf;
            s.cachedStateAtReuse = state;
            stats.stacksReused++;
            stats.waitsReused++;
            return;
        }
        LockInfo lock = info.getLockInfo();
        s.deferredSamples = 1;
        s.deferredFromMillis = tickMillis;
        s.deferredToMillis = tickMillis;
        s.deferredFirstMicros = fromMicros;
        s.deferredLastMicros = toMicros;
        s.deferredState = state;
        s.deferredLockClass = lock == null ? null : lock.getClassName();
        s.deferredWaitedCount = info.getWaitedCount();
        s.deferredBlockedCount = info.getBlockedCount();
        if (s.deferredTargets == null) {
            s.deferredTargets = new WaitTargets();
        }
        s.deferredTargets.clear();
        s.deferredTargets.add(lockName, holder);
    }

    /**
     * After {@code s} was captured and recorded at {@code leaf}: its carried and deferred ticks join
     * that stack where they belong to it, a reused wait is checked, and a wait that can be cached
     * (same JVM {@code jvmState}, {@code lockName}) is kept for reuse: under the safepoint budget
     * ({@code budgeted}), and for a thread whose wait once ended before its capture ({@link EndedWaits}).
     * {@code tickMillis}: the capture's tick.
     */
    void afterCapture(ThreadSlot s, int leaf, SampleState state, Thread.State jvmState, String lockName,
            long waitedCount, long blockedCount, boolean cacheableWait, boolean budgeted, long tickMillis) {
        if (s.runningCarry > 0) {
            if (state == SampleState.RUNNABLE) {
                giveCarry(s, leaf, state);
            } else if (state == SampleState.NATIVE_IDLE) {
                // The ticks since its last wait (none if it waited since its latest carried tick) were the start
                // of this idle call, or the code that led to it; the stretches before that wait pass this one too.
                if (!s.carryBroken) {
                    giveLatestStretch(s, leaf, state);
                }
                passWait(s, tickMillis);
            } else {
                passWait(s, tickMillis);
            }
        }
        if (s.deferredSamples > 0) {
            if (!state.isRunning() && sameWait(s, jvmState, waitedCount, blockedCount)) {
                recorder.countWait(leaf, state, s.deferredTargets, s.deferredSamples, s.deferredFromMillis, s.deferredToMillis);
                s.deferredSamples = 0;
            } else {
                flushDeferred(s);
            }
        }
        if (s.reusedLeaf >= 0) {
            // Still in the wait that was given a reused stack (the scan saw the same state and
            // blocker): a check of the reuse, unless the wait ended in the moment since.
            if (jvmState == s.cachedStateAtReuse) {
                stats.waitReusesChecked++;
                if (s.reusedLeaf != leaf) {
                    stats.waitReusesWrong++;
                }
            }
            s.reusedLeaf = -1;
        }
        if (cacheableWait && lockName != null && (budgeted || s.recentWaits != null)) {
            if (s.recentWaits == null) {
                s.recentWaits = new RecentWaits();
            }
            s.recentWaits.put(jvmState, lockName, leaf, state);
        }
    }

    /**
     * The scan found {@code s} in a wait at {@code tickMillis} that ended before its capture: its deferred ticks
     * cannot get a stack now, and its running carry passes the wait where carries do.
     */
    void endedWait(ThreadSlot s, long tickMillis) {
        if (s.deferredSamples > 0) {
            flushDeferred(s);
        }
        passWait(s, tickMillis);
    }

    /** Carried and deferred ticks go to the tree without a stack: the thread ended, JFR took over, or the profile is read. */
    void flush(ThreadSlot s) {
        if (s.runningCarry > 0) {
            flushCarry(s);
        }
        if (s.deferredSamples > 0) {
            flushDeferred(s);
        }
    }

    /**
     * Carried and deferred ticks of {@code s} into {@code copy}, a snapshot of the live profile (same node
     * numbering: {@link dev.jflame.core.model.Profile#copy()} grafts node by node), where they stand
     * without a stack as {@link #flush} would put them; the live slot keeps them, so the next capture
     * still gives them their stack. A snapshot (a child's flush every 2 s, {@code dump}) must not
     * settle early what the live profile would have placed.
     */
    void settleInto(ThreadSlot s, dev.jflame.core.model.Profile copy) {
        if (s.runningCarry > 0) {
            notTakenInto(copy, StackRecorder.NoStack.BETWEEN_CAPTURES, s.threadNode, SampleState.RUNNABLE, null, s.runningCarry,
                    firstCarried(s), s.carryToMillis);
        }
        if (s.deferredSamples > 0) {
            notTakenInto(copy, StackRecorder.NoStack.BETWEEN_CAPTURES, s.threadNode, deferredState(s), s.deferredLockClass, s.deferredSamples,
                    s.deferredFromMillis, s.deferredToMillis);
        }
    }

    /**
     * {@code count} samples in {@code state} (on {@code lockClass}) under the frame that says {@code why} they
     * have no stack, below {@code threadNode} in {@code copy}, a snapshot of the live profile, where the live
     * profile has not placed them yet.
     */
    static void notTakenInto(dev.jflame.core.model.Profile copy, StackRecorder.NoStack why, int threadNode, SampleState state,
            String lockClass, long count, long fromMillis, long toMillis) {
        Counts c = new Counts(copy.tree(), copy.timeline());
        int notTaken = c.tree.child(threadNode, copy.frames().intern(why.frame, FrameKind.TRUNCATED));
        String leaf = state.leafFrame(lockClass);
        int node = leaf == null ? notTaken : c.tree.child(notTaken, copy.frames().intern(leaf, FrameKind.STATE));
        c.add(node, state, count, fromMillis, toMillis);
    }

    private static boolean sameWait(ThreadSlot s, Thread.State state, long waitedCount, long blockedCount) {
        return state == s.deferredState && waitedCount == s.deferredWaitedCount && blockedCount == s.deferredBlockedCount;
    }

    /**
     * A thread with carried ticks is in a wait at {@code tickMillis}: the carry passes it ({@link #carryAcrossWaits},
     * not older than {@link #MAX_CARRY_MILLIS}), or goes without a stack.
     */
    private void passWait(ThreadSlot s, long tickMillis) {
        if (s.runningCarry == 0) {
            return;
        }
        if (acrossWaits && tickMillis - firstCarried(s) <= MAX_CARRY_MILLIS) {
            s.carryBroken = true;
        } else {
            flushCarry(s);
        }
    }

    /** The first carried tick of {@code s}, which has some. */
    private static long firstCarried(ThreadSlot s) {
        return s.carrySpans != null && s.carrySpans.total() > 0 ? s.carrySpans.firstMillis() : s.carryFromMillis;
    }

    /** All of {@code s}'s carried ticks at {@code node}, each stretch at its own ticks. */
    private void giveCarry(ThreadSlot s, int node, SampleState state) {
        long earlier = s.carrySpans == null ? 0 : s.carrySpans.total();
        counts.add(node, state, s.runningCarry - earlier, s.carryFromMillis, s.carryToMillis);
        if (earlier > 0) {
            s.carrySpans.addTo(counts, node, state);
        }
        s.runningCarry = 0;
    }

    /**
     * Only the latest stretch of {@code s}'s carry at {@code node}: the earlier ones stay carried, the latest of
     * them now the current one.
     */
    private void giveLatestStretch(ThreadSlot s, int node, SampleState state) {
        long earlier = s.carrySpans == null ? 0 : s.carrySpans.total();
        if (earlier == 0) {
            giveCarry(s, node, state);
            return;
        }
        counts.add(node, state, s.runningCarry - earlier, s.carryFromMillis, s.carryToMillis);
        s.runningCarry = earlier;
        s.carryFromMillis = s.carrySpans.lastFromMillis();
        s.carryToMillis = s.carrySpans.lastToMillis();
        s.carrySpans.dropLast();
    }

    private void flushCarry(ThreadSlot s) {
        long earlier = s.carrySpans == null ? 0 : s.carrySpans.total();
        int node = recorder.recordNotTaken(StackRecorder.NoStack.BETWEEN_CAPTURES, s.threadNode, SampleState.RUNNABLE, null, null,
                s.runningCarry - earlier, s.carryFromMillis, s.carryToMillis);
        if (earlier > 0) {
            s.carrySpans.addTo(counts, node, SampleState.RUNNABLE);
        }
        s.runningCarry = 0;
    }

    private void flushDeferred(ThreadSlot s) {
        if (waitStacks != null) {
            waitStacks.owe(s.id, s.threadNode, s.deferredState, deferredState(s), s.deferredLockClass, false, s.deferredTargets.copy(),
                    s.deferredSamples, s.deferredFromMillis, s.deferredToMillis, s.deferredFirstMicros, s.deferredLastMicros,
                    StackRecorder.NoStack.BETWEEN_CAPTURES);
        } else {
            recorder.recordNotTaken(StackRecorder.NoStack.BETWEEN_CAPTURES, s.threadNode, deferredState(s), s.deferredLockClass,
                    s.deferredTargets, s.deferredSamples, s.deferredFromMillis, s.deferredToMillis);
        }
        s.deferredSamples = 0;
    }

    private static SampleState deferredState(ThreadSlot s) {
        return ThreadStates.withoutStack(s.deferredState, s.deferredLockClass);
    }
}
