package dev.jflame.core.util;

import java.util.Arrays;

/**
 * Open-addressing map from {@code long} to non-negative {@code int}, without boxing. Not thread-safe.
 *
 * <p>Exists because the call tree looks up (parent, frame) pairs on the sampler's hot path, where a
 * {@code HashMap<Long,Integer>} would allocate on every lookup.
 */
public final class LongIntMap {
    private static final int MISSING = -1;
    private long[] keys;
    private int[] values;
    private int size;
    private int mask;

    public LongIntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        values = new int[cap];
        Arrays.fill(values, MISSING);
        mask = cap - 1;
    }

    /** Returns the value for {@code key}, or -1 if absent. */
    public int get(long key) {
        int i = slot(key);
        while (true) {
            int v = values[i];
            if (v == MISSING || keys[i] == key) {
                return v;
            }
            i = (i + 1) & mask;
        }
    }

    /** Associates {@code value} (must be ≥ 0) with {@code key}. */
    public void put(long key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value " + value);
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int i = slot(key);
        while (values[i] != MISSING && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (values[i] == MISSING) {
            size++;
        }
        keys[i] = key;
        values[i] = value;
    }

    public int size() {
        return size;
    }

    /** Bytes held by the tables, for the footprint statistics. */
    public long footprintBytes() {
        return (long) keys.length * (Long.BYTES + Integer.BYTES);
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        Arrays.fill(values, MISSING);
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != MISSING) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }
}
