package dev.jflame.core.model;

import java.util.Arrays;

/**
 * When a profile's samples were taken: wall time cut into cells of equal width, and per cell each call-tree
 * node's own samples per {@link SampleState}. Node numbers are those of the profile's {@link CallTree}, so a
 * cell's entries are a small flame graph of its own (any range of cells gives the flame graph of that time),
 * and a node's thread and process follow from the tree. Not thread-safe, like the tree it belongs to.
 *
 * <p>Cells sit on multiples of their width in wall time ({@code cell index × width} is epoch milliseconds)
 * and widths are {@link #BASE_CELL_MILLIS} × 2<sup>k</sup>, so the cells of processes merged into one
 * profile line up. The timeline stays bounded: past {@link #MAX_CELLS} cells, or past its entry budget,
 * neighbouring cells are merged in pairs and the width doubles (a 1-hour profile keeps cells of 3.2-6.4 s).
 * A thread in one wait costs one entry per cell however many ticks it waited.
 */
public final class Timeline {
    /** Width of the finest cells. */
    public static final long BASE_CELL_MILLIS = 50;
    /** Most cells kept; more than the pixels of a page's time axis. */
    public static final int MAX_CELLS = 1024;
    /** Fewest cells the entry budget coarsens down to: below it the call tree's own budget is what bounds. */
    static final int MIN_CELLS = 32;
    /**
     * Heap one entry costs in a cell (a {@code long} key and an {@code int} count in a table kept at most
     * three-quarters full, with its growth slack), for turning a byte budget into entries.
     */
    public static final int BYTES_PER_ENTRY = 24;
    /** Entries kept when nobody set a budget (profiles read or merged): about 100 MB. */
    static final long DEFAULT_MAX_ENTRIES = 1L << 22;

    /** What a walk over a cell's entries is handed. */
    public interface EntryVisitor {
        void entry(int node, SampleState state, int count);
    }

    private long cellMillis = BASE_CELL_MILLIS;
    /** Absolute index (time / width) of {@code cells[0]}. */
    private long first;
    /** Cells from {@link #first} on; null where no sample fell. */
    private Cell[] cells = new Cell[0];
    /** Cells from the first to the last that holds samples. */
    private int used;
    private long entries;
    private long maxEntries = DEFAULT_MAX_ENTRIES;

    /** An empty timeline of cells {@code cellMillis} wide, which must be {@link #BASE_CELL_MILLIS} × 2<sup>k</sup>. */
    public static Timeline ofCellMillis(long cellMillis) {
        if (cellMillis < BASE_CELL_MILLIS || cellMillis % BASE_CELL_MILLIS != 0 || Long.bitCount(cellMillis / BASE_CELL_MILLIS) != 1
                || cellMillis > BASE_CELL_MILLIS << 40) {
            throw new IllegalArgumentException("timeline cells of " + cellMillis + " ms: widths are " + BASE_CELL_MILLIS + " ms times a power of two");
        }
        Timeline t = new Timeline();
        t.cellMillis = cellMillis;
        return t;
    }

    /** Adds {@code n} samples of {@code node} in {@code state} to the cell of absolute index {@code cell} (a profile read back). */
    public void put(long cell, int node, SampleState state, long n) {
        if (n <= 0) {
            return;
        }
        long at = cell;
        while (spanWith(at, at) > 2L * MAX_CELLS) {
            coarsen();
            at = Math.floorDiv(at, 2);
        }
        addTo(at, node, state, n);
        fit();
    }

    /** Sets the most entries kept before cells are merged; at least one cell's worth is always kept. */
    public void setMaxEntries(long maxEntries) {
        this.maxEntries = Math.max(1024, maxEntries);
        fit();
    }

    /** The entry budget for {@code bytes} of heap. */
    public static long entriesWithin(long bytes) {
        return Math.max(1024, bytes / BYTES_PER_ENTRY);
    }

    public long cellMillis() {
        return cellMillis;
    }

    /** Absolute index of the first cell: its start is {@code firstCell() × cellMillis()} in epoch milliseconds. */
    public long firstCell() {
        return first;
    }

