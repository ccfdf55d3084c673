package dev.jflame.testapps;

/**
 * Waits too short and too many for a profiler that may take a stack only now and then: each place a
 * thread waits is known from its method name, so a profile can be checked against the program.
 * <ul>
 *   <li>{@code sleeper-N} threads sleep 1 ms at a time, by turns in {@link #napInA} and {@link #napInB}
 *       (ever-changing wait stacks: half the sleeps in each);</li>
 *   <li>{@code holder} works 30 ms ({@link #workWhileHolding}) and sleeps 30 ms ({@link #sleepWhileHolding})
 *       by turns, both inside a monitor;</li>
 *   <li>{@code contender-N} threads take that monitor in {@link #takeTheMonitor} and leave at once, so
 *       they are blocked most of the time.</li>
 * </ul>
 * Options: {@code --seconds 10}, {@code --sleepers 4}, {@code --contenders 2}, {@code --after-jfr false}
 * (true: the threads start only once a JFR recording runs in this JVM, as a profiler's may, so that what
 * is measured is the steady state and not the moments before JFR started). Prints {@code ready} once the
 * threads run, and {@code short waits done} at the end.
 */
public final class ShortWaits {
    private static final Object MONITOR = new Object();
    private static volatile boolean running = true;
    private static volatile long sink;

    private ShortWaits() {
    }

    public static void main(String[] argv) throws InterruptedException {
        Args args = Args.parse("ShortWaits", argv, "seconds", "10", "sleepers", "4", "contenders", "2", "after-jfr", "false");
        long millis = args.millisFromSeconds("seconds");
        int sleepers = args.integer("sleepers", 0);
        int contenders = args.integer("contenders", 0);
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < sleepers; i++) {
            threads.add(new Thread(ShortWaits::sleepByTurns, "sleeper-" + i));
        }
        threads.add(new Thread(ShortWaits::holdByTurns, "holder"));
        for (int i = 0; i < contenders; i++) {
            threads.add(new Thread(ShortWaits::contend, "contender-" + i));
        }
        if (Boolean.parseBoolean(args.string("after-jfr"))) {
            awaitJfr();
        }
        for (Thread t : threads) {
            t.start();
        }
        Ready.announce();
        Thread.sleep(millis);
        running = false;
        for (Thread t : threads) {
            t.join();
        }
        System.out.println("short waits done");
    }

    /** Waits (a minute at most) until a JFR recording runs; never starts JFR itself. */
    private static void awaitJfr() throws InterruptedException {
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end) {
            if (jdk.jfr.FlightRecorder.isInitialized()) {
                for (jdk.jfr.Recording r : jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings()) {
                    if (r.getState() == jdk.jfr.RecordingState.RUNNING) {
                        return;
                    }
                }
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no JFR recording ran within a minute");
    }

    private static void sleepByTurns() {
        boolean a = true;
        while (running) {
            if (a) {
                napInA();
            } else {
                napInB();
            }
            a = !a;
        }
    }

    static void napInA() {
        sleep(1);
    }

    static void napInB() {
        sleep(1);
    }

    private static void holdByTurns() {
        while (running) {
            synchronized (MONITOR) {
                workWhileHolding();
                sleepWhileHolding();
            }
        }
    }

    static void workWhileHolding() {
        sink += Spin.until(System.nanoTime() + 30_000_000L, 1);
    }

    static void sleepWhileHolding() {
        sleep(30);
    }

    private static void contend() {
        while (running) {
            takeTheMonitor();
        }
    }

    static void takeTheMonitor() {
        synchronized (MONITOR) {
            sink++;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
