package dev.jflame.core.model;

/**
 * How frames are named (contract: collapsed output), in one place for every source of stacks: the
 * Java capture, JFR's sampler in the profiled JVM, and JFR recordings read from a file. Stateless.
 */
public final class FrameNames {
    /** Root of a stack cut at the depth limit (JFR's or the profile's). */
    public static final String TRUNCATED = "[truncated]";
    /** The unnamed virtual threads' group ({@link #virtualThreads}). */
    public static final String VIRTUAL_THREADS = "[virtual threads]";
    /** Under a carrier thread, its samples while it ran a virtual thread (whose own samples are in its group). */
    public static final String CARRYING = "[carrying a virtual thread]";
    /**
     * The line of samples that have no frame at all, in formats with a line per stack (folded stacks,
     * pprof, speedscope): their stack would otherwise be empty, which those formats drop or cannot draw.
     */
    public static final String NO_FRAMES = "[no Java frames]";

    /** Under a lock frame: the lock has no owner to wait for (a condition, {@code Object.wait}, a latch). */
    public static final String NO_OWNER = "[no owner]";
    /** What {@link #lock} names start with. */
    public static final String LOCK_PREFIX = "[lock ";
    /** What {@link #heldBy} names start with. */
    public static final String HELD_BY_PREFIX = "[held by ";

    /** What a {@link #waitsOn} frame starts with: the other end of an I/O wait as the waiting JVM saw it. */
    public static final String WAITS_ON_PREFIX = "[waits on ";
    /** What a {@link #waitsForPid} frame starts with: the process at the other end of an I/O wait. */
    public static final String WAITS_FOR_PID_PREFIX = "[waits for pid ";

    private FrameNames() {
    }

    /**
     * The thread node of a group of virtual threads counted by the census, which the thread view and
     * the timeline show as one thread: {@code [thread [virtual threads]]} for the unnamed ones, {@code
     * [thread [virtual threads client]]} for those named {@code client} or {@code client-17} (the group
     * is the name without its trailing digits).
     */
    public static String virtualThreads(String group) {
        return thread(group.isEmpty() ? VIRTUAL_THREADS : "[virtual threads " + group + "]");
    }

    /**
     * {@code [waits on pipe:[4711]]}: what a thread idle in native I/O waits on, as its own JVM saw it
     * ({@code pipe:[inode]}, {@code tcp <local> -> <remote>}, {@code pid <n>}); a merge that finds the
     * other end's process names it instead ({@link #waitsForPid}).
     */
    public static String waitsOn(String endpoint) {
        return WAITS_ON_PREFIX + endpoint + "]";
    }

    /** What a {@link #waitsOn} frame names ({@code pipe:[4711]}), or null for any other frame. */
    public static String endpointOf(String name) {
        return name.startsWith(WAITS_ON_PREFIX) && name.endsWith("]") ? name.substring(WAITS_ON_PREFIX.length(), name.length() - 1) : null;
    }

    /** {@code [waits for pid 4242 app.Worker]}: the process at the other end of an I/O wait; {@code mainClass} may be null. */
    public static String waitsForPid(long pid, String mainClass) {
        return WAITS_FOR_PID_PREFIX + pid + (mainClass == null ? "" : " " + mainClass) + "]";
    }

    /**
     * The pid a {@link FrameKind#PEER} frame names ({@code [waits for pid 4242 ...]}, or a wait on
     * {@code pid 4242} itself); -1 for any other frame, or a wait on a pipe or socket whose other end no
     * process of the profile was seen to hold.
     */
    public static long peerPid(String name) {
        String rest;
        if (name.startsWith(WAITS_FOR_PID_PREFIX)) {
            rest = name.substring(WAITS_FOR_PID_PREFIX.length());
        } else if (name.startsWith(WAITS_ON_PREFIX + "pid ")) {
            rest = name.substring(WAITS_ON_PREFIX.length() + 4);
        } else {
            return -1;
        }
        int end = 0;
        while (end < rest.length() && end < 18 && rest.charAt(end) >= '0' && rest.charAt(end) <= '9') {
            end++;
        }
        return end == 0 ? -1 : Long.parseLong(rest.substring(0, end));
    }

