package dev.jflame.core.model;

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
 * A wait, or a stretch idle in native, is one run ({@link TimelineRuns}) however long it lasts and in however
 * many pieces it is handed over, so idle threads cost next to nothing;
 * readers see a run's samples in the cells it covers.
 */
public final class Timeline {
    /** Width of the finest cells: five ticks at the default interval. */
    public static final long BASE_CELL_MILLIS = 50;
    /** Most cells kept; about the pixels of a page's time axis. */
    public static final int MAX_CELLS = 1024;
    /**
     * Fewest cells the entry budget coarsens down to. A profile whose distinct stacks in half its time pass
     * the budget keeps two cells, at most twice the call tree's nodes in entries.
     */
    static final int MIN_CELLS = 2;
    /**
     * Ticks of one node in one state spread over at least this many cells, or at least {@link #RUN_TICKS} of
     * them, are kept as a run rather than in each cell; and so are ticks that continue a run.
     */
    static final int RUN_CELLS = 4;
    /**
     * Ticks in one piece that make a run whatever the cells' width: a wait or an idle stretch handed over in
     * pieces (a snapshot every few seconds) is then one run even once cells are wider than its pieces.
     */
    static final int RUN_TICKS = 20;
    /**
     * Heap one entry costs in a cell (a {@code long} key and an {@code int} count in a table kept at most
     * three-quarters full, with its growth slack), for turning a byte budget into entries.
     */
    public static final int BYTES_PER_ENTRY = 24;
    /**
     * Entries a run weighs against the budget: its columns with their growth slack (~60 bytes) and its key in
     * the latest-run table, rounded up.
     */
    static final int ENTRIES_PER_RUN = 4;
    /** Latest time a cell read back may stand at (about 35 000 years): cell arithmetic stays far from overflow. */
    private static final long LATEST_MILLIS = 1L << 50;
    /** Entries kept when nobody set a budget (profiles read or merged): about 100 MB. */
    static final long DEFAULT_MAX_ENTRIES = 1L << 22;

    /** What a walk over a cell's entries is handed. */
    public interface EntryVisitor {
        void entry(int node, SampleState state, int count);
    }

    private TimelineCells cells;
    private TimelineRuns runs = new TimelineRuns();
    private long maxEntries = DEFAULT_MAX_ENTRIES;

    /** An empty timeline of cells {@code cellMillis} wide, which must be {@link #BASE_CELL_MILLIS} × 2<sup>k</sup>. */
    public static Timeline ofCellMillis(long cellMillis) {
        checkWidth(cellMillis);
        return new Timeline(cellMillis);
    }

    private static void checkWidth(long cellMillis) {
        if (cellMillis < BASE_CELL_MILLIS || cellMillis % BASE_CELL_MILLIS != 0 || Long.bitCount(cellMillis / BASE_CELL_MILLIS) != 1
                || cellMillis > BASE_CELL_MILLIS << 40) {
            throw new IllegalArgumentException("timeline cells of " + cellMillis + " ms: widths are " + BASE_CELL_MILLIS + " ms times a power of two");
        }
    }

    public Timeline() {
        this(BASE_CELL_MILLIS);
    }

    private Timeline(long cellMillis) {
        cells = new TimelineCells(cellMillis);
    }

    /** Forgets every sample, back to the finest cells; the entry budget stays. For a profile pushed period by period. */
    public void clear() {
        cells = new TimelineCells(BASE_CELL_MILLIS);
        runs = new TimelineRuns();
    }

    /** The entry budget for {@code bytes} of heap. */
    public static long entriesWithin(long bytes) {
        return Math.max(1024, bytes / BYTES_PER_ENTRY);
    }

    /** Sets the most entries kept before cells are merged. */
    public void setMaxEntries(long maxEntries) {
        this.maxEntries = Math.max(1024, maxEntries);
        fit();
    }

    /** The most entries kept before cells are merged. */
    public long maxEntries() {
        return maxEntries;
    }

    public long cellMillis() {
        return cells.cellMillis();
    }

    /** Absolute index of the first cell: its start is {@code firstCell() × cellMillis()} in epoch milliseconds. */
    public long firstCell() {
        return cells.first();
    }

    /** Cells from {@link #firstCell()} to the last that holds samples, empty ones between included. */
    public int cellCount() {
        return cells.used();
    }

    public boolean isEmpty() {
        return entries() == 0;
    }

    /** Entries held: one per node and state in a cell, one per run. */
    public long entries() {
        return cells.entries() + runs.size();
    }

