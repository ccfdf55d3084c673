package dev.jflame.core.sampler;

import dev.jflame.core.model.SampleState;
import dev.jflame.core.model.SamplerStats;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins the scan's running ticks with the stacks an {@link AsyncStackSource} took. The scan stays the
 * clock: every tick a thread seen RUNNABLE (and not idle in native) owes one running sample; its
 * stack comes later, in the batch that covers the tick's time. A batch spreads each thread's owed
 * ticks evenly over that thread's stacks in it, so the samples keep the scan's totals (ticks ×
 * threads) and take JFR's places in the code.
 *
 * <p>A thread that JFR did not sample in that window (it ran in the VM — class loading, a
 * safepoint, JIT deoptimisation — or more threads ran than JFR samples per period) gets
 * {@link StackRecorder#NOT_SAMPLED} for those ticks rather than a guessed stack.
 *
 * <p>Runs under the sampler's lock, except {@link #awaitLastStacks}, which must not hold it.
 */
final class RunningTicks {
    /** Longest wait at the end of a profile for JFR's last batch (it hands stacks over about once a second). */
    static final long LAST_BATCH_WAIT_MILLIS = 2_500;
    /** Longest a tick may owe its stack (JFR hands batches over about once a second). */
    static final long MAX_OWED_MILLIS = 5_000;
    /** How long a thread that owes nothing is remembered for its latest stack. */
    private static final long KEEP_IDLE_MILLIS = 5_000;

    /** The class of the threads that run virtual threads (JDK 21+ default scheduler). */
    private static final String CARRIER_CLASS = "jdk.internal.misc.CarrierThread";
    private static final List<JfrStack> NONE = java.util.Collections.emptyList();

    private final AsyncStackSource source;
    private final StackRecorder recorder;
    private final SamplerStats stats;
    /** Threads that owe running samples, by id; kept after a thread ends until its ticks are settled. */
    private final Map<Long, Owed> owed = new LinkedHashMap<>();
    private final long intervalMillis;
    /** Wall time of the latest owed tick. */
    private volatile long lastOwedMillis;
    /** Where the batches' wait events go, or null where none are asked for. */
    private final WaitStacks waits;
    /** Where the batches' pins of virtual threads go. */
    private final PinnedTicks pinned;

    RunningTicks(AsyncStackSource source, StackRecorder recorder, SamplerStats stats, long intervalNanos, WaitStacks waits) {
        this.source = source;
        this.waits = waits;
        this.intervalMillis = Math.max(1, intervalNanos / 1_000_000L);
        this.recorder = recorder;
        this.stats = stats;
        this.pinned = new PinnedTicks(recorder, stats);
    }

    String engine() {
        return source.name();
    }

    /** Whether the source has given stacks at all: it began to sample, whether or not it has stopped since. */
    boolean wentLive() {
        return source.liveSinceMillis() > 0;
    }

    /** Whether the source's stacks are coming (see {@link AsyncStackSource#isLive}). */
    boolean isLive() {
        return source.isLive();
    }

    /** Whether the source may still give stacks: while it starts or runs, not once it has ended. */
    boolean mayOwe() {
        return !source.isClosed();
    }

    /** One running tick of {@code s} at wall time {@code nowMillis}, to be given a stack later. */
    void add(ThreadSlot s, long nowMillis) {
        lastOwedMillis = nowMillis;
        Owed o = owed.get(s.id);
        if (o == null) {
            o = new Owed(s.threadNode, s.thread.getClass().getName().equals(CARRIER_CLASS));
            owed.put(s.id, o);
        }
        o.add(nowMillis);
    }

    /**
     * Settles the ticks covered by every batch that has arrived. Cheap when none has. Ticks still
     * owed after {@link #MAX_OWED_MILLIS}, or at all once the source has stopped, will get no stack
     * from it: they are settled as {@link #finish} does, so nothing piles up.
     */
    void settleArrived(long nowMillis) {
        // Called once a tick, at the tick's time: the clock the pins are counted by.
        pinned.tick(nowMillis);
        settleBatches();
        if (waits != null) {
            waits.expire(nowMillis);
        }
        if (owed.isEmpty()) {
            return;
        }
        boolean closed = source.isClosed();
        long cutoff = closed ? Long.MAX_VALUE : nowMillis - MAX_OWED_MILLIS;
        for (Iterator<Owed> it = owed.values().iterator(); it.hasNext();) {
            Owed o = it.next();
            int old = o.countUpTo(cutoff);
            if (old > 0) {
                unsampled(o, old);
                o.drop(old);
            }
            if (o.count == 0 && closed) {
                it.remove();
            }
        }
    }

    /**
     * Waits (at most {@link #LAST_BATCH_WAIT_MILLIS}) for the batch that covers the last owed tick,
     * so that the last second before a stop is in the profile; with nothing owed, not at all. Call
     * without the sampler's lock (it reads {@link #lastOwedMillis}, written under it: a stale value
     * only shortens the wait).
     */
    void awaitLastStacks() {
        long last = lastOwedMillis;
        if (last > 0) {
            // Ticks and samples are not simultaneous: JFR's pass over the threads may have come up
            // to an interval before the last tick.
            source.awaitBatchAfter(last - intervalMillis, LAST_BATCH_WAIT_MILLIS);
        }
    }

    /**
     * The end: settles what arrived; ticks still owed within two intervals of the thread's last JFR
     * sample get that sample's stack (JFR's last pass came just before the stop), older ones
     * {@link StackRecorder#NOT_SAMPLED}; then the source stops.
     */
    void finish() {
        settleBatches();
        for (Owed o : owed.values()) {
            if (o.lastStack != null) {
                int near = o.countUpTo(o.lastStackMillis + 2 * intervalMillis);
                if (near > 0) {
                    recorder.record(o.threadNode, o.lastStack, near, o.at[0], o.at[near - 1]);
                    countCut();
                    stats.samples += near;
                    stats.asyncSamples += near;
                    o.drop(near);
                }
            }
            if (o.count > 0) {
                unsampled(o, o.count);
            }
        }
        owed.clear();
        if (waits != null) {
            waits.finish();
        }
        source.close();
    }

    /** After push mode emptied the tree: each owing thread's node in the fresh one; the ticks still get their stacks. */
    void renumber(Renumbering r) {
        for (Map.Entry<Long, Owed> e : owed.entrySet()) {
            e.getValue().threadNode = r.threadNode(e.getKey(), e.getValue().threadNode);
        }
    }

    /** Settles the ticks each arrived batch covers, in order. */
    private void settleBatches() {
        JfrBatch b;
        while ((b = source.poll()) != null) {
            settle(b);
            if (waits != null) {
                waits.offer(b.waits);
            }
            pinned.offer(b.pins);
        }
    }

    private void settle(JfrBatch b) {
        long upTo = b.completeMillis;
        // Ticks from before JFR began to sample (a thread owed as the recording started) are in no batch's window.
        long before = source.liveSinceMillis() - intervalMillis;
        stats.asyncEvents += b.events;
        // JFR names a mounted virtual thread, not its carrier: the carriers that owe ticks in this
        // batch share the virtual threads' stacks out between them (every n-th to each), beside
        // their own (a carrier between two virtual threads runs the scheduler's code).
        List<JfrStack> virtual = b.byThread.getOrDefault(JfrBatch.VIRTUAL, NONE);
        int carriers = 0;
        if (!virtual.isEmpty()) {
            for (Owed o : owed.values()) {
                if (o.carrier && o.countUpTo(upTo) > o.countUpTo(before)) {
                    carriers++;
                }
            }
        }
        int carrier = 0;
        for (Iterator<Map.Entry<Long, Owed>> it = owed.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Long, Owed> e = it.next();
            Owed o = e.getValue();
            int early = o.countUpTo(before);
            if (early > 0) {
                unsampled(o, early);
                o.drop(early);
            }
            int k = o.countUpTo(upTo);
            if (k > 0) {
                List<JfrStack> own = b.byThread.getOrDefault(e.getKey(), NONE);
                List<JfrStack> share = o.carrier && carriers > 0 ? every(virtual, carrier++, carriers) : NONE;
                if (own.isEmpty() && share.isEmpty()) {
                    unsampled(o, k);
                } else {
                    spread(o, own, share, k);
                }
                o.drop(k);
            }
            List<JfrStack> latest = b.byThread.get(e.getKey());
            if (latest != null && !latest.isEmpty()) {
                o.lastStack = latest.get(latest.size() - 1);
                o.lastStackMillis = b.completeMillis;
            }
            // Kept a while after its last owed tick for its latest stack (see finish); then dropped,
            // so threads that come and go do not pile up.
            if (o.count == 0 && (o.lastStack == null || o.lastStackMillis < b.completeMillis - KEEP_IDLE_MILLIS)) {
                it.remove();
            }
        }
    }

    /** Every {@code n}-th stack from the {@code i}-th. */
    private static List<JfrStack> every(List<JfrStack> stacks, int i, int n) {
        List<JfrStack> r = new java.util.ArrayList<>(stacks.size() / n + 1);
        for (int j = i; j < stacks.size(); j += n) {
            r.add(stacks.get(j));
        }
        return r;
    }

    /**
     * {@code k} ticks over the thread's {@code own} stacks and the virtual threads' stacks it
     * carried ({@code virtual}: drawn in their virtual thread's group, and under the carrier as
     * {@link StackRecorder#CARRYING}): each of the m
     * stacks gets k / m, and the remainder goes to stacks spaced evenly.
     */
    private void spread(Owed o, List<JfrStack> own, List<JfrStack> virtual, int k) {
        int m = own.size() + virtual.size();
        int each = k / m;
        int rest = k % m;
        // A thread's own stacks come in the order JFR took them (the virtual threads' after): stack i takes the
        // owed ticks after those of the stacks before it.
        int tick = 0;
        for (int i = 0; i < m; i++) {
            // Stack i gets one of the remainder when the running share (i * rest / m) steps up.
            int count = each + (int) ((long) (i + 1) * rest / m - (long) i * rest / m);
            if (count > 0) {
                long from = o.at[tick];
                long to = o.at[tick + count - 1];
                tick += count;
                if (i < own.size()) {
                    recorder.record(o.threadNode, own.get(i), count, from, to);
                } else {
                    // The virtual thread's own samples, in its group; its carrier's say only that it carried one.
                    JfrStack v = virtual.get(i - own.size());
                    recorder.record(recorder.virtualGroupNode(v.virtualGroup == null ? "" : v.virtualGroup), v, count, from, to);
                    recorder.recordCarrying(o.threadNode, count, from, to);
                    stats.samples += count;
                }
                countCut();
            }
        }
        stats.samples += k;
        stats.asyncSamples += k;
    }

    /** The oldest {@code k} owed ticks of {@code o} as not sampled; the caller drops them. */
    private void unsampled(Owed o, int k) {
        recorder.recordNotSampled(o.threadNode, k, o.at[0], o.at[k - 1]);
        stats.samples += k;
        stats.notSampled += k;
    }

    private void countCut() {
        if (recorder.lastCut) {
            stats.budgetCuts++;
        }
    }

    /** The wall times of one thread's owed ticks, oldest first. */
    private static final class Owed {
        int threadNode;
        /** Whether the thread carries virtual threads (their stacks come under JFR's name for them). */
        final boolean carrier;
        long[] at = new long[16];
        int count;
        /** The thread's latest JFR stack, and the time of the batch it came in (its sample is about that old or older). */
        JfrStack lastStack;
        long lastStackMillis;

        Owed(int threadNode, boolean carrier) {
            this.threadNode = threadNode;
            this.carrier = carrier;
        }

        void add(long millis) {
            if (count == at.length) {
                at = java.util.Arrays.copyOf(at, count * 2);
            }
            at[count++] = millis;
        }

        int countUpTo(long millis) {
            int k = 0;
            while (k < count && at[k] <= millis) {
                k++;
            }
            return k;
        }

        void drop(int k) {
            System.arraycopy(at, k, at, 0, count - k);
            count -= k;
        }
    }
}