    /** Cells from {@link #firstCell()} to the last that holds samples, empty ones between included. */
    public int cellCount() {
        return used;
    }

    public boolean isEmpty() {
        return entries == 0;
    }

    /** Entries over all cells, each one node in one state in one cell. */
    public long entries() {
        return entries;
    }

    /** Walks the entries of cell {@code i} (0 is {@link #firstCell()}), in no particular order. */
    public void forEach(int i, EntryVisitor v) {
        Cell c = cells[i];
        if (c != null) {
            c.forEach(v);
        }
    }

    /** How many entries cell {@code i} has. */
    public int entriesIn(int i) {
        return cells[i] == null ? 0 : cells[i].size;
    }

    /**
     * Adds {@code n} samples of {@code node} in {@code state}, taken one per tick at even spacing from
     * {@code fromMillis} to {@code toMillis} (the same instant for one tick): a wait counted while it lasted
     * and added when it ended, or ticks carried to the next capture, are spread back over their own time.
     */
    public void add(int node, SampleState state, long n, long fromMillis, long toMillis) {
        if (n <= 0) {
            return;
        }
        long to = Math.max(fromMillis, toMillis);
        while (spanWith(cellOf(fromMillis), cellOf(to)) > 2L * MAX_CELLS) {
            coarsen();
        }
        long c0 = cellOf(fromMillis);
        long c1 = cellOf(to);
        if (c0 == c1 || n == 1) {
            addTo(c1, node, state, n);
        } else {
            // Tick i of n stands at from + i·span/(n-1); a cell gets the ticks before its end not yet given.
            long span = to - fromMillis;
            long given = 0;
            for (long c = c0; c <= c1 && given < n; c++) {
                long end = (c + 1) * cellMillis;
                long upTo = c == c1 ? n : Math.min(n, ceilDiv((end - fromMillis) * (n - 1), span));
                if (upTo > given) {
                    addTo(c, node, state, upTo - given);
                    given = upTo;
                }
            }
        }
        fit();
    }

    /** Adds every entry of {@code other}, its node {@code i} counted as {@code nodeMap[i]} here (skipped where -1). */
    public void addAll(Timeline other, int[] nodeMap) {
        if (other.isEmpty()) {
            return;
        }
        if (isEmpty()) {
            cells = new Cell[0];
            used = 0;
            cellMillis = Math.max(cellMillis, other.cellMillis);
        }
        while (cellMillis < other.cellMillis) {
            coarsen();
        }
        long ratio = cellMillis / other.cellMillis;
        for (int i = 0; i < other.used; i++) {
            Cell c = other.cells[i];
            if (c == null) {
                continue;
            }
            long at = Math.floorDiv(other.first + i, ratio);
            while (spanWith(at, at) > 2L * MAX_CELLS) {
                coarsen();
                at = Math.floorDiv(at, 2);
            }
            long target = at;
            c.forEach((node, state, count) -> {
                int mapped = node < nodeMap.length ? nodeMap[node] : -1;
                if (mapped >= 0) {
                    addTo(target, mapped, state, count);
                }
            });
        }
        fit();
    }

    /** Per cell and state, the samples of the nodes {@code nodes} accepts; indexed {@code cell * COUNT + state}. */
    public long[] statesOver(java.util.function.IntPredicate nodes) {
        long[] out = new long[used * SampleState.COUNT];
        for (int i = 0; i < used; i++) {
            int base = i * SampleState.COUNT;
            forEach(i, (node, state, count) -> {
                if (nodes.test(node)) {
                    out[base + state.ordinal()] += count;
                }
            });
        }
        return out;
    }

    /** Bytes held by the cells, for footprint figures. */
    public long footprintBytes() {
        long b = 16L + cells.length * 8L;
        for (Cell c : cells) {
            if (c != null) {
                b += 32 + c.keys.length * (long) (Long.BYTES + Integer.BYTES);
            }
        }
        return b;
    }

