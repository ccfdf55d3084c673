package dev.jflame.testapps;

import java.util.concurrent.CountDownLatch;

/**
 * Very many threads waiting on very many locks: for each of {@code --locks} monitors, one
 * {@code holder-<i>} thread takes it and sleeps inside it for the whole run, and {@code --waiters}
 * threads {@code waiter-<i>-<j>} block on it. With the defaults, 10 000 threads on 1 000 locks: what a
 * profiler that names each wait's lock and holder must do within its memory budget and its tick.
 *
 * <p>Options: {@code --locks 1000}, {@code --waiters 9}, {@code --seconds 30}. Prints {@code ready} once
 * every waiter is blocked, and {@code done threads=<n>} at the end; exits 0 with its threads still waiting.
 */
public final class LockCrowd {
    private LockCrowd() {
    }

    /** One lock; a class of its own so its frames and lock frames are told apart from the JDK's. */
    static final class Monitor {
    }

    public static void main(String[] argv) throws InterruptedException {
        Args args = Args.parse("LockCrowd", argv, "locks", "1000", "waiters", "9", "seconds", "30");
        int locks = args.integer("locks", 1);
        int waiters = args.integer("waiters", 0);
        long millis = args.millisFromSeconds("seconds");
        CountDownLatch held = new CountDownLatch(locks);
        Monitor[] monitors = new Monitor[locks];
        for (int i = 0; i < locks; i++) {
            Monitor m = new Monitor();
            monitors[i] = m;
            LockOwners.start("holder-" + i, () -> hold(m, held));
        }
        held.await();
        Thread[] blocked = new Thread[locks * waiters];
        for (int i = 0; i < locks; i++) {
            Monitor m = monitors[i];
            for (int j = 0; j < waiters; j++) {
                blocked[i * waiters + j] = LockOwners.start("waiter-" + i + "-" + j, () -> take(m));
            }
        }
        for (Thread t : blocked) {
            LockOwners.await(t.getName() + " to block", () -> t.getState() == Thread.State.BLOCKED);
        }
        Ready.announce();
        Thread.sleep(millis);
        System.out.println("done threads=" + (locks + blocked.length));
        System.out.flush();
        System.exit(0);
    }

    /** Takes the monitor and sleeps inside it until the program exits. */
    private static void hold(Monitor m, CountDownLatch held) {
        synchronized (m) {
            held.countDown();
            while (true) {
                LockOwners.pause(1_000);
            }
        }
    }

    /** Blocks on the monitor its holder never lets go. */
    private static void take(Monitor m) {
        synchronized (m) {
            m.hashCode();
        }
    }
}
