package dev.jflame.agent.push;

import java.util.ArrayDeque;

/**
 * The periods encoded and not yet accepted by the store, oldest first, bounded by count and by bytes:
 * past either bound the oldest are dropped and counted, so a store that is down for an hour costs the
 * host a few megabytes, not an hour of profiles. Confined to the push thread.
 *
 * <p>Each drop is reported to the store by exactly one period: the next one encoded after it
 * ({@link #uncarried}). A period that carried drops and is dropped in turn hands them on with its own,
 * so the store's reports add up to every period it never got.
 */
final class PushQueue {
    private final int maxPeriods;
    private final long maxBytes;
    private final ArrayDeque<PushRequest> queue = new ArrayDeque<>();
    private long bytes;
    /** Periods dropped that no queued period reports yet. */
    private long uncarried;
    /** Periods dropped since {@link #takeDropped} was last called: for the line that says pushing works again. */
    private long droppedSinceAsked;

    PushQueue(int maxPeriods, long maxBytes) {
        this.maxPeriods = maxPeriods;
        this.maxBytes = maxBytes;
    }

    /**
     * Drops the oldest while the queue is full, before the next period is encoded: that period then reports
     * them, even the last one at exit, after which no period would.
     */
    void makeRoom() {
        while (queue.size() >= maxPeriods) {
            dropOldest();
        }
    }

    /** The drops the next period should report: encode it with these, then {@link #add} it. */
    long uncarried() {
        return uncarried;
    }

    /**
     * Adds a period that reports {@link PushRequest#droppedBefore} drops, dropping the oldest while a
     * bound is passed (the new one is kept even if it alone passes the bytes). Drops for the bytes are known
     * only now: the next period reports them (at exit, only the line does).
     */
    void add(PushRequest r) {
        uncarried -= r.droppedBefore;
        queue.addLast(r);
        bytes += r.body.length;
        while (queue.size() > 1 && (queue.size() > maxPeriods || bytes > maxBytes)) {
            dropOldest();
        }
    }

    PushRequest peek() {
        return queue.peekFirst();
    }

    /** The oldest period was accepted: off the queue. */
    void remove() {
        PushRequest r = queue.removeFirst();
        bytes -= r.body.length;
    }

    /** Drops the oldest period for good (the store refused it, or a bound was passed), counted. */
    void dropOldest() {
        PushRequest old = queue.removeFirst();
        bytes -= old.body.length;
        uncarried += 1 + old.droppedBefore;
        droppedSinceAsked++;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    int size() {
        return queue.size();
    }

    /** Periods dropped since the last call, which resets the count. */
    long takeDropped() {
        long d = droppedSinceAsked;
        droppedSinceAsked = 0;
        return d;
    }
}
