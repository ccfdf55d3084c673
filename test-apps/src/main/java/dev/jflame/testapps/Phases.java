package dev.jflame.testapps;

/**
 * A change of phase near the end: the thread {@code phased} runs {@link #early} for the first
 * {@code --first} seconds, then {@link #late} until the JVM ends, {@code --last} seconds later
 * ({@code main} calls {@code System.exit} then). A profile that drops the stacks of its last second
 * (JFR hands them over about a second late) misses {@code late}. It prints when the phased thread
 * starts and when the late phase begins, {@code early-from-millis=<epoch ms>} and {@code
 * late-from-millis=<epoch ms>}, so a test can check what a profile says of them.
 *
 * <p>Options: {@code --first 3}, {@code --last 1}, {@code --first-from main} ({@code jflame}: the first
 * seconds count from jflame's start in this JVM, the {@code since=} of its status property {@code
 * jflame.status}, so that the late phase begins at a known second of a profile with a duration however
 * late {@code main} started; {@code main}: from {@code main}'s start), {@code --wait-for-jfr false}
 * (true: the phased thread starts, and {@code main}'s clock with it, once JFR gives the profiler in
 * this JVM its stacks; see {@link JfrRunning}).
 */
public final class Phases {
    /** Keeps the spin results alive. */
    private static volatile long sink;

    private Phases() {
    }

    public static void main(String[] argv) throws InterruptedException {
        Args args = Args.parse("Phases", argv, "first", "3", "last", "1", "first-from", "main", "wait-for-jfr", "false");
        long first = args.millisFromSeconds("first");
        long last = args.millisFromSeconds("last");
        boolean fromJflame = args.choice("first-from", "main", "jflame").equals("jflame");
        if (args.bool("wait-for-jfr")) {
            JfrRunning.await("Phases");
        }
        long nowMillis = System.currentTimeMillis();
        long nowNanos = System.nanoTime();
        long lateFromMillis = (fromJflame ? jflameSince(args) : nowMillis) + first;
        long lateFrom = nowNanos + (lateFromMillis - nowMillis) * 1_000_000L;
        Thread t = new Thread(new Phased(lateFrom), "phased");
        t.setDaemon(true);
        t.start();
        Ready.announce("early-from-millis=" + nowMillis);
        Ready.announce("late-from-millis=" + lateFromMillis);
        Ready.announce();
        Thread.sleep(Math.max(0, lateFromMillis + last - System.currentTimeMillis()));
        System.exit(0);
    }

    /** When jflame started in this JVM (epoch ms), from its status property; one line and exit 2 without it. */
    private static long jflameSince(Args args) {
        String status = String.valueOf(System.getProperty("jflame.status"));
        int at = status.indexOf(" since=");
        if (at < 0) {
            throw args.fail("--first-from jflame needs jflame started in this JVM with -javaagent (no jflame.status: " + status + ")");
        }
        int end = status.indexOf(' ', at + 1);
        return Long.parseLong(status.substring(at + " since=".length(), end < 0 ? status.length() : end));
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
