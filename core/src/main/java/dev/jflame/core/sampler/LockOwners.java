package dev.jflame.core.sampler;

import dev.jflame.core.model.SamplerStats;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;

/**
 * Who holds what the waiting threads wait for. The JVM names a waiting thread's lock (class and
 * identity hash) and the lock's owner in the same {@code ThreadInfo} that comes with a capture, so a
 * captured wait knows its holder; a cached wait keeps its lock, but its holder moves (another thread
 * takes the monitor while the waiters stay blocked). Each tick, the holders of the cached waits whose
 * holder can move are read again, once per lock rather than once per waiter: one {@code ThreadInfo}
 * of one of its waiters (no safepoint), so six threads blocked on one monitor cost one read. A read
 * costs more the more threads the JVM has (about 1.5 µs among 30 threads, 12 µs among 10 000, where
 * 740 locks a tick took the tick's CPU from 1.9 to 10.9 ms): at most {@link #READS_PER_TICK} locks are
 * read in a tick, in turn, and a lock not read keeps the holder read last, a few ticks old.
 * Confined to the sampler thread.
 */
final class LockOwners {
    /** Locks whose holder is read in one tick; with more, each is read every (locks / this) ticks. */
    static final int READS_PER_TICK = 16;
    /** A thread waiting in {@code Thread.join} waits on the thread object's monitor: the lock's class is Thread. */
    private static final String THREAD_LOCK = "java.lang.Thread@";

    private final StackCapture capture;
    private final ThreadTable table;
    private final SamplerStats stats;
    private final Map<String, Integer> groupOfLock = new HashMap<>();
    private long[] ids = new long[16];
    private ThreadSlot[] asked = new ThreadSlot[16];
    private String[] holders = new String[16];
    private boolean[] known = new boolean[16];
    /** Where in the waiting threads the next tick's reads begin, so every lock's turn comes. */
    private int cursor;

    LockOwners(StackCapture capture, ThreadTable table, SamplerStats stats) {
        this.capture = capture;
        this.table = table;
        this.stats = stats;
    }

    /** {@link #holder(Thread, Thread.State, String, String)} of what {@code info} says of {@code waiter}. */
    String holder(Thread waiter, ThreadInfo info) {
        return holder(waiter, info.getThreadState(), info.getLockName(), info.getLockOwnerId() >= 0 ? info.getLockOwnerName() : null);
    }

    /**
     * Who {@code waiter}, in {@code state} on the lock {@code lockName}, waits for: the owner the JVM names
     * ({@code owner}) for a monitor it is blocked on or a lock it is parked on; for {@code Thread.join} the
     * joined thread, which the JVM calls no owner; null for {@code Object.wait} (it waits for a notify,
     * whoever holds the monitor meanwhile), a condition or a latch, and where no lock is named.
     */
    String holder(Thread waiter, Thread.State state, String lockName, String owner) {
        if (lockName == null || state == Thread.State.BLOCKED) {
            return lockName == null ? null : owner;
        }
        if (java.util.concurrent.locks.LockSupport.getBlocker(waiter) != null) {
            return owner;
        }
        if (!lockName.startsWith(THREAD_LOCK)) {
            return null;
        }
        Thread t = table.threadWithIdentity(lockName.substring(THREAD_LOCK.length()));
        return t == null ? null : t.getName();
    }

    /** Reads afresh who holds the locks of the cached waits in {@code waiting[0..n)} whose holder can move. */
    void refresh(ThreadSlot[] waiting, int n) {
        groupOfLock.clear();
        if (n == 0) {
            return;
        }
        int groups = 0;
        int from = cursor % n;
        int k = 0;
        for (; k < n && groups < READS_PER_TICK; k++) {
            ThreadSlot s = waiting[(from + k) % n];
            if (s.holderMoves && !groupOfLock.containsKey(s.cachedLockName)) {
                groupOfLock.put(s.cachedLockName, groups);
                groups = ask(groups, s);
            }
        }
        cursor = from + k;
        if (groups == 0) {
            return;
        }
        read(0, groups);
        // A waiter asked may have left its wait since the scan: ask another waiter of that lock, once.
        int asking = groups;
        for (int i = 0; i < n; i++) {
            ThreadSlot s = waiting[i];
            Integer g = s.holderMoves ? groupOfLock.get(s.cachedLockName) : null;
            if (g != null) {
                if (g < groups && !known[g] && asked[g] != s) {
                    groupOfLock.put(s.cachedLockName, asking);
                    asking = ask(asking, s);
                }
            }
        }
        if (asking > groups) {
            read(groups, asking);
        }
        for (int i = 0; i < n; i++) {
            ThreadSlot s = waiting[i];
            Integer g = s.holderMoves ? groupOfLock.get(s.cachedLockName) : null;
            if (g != null) {
                if (known[g]) {
                    s.holder = holders[g];
                }
                // Else no waiter asked was still in this wait: the holder read last stands, a few ticks old.
            }
        }
        java.util.Arrays.fill(asked, 0, asking, null);
    }

    private int ask(int k, ThreadSlot s) {
        if (k == ids.length) {
            ids = java.util.Arrays.copyOf(ids, k * 2);
            asked = java.util.Arrays.copyOf(asked, k * 2);
            holders = java.util.Arrays.copyOf(holders, k * 2);
            known = java.util.Arrays.copyOf(known, k * 2);
        }
        ids[k] = s.id;
        asked[k] = s;
        return k + 1;
    }

    /** Reads the holders the waiters {@code asked[from..to)} name: known where a waiter still waits on the same lock. */
    private void read(int from, int to) {
        // peek copies the ids it asks for: the tick's first reads start at 0 and need no copy of their own.
        ThreadInfo[] infos = capture.peek(from == 0 ? ids : java.util.Arrays.copyOfRange(ids, from, to), to - from);
        stats.holdersRead += to - from;
        for (int g = from; g < to; g++) {
            ThreadInfo info = infos[g - from];
            known[g] = info != null && asked[g].cachedLockName.equals(info.getLockName());
            holders[g] = known[g] ? holder(asked[g].thread, info) : null;
        }
    }
}
