package dev.jflame.core.model;

/**
 * What a thread was doing when it was sampled. Immutable. This type is the one place that knows the
 * states: their collapsed leaf frames, the labels and one-letter keys the page uses, and their colour
 * group; writers and the page read them from here.
 *
 * <p>The JVM's own {@link Thread.State} names are kept so the leaf frames read like a jstack dump;
 * {@link #PARKED} is split out for {@code LockSupport.park} without a blocker object, which jstack
 * would call WAITING with nothing to say what for, and {@link #NATIVE_IDLE} for a thread the JVM calls
 * RUNNABLE while it sits in a native method without using the CPU (a socket read, {@code accept},
 * {@code epoll_wait}): a wall-clock profile that drew those as running would point at idle I/O threads
 * as the hot spot. {@link #PINNED} is a virtual thread that blocked where it cannot leave its carrier (a park
 * inside a class initializer or under a native frame), and that carrier, which the JVM calls waiting: the
 * carrier is held as long as the wait lasts, which no other state says.
 */
public enum SampleState {
    RUNNABLE("Running", 'R', "running"),
    BLOCKED("Blocked", 'B', "blocked"),
    WAITING("Waiting", 'W', "waiting"),
    TIMED_WAITING("Timed waiting", 'T', "timed"),
    PARKED("Parked", 'P', "timed"),
    NATIVE_IDLE("Idle in native", 'I', "idle"),
    /** A colour of its own, near blocked's: like a thread blocked on a monitor, a pinned one holds up others (the carrier's queue). */
    PINNED("Pinned", 'N', "pinned");

    private static final SampleState[] VALUES = values();

    /** Number of states; sized for per-state counter arrays. */
    public static final int COUNT = VALUES.length;

    private final String label;
    private final char key;
    private final String colour;

    SampleState(String label, char key, String colour) {
        this.label = label;
        this.key = key;
        this.colour = colour;
    }

    public static SampleState of(int ordinal) {
        return VALUES[ordinal];
    }

    /** Human label, e.g. "Timed waiting". */
    public String label() {
        return label;
    }

    /** One letter naming the state in the page's address (e.g. {@code s=RI}). */
    public char key() {
        return key;
    }

    /** The page's colour group; states that read alike to a user share one. */
    public String colour() {
        return colour;
    }

    /** Whether the thread was on (or waiting for) a CPU: the only state in "hottest" picks. */
    public boolean isRunning() {
        return this == RUNNABLE;
    }

    /**
     * The synthetic leaf frame that ends a sample in this state (contract: collapsed output), e.g.
     * {@code [BLOCKED on java.lang.Object]}, {@code [PARKED]}, {@code [NATIVE_IDLE]}, {@code [PINNED]}; null for running.
     */
    public String leafFrame(String lockClass) {
        if (this == RUNNABLE) {
            return null;
        }
        if (lockClass == null || this == PARKED || this == NATIVE_IDLE || this == PINNED) {
            return "[" + name() + "]";
        }
        return "[" + name() + " on " + lockClass + "]";
    }
}
