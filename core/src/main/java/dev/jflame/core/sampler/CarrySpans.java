package dev.jflame.core.sampler;

import dev.jflame.core.model.SampleState;

/**
 * The earlier stretches of one thread's carried running ticks, where waits broke the carry apart (a
 * budgeted attach carries a thread's running ticks across its waits to the next capture that finds it
 * running, {@link BetweenCaptures}): each stretch goes to the timeline at the ticks it ran, not spread
 * over the waits between. Guarded by the sampler's lock.
 */
final class CarrySpans {
    /** Stretches kept apart; past them, a new one joins the last (its span then covers a wait, its count stays true). */
    private static final int MAX = 8;
    private final long[] fromMillis = new long[MAX];
    private final long[] toMillis = new long[MAX];
    private final long[] ticks = new long[MAX];
    private int n;
    private long total;

    /** Keeps a stretch of {@code count} ticks from {@code from} to {@code to} (milliseconds). */
    void keep(long count, long from, long to) {
        if (n == MAX) {
            toMillis[n - 1] = to;
            ticks[n - 1] += count;
        } else {
            fromMillis[n] = from;
            toMillis[n] = to;
            ticks[n] = count;
            n++;
        }
        total += count;
    }

    /** The ticks in the kept stretches. */
    long total() {
        return total;
    }

    /** The first kept stretch's first tick; only where {@link #total()} is not 0. */
    long firstMillis() {
        return fromMillis[0];
    }

    /** The latest kept stretch's first and last tick; only where {@link #total()} is not 0. */
    long lastFromMillis() {
        return fromMillis[n - 1];
    }

    long lastToMillis() {
        return toMillis[n - 1];
    }

    /** Forgets the latest kept stretch (the carry holds it as its current one now). */
    void dropLast() {
        n--;
        total -= ticks[n];
    }

    /** Every kept stretch at {@code node} in {@code state}, at its own ticks; none kept after. */
    void addTo(Counts counts, int node, SampleState state) {
        for (int i = 0; i < n; i++) {
            counts.add(node, state, ticks[i], fromMillis[i], toMillis[i]);
        }
        n = 0;
        total = 0;
    }
}
