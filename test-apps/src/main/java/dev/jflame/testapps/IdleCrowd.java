package dev.jflame.testapps;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The overhead benchmark: a few busy threads doing fixed chunks of work next to a crowd of idle threads
 * with deep stacks, which is what makes naive whole-JVM stack sampling expensive. Prints one line,
 * {@code throughput ops/s=<value>}: completed {@link #busyWork} calls per second summed over the busy
 * threads, measured after the warm-up only.
 *
 * <p>Options: {@code --busy 2} ({@code busy-N} threads), {@code --idle 200} ({@code idle-N} daemon
 * threads), {@code --depth 60} ({@link #descend} frames under each idle thread's wait),
 * {@code --busy-depth 0} ({@link #busyDescend} frames above each busy loop), {@code --readers 0}
 * ({@code reader-N} daemon threads idle in a read of their own loopback connection, on which nothing
 * ever comes: threads idle in native I/O, whose far end jflame looks up), {@code --churn 0} (threads
 * started a second, each named {@code conn-N} with N never used before, {@code --depth} frames down a
 * {@link #CHURN_LIFE_MILLIS} sleep, then ended: a thread per connection, as a service that runs for days
 * makes them), {@code --virtual-idle 0} (virtual threads named {@code vidle} idle as the {@code idle-N}
 * threads are, JDK 21+: the crowd a census of virtual threads counts), {@code --seconds 10} (total
 * run time), {@code --warmup 0} (seconds excluded from the measurement; must be less than
 * {@code --seconds}), {@code --report-seconds 0} (also print {@code interval at=<seconds since ready>
 * ops/s=<value>} for each such stretch from the start, warm-up included: how the throughput moves over a long
 * run; 0 prints none).
 */
public final class IdleCrowd {

    /** Iterations of {@link #busyWork}'s loop; about 50 µs on a current x86 core. */
    private static final int WORK_ITERATIONS = 21_000;

    /** Never counted down: idle threads wait on it forever. */
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    private static volatile boolean running = true;
    private static volatile long sink;

    private IdleCrowd() {
    }

    public static void main(String[] argv) throws InterruptedException {
        Args args = Args.parse("IdleCrowd", argv, "busy", "2", "idle", "200", "depth", "60",
                "busy-depth", "0", "seconds", "10", "warmup", "0", "readers", "0", "churn", "0", "virtual-idle", "0",
                "report-seconds", "0");
        int busy = args.integer("busy", 1);
        int idle = args.integer("idle", 0);
        int depth = args.integer("depth", 0);
        int busyDepth = args.integer("busy-depth", 0);
        int readers = args.integer("readers", 0);
        int churn = args.integer("churn", 0);
        int virtualIdle = args.integer("virtual-idle", 0);
        if (virtualIdle > 0 && Runtime.version().feature() < 21) {
            throw args.fail("--virtual-idle needs JDK 21 or later (this is " + Runtime.version().feature() + ")");
        }
        long totalMillis = args.millisFromSeconds("seconds");
        long warmupMillis = args.millisFromSeconds("warmup");
        long reportMillis = args.millisFromSeconds("report-seconds");
        if (totalMillis <= warmupMillis) {
            throw args.fail("--seconds must be greater than --warmup");
        }

        // Wait until every idle thread has built its stack and is waiting, so the crowd is fully there
        // before "ready" and before anything is measured.
        CountDownLatch settled = new CountDownLatch(idle + virtualIdle);
        for (int i = 0; i < idle; i++) {
            Thread t = new Thread(new Idle(depth, settled), "idle-" + i);
            t.setDaemon(true);
            t.start();
        }
        startVirtualIdle(virtualIdle, depth, settled);
        settled.await();
        startReaders(readers);
        startChurn(churn, depth);

        OpsCounters ops = new OpsCounters(busy);
        Thread[] busyThreads = new Thread[busy];
        for (int i = 0; i < busy; i++) {
            busyThreads[i] = new Thread(new Busy(busyDepth, ops, i), "busy-" + i);
            busyThreads[i].start();
        }
        Ready.announce();
        long readyNanos = System.nanoTime();
        Thread reporter = reportMillis > 0 ? startReporter(ops, reportMillis, readyNanos) : null;

        Thread.sleep(warmupMillis);
        long startOps = ops.sum();
        long startNanos = System.nanoTime();
        Thread.sleep(totalMillis - warmupMillis);
        long endOps = ops.sum();
        long endNanos = System.nanoTime();
        if (reporter != null) {
            reporter.interrupt();
        }

        running = false;
        for (Thread t : busyThreads) {
            t.join();
        }
        double perSecond = (endOps - startOps) * 1e9 / (endNanos - startNanos);
        System.out.println(String.format(Locale.ROOT, "throughput ops/s=%.1f", perSecond));
        System.out.flush();
    }

    /** Prints each {@code millis} stretch's throughput, on a daemon thread of its own that sleeps between. */
    private static Thread startReporter(OpsCounters ops, long millis, long readyNanos) {
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                long lastOps = ops.sum();
                long lastNanos = readyNanos;
                try {
                    while (true) {
                        Thread.sleep(millis);
                        long nowOps = ops.sum();
                        long nowNanos = System.nanoTime();
                        System.out.println(String.format(Locale.ROOT, "interval at=%.0f ops/s=%.1f", (nowNanos - readyNanos) / 1e9,
                                (nowOps - lastOps) * 1e9 / (nowNanos - lastNanos)));
                        System.out.flush();
                        lastOps = nowOps;
                        lastNanos = nowNanos;
                    }
                } catch (InterruptedException e) {
                    // The run is over.
                }
            }
        }, "reporter");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** {@code n} threads each blocked for good in a read of a loopback connection the other end of which never writes. */
    private static void startReaders(int n) {
        if (n == 0) {
            return;
        }
        try {
            java.net.InetAddress loopback = java.net.InetAddress.getLoopbackAddress();
            java.net.ServerSocket server = new java.net.ServerSocket(0, n, loopback);
            for (int i = 0; i < n; i++) {
                java.net.Socket client = new java.net.Socket(loopback, server.getLocalPort());
                KEEP.add(server.accept());
                KEEP.add(client);
                Thread t = new Thread(() -> {
                    try {
                        client.getInputStream().read();
                    } catch (java.io.IOException e) {
                        // the JVM is ending
                    }
                }, "reader-" + i);
                t.setDaemon(true);
                t.start();
            }
            KEEP.add(server);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** How long a churning thread lives. */
    static final long CHURN_LIFE_MILLIS = 50;

    /** A daemon thread that starts {@code perSecond} short-lived threads a second, each with a name of its own. */
    private static void startChurn(int perSecond, int depth) {
        if (perSecond == 0) {
            return;
        }
        Thread churner = new Thread(() -> {
            long gapNanos = 1_000_000_000L / perSecond;
            long next = System.nanoTime();
            for (long n = 0; ; n++) {
                Thread t = new Thread(() -> {
                    try {
                        churnDescend(Math.max(1, depth));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "conn-" + n);
                t.setDaemon(true);
                t.start();
                next += gapNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
            }
        }, "churner");
        churner.setDaemon(true);
        churner.start();
    }

    /** Adds one frame per level, then sleeps out the churning thread's life on the bottom level. */
    static void churnDescend(int remaining) throws InterruptedException {
        if (remaining > 1) {
            churnDescend(remaining - 1);
        } else {
            Thread.sleep(CHURN_LIFE_MILLIS);
        }
    }

    /** {@code n} virtual threads idle as the platform ones are, all named {@code vidle} (made by reflection: this code is built for 11). */
    private static void startVirtualIdle(int n, int depth, CountDownLatch settled) {
        if (n == 0) {
            return;
        }
        try {
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Object b = Thread.class.getMethod("ofVirtual").invoke(null);
            b = builder.getMethod("name", String.class).invoke(b, "vidle");
            java.util.concurrent.ThreadFactory factory = (java.util.concurrent.ThreadFactory) builder.getMethod("factory").invoke(b);
            for (int i = 0; i < n; i++) {
                factory.newThread(new Idle(depth, settled)).start();
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads did not start: " + e);
        }
    }

    /** The readers' connections, open for the program's life. */
    private static final java.util.List<java.io.Closeable> KEEP = new java.util.ArrayList<>();

    /** Adds one frame per level, then parks for good on the bottom level. */
    static void descend(int remaining, CountDownLatch settled) throws InterruptedException {
        if (remaining > 1) {
            descend(remaining - 1, settled);
        } else {
            settled.countDown();
            NEVER.await();
        }
    }

    /** Adds one frame per level above the busy loop. */
    static void busyDescend(int remaining, OpsCounters ops, int slot) {
        if (remaining > 1) {
            busyDescend(remaining - 1, ops, slot);
        } else {
            busyLoop(ops, slot);
        }
    }

    private static void busyLoop(OpsCounters ops, int slot) {
        long x = slot + 1;
        while (running) {
            x = busyWork(x);
            ops.increment(slot);
        }
        sink = x;
    }

    /** One operation: a fixed amount of arithmetic, inline so this method is the leaf frame. */
    static long busyWork(long seed) {
        long x = seed;
        for (int i = 0; i < WORK_ITERATIONS; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    /** An idle thread's body: {@code depth} frames of {@link #descend}, then a wait that never ends. */
    private static final class Idle implements Runnable {
        private final int depth;
        private final CountDownLatch settled;

        Idle(int depth, CountDownLatch settled) {
            this.depth = depth;
            this.settled = settled;
        }

        @Override
        public void run() {
            try {
                if (depth > 0) {
                    descend(depth, settled);
                } else {
                    settled.countDown();
                    NEVER.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A busy thread's body: {@code busyDepth} frames of {@link #busyDescend}, then the work loop. */
    private static final class Busy implements Runnable {
        private final int busyDepth;
        private final OpsCounters ops;
        private final int slot;

        Busy(int busyDepth, OpsCounters ops, int slot) {
            this.busyDepth = busyDepth;
            this.ops = ops;
            this.slot = slot;
        }

        @Override
        public void run() {
            if (busyDepth > 0) {
                busyDescend(busyDepth, ops, slot);
            } else {
                busyLoop(ops, slot);
            }
        }
    }
}
