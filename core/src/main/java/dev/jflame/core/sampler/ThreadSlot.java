package dev.jflame.core.sampler;

import dev.jflame.core.model.SampleState;

/**
 * What the sampler remembers about one thread between ticks. Guarded by the sampler's lock.
 */
final class ThreadSlot {
    final Thread thread;
    final long id;
    /** Whether the thread's name matched the {@code threads=} filter when first seen. */
    final boolean included;
    /** The thread's frame in the call tree (found again when push mode starts a fresh tree); -1 when not included. */
    int threadNode;
    /** Tick in which the thread was last enumerated; stale slots are dropped. */
    long seenTick;

    /** Leaf node of the last wait's stack, or -1 when nothing is cached (running, or never captured). */
    int cachedLeaf = -1;
    /** The state the cached wait's samples are counted in. */
    SampleState cachedSampleState;
    /** State of the cached wait as the JVM reported it. */
    Thread.State cachedState;
    /** Identity of the park blocker during the cached wait (null for monitors, sleep, blocker-less park). */
    Object cachedBlocker;
    /** The cached wait's lock as the JVM names it (class and identity hash), or null where it names none. */
    String cachedLockName;
    /** Whether who holds that lock can change during the wait (a monitor, a lock with an owner): then it is read every tick. */
    boolean holderMoves;
    /** Who holds it, as last read; null where nobody does. */
    String holder;
    /** The node the cached wait's samples go to for {@link #targetHolder} under {@link #targetLeaf}, or -1. */
    int targetNode = -1;
    int targetLeaf = -1;
    String targetHolder;
    long cachedWaitedCount;
    long cachedBlockedCount;
    /**
     * Samples of the cached wait, or of the thread idle in native, not yet added to the tree. An idle
     * thread's tick is then one increment on this object, which the scan has just read, instead of a
     * write to the tree's arrays at a far-away node; and the timeline gets the stretch in one piece,
     * which it keeps as one run. {@link #flushPending} adds them when the wait or the idling ends, the
     * slot is dropped, or the profile is read.
     */
    long pendingSamples;
    /** The leaf and state the {@link #pendingSamples} are counted at. */
    int pendingLeaf;
    SampleState pendingState;
    /** Ticks of the first and the latest of the {@link #pendingSamples}, where the timeline puts them. */
    long pendingFromMillis;
    long pendingToMillis;

    /**
     * The {@code [NATIVE_IDLE]} leaf of the thread's native stack, or the {@code [waits on ...]} node under
     * it that names the far end ({@link PeerWaits}), reused while it uses no CPU; or -1.
     */
    int idleLeaf = -1;
    /** The thread's Linux task id once {@link PeerWaits} found it, else 0; and how often it looked. */
    int tid;
    int tidSearches;
    /** Whether the far end of the idle thread's wait is still to be looked up (the tick it was captured could not). */
    boolean peerOwed;
    /** Whether its last lookup found the thread in no system call: running, or runnable and waiting for a core. */
    boolean outOfCall;
    /** The last far end looked up (null: none), and the thread's CPU time then: while it stands still, so does the answer. */
    boolean peerKnown;
    long peerCpuNanos;
    String peerEndpoint;
    int nativeReuses;
    /**
     * The thread's CPU time as last read, and the tick it stands for: read with every capture of a
     * thread in a native method or in a wait, and carried forward while it sits in a cached wait (a
     * waiting thread uses no CPU). Whether a thread in a native method is idle is decided from the
     * CPU it used since the previous tick, so only a reading from that tick will do.
     */
    long cpuNanos;
    long cpuTick = -1;
    /** When {@link #cpuNanos} was read ({@link System#nanoTime()}), or the tick it was carried to. */
    long cpuAtNanos;
    /** Intervals in a row, up to {@link #cpuTick}, in which the thread used (almost) no CPU. */
    int quietIntervals;
    /**
     * Class of the monitor the thread last waited on in {@code Object.wait}: the monitor it is
     * re-taking when it is seen blocked at that frame, where the JVM names no lock.
     */
    String waitLockClass;

    // Between two allowed captures ({@link BetweenCaptures}): JDK 11-20 with JFR, where a capture stops the world.
    /** Running ticks since the thread's last capture, before JFR samples: they take the next captured stack. */
    long runningCarry;
    /** Ticks of the first and the latest carried tick. */
    long carryFromMillis;
    long carryToMillis;
    /**
     * The carried ticks' earlier stretches, before waits that broke the carry apart (a budgeted attach, which
     * carries across waits: {@link BetweenCaptures}); null until the first; {@link #carryFromMillis} and
     * {@link #carryToMillis} are then the latest stretch's.
     */
    CarrySpans carrySpans;
    /** Whether the thread waited since its latest carried tick: the next one starts a new stretch. */
    boolean carryBroken;
    /**
     * Whether the carried ticks are only those of a thread quiet for one interval while JFR samples: they
     * are running ticks after all unless the next tick finds it quiet still ({@link BetweenCaptures#handToRunning}).
     */
    boolean carryQuiet;
    /** Ticks of a new wait whose stack is not taken yet, and that wait's identity (JVM state, lock, counters). */
    long deferredSamples;
    long deferredFromMillis;
    long deferredToMillis;
    /** Wall time, microseconds, just before the JVM's word on the wait's first tick and just after its last: JFR's record of the wait spans them. */
    long deferredFirstMicros;
    long deferredLastMicros;
    Thread.State deferredState;
    String deferredLockClass;
    long deferredWaitedCount;
    long deferredBlockedCount;
    /** Whom the deferred ticks waited for; made at the first deferred wait on a named lock. */
    WaitTargets deferredTargets;
    /** Leaf of the cached wait when it was reused from an earlier wait of the same kind rather than captured; else -1. */
    int reusedLeaf = -1;
    /** The JVM state of that reused wait. */
    Thread.State cachedStateAtReuse;
    /** The thread's recent captured waits, for such reuse; null until one is kept. */
    RecentWaits recentWaits;

