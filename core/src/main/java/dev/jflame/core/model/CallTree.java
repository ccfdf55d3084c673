package dev.jflame.core.model;

import dev.jflame.core.util.LongIntMap;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * A call tree stored as parallel arrays, each node holding its own (self) sample count per
 * {@link SampleState}. Not thread-safe: one writer at a time, and readers only while writers are held off.
 *
 * <p>Only self counts are stored so that recording a sample whose leaf node is already known costs
 * one array increment, whatever the depth; totals are summed when a profile is written. Node 0 is
 * the root and has no frame; a parent always has a smaller index than its children.
 *
 * <p>Memory is what limits a long-running profile, so a node costs about 25 bytes: parent, frame,
 * first child and next sibling, and one count with its state — a node's own samples are almost
 * always in a single state (a Java frame's are RUNNABLE, a state frame's are its state); the rare
 * node with more goes to a side map. Children are found by scanning the sibling list, with the one
 * found moved to the front, so a hot path stays a few comparisons; a node whose children outgrow
 * {@link #WIDE} gets a hash index instead.
 */
public final class CallTree {
    public static final int ROOT = 0;
    /**
     * Heap a node costs with everything it brings (frames, index, counts), measured with
     * {@code bench/Footprint.java}: 48 bytes at 100 000 unique stacks. Memory budgets are turned
     * into node counts with it ({@link #nodesWithin}).
     */
    public static final int BYTES_PER_NODE = 48;
    private static final int NO_FRAME = -1;
    private static final int NONE = -1;
    private static final byte NO_STATE = -1;
    /** Sibling scans longer than this switch a node to the hash index. */
    static final int WIDE = 16;

    private int size;
    private int[] parent;
    private int[] frame;
    private int[] firstChild;
    private int[] nextSibling;
    private long[] count;
    private byte[] countState;
    /** Per-state counts of the few nodes that have samples in more than one state. */
    private final Map<Integer, long[]> mixed = new HashMap<>();
    private final BitSet wide = new BitSet();
    private LongIntMap wideIndex = new LongIntMap(16);

    /** How many nodes a budget of {@code bytes} of heap holds, at least 1024. */
    public static int nodesWithin(long bytes) {
        return (int) Math.min(Integer.MAX_VALUE / 2, Math.max(1024, bytes / BYTES_PER_NODE));
    }

    public CallTree() {
        this(1024);
    }

    public CallTree(int capacity) {
        allocate(capacity);
    }

    private void allocate(int capacity) {
        capacity = Math.max(capacity, 16);
        parent = new int[capacity];
        frame = new int[capacity];
        firstChild = new int[capacity];
        nextSibling = new int[capacity];
        count = new long[capacity];
        countState = new byte[capacity];
        size = 0;
        newNode(NONE, NO_FRAME);
    }

    /**
     * Forgets every node but the root, and lets go of the arrays: ids held elsewhere are void. For push mode's
     * fresh start once the tree has grown (the sampler renumbers what it holds first).
     */
    public void clear() {
        mixed.clear();
        wide.clear();
        wideIndex = new LongIntMap(16);
        allocate(1024);
    }

    /** Returns the child of {@code node} for {@code frameId}, creating it if needed. */
    public int child(int node, int frameId) {
        int found = find(node, frameId);
        if (found != NONE) {
            return found;
        }
        if (!wide.get(node)) {
            // Counted only when a child is added, which is rare next to finding one.
            int siblings = 0;
            for (int c = firstChild[node]; c != NONE; c = nextSibling[c]) {
                siblings++;
            }
            if (siblings >= WIDE) {
                wide.set(node);
                for (int c = firstChild[node]; c != NONE; c = nextSibling[c]) {
                    wideIndex.put(key(node, frame[c]), c);
                }
            }
        }
        return addChild(node, frameId);
    }

    /**
     * The child of {@code node} for {@code frameId}, or -1 if it has none (nothing is created). Like
     * {@link #child}, a child found is moved to the front of its siblings, so hot paths stay short.
     */
    public int find(int node, int frameId) {
        if (wide.get(node)) {
            return wideIndex.get(key(node, frameId));
        }
        for (int c = firstChild[node], prev = NONE; c != NONE; prev = c, c = nextSibling[c]) {
            if (frame[c] == frameId) {
                if (prev != NONE) {
                    nextSibling[prev] = nextSibling[c];
                    nextSibling[c] = firstChild[node];
                    firstChild[node] = c;
                }
                return c;
            }
        }
        return NONE;
    }

    /** Adds {@code n} samples in {@code state} to the node's own count. */
    public void add(int node, SampleState state, long n) {
        byte s = (byte) state.ordinal();
        long[] m = mixedOf(node);
        if (m != null) {
            m[s] += n;
        } else if (countState[node] == s || countState[node] == NO_STATE) {
            countState[node] = s;
            count[node] += n;
        } else {
            m = new long[SampleState.COUNT];
            m[countState[node]] = count[node];
            m[s] += n;
            mixed.put(node, m);
        }
    }

    public long self(int node, SampleState state) {
        long[] m = mixedOf(node);
        if (m != null) {
            return m[state.ordinal()];
        }
        return countState[node] == state.ordinal() ? count[node] : 0;
    }

    /**
     * Sets every node's counts to 0 and keeps the nodes: ids held elsewhere (a sampler's cached stacks)
     * stay valid. For a profile pushed period by period.
     */
    public void clearCounts() {
        java.util.Arrays.fill(count, 0, size, 0);
        java.util.Arrays.fill(countState, 0, size, NO_STATE);
        mixed.clear();
    }

    /** Sum of the node's own counts over all states. */
    public long selfTotal(int node) {
        long[] m = mixedOf(node);
        if (m == null) {
            return count[node];
        }
        long sum = 0;
        for (long v : m) {
            sum += v;
        }
        return sum;
    }

    public int parent(int node) {
        return parent[node];
    }

    /** The frame id of the node, or -1 for the root. */
    public int frame(int node) {
        return frame[node];
    }

    public int size() {
        return size;
    }

    /** Sum of all samples in the tree. */
    public long totalSamples() {
        long sum = 0;
        for (int n = 0; n < size; n++) {
            sum += selfTotal(n);
        }
        return sum;
    }

    /**
     * Totals per node and state (self plus all descendants), indexed {@code node * COUNT + state}.
     * Children always have larger indices than their parents, so one backwards pass suffices.
     */
    public long[] totals() {
        int states = SampleState.COUNT;
        long[] totals = new long[size * states];
        for (int n = 0; n < size; n++) {
            long[] m = mixedOf(n);
            if (m != null) {
                System.arraycopy(m, 0, totals, n * states, states);
            } else if (countState[n] != NO_STATE) {
                totals[n * states + countState[n]] = count[n];
            }
        }
        for (int n = size - 1; n > 0; n--) {
            int p = parent[n] * states;
            int b = n * states;
            for (int s = 0; s < states; s++) {
                totals[p + s] += totals[b + s];
            }
        }
        return totals;
    }

    /**
     * Children lists of all nodes in creation order, as a CSR pair: the children of node {@code n}
     * are {@code order[start[n]] .. order[start[n+1]-1]}.
     */
    public int[][] childIndex() {
        int[] start = new int[size + 1];
        for (int n = 1; n < size; n++) {
            start[parent[n] + 1]++;
        }
        for (int i = 0; i < size; i++) {
            start[i + 1] += start[i];
        }
        int[] fill = Arrays.copyOf(start, size);
        int[] order = new int[Math.max(0, size - 1)];
        for (int n = 1; n < size; n++) {
            order[fill[parent[n]]++] = n;
        }
        return new int[][] {start, order};
    }

    /** Bytes held by this tree's arrays, for footprint figures. */
    public long footprintBytes() {
        return (long) parent.length * (4 * Integer.BYTES + Long.BYTES + 1) + wideIndex.footprintBytes()
                + mixed.size() * 100L;
    }

    /** The node's per-state counts if it has samples in more than one state, else null. */
    private long[] mixedOf(int node) {
        // The emptiness check first: a lookup boxes the node index, and add() runs once a sample.
        return mixed.isEmpty() ? null : mixed.get(node);
    }

    private int addChild(int node, int frameId) {
        int c = newNode(node, frameId);
        nextSibling[c] = firstChild[node];
        firstChild[node] = c;
        if (wide.get(node)) {
            wideIndex.put(key(node, frameId), c);
        }
        return c;
    }

    private int newNode(int parentNode, int frameId) {
        if (size == parent.length) {
            grow();
        }
        int c = size++;
        parent[c] = parentNode;
        frame[c] = frameId;
        firstChild[c] = NONE;
        nextSibling[c] = NONE;
        countState[c] = NO_STATE;
        return c;
    }

    private static long key(int node, int frameId) {
        return ((long) node << 32) | (frameId & 0xFFFFFFFFL);
    }

    private void grow() {
        // 1.5x rather than 2x: on a large tree the spare capacity is memory the host pays for.
        int cap = parent.length + (parent.length >> 1);
        // Every new array first, then the swap: an OutOfMemoryError while allocating leaves the tree
        // whole, with its old capacity, instead of with columns of different lengths.
        int[] p = Arrays.copyOf(parent, cap);
        int[] f = Arrays.copyOf(frame, cap);
        int[] fc = Arrays.copyOf(firstChild, cap);
        int[] ns = Arrays.copyOf(nextSibling, cap);
        long[] c = Arrays.copyOf(count, cap);
        byte[] cs = Arrays.copyOf(countState, cap);
        parent = p;
        frame = f;
        firstChild = fc;
        nextSibling = ns;
        count = c;
        countState = cs;
    }
}
