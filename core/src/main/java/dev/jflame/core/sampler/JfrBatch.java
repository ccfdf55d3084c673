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

    JfrBatch(long completeMillis, Map<Long, List<JfrStack>> byThread, int events) {
        this.completeMillis = completeMillis;
        this.byThread = byThread;
        this.events = events;
    }
}
