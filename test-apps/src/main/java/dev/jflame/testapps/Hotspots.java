package dev.jflame.testapps;

/**
 * A known CPU split: each {@code hot-N} thread spends 70% of its wall time in {@link #hot70} and 30%
 * in {@link #hot30}, alternating every 3 ms, so a correct profile shows about 70/30 between them.
 *
 * <p>Options: {@code --seconds 10} (then exits), {@code --threads 2}, {@code --exit-code 0} (the
 * status to exit with, so tests can check the profiler never changes it).
 */
public final class Hotspots {

    private static final long HOT70_NANOS = 2_100_000;
    private static final long HOT30_NANOS = 900_000;

    /** Keeps the spin results alive so the JIT cannot drop the loops as dead code. */
    private static volatile long sink;

    private Hotspots() {
    }

    public static void main(String[] argv) throws InterruptedException {
        Args args = Args.parse("Hotspots", argv, "seconds", "10", "threads", "2", "exit-code", "0");
        long millis = args.millisFromSeconds("seconds");
        int threads = args.integer("threads", 1);
        int exitCode = args.integer("exit-code", 0);

        for (int i = 0; i < threads; i++) {
            new Thread(new Spinner(), "hot-" + i).start();
        }
        Ready.announce();
        Thread.sleep(millis);
        // The hot threads never stop on their own; exit() is also the path whose status we promise to keep.
        System.exit(exitCode);
    }

    /**
     * A hot thread's body. A named class, not a lambda: a lambda's proxy class shows in stack traces
     * under a name that changes from run to run ({@code Hotspots$$Lambda$24/0x...}).
     */
    private static final class Spinner implements Runnable {
        @Override
        public void run() {
            long x = Thread.currentThread().getId() | 1;
            while (true) {
                x = hot70(HOT70_NANOS, x);
                x = hot30(HOT30_NANOS, x);
                sink = x;
            }
        }
    }

    /** Spins for {@code nanos} of wall time ({@link Spin#until} is the one frame above it). */
    static long hot70(long nanos, long seed) {
        long deadline = System.nanoTime() + nanos;
        return Spin.until(deadline, seed);
    }

    /** Same work as {@link #hot70}, kept separate so the two show as distinct frames. */
    static long hot30(long nanos, long seed) {
        long deadline = System.nanoTime() + nanos;
        return Spin.until(deadline, seed);
    }
}