    ThreadSlot(Thread thread, boolean included, int threadNode) {
        this.thread = thread;
        this.id = thread.getId();
        this.included = included;
        this.threadNode = threadNode;
    }

    /** One more tick, at {@code tickMillis}, at {@code leaf} in {@code state}: the cached wait's, or idle in native. */
    void addPending(int leaf, SampleState state, long tickMillis, Counts counts) {
        if (pendingSamples > 0 && (leaf != pendingLeaf || state != pendingState)) {
            flushPending(counts);
        }
        if (pendingSamples++ == 0) {
            pendingLeaf = leaf;
            pendingState = state;
            pendingFromMillis = tickMillis;
        }
        pendingToMillis = tickMillis;
    }

    void flushPending(Counts counts) {
        if (pendingSamples > 0) {
            counts.add(pendingLeaf, pendingState, pendingSamples, pendingFromMillis, pendingToMillis);
            pendingSamples = 0;
        }
    }

    /**
     * Caches a wait: its leaf and state, the park blocker now, the JVM's wait counters it was seen with,
     * and its lock ({@code lockName}, null for none) with who holds it now ({@code holder}, null for nobody).
     */
    void cacheWait(int leaf, SampleState sampleState, Thread.State state, long waitedCount, long blockedCount, String lockName, String holder) {
        cachedLeaf = leaf;
        cachedSampleState = sampleState;
        cachedState = state;
        cachedBlocker = java.util.concurrent.locks.LockSupport.getBlocker(thread);
        cachedWaitedCount = waitedCount;
        cachedBlockedCount = blockedCount;
        cachedLockName = lockName;
        this.holder = holder;
        // A monitor's holder changes while its waiters stay blocked, and so does a lock's that has an
        // owner (ReentrantLock, a write lock, any lock seen held); a condition, a latch or Object.wait has
        // none to change, and reading it again each tick would cost a ThreadInfo for nothing (IdleCrowd's
        // 200 threads on one latch: +25 µs of tick CPU).
        holderMoves = lockName != null && (state == Thread.State.BLOCKED || holder != null || isOwnedLock(lockName));
    }

    /** The JDK's locks that have an owner while held, by the class of their synchronizer. */
    private static boolean isOwnedLock(String lockName) {
        return lockName.startsWith("java.util.concurrent.locks.ReentrantLock$")
                || lockName.startsWith("java.util.concurrent.locks.ReentrantReadWriteLock$");
    }

    /** The node this tick's sample of the cached wait goes to: under its lock and holder where it has a lock. */
    int cachedTarget(StackRecorder recorder) {
        if (cachedLockName == null) {
            return cachedLeaf;
        }
        if (targetLeaf != cachedLeaf || !java.util.Objects.equals(targetHolder, holder)) {
            // The holder is read after the scan, from another waiter: a thread that took the lock in
            // between reads as its own holder. Who held it at the scan is not known: the lock, no holder.
            boolean self = holder != null && holder.equals(thread.getName());
            targetNode = self ? recorder.lockOnly(cachedLeaf, cachedLockName) : recorder.waitTarget(cachedLeaf, cachedLockName, holder);
            targetLeaf = cachedLeaf;
            targetHolder = holder;
        }
        return targetNode;
    }

    /**
     * After push mode emptied the tree ({@link Renumbering}): every node this slot holds, found again in the
     * fresh tree. A thread that had started past the memory budget gets its own node now, by its name; a
     * cached stack the budget had cut short, or one under that shared thread node, is forgotten, so the
     * next tick captures it afresh. Pending samples were added to the period cut before (none are left).
     */
    void renumber(Renumbering r, StackRecorder recorder) {
        if (!included) {
            return;
        }
        threadNode = r.cutByBudget(threadNode) ? recorder.threadNode(thread.getName()) : r.node(threadNode);
        r.threadNodeIs(id, threadNode);
        if (pendingSamples > 0) {
            pendingLeaf = r.node(pendingLeaf);
        }
        // A thread that has ended keeps only its node, for ticks it still carries: its stacks would fill the
        // fresh tree for nothing (a thread per connection leaves many such slots until they are pruned).
        boolean alive = thread.isAlive();
        cachedLeaf = alive ? kept(r, cachedLeaf) : -1;
        if (cachedLeaf < 0) {
            cachedState = null;
            cachedBlocker = null;
            cachedLockName = null;
            holder = null;
            holderMoves = false;
        }
        // Made again from the cached leaf when next asked for.
        targetLeaf = -1;
        targetNode = -1;
        idleLeaf = alive ? kept(r, idleLeaf) : -1;
        reusedLeaf = alive ? kept(r, reusedLeaf) : -1;
        if (!alive) {
            recentWaits = null;
        } else if (recentWaits != null) {
            recentWaits.renumber(r);
        }
    }

    /** {@code leaf} in the fresh tree, or -1 where there was none or the budget had cut its stack short. */
    static int kept(Renumbering r, int leaf) {
        return leaf < 0 || r.cutByBudget(leaf) ? -1 : r.node(leaf);
    }

    void forgetWait(Counts counts) {
        flushPending(counts);
        cachedLeaf = -1;
        cachedState = null;
        cachedBlocker = null;
        cachedLockName = null;
        holder = null;
        holderMoves = false;
    }
}