    /** Cells the timeline would span with samples in cells {@code c0} to {@code c1} added. */
    private long spanWith(long c0, long c1) {
        return used == 0 ? c1 - c0 + 1 : Math.max(first + used, c1 + 1) - Math.min(first, c0);
    }

    private long cellOf(long millis) {
        return Math.floorDiv(millis, cellMillis);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private void addTo(long index, int node, SampleState state, long n) {
        if (used == 0) {
            first = index;
            cells = new Cell[16];
        } else if (index < first) {
            int shift = (int) (first - index);
            Cell[] grown = new Cell[cells.length + shift];
            System.arraycopy(cells, 0, grown, shift, cells.length);
            cells = grown;
            used += shift;
            first = index;
        } else if (index - first >= cells.length) {
            cells = Arrays.copyOf(cells, (int) Math.max(index - first + 1, cells.length + (cells.length >> 1)));
        }
        int i = (int) (index - first);
        if (cells[i] == null) {
            cells[i] = new Cell();
            used = Math.max(used, i + 1);
        }
        entries += cells[i].add(node, state, n);
    }

    /** Merges cells until the timeline is within its bounds. */
    private void fit() {
        while (used > MAX_CELLS || (entries > maxEntries && used > MIN_CELLS)) {
            coarsen();
        }
    }

    /** Doubles the width: each pair of neighbouring cells becomes one. */
    private void coarsen() {
        cellMillis *= 2;
        if (used == 0) {
            cells = new Cell[0];
            return;
        }
        long newFirst = Math.floorDiv(first, 2);
        int n = (int) (Math.floorDiv(first + used - 1, 2) - newFirst + 1);
        Cell[] merged = new Cell[n];
        int old = used;
        entries = 0;
        used = 0;
        for (int i = 0; i < old; i++) {
            Cell c = cells[i];
            if (c == null) {
                continue;
            }
            int to = (int) (Math.floorDiv(first + i, 2) - newFirst);
            if (merged[to] == null) {
                merged[to] = c;
                used = Math.max(used, to + 1);
            } else {
                Cell big = merged[to].size >= c.size ? merged[to] : c;
                Cell small = big == c ? merged[to] : c;
                small.forEach((node, state, count) -> big.add(node, state, count));
                merged[to] = big;
            }
        }
        for (Cell c : merged) {
            if (c != null) {
                entries += c.size;
            }
        }
        cells = merged;
        first = newFirst;
    }

    /** One cell: (node, state) → samples, open addressing. */
    private static final class Cell {
        /** {@code (node << 3 | state) + 1}; 0 marks a free slot. */
        long[] keys = new long[8];
        int[] counts = new int[8];
        int size;

        /** Adds {@code n} samples; returns 1 if the entry is new, else 0. */
        int add(int node, SampleState state, long n) {
            if ((size + 1) * 4 > keys.length * 3) {
                grow();
            }
            long key = (((long) node << 3) | state.ordinal()) + 1;
            int mask = keys.length - 1;
            int i = slot(key, mask);
            while (keys[i] != 0 && keys[i] != key) {
                i = (i + 1) & mask;
            }
            // A cell's count cannot reach 2^31 (a thousand threads for an hour at 100 Hz is 3.6e8), but a
            // bad file is not to wrap it.
            counts[i] = (int) Math.min(Integer.MAX_VALUE, counts[i] + n);
            if (keys[i] == 0) {
                keys[i] = key;
                size++;
                return 1;
            }
            return 0;
        }

        void forEach(EntryVisitor v) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != 0) {
                    long k = keys[i] - 1;
                    v.entry((int) (k >>> 3), SampleState.of((int) (k & 7)), counts[i]);
                }
            }
        }

        private static int slot(long key, int mask) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32)) & mask;
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldCounts = counts;
            keys = new long[oldKeys.length * 2];
            counts = new int[oldKeys.length * 2];
            int mask = keys.length - 1;
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldKeys[j] != 0) {
                    int i = slot(oldKeys[j], mask);
                    while (keys[i] != 0) {
                        i = (i + 1) & mask;
                    }
                    keys[i] = oldKeys[j];
                    counts[i] = oldCounts[j];
                }
            }
        }
    }
}
