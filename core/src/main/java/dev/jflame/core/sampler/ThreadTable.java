package dev.jflame.core.sampler;

import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The live platform threads and their {@link ThreadSlot}s. Used by the sampler thread under the
 * sampler's lock; {@link #flushPending} runs under the same lock from whichever thread takes a snapshot.
 *
 * <p>Enumerates through the root thread group into a reused array: unlike the management API this
 * touches no stacks and allocates nothing per tick.
 */
final class ThreadTable {
    private static final int PRUNE_EVERY_TICKS = 128;
    /**
     * A full refresh at least this often, even when no thread was started (a safety net; about 10 s
     * at 10 ms). Rare on purpose: on JDK 21+ enumerating 1000 threads took 200–400 µs of a tick, and
     * every 64 ticks that was enough to make the sampler's p99 tick.
     */
    private static final int REFRESH_EVERY_TICKS = 1024;

    private final ThreadGroup root;
    private final Pattern filter;
    /** Whether the JVM's own service threads are sampled too ({@code jvmthreads=true}). */
    private final boolean jvmThreads;
    /** The "main" thread group: a service thread's name found inside it is an application's thread. */
    private final ThreadGroup mainGroup;
    private final Set<Thread> excluded;
    private final StackRecorder recorder;
    private final Counts counts;
    private final BetweenCaptures between;
    private final Map<Thread, ThreadSlot> slots = new IdentityHashMap<>();
    private Thread[] threads = new Thread[64];
    /** The slot of each position in {@link #threads}, filled lazily; cleared on every refresh. */
    private ThreadSlot[] slotAt = new ThreadSlot[64];
    private int count;
    private long lastStarted = -1;
    /**
     * Set by a refresh that a thread start caused. The JVM may count a thread as started a moment
     * before enumeration lists it (JDK 19+ enumerates the JVM's own thread list), so the next tick
     * lists again rather than wait for the next start or the safety net.
     */
    private boolean refreshAgain;
    /** Whether the list was refreshed since the last prune: only a refresh can leave a slot unseen. */
    private boolean refreshedSincePrune;

    ThreadTable(Pattern filter, boolean jvmThreads, Set<Thread> excluded, StackRecorder recorder, Counts counts, BetweenCaptures between) {
        ThreadGroup g = Thread.currentThread().getThreadGroup();
        while (g.getParent() != null) {
            g = g.getParent();
        }
        this.root = g;
        this.jvmThreads = jvmThreads;
        this.mainGroup = mainGroup(root);
        this.filter = filter;
        this.excluded = excluded;
        this.recorder = recorder;
        this.counts = counts;
        this.between = between;
    }

    /**
     * Refreshes the thread list if threads were started since the last refresh, or every
     * {@link #REFRESH_EVERY_TICKS} ticks anyway; returns how many threads the list holds. Threads that
     * died since are still listed: their state reads TERMINATED and the tick skips them.
     *
     * <p>Enumerating is the one part of a tick that grows with every thread, idle or not (on JDK 21+
     * it walks all threads and checks each one's group), and the JVM's count of started threads says
     * for free whether there is anything new.
     */
    int enumerate(long startedThreads, long tick) {
        boolean started = startedThreads != lastStarted;
        if (!started && !refreshAgain && count > 0 && tick % REFRESH_EVERY_TICKS != 0) {
            return count;
        }
        refreshAgain = started;
        lastStarted = startedThreads;
        refreshedSincePrune = true;
        while (true) {
            count = root.enumerate(threads, true);
            if (count < threads.length) {
                break;
            }
            threads = new Thread[threads.length * 2];
        }
        if (slotAt.length < threads.length) {
            slotAt = new ThreadSlot[threads.length];
        } else {
            java.util.Arrays.fill(slotAt, null);
        }
        return count;
    }

    Thread thread(int i) {
        return threads[i];
    }

