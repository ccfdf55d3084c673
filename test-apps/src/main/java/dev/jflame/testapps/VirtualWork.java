package dev.jflame.testapps;

/**
 * CPU work in a virtual thread beside the same work in a platform thread: one virtual thread spins
 * in {@link #inVirtualThread}, the platform thread {@code platform} in {@link #inPlatformThread}, so
 * a profile that sees virtual threads gives the two about the same share of running samples.
 * Virtual threads need JDK 21+ (started by reflection: this code is built for 11); elsewhere only
 * the platform thread runs.
 *
 * <p>Options: {@code --seconds 6}, {@code --wait-for-jfr false} (true: the threads start, and the
 * seconds count, once JFR gives the profiler in this JVM its stacks — the Java capture sees a virtual
 * thread's carrier only; see {@link JfrRunning}). Prints {@code virtual=yes|no}.
 */
public final class VirtualWork {
    /** Keeps the spin results alive. */
    private static volatile long sink;

    private VirtualWork() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse("VirtualWork", argv, "seconds", "6", "wait-for-jfr", "false");
        if (args.bool("wait-for-jfr")) {
            JfrRunning.await("VirtualWork");
        }
        long deadline = System.nanoTime() + args.millisFromSeconds("seconds") * 1_000_000L;
        Thread platform = new Thread(new Spinner(deadline, false), "platform");
        platform.start();
        boolean virtual;
        try {
            Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null, new Spinner(deadline, true));
            virtual = true;
        } catch (NoSuchMethodException e) {
            virtual = false;
        }
        Ready.announce("virtual=" + (virtual ? "yes" : "no"));
        platform.join();
    }

    /** A named class, not a lambda, for a stable frame name. */
    private static final class Spinner implements Runnable {
        private final long deadline;
        private final boolean virtual;

        Spinner(long deadline, boolean virtual) {
            this.deadline = deadline;
            this.virtual = virtual;
        }

        @Override
        public void run() {
            sink = virtual ? inVirtualThread(deadline) : inPlatformThread(deadline);
        }
    }

    static long inVirtualThread(long deadline) {
        return Spin.until(deadline, 7);
    }

    static long inPlatformThread(long deadline) {
        return Spin.until(deadline, 11);
    }
}
