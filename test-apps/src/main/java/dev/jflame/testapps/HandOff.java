package dev.jflame.testapps;

/**
 * Threads that hand a token around a ring under one monitor: each waits with
 * {@code wait(timeout)} until the token is its own, burns CPU for a while holding nothing, then
 * passes the token on with {@code notifyAll}. Every hand-off wakes all waiters, which then re-take
 * the monitor one by one: the case where the JVM's thread info calls a thread RUNNABLE inside
 * {@code Object.wait}. A true profile shows {@link #burn} running, and the waiters waiting or
 * blocked at {@code Object.wait} — never running there.
 *
 * <p>Options: {@code --seconds 6}, {@code --threads 8}, {@code --burn-ms 2} (CPU per turn).
 */
public final class HandOff {
    private static volatile long sink;

    /** The monitor; its class names the lock in the profile. */
    static final class Token {
        int holder;
    }

    private HandOff() {
    }

    public static void main(String[] argv) throws InterruptedException {
        Args args = Args.parse("HandOff", argv, "seconds", "6", "threads", "8", "burn-ms", "2");
        long millis = args.millisFromSeconds("seconds");
        int threads = args.integer("threads", 2);
        long burnNanos = args.integer("burn-ms", 0) * 1_000_000L;
        Token token = new Token();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(new Member(token, i, threads, burnNanos), "handoff-" + i);
            t.setDaemon(true);
            t.start();
        }
        Ready.announce();
        Thread.sleep(millis);
        System.exit(0);
    }

    /** A ring member's body; a named class so its frames are stable across runs. */
    private static final class Member implements Runnable {
        private final Token token;
        private final int me;
        private final int ring;
        private final long burnNanos;

        Member(Token token, int me, int ring, long burnNanos) {
            this.token = token;
            this.me = me;
            this.ring = ring;
            this.burnNanos = burnNanos;
        }

        @Override
        public void run() {
            long x = me + 1;
            try {
                while (true) {
                    awaitTurn();
                    x = burn(burnNanos, x);
                    sink = x;
                    pass();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void awaitTurn() throws InterruptedException {
            synchronized (token) {
                while (token.holder != me) {
                    token.wait(20);
                }
            }
        }

        private void pass() {
            synchronized (token) {
                token.holder = (me + 1) % ring;
                token.notifyAll();
            }
        }
    }

    /** The CPU work between hand-offs, done holding no lock. */
    static long burn(long nanos, long seed) {
        return Spin.until(System.nanoTime() + nanos, seed);
    }
}
