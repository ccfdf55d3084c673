package dev.jflame.core.model;

/** The kind of a frame, used for colouring and for formats that hide synthetic frames. Immutable. */
public enum FrameKind {
    /** A Java method of the application or a library outside the JDK. */
    JAVA,
    /** A Java method of a JDK class ({@code java.*}, {@code javax.*}, {@code jdk.*}, {@code sun.*}, {@code com.sun.*}). */
    JDK,
    /** A native method. */
    NATIVE,
    /** Synthetic leaf saying why a thread was not running, e.g. {@code [BLOCKED on java.lang.Object]}. */
    STATE,
    /** Synthetic frame naming a thread; hidden in collapsed output. */
    THREAD,
    /** Synthetic root naming a process in a merged profile, e.g. {@code [pid 1234 app.Main]}. */
    PROCESS,
    /** Synthetic root marking a stack cut at the depth limit. */
    TRUNCATED,
    /**
     * Synthetic frame standing for jflame's own work on an application thread (the weaving of
     * {@code ProcessBuilder} when it first loads): {@code [jflame]}, so it is never read as the application's.
     */
    AGENT,
    /**
     * Synthetic frame under a wait's state leaf naming the lock's identity as the JVM gives it, class and
     * identity hash: {@code [lock java.lang.Object@1b6d3586]}. Hidden in collapsed output unless asked for.
     */
    LOCK,
    /**
     * Synthetic frame under a lock frame naming who the waiter waits for: {@code [held by worker-3]},
     * {@code [no owner]} where nobody holds what it waits for (a condition, {@code Object.wait}).
     */
    OWNER,
    /**
     * Synthetic frame under the state leaf of a thread idle in native I/O naming the other end:
     * {@code [waits on pipe:[4711]]} as the JVM itself saw it, or, once a merge found the process that
     * holds the other end, {@code [waits for pid 4242 app.Worker]}. Hidden in collapsed output unless asked for.
     */
    PEER;

    private static final FrameKind[] VALUES = values();

    public static FrameKind of(int ordinal) {
        return VALUES[ordinal];
    }

    public boolean isSynthetic() {
        return this == STATE || this == THREAD || this == PROCESS || this == TRUNCATED || this == AGENT || this == LOCK || this == OWNER
                || this == PEER;
    }

    /**
     * Whether the frame says whom a wait waits for ({@link #LOCK}, {@link #OWNER}, {@link #PEER}): detail
     * under a state leaf, not a place in code.
     */
    public boolean isWaitTarget() {
        return this == LOCK || this == OWNER || this == PEER;
    }

    /** Classifies a Java frame by its declaring class. */
    public static FrameKind ofJavaFrame(String className, boolean nativeMethod) {
        if (nativeMethod) {
            return NATIVE;
        }
        return isJdkClass(className) ? JDK : JAVA;
    }

    static boolean isJdkClass(String c) {
        return c.startsWith("java.") || c.startsWith("javax.") || c.startsWith("jdk.")
                || c.startsWith("sun.") || c.startsWith("com.sun.");
    }
}
