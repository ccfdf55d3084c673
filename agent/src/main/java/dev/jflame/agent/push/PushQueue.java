package dev.jflame.agent.push;

import java.util.ArrayDeque;

/**
 * The periods encoded and not yet accepted by the store, oldest first, bounded by count and by bytes:
 * past either bound the oldest are dropped and counted, so a store that is down for an hour costs the
 * host a few megabytes, not an hour of profiles. Confined to the push thread.
 */
final class PushQueue {
    private final int maxPeriods;
    private final long maxBytes;
    private final ArrayDeque<PushRequest> queue = new ArrayDeque<>();
    private long bytes;
    /** Periods dropped since the last one the store accepted. */
    private long dropped;

    PushQueue(int maxPeriods, long maxBytes) {
        this.maxPeriods = maxPeriods;
        this.maxBytes = maxBytes;
    }

    /** Adds a period, dropping the oldest while a bound is passed (the new one is kept even if it alone passes the bytes). */
    void add(PushRequest r) {
        queue.addLast(r);
        bytes += r.body.length;
        while (queue.size() > 1 && (queue.size() > maxPeriods || bytes > maxBytes)) {
            PushRequest old = queue.removeFirst();
            bytes -= old.body.length;
            dropped++;
        }
    }

    PushRequest peek() {
        return queue.peekFirst();
    }

    /** The oldest period was accepted (or refused for good): off the queue. */
    void remove() {
        PushRequest r = queue.removeFirst();
        bytes -= r.body.length;
    }

    /** Drops the oldest period for good, counted. */
    void drop() {
        remove();
        dropped++;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    int size() {
        return queue.size();
    }

    /** Periods dropped since the last call, which resets the count. */
    long takeDropped() {
        long d = dropped;
        dropped = 0;
        return d;
    }

    long dropped() {
        return dropped;
    }
}
