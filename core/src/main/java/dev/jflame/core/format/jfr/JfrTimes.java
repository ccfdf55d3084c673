package dev.jflame.core.format.jfr;

import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.SampleState;
import java.util.Arrays;

/**
 * The time a recording's events stand for, per call-tree node and per source, turned into samples
 * of one interval once the recording's settings are all known. Not thread-safe; one per reading.
 *
 * <p>A node's state is its leaf's: a state other than running ends in its own leaf frame, so every
 * event that reaches a node is in the same state.
 */
final class JfrTimes {
    /** What an event's time is counted in. */
    enum Source {
        /** A wait event: its duration in nanoseconds. */
        WAIT,
        /** An execution sample (the JDK's, or async-profiler's CPU samples): a count of that sampler's periods. */
        EXEC,
        /** A native-method sample: a count of that sampler's periods. */
        NATIVE,
        /** A CPU-time sample: its own sampling period, in nanoseconds. */
        CPU_TIME,
        /** An async-profiler wall-clock sample: a count of wall intervals. */
        WALL
    }

    static final int SOURCES = Source.values().length;

    /** Per source, per node: what its events added; null until the source is seen. */
    private final long[][] amounts = new long[SOURCES][];
    /** Per node, its state's ordinal plus one (0: no event yet). */
    private byte[] nodeState = new byte[1024];
    private final long[] events = new long[SOURCES];

    void add(Source source, int node, SampleState state, long amount) {
        long[] a = amounts[source.ordinal()];
        if (a == null || a.length <= node) {
            a = amounts[source.ordinal()] = a == null ? new long[Math.max(1024, node + 1)] : Arrays.copyOf(a, grown(a.length, node));
        }
        a[node] = saturatedAdd(a[node], amount);
        if (nodeState.length <= node) {
            nodeState = Arrays.copyOf(nodeState, grown(nodeState.length, node));
        }
        if (nodeState[node] == 0) {
            nodeState[node] = (byte) (state.ordinal() + 1);
        }
        events[source.ordinal()]++;
    }

    long events(Source source) {
        return events[source.ordinal()];
    }

    /**
     * Adds each node's time, in samples of {@code interval} rounded to the nearest, to its own count in
     * {@code tree}, and returns their sum. {@code nanosPer[source]} is what one unit of a source is
     * worth (1 for those counted in nanoseconds; 0 leaves a source out); with {@code idleNativeOnly}
     * native samples count only where the thread was idle in native.
     */
    long addTo(CallTree tree, long[] nanosPer, boolean idleNativeOnly, long interval) {
        long samples = 0;
        for (int n = 0; n < nodeState.length && n < tree.size(); n++) {
            if (nodeState[n] == 0) {
                continue;
            }
            SampleState state = SampleState.of(nodeState[n] - 1);
            long nanos = 0;
            for (Source s : Source.values()) {
                long[] a = amounts[s.ordinal()];
                if (a == null || n >= a.length || (s == Source.NATIVE && idleNativeOnly && state != SampleState.NATIVE_IDLE)) {
                    continue;
                }
                nanos = saturatedAdd(nanos, saturatedMultiply(a[n], nanosPer[s.ordinal()]));
            }
            long k = nanos / interval + (nanos % interval >= (interval + 1) / 2 ? 1 : 0);
            if (k > 0) {
                tree.add(n, state, k);
                samples = saturatedAdd(samples, k);
            }
        }
        return samples;
    }

    private static int grown(int length, int node) {
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(node + 1L, length + (length >> 1)));
    }

    static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    static long saturatedMultiply(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }
}
