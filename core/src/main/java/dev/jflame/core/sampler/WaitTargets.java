package dev.jflame.core.sampler;

import java.util.Arrays;

/**
 * Whom a run of wait samples waited for, tick by tick: up to {@link #MAX} (lock, holder) pairs with the
 * samples of each, for samples counted later than they were taken (a wait whose stack comes at the
 * next allowed capture, or from JFR). The lock is the JVM's {@code ThreadInfo.getLockName()}; the holder
 * its owner's thread name, null where nobody owns it. Samples beyond the pairs kept, and samples on no
 * named lock, are not in it: they stay at the wait's leaf. Confined to the sampler thread.
 */
final class WaitTargets {
    /** Pairs kept: a wait's holder seldom changes more often between two captures (at most 10 a second). */
    static final int MAX = 4;

    final String[] locks = new String[MAX];
    final String[] holders = new String[MAX];
    final long[] counts = new long[MAX];
    int size;
    /** For a sample idle in native I/O instead: the far end it waits on ({@link PeerWaits}), or null. */
    String peer;

    /** One more sample waiting on {@code lock} (null: none named) held by {@code holder} (null: no owner). */
    void add(String lock, String holder) {
        if (lock == null) {
            return;
        }
        for (int i = 0; i < size; i++) {
            if (lock.equals(locks[i]) && (holder == null ? holders[i] == null : holder.equals(holders[i]))) {
                counts[i]++;
                return;
            }
        }
        if (size < MAX) {
            locks[size] = lock;
            holders[size] = holder;
            counts[size++] = 1;
        }
    }

    /** {@code count} samples of one (lock, holder): a sample counted in the tick it was taken. */
    WaitTargets only(String lock, String holder, long count) {
        clear();
        peer = null;
        if (lock != null) {
            locks[0] = lock;
            holders[0] = holder;
            counts[0] = count;
            size = 1;
        }
        return this;
    }

    /** Samples idle in native I/O whose far end is {@code endpoint}. */
    WaitTargets onlyPeer(String endpoint) {
        clear();
        peer = endpoint;
        return this;
    }

    void clear() {
        Arrays.fill(locks, 0, size, null);
        Arrays.fill(holders, 0, size, null);
        size = 0;
    }

    WaitTargets copy() {
        WaitTargets c = new WaitTargets();
        System.arraycopy(locks, 0, c.locks, 0, size);
        System.arraycopy(holders, 0, c.holders, 0, size);
        System.arraycopy(counts, 0, c.counts, 0, size);
        c.size = size;
        c.peer = peer;
        return c;
    }
}
