package dev.jflame.testapps;

/**
 * A change of phase near the end: the thread {@code phased} runs {@link #early} for the first
 * {@code --first} seconds, then {@link #late} until the JVM ends, {@code --last} seconds later
 * ({@code main} calls {@code System.exit} then). A profile that drops the stacks of its last second
 * (JFR hands them over about a second late) misses {@code late}. It prints when the late phase begins,
 * {@code late-from-millis=<epoch ms>}, so a test can check when a profile says it began.
 *
 * <p>Options: {@code --first 3}, {@code --last 1}.
 */
public final class Phases {
    /** Keeps the spin results alive. */
    private static volatile long sink;

    private Phases() {
    }

    public static void main(String[] argv) throws InterruptedException {
        Args args = Args.parse("Phases", argv, "first", "3", "last", "1");
        long first = args.millisFromSeconds("first");
        long last = args.millisFromSeconds("last");
        long lateFrom = System.nanoTime() + first * 1_000_000L;
        long lateFromMillis = System.currentTimeMillis() + first;
        Thread t = new Thread(new Phased(lateFrom), "phased");
        t.setDaemon(true);
        t.start();
        Ready.announce("late-from-millis=" + lateFromMillis);
        Ready.announce();
        Thread.sleep(first + last);
        System.exit(0);
    }

    /** A named class, not a lambda, for a stable frame name. */
    private static final class Phased implements Runnable {
        private final long lateFrom;

        Phased(long lateFrom) {
            this.lateFrom = lateFrom;
        }

        @Override
        public void run() {
            sink = early(lateFrom, sink);
            while (true) {
                sink = late(sink);
            }
        }
    }

    /** Spins until the late phase begins. */
    static long early(long until, long seed) {
        return Spin.until(until, seed);
    }

    /** Spins for a millisecond at a time. */
    static long late(long seed) {
        return Spin.until(System.nanoTime() + 1_000_000L, seed);
    }
}
