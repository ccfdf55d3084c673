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
     * A walk over the cells, for readers: each run with ticks still to come sits in the bucket of the cell
     * its next tick falls in ({@code bucketHead} per cell, {@code nextInBucket} per run, {@code passed} its
     * ticks before that cell), so handing out a cell costs its own ticks, not every run that spans it, and
     * the index takes a few numbers per run and per cell (one entry per run and covered cell made half a
     * billion from a crafted file of half a million runs over a thousand cells). Built for one grid (first
     * cell, cell count, width) and dropped by any change to the runs.
     */
    private int[] bucketHead;
    private int[] nextInBucket;
    private long[] passed;
    private boolean indexed;
    private long gridFirst;
    private int gridCells;
    private long gridWidth;
    /** The last cell the walk handed out: the buckets hold the runs' ticks after it. */
    private int walked;
    /** The ticks of cell {@code handedCell} by run: run {@code handedRun[k]} has {@code handedCount[k]} of them there. */
    private int handedCell;
    private int handedSize;
    private int[] handedRun = new int[16];
    private long[] handedCount = new long[16];

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
        indexed = false;
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
        indexed = false;
    }

    private static long key(int node, SampleState s) {
        return ((long) node << 3) | s.ordinal();
    }

    void clear() {
        size = 0;
        latest = new LongIntMap(16);
        indexed = false;
    }

    /**
     * Works out the runs' ticks in cell {@code i} of the grid of {@code cells} cells {@code width} ms wide from
     * absolute index {@code first}, and returns how many runs have ticks there; {@link #handedRun} and
     * {@link #handedCount} then name them. Cheapest when cells are asked for in order; any other order costs
     * one pass over the runs.
     */
    int ticksIn(long first, int cells, long width, int i) {
        if (!indexed || first != gridFirst || cells != gridCells || width != gridWidth) {
            gridFirst = first;
            gridCells = cells;
            gridWidth = width;
            indexed = true;
            handedCell = -1;
            walked = Integer.MAX_VALUE;
        }
        if (i == handedCell) {
            return handedSize;
        }
        if (i <= walked) {
            restartAt(i);
        } else {
            // Cells skipped over: their runs move on to their first tick from cell i.
            for (int c = walked + 1; c < i; c++) {
                for (int r = takeBucket(c); r >= 0; ) {
                    int next = nextInBucket[r];
                    fileFrom(r, i, ticksBefore(r, i));
                    r = next;
                }
            }
        }
        handedSize = 0;
        for (int r = takeBucket(i); r >= 0; ) {
            int next = nextInBucket[r];
            long upTo = ticksBefore(r, i + 1);
            hand(r, upTo - passed[r]);
            fileFrom(r, i + 1, upTo);
            r = next;
        }
        walked = i;
        handedCell = i;
        return handedSize;
    }

    /** The run of the {@code k}th entry {@link #ticksIn} handed out. */
    int handedRun(int k) {
        return handedRun[k];
    }

    /** Its ticks in the cell. */
    long handedCount(int k) {
        return handedCount[k];
    }

    /** Files every run under the cell of its first tick from cell {@code i} on. */
    private void restartAt(int i) {
        if (bucketHead == null || bucketHead.length < gridCells) {
            bucketHead = new int[Math.max(16, gridCells)];
        }
        Arrays.fill(bucketHead, -1);
        if (nextInBucket == null || nextInBucket.length < size) {
            nextInBucket = new int[node.length];
            passed = new long[node.length];
        }
        for (int r = 0; r < size; r++) {
            long c0 = Math.max(i, Math.floorDiv(from[r], gridWidth) - gridFirst);
            if (c0 < gridCells) {
                fileFrom(r, (int) c0, ticksBefore(r, c0));
            }
        }
    }

    /**
     * Files run {@code r}, of which {@code before} ticks come before cell {@code c0}, under the first cell from
     * {@code c0} on in which it has a tick, if the grid has one. Galloping, then halving: a run with ticks in
     * every cell finds its next one in a step. Counted by {@link Timeline#ticksBefore}, the rule the cells
     * place ticks by, so a run's ticks land where they would have in the cells.
     */
    private void fileFrom(int r, int c0, long before) {
        long last = Math.min(gridCells - 1L, Math.floorDiv(to[r], gridWidth) - gridFirst);
        if (before >= count[r] || c0 > last) {
            return;
        }
        // The first cell whose end passes a tick not yet counted lies in (lo, hi].
        long lo = c0 - 1L;
        long hi = c0;
        for (long step = 1; ticksBefore(r, hi + 1) <= before; step *= 2) {
            if (hi == last) {
                return;
            }
            lo = hi;
            hi = Math.min(last, hi + step);
        }
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            if (ticksBefore(r, mid + 1) > before) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        nextInBucket[r] = bucketHead[(int) hi];
        bucketHead[(int) hi] = r;
        passed[r] = before;
    }

    /** Ticks of run {@code r} before the start of grid cell {@code c}. */
    private long ticksBefore(int r, long c) {
        return Timeline.ticksBefore(from[r], to[r], count[r], (gridFirst + c) * gridWidth);
    }

    private int takeBucket(int c) {
        int r = bucketHead[c];
        bucketHead[c] = -1;
        return r;
    }

    private void hand(int r, long n) {
        if (handedSize == handedRun.length) {
            handedRun = Arrays.copyOf(handedRun, handedSize * 2);
            handedCount = Arrays.copyOf(handedCount, handedSize * 2);
        }
        handedRun[handedSize] = r;
        handedCount[handedSize++] = n;
    }

    long footprintBytes() {
        return node.length * (4L + 1 + 8 * 3) + latest.footprintBytes();
    }
}
