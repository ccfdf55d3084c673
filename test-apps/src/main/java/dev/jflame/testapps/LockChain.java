package dev.jflame.testapps;

import java.util.Locale;

/**
 * The {@code chain} scenario of {@link LockOwners}: {@code chain-A} waits for {@code chain-B}, who
 * waits for {@code chain-C}, who computes. C holds an {@link M2} for good, computing in
 * {@link #insideC} in turns of {@code --busy-ms}; B holds an {@link M1} and blocks on the M2 in
 * {@link #chainB}; A blocks on the M1 in {@link #chainA}. Thread-safe; started once per JVM.
 *
 * <p>C never lets go, unlike the gate's holder: B, woken by C letting go, got in after half of C's
 * turns here (it had slept long, so the scheduler ran it first), and A would then get M1. A chain
 * that breaks now and then would make "the blame lands on C" a matter of degree.
 */
final class LockChain {
    private static final M1 FIRST = new M1();
    private static final M2 SECOND = new M2();

    private static final Stopwatch M1_BY_A = new Stopwatch();
    private static final Stopwatch M1_BY_B = new Stopwatch();
    private static final Stopwatch M2_BY_B = new Stopwatch();
    private static final Stopwatch M2_BY_C = new Stopwatch();
    private static final Stopwatch IN_C = new Stopwatch();

    /** Keeps the busy loop's results alive so the JIT cannot drop it as dead code. */
    private static volatile long sink;

    private LockChain() {
    }

    /**
     * Starts C, then once it holds M2 B, then once B blocks (holding M1) A; returns once A blocks,
     * having printed {@code lock m1=<class>@<identity hash hex> m2=…}.
     */
    static void start(int busyMillis) {
        LockOwners.start("chain-C", new Link('C', busyMillis));
        LockOwners.await("chain-C to hold M2", M2_BY_C::running);
        Thread b = LockOwners.start("chain-B", new Link('B', 0));
        LockOwners.await("chain-B to hold M1 and block on M2",
                () -> M1_BY_B.running() && b.getState() == Thread.State.BLOCKED);
        Thread a = LockOwners.start("chain-A", new Link('A', 0));
        LockOwners.await("chain-A to block on M1", () -> a.getState() == Thread.State.BLOCKED);
        System.out.println("lock m1=" + LockOwners.identity(FIRST) + " m2=" + LockOwners.identity(SECOND));
    }

    /**
     * The measured structure, as shares of a run of {@code run} ns ending at {@code now}: {@code chain
     * m1HeldByB=0.9990 m2HeldByC=0.9990 insideC=0.9980 m1HeldByA=0.0000 m2HeldByB=0.0000}. The last
     * two are the chain broken.
     */
    static String report(long now, long run) {
        return String.format(Locale.ROOT,
                "chain m1HeldByB=%.4f m2HeldByC=%.4f insideC=%.4f m1HeldByA=%.4f m2HeldByB=%.4f",
                LockOwners.share(M1_BY_B.nanosAt(now), run), LockOwners.share(M2_BY_C.nanosAt(now), run),
                LockOwners.share(IN_C.nanosAt(now), run), LockOwners.share(M1_BY_A.nanosAt(now), run),
                LockOwners.share(M2_BY_B.nanosAt(now), run));
    }

    /** C holds M2 for good, computing in turns. */
    static void chainC(int busyMillis) {
        synchronized (SECOND) {
            M2_BY_C.start();
            while (true) {
                IN_C.start();
                sink = insideC(busyMillis);
                IN_C.stop();
            }
        }
    }

    static long insideC(int millis) {
        return Spin.until(System.nanoTime() + millis * 1_000_000L, 0x2545F4914F6CDD1DL);
    }

    /** B takes M1, then blocks on M2 while holding it; C never lets go of M2, so B never gets past. */
    static void chainB() {
        synchronized (FIRST) {
            M1_BY_B.start();
            synchronized (SECOND) {
                M2_BY_B.start();
                sink++;
                M2_BY_B.stop();
            }
            M1_BY_B.stop();
        }
    }

    /** A blocks on M1, which B holds. */
    static void chainA() {
        synchronized (FIRST) {
            M1_BY_A.start();
            sink++;
            M1_BY_A.stop();
        }
    }

    /**
     * A link's body: a named class, not a lambda, whose proxy class would show in stacks under a name
     * that changes from run to run.
     */
    private static final class Link implements Runnable {
        private final char link;
        private final int busyMillis;

        Link(char link, int busyMillis) {
            this.link = link;
            this.busyMillis = busyMillis;
        }

        @Override
        public void run() {
            switch (link) {
                case 'A':
                    while (true) {
                        chainA();
                    }
                case 'B':
                    while (true) {
                        chainB();
                    }
                case 'C':
                    chainC(busyMillis);
                    break;
                default:
                    throw new IllegalArgumentException(String.valueOf(link));
            }
        }
    }

    /** The monitor chain-A waits for and chain-B holds; a class of its own so the lock's name says which. */
    static final class M1 {
    }

    /** The monitor chain-B waits for and chain-C holds. */
    static final class M2 {
    }
}
