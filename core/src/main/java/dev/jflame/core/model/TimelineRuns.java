package dev.jflame.core.model;

import dev.jflame.core.util.LongIntMap;
import java.util.Arrays;

/**
 * The long stretches of a {@link Timeline}: one node in one state over many cells — a thread in a wait — kept
 * as one run (node, state, first and last tick, samples) instead of an entry in every cell it covers. A wait
 * added in pieces (each snapshot adds what a wait counted so far) extends its run. Not thread-safe.
 */
final class TimelineRuns {
    /** A run's next piece may start this long after its last tick and still extend it. */
    static final long JOIN_MILLIS = Timeline.BASE_CELL_MILLIS;

    private int size;
    private int[] node = new int[16];
    private byte[] state = new byte[16];
    private long[] from = new long[16];
    private long[] to = new long[16];
    private long[] count = new long[16];
    /** Each (node, state)'s latest run. */
    private LongIntMap latest = new LongIntMap(16);

    int size() {
        return size;
    }

    int node(int r) {
        return node[r];
    }

    SampleState state(int r) {
        return SampleState.of(state[r]);
    }

    long from(int r) {
        return from[r];
    }

    long to(int r) {
        return to[r];
    }

    long count(int r) {
        return count[r];
    }

    /** Adds {@code n} ticks from {@code fromMillis} to {@code toMillis}; returns true if that made a new run. */
    boolean add(int node, SampleState s, long n, long fromMillis, long toMillis) {
        long key = ((long) node << 3) | s.ordinal();
        int r = latest.get(key);
        if (r >= 0 && fromMillis >= to[r] && fromMillis - to[r] <= JOIN_MILLIS) {
            to[r] = toMillis;
            count[r] += n;
            return false;
        }
        if (size == this.node.length) {
            int cap = size * 2;
            this.node = Arrays.copyOf(this.node, cap);
            state = Arrays.copyOf(state, cap);
            from = Arrays.copyOf(from, cap);
            to = Arrays.copyOf(to, cap);
            count = Arrays.copyOf(count, cap);
        }
        this.node[size] = node;
        state[size] = (byte) s.ordinal();
        from[size] = fromMillis;
        to[size] = toMillis;
        count[size] = n;
        latest.put(key, size++);
        return true;
    }

    /** Samples of run {@code r} from {@code startMillis} (inclusive) to {@code endMillis} (exclusive). */
    long within(int r, long startMillis, long endMillis) {
        return Timeline.ticksBefore(from[r], to[r], count[r], endMillis) - Timeline.ticksBefore(from[r], to[r], count[r], startMillis);
    }

    void clear() {
        size = 0;
        latest = new LongIntMap(16);
    }

    long footprintBytes() {
        return node.length * (4L + 1 + 8 * 3) + latest.footprintBytes();
    }
}
