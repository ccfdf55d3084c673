package dev.jflame.core.model;

/** One cell of a {@link Timeline}: (node, state) → samples, in an open-addressing table. Not thread-safe. */
final class TimelineCell {
    /** {@code (node << 3 | state) + 1}; 0 marks a free slot. */
    private long[] keys = new long[8];
    private int[] counts = new int[8];
    private int size;

    int size() {
        return size;
    }

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
        // A cell's count cannot reach 2^31 (a thousand threads for an hour at 100 Hz is 3.6e8), but a bad
        // file is not to wrap it.
        counts[i] = (int) Math.min(Integer.MAX_VALUE, counts[i] + n);
        if (keys[i] == 0) {
            keys[i] = key;
            size++;
            return 1;
        }
        return 0;
    }

    void forEach(Timeline.EntryVisitor v) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                long k = keys[i] - 1;
                v.entry((int) (k >>> 3), SampleState.of((int) (k & 7)), counts[i]);
            }
        }
    }

    /** Adds every entry of {@code other} to this cell. */
    void addAll(TimelineCell other) {
        for (int i = 0; i < other.keys.length; i++) {
            if (other.keys[i] != 0) {
                long k = other.keys[i] - 1;
                add((int) (k >>> 3), SampleState.of((int) (k & 7)), other.counts[i]);
            }
        }
    }

    long footprintBytes() {
        return 32 + keys.length * (long) (Long.BYTES + Integer.BYTES);
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
