package dev.jflame.testapps;

/**
 * Where safepoint bias hides the hot code: the thread {@code inliner} spends almost all of its CPU
 * in {@link #mix}, a small method whose counted {@code int} loop has no safepoint poll and which
 * the JIT inlines into the long loop of its caller {@link #drive}. A profiler that takes stacks at
 * safepoint polls (the Java API's capture, JFR without {@code -XX:+DebugNonSafepoints}) credits
 * {@code drive}; a correct one credits {@code mix}.
 *
 * <p>Options: {@code --seconds 10} (then exits), {@code --wait-for-jfr false} (true: the hot thread
 * starts, and the seconds count, once JFR gives the profiler in this JVM its stacks, so that its
 * stacks of the hot thread are all JFR's; see {@link JfrRunning}).
 */
public final class Inlined {
    /** Keeps the results alive so the JIT cannot drop the loops as dead code. */
    private static volatile long sink;

    private Inlined() {
    }

    public static void main(String[] argv) throws InterruptedException {
        Args args = Args.parse("Inlined", argv, "seconds", "10", "wait-for-jfr", "false");
        long millis = args.millisFromSeconds("seconds");
        if (args.bool("wait-for-jfr")) {
            JfrRunning.await("Inlined");
        }
        Thread t = new Thread(new Driver(), "inliner");
        t.setDaemon(true);
        t.start();
        Ready.announce();
        Thread.sleep(millis);
    }

    /** A named class, not a lambda, for a stable frame name. */
    private static final class Driver implements Runnable {
        @Override
        public void run() {
            while (true) {
                sink = drive(sink);
            }
        }
    }

    /** The caller: a long loop (it has a safepoint poll) around the hot method. */
    static long drive(long seed) {
        long s = seed;
        for (long i = 0; i < 2_000_000L; i++) {
            s += mix((int) i);
        }
        return s;
    }

    /** The hot method: a counted int loop, no poll inside, small enough to inline. */
    static int mix(int i) {
        int x = i;
        for (int k = 0; k < 200; k++) {
            x = (x ^ k) * 31 + (x >>> 3);
        }
        return x;
    }
}
