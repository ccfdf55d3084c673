package dev.jflame.core.sampler;

import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.model.SamplerStats;
import dev.jflame.core.model.ThreadStates;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Stacks for waits that the safepoint budget let begin and end between two captures (JDK 11-20 with
 * JFR, {@link BetweenCaptures}), from JFR's wait events. Guarded by the sampler's lock.
 *
 * <p>The scan saw the thread in the wait at one or more ticks — its JVM state, the class of its lock, and
 * the microseconds around the JVM's answer — but took no stack. JFR records the same wait when it ends
 * ({@link JfrWait}: kind, lock class, start and end, the stack the thread took itself as it began), and
 * hands it over up to a second or two later. A wait of that thread whose kind fits the state, whose lock
 * class is the same and whose span covers every tick that saw it gives those ticks its stack. Either side
 * may come first, so recent waits are kept a while ({@link #KEEP_MICROS}) and ticks owe a stack for up to
 * {@link #MAX_OWED_MILLIS}; ticks still owed then, or when the profile ends, go under
 * {@link StackRecorder#NOT_TAKEN} as before. Waits shorter than JFR's threshold have no event.
 *
 * <p>A wait the scan saw that ended before its capture ({@link EndedWaits}) owes its one tick here too;
 * where the scan could not tell its lock, a wait of the right kind on any lock fits, and names it.
 */
final class WaitStacks {
    /** How long ticks wait for JFR's event of their wait (JFR hands batches over about once a second). */
    static final long MAX_OWED_MILLIS = 5_000;
    /** How long JFR's waits are kept for ticks that have not been handed over yet (a wait ends, then a tick or two later the scan sees it has). */
    private static final long KEEP_MICROS = 5_000_000;
    /** Most waits kept per thread: a thread that waits a thousand times a second keeps the last few seconds' worth. */
    private static final int MAX_KEPT_PER_THREAD = 4_096;
    /**
     * How far JFR's clock and the sampler's may disagree, microseconds. Both count from a monotonic clock
     * anchored to wall time to the microsecond or better; this covers the anchoring and a scan's spread.
     */
    static final long CLOCK_SLACK_MICROS = 200;

    private final StackRecorder recorder;
    private final SamplerStats stats;
    private final Map<Long, ArrayDeque<JfrWait>> recent = new HashMap<>();
    private final List<Owed> owed = new ArrayList<>();
    /** Heap of the waits kept, with their stacks (a stack two waits share is counted twice: an upper bound). */
    private long keptBytes;
    /** Most heap the kept waits may take, once their batches have been counted and let go. */
    private final long maxKeptBytes;
    private boolean finished;

    /** @param maxBytes heap the waits kept for ticks to come may take */
    WaitStacks(StackRecorder recorder, SamplerStats stats, long maxBytes) {
        this.recorder = recorder;
        this.stats = stats;
        this.maxKeptBytes = maxBytes;
    }

    /**
     * Ticks of one wait of the thread at {@code threadNode} (id {@code threadId}) whose stack was not taken:
     * given a JFR wait's stack if one fits, now or when it comes, else the frame that says {@code why} not.
     *
     * @param anyLock whether the wait's lock is unknown ({@code lockClass} null): JFR's wait names it
     * @param targets whom the ticks waited for (kept: a copy is the caller's to make), or null
     * @param firstMicros when the first tick's observation began; {@code lastMicros} when the last one's ended
     */
    void owe(long threadId, int threadNode, Thread.State jvmState, SampleState state, String lockClass, boolean anyLock, WaitTargets targets,
            long count, long fromMillis, long toMillis, long firstMicros, long lastMicros, StackRecorder.NoStack why) {
        Owed o = new Owed(threadId, threadNode, jvmState, state, lockClass, anyLock, targets, count, fromMillis, toMillis, firstMicros,
                lastMicros, why);
        if (finished || !settle(o)) {
            if (finished) {
                notTaken(o);
            } else {
                owed.add(o);
            }
        }
    }

    /** JFR's waits of one batch: kept for ticks to come, and given to the ticks that owe them. */
    void offer(List<JfrWait> waits) {
        if (waits.isEmpty()) {
            return;
        }
        for (JfrWait w : waits) {
            ArrayDeque<JfrWait> q = recent.get(w.threadId);
            if (q == null) {
                q = new ArrayDeque<>();
                recent.put(w.threadId, q);
            }
            // Past either bound the thread's oldest wait makes room (a wait's own thread's: the others' may still be owed).
            while (!q.isEmpty() && (q.size() >= MAX_KEPT_PER_THREAD || keptBytes + bytes(w) > maxKeptBytes)) {
                keptBytes -= bytes(q.pollFirst());
            }
            if (keptBytes + bytes(w) <= maxKeptBytes) {
                q.addLast(w);
                keptBytes += bytes(w);
            }
        }
        for (Iterator<Owed> it = owed.iterator(); it.hasNext();) {
            if (settle(it.next())) {
                it.remove();
            }
        }
    }

    /** Ticks owed for longer than {@link #MAX_OWED_MILLIS} will get no stack; waits too old to match are dropped. */
    void expire(long nowMillis) {
        for (Iterator<Owed> it = owed.iterator(); it.hasNext();) {
            Owed o = it.next();
            if (o.toMillis < nowMillis - MAX_OWED_MILLIS) {
                notTaken(o);
                it.remove();
            }
        }
        long oldest = nowMillis * 1000 - KEEP_MICROS;
        for (Iterator<ArrayDeque<JfrWait>> it = recent.values().iterator(); it.hasNext();) {
            ArrayDeque<JfrWait> q = it.next();
            while (!q.isEmpty() && q.peekFirst().endMicros < oldest) {
                keptBytes -= bytes(q.pollFirst());
            }
            if (q.isEmpty()) {
                it.remove();
            }
        }
    }

    /** The end: what is still owed goes without a stack, and so does all owed after. */
    void finish() {
        for (Owed o : owed) {
            notTaken(o);
        }
        owed.clear();
        recent.clear();
        keptBytes = 0;
        finished = true;
    }

    /**
     * The ticks still owed, into {@code copy} (a snapshot of the live profile, same node numbering) as
     * {@link #finish} would put them; the live profile keeps owing them.
     */
    void settleInto(Profile copy) {
        for (Owed o : owed) {
            BetweenCaptures.notTakenInto(copy, o.why, o.threadNode, o.state, o.lockClass, o.count, o.fromMillis, o.toMillis);
        }
    }

    /** After push mode emptied the tree: each owing thread's node in the fresh one; the ticks still get their stacks. */
    void renumber(Renumbering r) {
        for (Owed o : owed) {
            o.threadNode = r.threadNode(o.threadId, o.threadNode);
        }
    }

    /** Gives {@code o} the stack of the wait that fits it best, if one does; returns whether it did. */
    private boolean settle(Owed o) {
        ArrayDeque<JfrWait> q = recent.get(o.threadId);
        if (q == null) {
            return false;
        }
        JfrWait best = null;
        // Newest first: the waits come in the order they ended, and one that ended before the last tick saw the thread waiting is not it.
        for (Iterator<JfrWait> it = q.descendingIterator(); it.hasNext();) {
            JfrWait w = it.next();
            if (w.endMicros < o.lastMicros - CLOCK_SLACK_MICROS) {
                break;
            }
            if (w.kind.fits(o.jvmState) && (o.anyLock || Objects.equals(w.lockClass, o.lockClass))
                    && w.startMicros <= o.firstMicros + CLOCK_SLACK_MICROS) {
                // Back-to-back short waits can both come within the slack: one that spans the ticks
                // without it is the one they saw; else the latest within it.
                if (w.startMicros <= o.firstMicros && w.endMicros >= o.lastMicros) {
                    best = w;
                    break;
                }
                if (best == null) {
                    best = w;
                }
            }
        }
        if (best == null) {
            return false;
        }
        if (o.anyLock) {
            recorder.record(o.threadNode, best.stack, ThreadStates.withoutStack(o.jvmState, best.lockClass), best.lockClass, o.targets, o.count,
                    o.fromMillis, o.toMillis);
        } else {
            recorder.record(o.threadNode, best.stack, o.state, o.lockClass, o.targets, o.count, o.fromMillis, o.toMillis);
        }
        if (recorder.lastCut) {
            stats.budgetCuts++;
        }
        stats.waitStacksFromJfr += o.count;
        return true;
    }

    private static long bytes(JfrWait w) {
        return JfrWait.BYTES + w.stack.bytes();
    }

    private void notTaken(Owed o) {
        recorder.recordNotTaken(o.why, o.threadNode, o.state, o.lockClass, o.targets, o.count, o.fromMillis, o.toMillis);
    }

    /** The ticks of one wait that owe a stack. */
    private static final class Owed {
        final long threadId;
        int threadNode;
        final Thread.State jvmState;
        final SampleState state;
        final String lockClass;
        /** Whether {@link #lockClass} is unknown rather than none. */
        final boolean anyLock;
        /** Whom the wait waited for, tick by tick; null where no lock was named. */
        final WaitTargets targets;
        final long count;
        final long fromMillis;
        final long toMillis;
        final long firstMicros;
        final long lastMicros;
        /** Why the ticks have no stack, if JFR gives none. */
        final StackRecorder.NoStack why;

        Owed(long threadId, int threadNode, Thread.State jvmState, SampleState state, String lockClass, boolean anyLock, WaitTargets targets,
                long count, long fromMillis, long toMillis, long firstMicros, long lastMicros, StackRecorder.NoStack why) {
            this.threadId = threadId;
            this.threadNode = threadNode;
            this.jvmState = jvmState;
            this.state = state;
            this.lockClass = lockClass;
            this.anyLock = anyLock;
            this.targets = targets;
            this.count = count;
            this.fromMillis = fromMillis;
            this.toMillis = toMillis;
            this.firstMicros = firstMicros;
            this.lastMicros = lastMicros;
            this.why = why;
        }
    }
}
