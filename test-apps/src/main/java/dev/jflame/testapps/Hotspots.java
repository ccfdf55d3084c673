package dev.jflame.testapps;

/**
 * A known CPU split: each {@code hot-N} thread does 7 units of work in {@link #hot70} for every 3 in
 * {@link #hot30}, in turns of about 2 and 1 ms on this machine, so a correct profile shows 70/30
 * between them. The work is counted, not timed: a thread that waits for a core (other processes
 * busy) takes longer over the same work in both methods, and the split holds in CPU time and in
 * wall time alike. (Spinning to a wall-clock deadline would not: a thread preempted across a
 * deadline overstays in the method it was in, by the same time in both, which drags the wall split
 * towards 50/50 on a loaded machine.)
 *
 * <p>Options: {@code --seconds 10} (then exits), {@code --threads 2}, {@code --exit-code 0} (the
 * status to exit with, so tests can check the profiler never changes it), {@code --split 70} (the
 * percentage of each turn's work done in {@link #hot70}, the rest in {@link #hot30}; the methods keep
 * their names whatever the split, so two runs with different splits can be compared), {@code
 * --wait-for-jfr false} (true: the hot threads start, and the seconds count, once JFR gives the
 * profiler in this JVM its stacks, for tests of those; see {@link JfrRunning}).
 */
public final class Hotspots {

    /** Blocks of {@link Spin#work} per turn (one block is about 0.25 µs of one core here). */
    private static final int TURN_BLOCKS = 10_000;

    /** Keeps the spin results alive so the JIT cannot drop the loops as dead code. */
    private static volatile long sink;

    private Hotspots() {
    }

    public static void main(String[] argv) throws InterruptedException {
        Args args = Args.parse("Hotspots", argv, "seconds", "10", "threads", "2", "exit-code", "0", "split", "70",
                "wait-for-jfr", "false");
        long millis = args.millisFromSeconds("seconds");
        int threads = args.integer("threads", 1);
        int exitCode = args.integer("exit-code", 0);
        int split = args.integer("split", 0);
        if (split > 100) {
            throw args.fail("--split must be a percentage from 0 to 100, got '" + split + "'");
        }
        int hot70Blocks = TURN_BLOCKS * split / 100;
        if (args.bool("wait-for-jfr")) {
            JfrRunning.await("Hotspots");
        }

        for (int i = 0; i < threads; i++) {
            new Thread(new Spinner(hot70Blocks, TURN_BLOCKS - hot70Blocks), "hot-" + i).start();
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
        private final int hot70Blocks;
        private final int hot30Blocks;

        Spinner(int hot70Blocks, int hot30Blocks) {
            this.hot70Blocks = hot70Blocks;
            this.hot30Blocks = hot30Blocks;
        }

        @Override
        public void run() {
            long x = Thread.currentThread().getId() | 1;
            while (true) {
                x = hot70(hot70Blocks, x);
                x = hot30(hot30Blocks, x);
                sink = x;
            }
        }
    }

    /** Does {@code blocks} of work ({@link Spin#work} is the one frame above it). */
    static long hot70(int blocks, long seed) {
        return Spin.work(blocks, seed);
    }

    /** Same work as {@link #hot70}, kept separate so the two show as distinct frames. */
    static long hot30(int blocks, long seed) {
        return Spin.work(blocks, seed);
    }
}
