package dev.jflame.core.model;

import dev.jflame.core.util.LongIntMap;
import java.util.Arrays;

/**
 * A call tree stored as parallel arrays, each node holding its own (self) sample count per
 * {@link SampleState}. Not thread-safe: one writer, and readers only while the writer is held off.
 *
 * <p>Only self counts are stored so that recording a sample whose leaf node is already known costs
 * one array increment, whatever the depth; totals are summed when a profile is written.
 * Node 0 is the root and has no frame.
 */
public final class CallTree {
    public static final int ROOT = 0;
    private static final int NO_FRAME = -1;
    private static final int STATES = SampleState.COUNT;

    private int size;
    private int[] parent;
    private int[] frame;
    private long[] self;
    private final LongIntMap children;

    public CallTree() {
        this(1024);
    }

    public CallTree(int capacity) {
        capacity = Math.max(capacity, 16);
        parent = new int[capacity];
        frame = new int[capacity];
        self = new long[capacity * STATES];
        children = new LongIntMap(capacity);
        parent[ROOT] = -1;
        frame[ROOT] = NO_FRAME;
        size = 1;
    }

    /** Returns the child of {@code node} for {@code frameId}, creating it if needed. */
    public int child(int node, int frameId) {
        long key = ((long) node << 32) | (frameId & 0xFFFFFFFFL);
        int c = children.get(key);
        if (c >= 0) {
            return c;
        }
        if (size == parent.length) {
            grow();
        }
        c = size++;
        parent[c] = node;
        frame[c] = frameId;
        children.put(key, c);
        return c;
    }

    /** Adds {@code count} samples in {@code state} to the node's own count. */
    public void add(int node, SampleState state, long count) {
        self[node * STATES + state.ordinal()] += count;
    }

    public long self(int node, SampleState state) {
        return self[node * STATES + state.ordinal()];
    }

    /** Sum of the node's own counts over all states. */
    public long selfTotal(int node) {
        long sum = 0;
        int base = node * STATES;
        for (int s = 0; s < STATES; s++) {
            sum += self[base + s];
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
        for (int i = 0, n = size * STATES; i < n; i++) {
            sum += self[i];
        }
        return sum;
    }

    /**
     * Totals per node and state (self plus all descendants), indexed {@code node * COUNT + state}.
     * Children always have larger indices than their parents, so one backwards pass suffices.
     */
    public long[] totals() {
        long[] totals = Arrays.copyOf(self, size * STATES);
        for (int n = size - 1; n > 0; n--) {
            int p = parent[n] * STATES;
            int b = n * STATES;
            for (int s = 0; s < STATES; s++) {
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

    /** Bytes held by this tree's arrays, for the sampler's footprint statistics. */
    public long footprintBytes() {
        return (long) parent.length * (Integer.BYTES * 2 + Long.BYTES * STATES) + children.footprintBytes();
    }

    private void grow() {
        int cap = parent.length * 2;
        parent = Arrays.copyOf(parent, cap);
        frame = Arrays.copyOf(frame, cap);
        self = Arrays.copyOf(self, cap * STATES);
    }
}
