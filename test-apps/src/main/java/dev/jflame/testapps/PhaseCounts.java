package dev.jflame.testapps;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * How many threads are in each of a few phases, as the program itself sees it: each thread adds one to
 * its phase's counter on entering it and takes one off on leaving it, and a platform thread
 * ({@code phase-counter}) reads all counters every {@code everyMillis} ms and keeps their sums, each
 * reading weighted by the time since the one before, so the
 * program can say how many threads were in each phase on average over a stretch of time — what a
 * profile's shares of those phases should match. Thread-safe.
 */
final class PhaseCounts {
    private final String[] names;
    private final AtomicIntegerArray now;
    private final long[] sums;
    private long readings;
    /** The time the readings stand for, in microseconds. */
    private long weight;
    private final long everyMillis;
    private volatile boolean counting = true;

    PhaseCounts(long everyMillis, String... names) {
        this.names = names.clone();
        this.now = new AtomicIntegerArray(names.length);
        this.sums = new long[names.length];
        this.everyMillis = everyMillis;
    }

    void enter(int phase) {
        now.incrementAndGet(phase);
    }

    void leave(int phase) {
        now.decrementAndGet(phase);
    }

    /** Starts the reading thread (a daemon). */
    void start() {
        Thread t = new Thread(this::readUntilStopped, "phase-counter");
        t.setDaemon(true);
        t.start();
    }

    /** Stops reading; the sums stay as they are. */
    void stop() {
        counting = false;
    }

    private void readUntilStopped() {
        long last = System.nanoTime();
        while (counting) {
            synchronized (this) {
                // Each reading stands for the time since the one before: on a loaded machine this
                // thread wakes late, and later when the program is busiest.
                long at = System.nanoTime();
                long micros = (at - last) / 1_000;
                last = at;
                for (int i = 0; i < names.length; i++) {
                    sums[i] += now.get(i) * micros;
                }
                readings++;
                weight += micros;
            }
            try {
                Thread.sleep(everyMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * One line: each phase's average count and its share of all phases' counts, and the number of
     * readings and the time they stand for, e.g. {@code compute=12.1/0.104 sleep=60.0/0.515 ... readings=2900
     * seconds=14.502} (two lines give the average count between them).
     */
    synchronized String line() {
        long all = 0;
        for (long s : sums) {
            all += s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            double mean = weight == 0 ? 0 : (double) sums[i] / weight;
            double share = all == 0 ? 0 : (double) sums[i] / all;
            b.append(names[i]).append('=').append(String.format(Locale.ROOT, "%.1f/%.4f", mean, share)).append(' ');
        }
        return b.append("readings=").append(readings).append(String.format(Locale.ROOT, " seconds=%.3f", weight / 1e6)).toString();
    }
}