    /**
     * Walks the samples of cell {@code i} (0 is {@link #firstCell()}) by node and state, in no particular
     * order; a node and state may come twice (once from the cell, once from a run), to be added up. Cheapest
     * over the cells in order; the visitor is not to walk this timeline itself.
     */
    public void forEach(int i, EntryVisitor v) {
        forEachInCell(i, v);
        int k = runs.ticksIn(cells.first(), cells.used(), cells.cellMillis(), i);
        for (int e = 0; e < k; e++) {
            int r = runs.handedRun(e);
            v.entry(runs.node(r), runs.state(r), (int) Math.min(Integer.MAX_VALUE, runs.handedCount(e)));
        }
    }

    /** How many times {@link #forEach} calls its visitor for cell {@code i}. */
    public int entriesIn(int i) {
        return (cells.cell(i) == null ? 0 : cells.cell(i).size()) + runs.ticksIn(cells.first(), cells.used(), cells.cellMillis(), i);
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
        makeRoom(fromMillis, to);
        if (runs.extend(node, state, n, fromMillis, to)) {
            cells.cover(cells.cellOf(fromMillis), cells.cellOf(to));
        } else if (n >= RUN_TICKS || (n >= 2 && cells.cellOf(to) - cells.cellOf(fromMillis) >= RUN_CELLS)) {
            addRun(node, state, n, fromMillis, to);
        } else {
            spread(node, state, n, fromMillis, to);
        }
        fit();
    }

    /**
     * Adds {@code n} samples of {@code node} in {@code state} to cell {@code cell} of a grid {@code cellMillis}
     * wide (a profile read back: the file's own grid, which this timeline leaves behind as it coarsens).
     */
    public void put(long cell, long cellMillis, int node, SampleState state, long n) {
        checkWidth(cellMillis);
        if (n <= 0) {
            return;
        }
        if (cell < 0 || cell > LATEST_MILLIS / cellMillis) {
            throw new IllegalArgumentException("timeline cell " + cell + " is not a time");
        }
        while (cells.cellMillis() < cellMillis) {
            cells.coarsen();
        }
        // Widths are the base times powers of two, so the file's cell lies within one of these.
        long at = cells.cellOf(cell * cellMillis);
        while (cells.spanWith(at, at) > 2L * MAX_CELLS) {
            cells.coarsen();
            at = Math.floorDiv(at, 2);
        }
        cells.add(at, node, state, n);
        fit();
    }

    /**
     * Adds a run read back: {@code n} ticks of {@code node} in {@code state} from {@code fromMillis} to
     * {@code toMillis}, kept as a run (see {@link #runCount}).
     */
    public void putRun(int node, SampleState state, long n, long fromMillis, long toMillis) {
        if (n <= 0) {
            return;
        }
        if (fromMillis < 0 || toMillis < fromMillis || toMillis > LATEST_MILLIS) {
            throw new IllegalArgumentException("timeline run from " + fromMillis + " to " + toMillis + " is not a time span");
        }
        makeRoom(fromMillis, toMillis);
        addRun(node, state, n, fromMillis, toMillis);
        fit();
    }

    /** Runs held: stretches of one node in one state (a wait) kept whole rather than in each cell they cover. */
    public int runCount() {
        return runs.size();
    }

    /** Walks run {@code r}: its node, state, samples, first and last tick. */
    public void run(int r, RunVisitor v) {
        v.run(runs.node(r), runs.state(r), runs.count(r), runs.from(r), runs.to(r));
    }

    /**
     * One cell's entries into this timeline's cell {@code at}, under their nodes' new numbers. A class rather
     * than a lambda, as every visitor on a running agent's path: a lambda first used in a flush spins classes
     * with the JDK's bytecode library, which C2 then compiled again (0.36 s of CPU, IdleCrowd 200, JDK 17).
     */
    private static final class Grafting implements EntryVisitor {
        private final TimelineCells cells;
        private final long at;
        private final int[] nodeMap;

        Grafting(TimelineCells cells, long at, int[] nodeMap) {
            this.cells = cells;
            this.at = at;
            this.nodeMap = nodeMap;
        }

        @Override
        public void entry(int node, SampleState state, int count) {
            int mapped = mapped(nodeMap, node);
            if (mapped >= 0) {
                cells.add(at, mapped, state, count);
            }
        }
    }

    /** What {@link #run} is handed. */
    public interface RunVisitor {
        void run(int node, SampleState state, long count, long fromMillis, long toMillis);
    }

