package dev.jflame.testapps;

import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One thread in each waiting state a profiler must tell apart: monitor contention ({@code sync-0..2}
 * on {@link SharedMonitor#criticalSection}), {@link ReentrantLock} contention ({@code lock-0..2} in
 * {@link #lockedWork}), {@code Object.wait()} ({@code waiter}), {@code Thread.sleep} ({@code sleeper}),
 * {@code LockSupport.park()} without a blocker ({@code parker}) and timed {@code Object.wait}
 * ({@code timed-waiter}).
 *
 * <p>Options: {@code --seconds 10}, {@code --warmup 0}, {@code --wait-for-jfr false} (true: the
 * threads start, and the seconds count, once JFR gives the profiler in this JVM its stacks; see
 * {@link JfrRunning}). The contending threads stop after that and {@code main} prints {@code
 * throughput ops/s=<value>} (critical sections completed per second after the warm-up, for the
 * overhead benchmark) and returns normally (exit status 0); the waiting threads are daemons and simply
 * die with the JVM.
 */
public final class Contention {

    private static final long HOLD_NANOS = 5_000_000;

    private static final SharedMonitor MONITOR = new SharedMonitor();
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final Signal SIGNAL = new Signal();
    private static final Signal SIGNAL2 = new Signal();

    private static final OpsCounters OPS = new OpsCounters(6);
    private static volatile boolean running = true;
    private static volatile long sink;

    private Contention() {
    }

    public static void main(String[] argv) throws InterruptedException {
        Args args = Args.parse("Contention", argv, "seconds", "10", "warmup", "0", "wait-for-jfr", "false");
        long millis = args.millisFromSeconds("seconds");
        long warmupMillis = args.millisFromSeconds("warmup");
        if (millis <= warmupMillis) {
            throw args.fail("--seconds must be greater than --warmup");
        }
        if (args.bool("wait-for-jfr")) {
            JfrRunning.await("Contention");
        }

        Thread[] contenders = new Thread[6];
        for (int i = 0; i < 3; i++) {
            contenders[i] = new Thread(new Role("sync", i), "sync-" + i);
            contenders[3 + i] = new Thread(new Role("lock", 3 + i), "lock-" + i);
        }
        for (Thread t : contenders) {
            t.start();
        }
        startDaemon("waiter");
        startDaemon("sleeper");
        startDaemon("parker");
        startDaemon("timed-waiter");
        Ready.announce();

        Thread.sleep(warmupMillis);
        long before = OPS.sum();
        long start = System.nanoTime();
        Thread.sleep(millis - warmupMillis);
        long done = OPS.sum() - before;
        double perSecond = done / ((System.nanoTime() - start) / 1e9);
        running = false;
        for (Thread t : contenders) {
            t.join();
        }
        System.out.println(String.format(java.util.Locale.ROOT, "throughput ops/s=%.1f", perSecond));
    }

    private static void startDaemon(String name) {
        Thread t = new Thread(new Role(name, -1), name);
        t.setDaemon(true);
        t.start();
    }

    private static void runSync(int slot) {
        while (running) {
            sink = MONITOR.criticalSection();
            OPS.increment(slot);
        }
    }

    private static void runLocked(int slot) {
        while (running) {
            sink = lockedWork();
            OPS.increment(slot);
        }
    }

    /** Holds the shared {@link ReentrantLock} for ~5 ms; waiters park under this frame. */
    static long lockedWork() {
        LOCK.lock();
        try {
            long deadline = System.nanoTime() + HOLD_NANOS;
            return Spin.until(deadline, 0x9E3779B97F4A7C15L);
        } finally {
            LOCK.unlock();
        }
    }

    /** Waits on a monitor nobody ever notifies: WAITING in {@code Object.wait} forever. */
    static void awaitSignal() {
        try {
            while (true) {
                synchronized (SIGNAL) {
                    SIGNAL.wait();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** TIMED_WAITING in {@code Thread.sleep}. */
    static void nap() {
        try {
            while (true) {
                Thread.sleep(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** WAITING (parked) with no blocker object, which a profiler must still label. */
    static void parkForever() {
        while (!Thread.currentThread().isInterrupted()) {
            LockSupport.park();
        }
    }

    /** TIMED_WAITING in {@code Object.wait(long)}, on a monitor nobody notifies. */
    static void awaitWithTimeout() {
        try {
            while (true) {
                synchronized (SIGNAL2) {
                    SIGNAL2.wait(1000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The monitor three threads fight over; a class of its own so the BLOCKED label names it. */
    static final class SharedMonitor {

        /** Holds this monitor for ~5 ms, so two of the three {@code sync-N} threads are BLOCKED here. */
        synchronized long criticalSection() {
            long deadline = System.nanoTime() + HOLD_NANOS;
            return Spin.until(deadline, 0x2545F4914F6CDD1DL);
        }
    }

    /**
     * A thread's body, chosen by role. A named class rather than method references, whose proxy classes
     * show in stack traces under names that change from run to run ({@code Contention$$Lambda$17/0x...}).
     */
    private static final class Role implements Runnable {
        private final String role;
        private final int slot;

        Role(String role, int slot) {
            this.role = role;
            this.slot = slot;
        }

        @Override
        public void run() {
            switch (role) {
                case "sync":
                    runSync(slot);
                    break;
                case "lock":
                    runLocked(slot);
                    break;
                case "waiter":
                    awaitSignal();
                    break;
                case "sleeper":
                    nap();
                    break;
                case "parker":
                    parkForever();
                    break;
                case "timed-waiter":
                    awaitWithTimeout();
                    break;
                default:
                    throw new IllegalArgumentException(role);
            }
        }
    }

    /** A monitor that is waited on and never notified; its own class so the WAITING label names it. */
    static final class Signal {
    }
}
