package dev.jflame.testapps;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Many threads taking one monitor for very short critical sections, so that most of their waits end
 * within a millisecond or two: the case where a profiler that reads a waiting thread again a moment
 * after it saw it waiting finds it running already. {@code locker-0..N} ({@code --threads 8}) each
 * loop {@link #takeTheMonitor} (about {@code --hold-micros 20} µs of computing inside a
 * {@link Monitor}) then {@link #workOutside} (about {@code --outside-micros 20} µs), for
 * {@code --seconds 10}; no I/O.
 *
 * <p>The program measures its own blocked share with the JVM's contention monitoring, which counts the
 * time a thread spends BLOCKED on monitors ({@code ThreadMXBean}, enabled before the threads start): the
 * lockers' blocked time over their lifetimes, each read by the thread itself just before it ends. At the
 * end it prints {@code blocked share=0.683 threads=8 takes=123456} and exits 0.
 * {@code --wait-for-jfr false} (true: the threads start once JFR gives the profiler in this JVM its
 * stacks; see {@link JfrRunning}).
 */
public final class ShortLocks {
    private static final Monitor MONITOR = new Monitor();
    private static volatile boolean running = true;
    private static volatile long sink;

    private ShortLocks() {
    }

    /** The monitor the lockers contend on; a class of its own so its lock frames name it. */
    static final class Monitor {
    }

    public static void main(String[] argv) throws InterruptedException {
        Args args = Args.parse("ShortLocks", argv, "threads", "8", "hold-micros", "20", "outside-micros", "20", "seconds", "10",
                "wait-for-jfr", "false");
        int n = args.integer("threads", 1);
        long holdNanos = args.integer("hold-micros", 0) * 1_000L;
        long outsideNanos = args.integer("outside-micros", 0) * 1_000L;
        long millis = args.millisFromSeconds("seconds");
        if (args.bool("wait-for-jfr")) {
            JfrRunning.await("ShortLocks");
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (!mx.isThreadContentionMonitoringSupported()) {
            System.err.println("ShortLocks: this JVM cannot measure blocked time");
            System.exit(1);
        }
        mx.setThreadContentionMonitoringEnabled(true);
        long[] blockedMillis = new long[n];
        long[] lifeNanos = new long[n];
        long[] takes = new long[n];
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            int slot = i;
            threads[i] = new Thread(() -> {
                long start = System.nanoTime();
                long count = 0;
                while (running) {
                    takeTheMonitor(holdNanos);
                    workOutside(outsideNanos);
                    count++;
                }
                ThreadInfo me = mx.getThreadInfo(Thread.currentThread().getId());
                blockedMillis[slot] = me.getBlockedTime();
                lifeNanos[slot] = System.nanoTime() - start;
                takes[slot] = count;
            }, "locker-" + i);
        }
        for (Thread t : threads) {
            t.start();
        }
        Ready.announce();
        Thread.sleep(millis);
        running = false;
        long blocked = 0;
        long life = 0;
        long all = 0;
        for (int i = 0; i < n; i++) {
            threads[i].join();
            blocked += blockedMillis[i];
            life += lifeNanos[i];
            all += takes[i];
        }
        System.out.println(String.format(Locale.ROOT, "blocked share=%.3f threads=%d takes=%d", blocked * 1e6 / life, n, all));
    }

    /** Computes for about {@code nanos} inside the monitor; the waiters are BLOCKED at this frame. */
    static void takeTheMonitor(long nanos) {
        synchronized (MONITOR) {
            sink += Spin.until(System.nanoTime() + nanos, 0x9E3779B97F4A7C15L);
        }
    }

    /** Computes for about {@code nanos} outside it. */
    static void workOutside(long nanos) {
        sink += Spin.until(System.nanoTime() + nanos, 0x2545F4914F6CDD1DL);
    }
}