    /**
     * Walks the samples held in cell {@code i} itself, leaving out those of runs that cover it (a writer that
     * writes the runs apart).
     */
    public void forEachInCell(int i, EntryVisitor v) {
        TimelineCell c = cells.cell(i);
        if (c != null) {
            c.forEach(v);
        }
    }

    /** Adds every entry of {@code other}, its node {@code i} counted as {@code nodeMap[i]} here (skipped where -1). */
    public void addAll(Timeline other, int[] nodeMap) {
        if (other.isEmpty()) {
            return;
        }
        if (isEmpty()) {
            cells.widenEmpty(other.cellMillis());
        }
        while (cells.cellMillis() < other.cellMillis()) {
            cells.coarsen();
        }
        for (int i = 0; i < other.cellCount(); i++) {
            TimelineCell c = other.cells.cell(i);
            if (c == null) {
                continue;
            }
            long at = Math.floorDiv(other.firstCell() + i, cells.cellMillis() / other.cellMillis());
            while (cells.spanWith(at, at) > 2L * MAX_CELLS) {
                cells.coarsen();
                at = Math.floorDiv(at, 2);
            }
            c.forEach(new Grafting(cells, at, nodeMap));
        }
        for (int r = 0; r < other.runs.size(); r++) {
            int mapped = mapped(nodeMap, other.runs.node(r));
            if (mapped >= 0) {
                makeRoom(other.runs.from(r), other.runs.to(r));
                addRun(mapped, other.runs.state(r), other.runs.count(r), other.runs.from(r), other.runs.to(r));
            }
        }
        fit();
    }

    /** Bytes held by the cells and runs, for footprint figures. */
    public long footprintBytes() {
        return 32L + cells.footprintBytes() + runs.footprintBytes();
    }

    /**
     * Of {@code n} ticks evenly spaced from {@code from} to {@code to} (tick i at from + i·span/(n-1)), how
     * many fall before {@code x}. The one rule by which cells and runs place ticks.
     */
    static long ticksBefore(long from, long to, long n, long x) {
        if (x <= from) {
            return 0;
        }
        if (x > to || n == 1) {
            return n;
        }
        long a = x - from;
        if (Math.multiplyHigh(a, n - 1) != 0 || a * (n - 1) < 0) {
            // Only a file's counts can be this large; the sampler's stay far below.
            return Math.min(n, (long) Math.ceil((double) a * (n - 1) / (to - from)));
        }
        return Math.min(n, ceilDiv(a * (n - 1), to - from));
    }

    private static int mapped(int[] nodeMap, int node) {
        return node < nodeMap.length ? nodeMap[node] : -1;
    }

    /** The ticks into the cells they fall in. */
    private void spread(int node, SampleState state, long n, long from, long to) {
        long given = 0;
        for (long c = cells.cellOf(from); c <= cells.cellOf(to) && given < n; c++) {
            long upTo = ticksBefore(from, to, n, (c + 1) * cells.cellMillis());
            if (upTo > given) {
                cells.add(c, node, state, upTo - given);
                given = upTo;
            }
        }
    }

    private void addRun(int node, SampleState state, long n, long from, long to) {
        cells.cover(cells.cellOf(from), cells.cellOf(to));
        runs.start(node, state, n, from, to);
        // Waits that keep ending and starting on new stacks make runs without end: past half of the
        // budget they go into the cells, which merge.
        if (runs.size() > Math.max(1024, maxEntries / (2 * ENTRIES_PER_RUN))) {
            flattenRuns();
        }
    }

    private void flattenRuns() {
        int k = runs.size();
        int[] node = new int[k];
        SampleState[] state = new SampleState[k];
        long[][] span = new long[3][k];
        for (int r = 0; r < k; r++) {
            node[r] = runs.node(r);
            state[r] = runs.state(r);
            span[0][r] = runs.from(r);
            span[1][r] = runs.to(r);
            span[2][r] = runs.count(r);
        }
        runs.clear();
        for (int r = 0; r < k; r++) {
            spread(node[r], state[r], span[2][r], span[0][r], span[1][r]);
        }
    }

    /** Coarsens until samples from {@code from} to {@code to} fit in twice {@link #MAX_CELLS} cells with the rest. */
    private void makeRoom(long from, long to) {
        while (cells.spanWith(cells.cellOf(from), cells.cellOf(to)) > 2L * MAX_CELLS) {
            cells.coarsen();
        }
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /** Merges cells until the timeline is within its bounds. */
    private void fit() {
        while (cells.used() > MAX_CELLS || (cells.entries() + ENTRIES_PER_RUN * (long) runs.size() > maxEntries && cells.used() > MIN_CELLS)) {
            cells.coarsen();
        }
    }
}
