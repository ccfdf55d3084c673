package dev.jflame.core.sampler;

/**
 * One wait as JFR recorded it when it ended ({@code jdk.ThreadSleep}, {@code jdk.JavaMonitorWait},
 * {@code jdk.JavaMonitorEnter}, {@code jdk.ThreadPark}): the waiting thread, when, on what, and the stack
 * the thread itself took as it began waiting, with no safepoint. Immutable.
 */
final class JfrWait {
    /** What kind of wait: the JFR event it came from. */
    enum Kind {
        SLEEP, MONITOR_WAIT, MONITOR_ENTER, PARK;

        /** Whether a thread the JVM reported in {@code state} can be in a wait of this kind. */
        boolean fits(Thread.State state) {
            switch (state) {
                case BLOCKED:
                    return this == MONITOR_ENTER;
                case WAITING:
                    return this == MONITOR_WAIT || this == PARK;
                case TIMED_WAITING:
                    return this != MONITOR_ENTER;
                default:
                    return false;
            }
        }
    }

    /** Heap of a wait in a batch and in the sampler's recent waits, beside its (shared) stack. */
    static final int BYTES = 64;

    final long threadId;
    final Kind kind;
    /** When the wait began and ended, microseconds since the epoch. */
    final long startMicros;
    final long endMicros;
    /** The class of the monitor or park blocker, or null (a sleep, a park without a blocker). */
    final String lockClass;
    final JfrStack stack;

    JfrWait(long threadId, Kind kind, long startMicros, long endMicros, String lockClass, JfrStack stack) {
        this.threadId = threadId;
        this.kind = kind;
        this.startMicros = startMicros;
        this.endMicros = endMicros;
        this.lockClass = lockClass;
        this.stack = stack;
    }
}
