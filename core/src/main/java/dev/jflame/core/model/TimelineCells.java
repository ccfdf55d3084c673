package dev.jflame.core.model;

import java.util.Arrays;

/**
 * The grid of a {@link Timeline}: cells of one width on multiples of it in wall time, from the first to the
 * last that samples fall in, and the merging of neighbours that doubles the width. Not thread-safe.
 */
final class TimelineCells {
    private long cellMillis;
    /** Absolute index (time / width) of {@code cells[0]}. */
    private long first;
    /** Cells from {@link #first} on; null where no sample fell in the cell itself. */
    private TimelineCell[] cells = new TimelineCell[0];
    /** Cells from the first to the last that samples (in a cell or a run) fall in. */
    private int used;
    /** Entries in all cells. */
    private long entries;

    TimelineCells(long cellMillis) {
        this.cellMillis = cellMillis;
    }

    long cellMillis() {
        return cellMillis;
    }

    long first() {
        return first;
    }

    int used() {
        return used;
    }

    long entries() {
        return entries;
    }

    /** Cell {@code i} from the first, or null if no sample fell in it (runs aside). */
    TimelineCell cell(int i) {
        return cells[i];
    }

    long cellOf(long millis) {
        return Math.floorDiv(millis, cellMillis);
    }

    /** Cells the grid would span with samples in cells {@code c0} to {@code c1} added. */
    long spanWith(long c0, long c1) {
        return used == 0 ? c1 - c0 + 1 : Math.max(first + used, c1 + 1) - Math.min(first, c0);
    }

    /** With no cells yet, takes the width {@code cellMillis} if it is wider. */
    void widenEmpty(long cellMillis) {
        if (used == 0) {
            cells = new TimelineCell[0];
            this.cellMillis = Math.max(this.cellMillis, cellMillis);
        }
    }

    /** Makes cells {@code c0} to {@code c1} part of the span (their slots, not their tables). */
    void cover(long c0, long c1) {
        if (used == 0) {
            first = c0;
            cells = new TimelineCell[(int) Math.max(16, c1 - c0 + 1)];
        } else if (c0 < first) {
            int shift = (int) (first - c0);
            TimelineCell[] grown = new TimelineCell[cells.length + shift];
            System.arraycopy(cells, 0, grown, shift, used);
            cells = grown;
            used += shift;
            first = c0;
        }
        if (c1 - first >= cells.length) {
            cells = Arrays.copyOf(cells, (int) Math.max(c1 - first + 1, cells.length + (cells.length >> 1)));
        }
        used = (int) Math.max(used, c1 - first + 1);
    }

    void add(long index, int node, SampleState state, long n) {
        cover(index, index);
        int i = (int) (index - first);
        if (cells[i] == null) {
            cells[i] = new TimelineCell();
        }
        entries += cells[i].add(node, state, n);
    }

    /** Doubles the width: each pair of neighbouring cells becomes one. */
    void coarsen() {
        cellMillis *= 2;
        if (used == 0) {
            cells = new TimelineCell[0];
            return;
        }
        long newFirst = Math.floorDiv(first, 2);
        int n = (int) (Math.floorDiv(first + used - 1, 2) - newFirst + 1);
        TimelineCell[] merged = new TimelineCell[n];
        for (int i = 0; i < used; i++) {
            TimelineCell c = cells[i];
            if (c == null) {
                continue;
            }
            int to = (int) (Math.floorDiv(first + i, 2) - newFirst);
            if (merged[to] == null) {
                merged[to] = c;
            } else {
                TimelineCell big = merged[to].size() >= c.size() ? merged[to] : c;
                TimelineCell small = big == c ? merged[to] : c;
                big.addAll(small);
                merged[to] = big;
            }
        }
        entries = 0;
        for (TimelineCell c : merged) {
            if (c != null) {
                entries += c.size();
            }
        }
        cells = merged;
        first = newFirst;
        used = n;
    }

    long footprintBytes() {
        long b = 48L + cells.length * 8L;
        for (TimelineCell c : cells) {
            if (c != null) {
                b += c.footprintBytes();
            }
        }
        return b;
    }
}
