package dev.jflame.testapps;

import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Threads waiting for a lock whose owner is known, for checking a profiler's "who waits for whom".
 * One scenario per run, chosen by {@code --scenario}:
 * <ul>
 *   <li>{@code monitor}: thread {@code holder} holds the monitor of a {@link Gate} in turns of
 *       {@code --busy-ms 60} computing in {@link #insideBusy} then {@code --sleep-ms 40} sleeping in
 *       {@link #insideSleep}; {@code waiter-1..N} ({@code --waiters 6}) try to take it in
 *       {@link #takeGate} and sit BLOCKED on it nearly all the time.</li>
 *   <li>{@code lock}: the same with a {@link ReentrantLock}; the waiters park (WAITING) on its
 *       {@code NonfairSync} in {@link #takeLock}.</li>
 *   <li>{@code chain}: A → B → C, see {@link LockChain}.</li>
 * </ul>
 * The gate's holder lets go only between turns and asks again at once. Monitors and a non-fair lock
 * go to whoever asks first, yet on a loaded machine the waiter it wakes often runs first (the
 * scheduler favours a thread that slept long) and gets in, after up to a third of the turns here, and
 * the other waiters after it. So a waiter that got the lock lets go at once and stays off it until
 * the holder has it again ({@link #letOwnerBack}): a gap costs well under a millisecond.
 *
 * <p>The program measures itself, since a profile is to be checked against it. Before {@code ready}
 * it prints each lock's identity as a profiler reads it: {@code lock gate=<class>@<identity hash hex>}
 * (chain: {@code lock m1=… m2=…}). {@code --seconds 20} after {@code ready} it prints one line, shares
 * of the run (timed from just before the first thread starts) unless said otherwise:
 * <ul>
 *   <li>monitor, lock: {@code split busy=0.600 sleep=0.400 waiterHeld=0.00001 holderHeld=0.9990
 *       waiterTakes=300 holderTurns=200}: busy and sleep are shares of the time the holder held the
 *       lock, waiterTakes how often a waiter got it, holderTurns how often the holder did;</li>
 *   <li>chain: see {@link LockChain#report}.</li>
 * </ul>
 * Then it exits 0 with its threads still at it (they are daemons): waiters taking the lock one by one
 * to leave would be waits for one another, not for the owner, at the very end of a profile.
 * {@code --wait-for-jfr false} (true: the threads start once JFR gives the profiler in this JVM its
 * stacks; see {@link JfrRunning}).
 */
public final class LockOwners {
    /** Longer than any thread takes to get in place on a loaded machine; beyond it the setup is broken. */
    private static final long SETUP_MILLIS = 60_000;

    private static final Gate GATE = new Gate();
    private static final ReentrantLock LOCK = new ReentrantLock();

    private static final Stopwatch HOLDER_HELD = new Stopwatch();
    private static final Stopwatch HOLDER_BUSY = new Stopwatch();
    private static final Stopwatch HOLDER_SLEEP = new Stopwatch();
    /** One for all waiters: they take the lock one at a time, so their holds never overlap. */
    private static final Stopwatch WAITERS_HELD = new Stopwatch();

    /** Keeps the busy loops' results alive so the JIT cannot drop them as dead code. */
    private static volatile long sink;

    private LockOwners() {
    }

    public static void main(String[] argv) throws InterruptedException {
        Args args = Args.parse("LockOwners", argv, "scenario", "monitor", "seconds", "20", "busy-ms", "60",
                "sleep-ms", "40", "waiters", "6", "wait-for-jfr", "false");
        String scenario = args.choice("scenario", "monitor", "lock", "chain");
        long millis = args.millisFromSeconds("seconds");
        int busyMillis = args.integer("busy-ms", 0);
        int sleepMillis = args.integer("sleep-ms", 0);
        int waiters = args.integer("waiters", 1);
        boolean chain = scenario.equals("chain");
        if (chain ? busyMillis == 0 : busyMillis + sleepMillis == 0) {
            // A turn of no length would be a thread taking and dropping the lock in a loop: another workload.
            throw args.fail(chain ? "--busy-ms must be > 0" : "--busy-ms and --sleep-ms must not both be 0");
        }
        if (args.bool("wait-for-jfr")) {
            JfrRunning.await("LockOwners");
        }

        long origin = System.nanoTime();
        if (chain) {
            LockChain.start(busyMillis);
        } else {
            startGate(scenario, busyMillis, sleepMillis, waiters);
        }
        Ready.announce();
        Thread.sleep(millis);
        long now = System.nanoTime();
        long run = now - origin;
        if (chain) {
            System.out.println(LockChain.report(now, run));
        } else {
            long held = HOLDER_HELD.nanosAt(now);
            System.out.println(String.format(Locale.ROOT,
                    "split busy=%.3f sleep=%.3f waiterHeld=%.5f holderHeld=%.4f waiterTakes=%d holderTurns=%d",
                    share(HOLDER_BUSY.nanosAt(now), held), share(HOLDER_SLEEP.nanosAt(now), held),
                    share(WAITERS_HELD.nanosAt(now), run), share(held, run), WAITERS_HELD.runs(), HOLDER_HELD.runs()));
        }
        System.out.flush();
        System.exit(0);
    }

    /** Starts the holder, then once it holds the gate the waiters, and returns once they all wait. */
    private static void startGate(String scenario, int busyMillis, int sleepMillis, int waiters) {
        boolean monitor = scenario.equals("monitor");
        start("holder", new Role(monitor ? "hold-gate" : "hold-lock", busyMillis, sleepMillis));
        await("holder to hold the lock", HOLDER_HELD::running);
        Thread[] threads = new Thread[waiters];
        for (int i = 0; i < waiters; i++) {
            threads[i] = start("waiter-" + (i + 1), new Role(monitor ? "take-gate" : "take-lock", 0, 0));
        }
        for (Thread t : threads) {
            if (monitor) {
                await(t.getName() + " to block", () -> t.getState() == Thread.State.BLOCKED);
            } else {
                await(t.getName() + " to park on the lock",
                        () -> t.getState() == Thread.State.WAITING && LockSupport.getBlocker(t) != null);
            }
        }
        // A waiter parks on the lock's synchronizer, not on the ReentrantLock: that is the lock a profiler sees.
        Object lock = monitor ? GATE : LockSupport.getBlocker(threads[0]);
        System.out.println("lock gate=" + identity(lock));
    }

    /** Starts a daemon thread: the program exits with its threads still at it. */
    static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Returns once {@code done} holds; if it does not within {@link #SETUP_MILLIS}, one line and exit 1. */
    static void await(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + SETUP_MILLIS * 1_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                System.err.println("LockOwners: waited " + SETUP_MILLIS / 1000 + " s for " + what);
                System.err.flush();
                System.exit(1);
            }
            pause(1);
        }
    }

    /** The lock's name as {@code ThreadInfo.getLockName()} gives it. */
    static String identity(Object lock) {
        return lock.getClass().getName() + '@' + Integer.toHexString(System.identityHashCode(lock));
    }

    static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    private static void holdGate(int busyMillis, int sleepMillis) {
        while (true) {
            synchronized (GATE) {
                holdingTurn(busyMillis, sleepMillis);
            }
        }
    }

    private static void holdLock(int busyMillis, int sleepMillis) {
        while (true) {
            LOCK.lock();
            try {
                holdingTurn(busyMillis, sleepMillis);
            } finally {
                LOCK.unlock();
            }
        }
    }

    /** One turn of the holder, with the lock held: busy, then asleep. */
    private static void holdingTurn(int busyMillis, int sleepMillis) {
        HOLDER_HELD.start();
        HOLDER_BUSY.start();
        sink = insideBusy(busyMillis);
        HOLDER_BUSY.stop();
        HOLDER_SLEEP.start();
        insideSleep(sleepMillis);
        HOLDER_SLEEP.stop();
        HOLDER_HELD.stop();
    }

    /** Computes for {@code millis} of wall time: the holder's share is measured in wall time too. */
    static long insideBusy(int millis) {
        return Spin.until(System.nanoTime() + millis * 1_000_000L, 0x9E3779B97F4A7C15L);
    }

    static void insideSleep(int millis) {
        pause(millis);
    }

    /** Where each waiter blocks on the gate's monitor. */
    static void takeGate() {
        long turn;
        synchronized (GATE) {
            turn = HOLDER_HELD.runs();
            WAITERS_HELD.start();
            sink++;
            WAITERS_HELD.stop();
        }
        letOwnerBack(HOLDER_HELD, turn);
    }

    /** Where each waiter parks on the lock. */
    static void takeLock() {
        long turn;
        LOCK.lock();
        try {
            turn = HOLDER_HELD.runs();
            WAITERS_HELD.start();
            sink++;
            WAITERS_HELD.stop();
        } finally {
            LOCK.unlock();
        }
        letOwnerBack(HOLDER_HELD, turn);
    }

    /**
     * Keeps a waiter that got the lock off it until its owner has taken it again (started a turn
     * after {@code turn}). Without this the waiters, once one of them got in, passed the lock among
     * themselves millions of times in 10 s while the owner queued with them: 2-5 % of the run.
     */
    private static void letOwnerBack(Stopwatch owner, long turn) {
        while (owner.runs() == turn) {
            // Not Thread.sleep: before JDK 21 it sleeps at least 1 ms, ten times longer than the owner needs.
            LockSupport.parkNanos(100_000);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A thread's body, by role: a named class, not a lambda, whose proxy class would show in stacks
     * under a name that changes from run to run ({@code LockOwners$$Lambda$17/0x...}).
     */
    private static final class Role implements Runnable {
        private final String role;
        private final int busyMillis;
        private final int sleepMillis;

        Role(String role, int busyMillis, int sleepMillis) {
            this.role = role;
            this.busyMillis = busyMillis;
            this.sleepMillis = sleepMillis;
        }

        @Override
        public void run() {
            switch (role) {
                case "hold-gate":
                    holdGate(busyMillis, sleepMillis);
                    break;
                case "hold-lock":
                    holdLock(busyMillis, sleepMillis);
                    break;
                case "take-gate":
                    while (true) {
                        takeGate();
                    }
                case "take-lock":
                    while (true) {
                        takeLock();
                    }
                default:
                    throw new IllegalArgumentException(role);
            }
        }
    }

    /** The monitor the waiters block on; a class of its own so the lock's name says which it is. */
    static final class Gate {
    }
}
