package dev.jflame.testapps;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One operation counter per thread, each on its own cache line so counting does not itself become
 * contention in a benchmark. Thread-safe when each slot has a single writer; {@link #sum} may be read
 * from any thread.
 */
final class OpsCounters {

    /** 16 longs = 128 bytes apart: covers 64-byte lines and the adjacent-line prefetcher. */
    private static final int STRIDE = 16;

    private final AtomicLongArray slots;
    private final int count;

    OpsCounters(int count) {
        this.count = count;
        // One spare stride at each end keeps the first and last slot off the array header and neighbours.
        this.slots = new AtomicLongArray((count + 2) * STRIDE);
    }

    /** Adds one to {@code slot}; only the slot's owning thread may call this. */
    void increment(int slot) {
        int index = (slot + 1) * STRIDE;
        // Single writer: a lazySet is enough and avoids a full fence per operation.
        slots.lazySet(index, slots.get(index) + 1);
    }

    long sum() {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += slots.get((i + 1) * STRIDE);
        }
        return total;
    }
}