    /**
     * The slot of the {@code i}th thread of the last enumeration, or null if jflame itself owns the
     * thread. Between refreshes the position still names the same thread, so no map lookup is needed.
     */
    ThreadSlot slot(int i, long tick) {
        ThreadSlot s = slotAt[i];
        if (s == null) {
            s = lookup(threads[i]);
            slotAt[i] = s;
        }
        if (s != null) {
            s.seenTick = tick;
        }
        return s;
    }

    private ThreadSlot lookup(Thread t) {
        ThreadSlot s = slots.get(t);
        if (s == null) {
            // jflame's own threads: this sampler's by identity, and by name those of an earlier
            // session in this JVM that are still winding down (a JFR stream being closed).
            if (excluded.contains(t) || t.getName().startsWith("jflame-")) {
                return null;
            }
            String name = t.getName();
            boolean included = (filter == null || filter.matcher(name).find())
                    && (jvmThreads || !JvmServiceThreads.isServiceThread(t, mainGroup));
            int node = included ? recorder.threadNode(name) : -1;
            s = new ThreadSlot(t, included, node);
            slots.put(t, s);
        }
        return s;
    }

    /**
     * The thread of this table whose identity hash is {@code hex} (as {@code ThreadInfo.getLockName()}
     * writes it after the class), or null. For a wait in {@code Thread.join}, which waits on the thread.
     */
    Thread threadWithIdentity(String hex) {
        int hash;
        try {
            hash = Integer.parseUnsignedInt(hex, 16);
        } catch (NumberFormatException e) {
            return null;
        }
        for (Thread t : slots.keySet()) {
            if (System.identityHashCode(t) == hash) {
                return t;
            }
        }
        return null;
    }

    private static ThreadGroup mainGroup(ThreadGroup root) {
        ThreadGroup[] groups = new ThreadGroup[Math.max(8, root.activeGroupCount() * 2)];
        int n = root.enumerate(groups, false);
        for (int i = 0; i < n; i++) {
            if ("main".equals(groups[i].getName())) {
                return groups[i];
            }
        }
        // No "main" group (an unusual launcher): service threads are then told by name alone.
        return null;
    }

    /** Adds the pending wait samples of every slot to the tree. */
    void flushPending() {
        for (ThreadSlot s : slots.values()) {
            s.flushPending(counts);
            between.flush(s);
        }
    }

    /**
     * For a snapshot: pending wait samples to the live tree (they already have their leaf), and the
     * ticks still carried to a capture into {@code copy} only ({@link BetweenCaptures#settleInto}).
     * {@code copy} must be taken after {@link #flushWaits()} and before this.
     */
    void flushWaits() {
        for (ThreadSlot s : slots.values()) {
            s.flushPending(counts);
        }
    }

    void settleCarriesInto(dev.jflame.core.model.Profile copy) {
        for (ThreadSlot s : slots.values()) {
            between.settleInto(s, copy);
        }
    }

    /** After push mode emptied the tree: every slot's nodes found again in the fresh one ({@link ThreadSlot#renumber}). */
    void renumber(Renumbering r) {
        for (ThreadSlot s : slots.values()) {
            s.renumber(r, recorder);
        }
    }

    /** Drops slots of threads that have not been seen for a while, so dead threads do not pile up. */
    void prune(long tick) {
        // Between refreshes every listed thread is seen each tick, so there is nothing to drop; the
        // walk over all slots (~100 µs at 1000 threads) is paid only after the list changed.
        if (tick % PRUNE_EVERY_TICKS != 0 || !refreshedSincePrune) {
            return;
        }
        refreshedSincePrune = false;
        for (Iterator<ThreadSlot> it = slots.values().iterator(); it.hasNext(); ) {
            ThreadSlot s = it.next();
            if (s.seenTick < tick) {
                s.flushPending(counts);
                between.flush(s);
                it.remove();
            }
        }
        // Let dead threads in the tail of the reused array be collected.
        for (int i = count; i < threads.length && threads[i] != null; i++) {
            threads[i] = null;
        }
    }
}
