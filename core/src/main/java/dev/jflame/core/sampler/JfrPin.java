package dev.jflame.core.sampler;

/**
 * One pin as JFR recorded it when it ended ({@code jdk.VirtualThreadPinned}, JDK 21+): a virtual thread
 * that parked or blocked where it could not leave its carrier, from when to when, with the stack it took
 * there (the JDK's park frames on top). Immutable.
 */
final class JfrPin {
    /** Heap of a pin in a batch, beside its (shared) stack. */
    static final int BYTES = 48;

    /** The virtual thread's group ({@link dev.jflame.core.model.VirtualGroups}). */
    final String group;
    /** When the pinned wait began and ended, microseconds since the epoch. */
    final long startMicros;
    final long endMicros;
    final JfrStack stack;

    JfrPin(String group, long startMicros, long endMicros, JfrStack stack) {
        this.group = group;
        this.startMicros = startMicros;
        this.endMicros = endMicros;
        this.stack = stack;
    }
}
