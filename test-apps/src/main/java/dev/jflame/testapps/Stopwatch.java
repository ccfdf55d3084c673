package dev.jflame.testapps;

/**
 * Adds up the time between each {@link #start} and the {@link #stop} after it, and tells the sum at
 * any moment, a run in progress included. Thread-safe: its own monitor, taken for a few nanoseconds by
 * the thread being timed and once by the thread reading, so it is never waited on for long.
 *
 * <p>Reading a run in progress matters to programs whose threads hold a lock for their whole life: a
 * total updated only at {@link #stop} would say they never held it.
 */
final class Stopwatch {
    private long total;
    private long since;
    private boolean running;
    /** Volatile so that {@link #runs} can be polled without the monitor, never delaying the timed thread. */
    private volatile long runs;

    synchronized void start() {
        if (running) {
            throw new IllegalStateException("started twice");
        }
        running = true;
        runs++;
        since = System.nanoTime();
    }

    synchronized void stop() {
        if (!running) {
            throw new IllegalStateException("stopped before it started");
        }
        total += System.nanoTime() - since;
        running = false;
    }

    /** Whether a run is in progress: the timed thread is inside what is timed. */
    synchronized boolean running() {
        return running;
    }

    /** How many runs have started. */
    long runs() {
        return runs;
    }

    /** The nanoseconds timed up to {@code now} (a {@link System#nanoTime} reading), the current run included. */
    synchronized long nanosAt(long now) {
        // now may precede a run that started after the caller read the clock: that run counts as nothing yet.
        return running ? total + Math.max(0, now - since) : total;
    }
}
