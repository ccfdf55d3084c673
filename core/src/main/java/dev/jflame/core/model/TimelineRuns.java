package dev.jflame.core.model;

import dev.jflame.core.util.LongIntMap;
import java.util.Arrays;

/**
 * The long stretches of a {@link Timeline}: one node in one state over many cells — a thread in a wait — kept
 * as one run (node, state, first and last tick, samples) instead of an entry in every cell it covers. A wait
 * added in pieces (each snapshot adds what a wait counted so far) extends its run. Not thread-safe.
 */
final class TimelineRuns {
    /**
     * A run's next piece may start this long after its last tick and still extend it, or two and a half
     * times the run's own tick spacing where that is longer (a long interval; ticks that came late).
     */
    static final long JOIN_MILLIS = 50;

    private int size;
    private int[] node = new int[16];
    private byte[] state = new byte[16];
    private long[] from = new long[16];
    private long[] to = new long[16];
    private long[] count = new long[16];
    /** Each (node, state)'s latest run. */
    private LongIntMap latest = new LongIntMap(16);
    /**
     * The runs by the cells they cover, so a walk over a cell looks at its runs only: the runs of cell i are
     * {@code byCell[cellStart[i]]} to {@code byCell[cellStart[i + 1] - 1]}. Built for one grid (first cell,
     * cell count, width) on first use and dropped by any change.
     */
    private int[] cellStart;
    private int[] byCell;
    private long indexedFirst;
    private int indexedCells;
    private long indexedWidth;

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

    /**
     * Adds {@code n} ticks from {@code fromMillis} to {@code toMillis} to the latest run of {@code node} in
     * {@code s} if they continue it; returns whether they did.
     */
    boolean extend(int node, SampleState s, long n, long fromMillis, long toMillis) {
        int r = latest.get(key(node, s));
        if (r < 0 || fromMillis < to[r]) {
            return false;
        }
        long spacing = (to[r] - from[r]) / Math.max(1, count[r] - 1);
        if (fromMillis - to[r] > Math.max(JOIN_MILLIS, spacing * 5 / 2)) {
            return false;
        }
        to[r] = toMillis;
        count[r] += n;
        cellStart = null;
        return true;
    }

    /**
     * A new run of {@code n} ticks from {@code fromMillis} to {@code toMillis}, now the latest of its node and
     * state. (Runs read back or merged are started as they were kept: a run that could have extended the one
     * before it would have.)
     */
    void start(int node, SampleState s, long n, long fromMillis, long toMillis) {
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
        latest.put(key(node, s), size++);
        cellStart = null;
    }

    private static long key(int node, SampleState s) {
        return ((long) node << 3) | s.ordinal();
    }

    /** Samples of run {@code r} from {@code startMillis} (inclusive) to {@code endMillis} (exclusive). */
    long within(int r, long startMillis, long endMillis) {
        return Timeline.ticksBefore(from[r], to[r], count[r], endMillis) - Timeline.ticksBefore(from[r], to[r], count[r], startMillis);
    }

    void clear() {
        size = 0;
        latest = new LongIntMap(16);
        cellStart = null;
    }

    /** Where cell {@code i}'s runs start in {@link #byCell}, for the grid given (see {@link #index}). */
    int firstInCell(int i) {
        return cellStart[i];
    }

    /** Where cell {@code i}'s runs end (exclusive). */
    int endInCell(int i) {
        return cellStart[i + 1];
    }

    /** The run at position {@code k} of the index. */
    int byCell(int k) {
        return byCell[k];
    }

    /** Indexes the runs by the cells of {@code cells} cells {@code width} ms wide from absolute index {@code first}. */
    void index(long first, int cells, long width) {
        if (cellStart != null && first == indexedFirst && cells == indexedCells && width == indexedWidth) {
            return;
        }
        int[] start = new int[cells + 1];
        for (int r = 0; r < size; r++) {
            for (int c = firstCell(r, first, width); c <= lastCell(r, first, width, cells); c++) {
                start[c + 1]++;
            }
        }
        for (int c = 0; c < cells; c++) {
            start[c + 1] += start[c];
        }
        int[] ids = new int[start[cells]];
        int[] fill = Arrays.copyOf(start, cells);
        for (int r = 0; r < size; r++) {
            for (int c = firstCell(r, first, width); c <= lastCell(r, first, width, cells); c++) {
                ids[fill[c]++] = r;
            }
        }
        cellStart = start;
        byCell = ids;
        indexedFirst = first;
        indexedCells = cells;
        indexedWidth = width;
    }

    private int firstCell(int r, long first, long width) {
        return (int) Math.max(0, Math.floorDiv(from[r], width) - first);
    }

    private int lastCell(int r, long first, long width, int cells) {
        return (int) Math.min(cells - 1, Math.floorDiv(to[r], width) - first);
    }

    long footprintBytes() {
        return node.length * (4L + 1 + 8 * 3) + latest.footprintBytes();
    }
}
