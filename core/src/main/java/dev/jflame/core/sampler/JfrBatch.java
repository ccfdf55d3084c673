package dev.jflame.core.sampler;

import java.util.List;
import java.util.Map;

/** The running stacks JFR delivered in one flush, by Java thread id. Immutable once handed over. */
final class JfrBatch {
    /**
     * The key of the stacks of virtual threads (JDK 21+): JFR names the virtual thread it found
     * mounted, which the scan never sees; their carriers' ticks take them ({@link RunningTicks}).
     */
    static final long VIRTUAL = -1L;
    /** Wall time ({@link System#currentTimeMillis()}) of its latest sample: running ticks up to it are settled by it. */
    final long completeMillis;
    final Map<Long, List<JfrStack>> byThread;
    final int events;
    /** The waits that ended in its window, with their stacks ({@link StackSourceSettings#waitThresholdNanos}); often none. */
    final List<JfrWait> waits;
    /** The pins of virtual threads that ended in its window (JDK 21+); mostly none. */
    final List<JfrPin> pins;
    /** Heap it holds, with the stacks first converted for it: counted against the source's share of the memory budget. */
    final long bytes;

    /** Heap a sample takes in a batch: its place in a thread's list (the stack is shared). */
    static final int BYTES_PER_EVENT = 8;
    /** Heap of a thread's entry in a batch: the map entry, its key and its list. */
    static final int BYTES_PER_THREAD = 32 + 16 + 40;

    JfrBatch(long completeMillis, Map<Long, List<JfrStack>> byThread, int events, List<JfrWait> waits, List<JfrPin> pins, long bytes) {
        this.completeMillis = completeMillis;
        this.byThread = byThread;
        this.events = events;
        this.waits = waits;
        this.pins = pins;
        this.bytes = bytes;
    }
}
