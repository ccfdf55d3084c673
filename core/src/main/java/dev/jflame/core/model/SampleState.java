package dev.jflame.core.model;

/**
 * What a thread was doing when it was sampled. Immutable.
 *
 * <p>The JVM's own {@link Thread.State} names are kept so the leaf frames read like a jstack dump;
 * {@link #PARKED} is split out for {@code LockSupport.park} without a blocker object, which jstack
 * would call WAITING with nothing to say what for.
 */
public enum SampleState {
    RUNNABLE,
    BLOCKED,
    WAITING,
    TIMED_WAITING,
    PARKED;

    private static final SampleState[] VALUES = values();

    /** Number of states; sized for per-state counter arrays. */
    public static final int COUNT = VALUES.length;

    public static SampleState of(int ordinal) {
        return VALUES[ordinal];
    }
}