    /** {@code [lock java.lang.Object@1b6d3586]}: a lock's identity, as {@code ThreadInfo.getLockName()} gives it. */
    public static String lock(String lockName) {
        return LOCK_PREFIX + lockName + "]";
    }

    /** {@code [held by worker-3]}: the thread that holds what a waiter waits for. */
    public static String heldBy(String threadName) {
        return HELD_BY_PREFIX + threadName + "]";
    }

    /**
     * What a {@link #lock} or {@link #heldBy} frame names: the lock ({@code java.lang.Object@1b6d3586}) or
     * the holder's thread name; null for {@link #NO_OWNER}, a {@link FrameKind#PEER} frame and any other frame.
     */
    public static String waitTargetValue(String name) {
        FrameKind kind = waitTargetKind(name);
        if (kind == null || kind == FrameKind.PEER || name.equals(NO_OWNER)) {
            return null;
        }
        return name.substring(name.startsWith(LOCK_PREFIX) ? LOCK_PREFIX.length() : HELD_BY_PREFIX.length(), name.length() - 1);
    }

    /** {@link FrameKind#LOCK}, {@link FrameKind#OWNER} or {@link FrameKind#PEER} for a frame named like one (folded stacks), else null. */
    public static FrameKind waitTargetKind(String name) {
        if (!name.endsWith("]")) {
            return null;
        }
        if (name.startsWith(LOCK_PREFIX)) {
            return FrameKind.LOCK;
        }
        if (name.equals(NO_OWNER) || name.startsWith(HELD_BY_PREFIX)) {
            return FrameKind.OWNER;
        }
        if (name.startsWith(WAITS_ON_PREFIX) || name.startsWith(WAITS_FOR_PID_PREFIX)) {
            return FrameKind.PEER;
        }
        return null;
    }

    /** The frame over jflame's own work on an application thread (kind {@link FrameKind#AGENT}). */
    public static final String AGENT = "[jflame]";

    /** What every thread frame's name starts with. */
    public static final String THREAD_PREFIX = "[thread ";

    /** {@code [thread name]}, the frame that starts every sample of a thread. */
    public static String thread(String name) {
        return THREAD_PREFIX + name + "]";
    }

    /**
     * The name a synthetic frame stands for, for formats that show it as a label or a title:
     * {@code [thread main]} reads {@code main}; any other bracketed frame loses its brackets.
     */
    public static String unwrapped(String frame) {
        if (frame.startsWith(THREAD_PREFIX) && frame.endsWith("]")) {
            return frame.substring(THREAD_PREFIX.length(), frame.length() - 1);
        }
        return frame.length() >= 2 && frame.startsWith("[") && frame.endsWith("]") ? frame.substring(1, frame.length() - 1) : frame;
    }

    /** {@code package.Class.method}, with the per-run part of a hidden class's name dropped ({@link #stableClassName}). */
    public static String javaMethod(String className, String method) {
        return stableClassName(className) + "." + method;
    }

    /**
     * Drops the per-run parts of hidden-class names ({@code Foo$$Lambda$45/0x0000...}, in JFR
     * {@code Foo$$Lambda$45+0x0000...}, as async-profiler writes them {@code Foo$$Lambda$45.0x0000...})
     * so the same code gives the same frame in every run and every process.
     */
    public static String stableClassName(String cls) {
        // The JVM writes the address after a '/', JFR after a '+', JVMTI's class signature after a '.'
        // (no package segment can start with a digit, so ".0x" is never part of a real name).
        int at = cls.indexOf("/0x");
        if (at < 0) {
            at = cls.indexOf("+0x");
        }
        if (at < 0) {
            at = cls.indexOf(".0x");
        }
        if (at < 0) {
            return cls;
        }
        String base = cls.substring(0, at);
        int lambda = base.indexOf("$$Lambda");
        return lambda >= 0 ? base.substring(0, lambda + "$$Lambda".length()) : base;
    }
}
