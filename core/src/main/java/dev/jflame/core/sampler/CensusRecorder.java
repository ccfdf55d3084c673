package dev.jflame.core.sampler;

import dev.jflame.core.model.SamplerStats;
import dev.jflame.core.model.VirtualThreadCounts;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Records the census of waiting virtual threads ({@link VirtualCensus}) into the profile. Every tick
 * counts the virtual threads of the census nearest to it: a census stands for the ticks from halfway
 * since the census before (the first: from the start) to halfway to the next (the last: to the end), and
 * each virtual thread it counted is that many samples, spread over those ticks, under its group's node
 * ({@code [thread [virtual threads]]}, {@code [thread [virtual threads client]]}). So a virtual thread
 * weighs what a platform thread in the same wait weighs, and neither the first census (which may come
 * long after the start) nor the time after the last is given to a census that did not see it. A census
 * is held until the next one arrives, or the profile ends ({@link #flush}); a snapshot or a push period
 * ({@link #settle}) takes the held census's ticks up to its moment, so it is not a census behind (one
 * every two minutes at 10 000 virtual threads, every quarter hour at 100 000). Confined to the sampler
 * thread (called under the profile lock).
 */
final class CensusRecorder {
    /**
     * A snapshot settles the held census at most this often: recording it walks all its stacks (up to
     * {@link VirtualCensus#MAX_ENTRIES}) into the tree, and a followed child snapshots every 2 s.
     */
    static final long SETTLE_EVERY_MILLIS = 10_000;
    /** The census's finished tallies ({@link VirtualCensus#take}), and how it stops. */
    private final Supplier<VirtualCensus.Tally> finished;
    private final Runnable stopper;
    private final StackRecorder recorder;
    private final SamplerStats stats;
    /** The profile's count of each group's virtual threads over time. */
    private final VirtualThreadCounts counts;
    /** The census waiting for the next one, which decides where its ticks end; null before the first. */
    private VirtualCensus.Tally held;
    private final WaitTargets scratch = new WaitTargets();
    private long heldTick;
    /** The first tick the held census stands for, and its time. */
    private long fromTick;
    private long fromMillis = System.currentTimeMillis();
    /** When a snapshot last settled the held census. */
    private long settledMillis;

    CensusRecorder(Supplier<VirtualCensus.Tally> finished, Runnable stopper, StackRecorder recorder, SamplerStats stats,
            VirtualThreadCounts counts) {
        this.finished = finished;
        this.stopper = stopper;
        this.recorder = recorder;
        this.stats = stats;
        this.counts = counts;
    }

    /** A recorder with its census started, or null where this JVM has none to take (JDK 24 or older, {@code vcensus=off}). */
    static CensusRecorder start(long vcensusNanos, int maxDepth, long maxBytes, StackRecorder recorder, SamplerStats stats,
            VirtualThreadCounts counts, Set<Thread> excluded) {
        VirtualCensus c = VirtualCensus.start(vcensusNanos, maxDepth, maxBytes, System.err::println);
        if (c == null) {
            return null;
        }
        excluded.add(c.thread());
        return new CensusRecorder(c::take, c::stop, recorder, stats, counts);
    }

    /** Takes the census that finished since the last tick, if one did; {@code tick} is the sampler's count of ticks. */
    void tick(long tick) {
        VirtualCensus.Tally t = finished.get();
        if (t == null) {
            return;
        }
        stats.virtualCensuses++;
        stats.virtualThreadsCounted += t.threads;
        stats.virtualCensusCpuMicros += t.cpuNanos / 1_000;
        // The count is a fact of the census's moment: it goes in now, not when the next census places its samples.
        counts.census(t.atMillis, t.live);
        if (held != null) {
            long midTick = heldTick + (tick - heldTick) / 2;
            long midMillis = held.atMillis + (t.atMillis - held.atMillis) / 2;
            recordHeld(midTick, midMillis);
        }
        held = t;
        heldTick = tick;
    }

    /** The end of the profile: the last census stands for the ticks up to {@code tick}. */
    void flush(long tick, long nowMillis) {
        if (held != null) {
            recordHeld(tick, Math.max(nowMillis, held.atMillis));
            held = null;
        }
    }

    /**
     * A snapshot or a push period at {@code tick}: the held census's ticks so far go in now, and it stays held for the
     * ticks after (which the next census may still take from halfway); at most every {@link #SETTLE_EVERY_MILLIS}.
     */
    void settle(long tick, long nowMillis) {
        if (held == null || nowMillis - settledMillis < SETTLE_EVERY_MILLIS) {
            return;
        }
        settledMillis = nowMillis;
        recordHeld(tick, Math.max(nowMillis, held.atMillis));
    }

    private void recordHeld(long toTick, long toMillis) {
        long weight = toTick - fromTick;
        if (weight <= 0) {
            // Settled past this point already: the ticks before it are counted.
            return;
        }
        long from = Math.min(fromMillis, toMillis);
        fromTick = toTick;
        fromMillis = toMillis;
        for (Map.Entry<VirtualCensus.Entry, long[]> e : held.counts.entrySet()) {
            VirtualCensus.Entry k = e.getKey();
            long count = e.getValue()[0] * weight;
            recorder.record(recorder.virtualGroupNode(k.group), k.stack, k.state, k.lockClass, targets(k, count), count, from, toMillis);
            stats.samples += count;
        }
    }

    /**
     * Whom a thread of the census waited for, as the sampler names it for platform threads: a monitor it
     * was blocked on with the thread the dump says held it, or {@code Object.wait}'s monitor with no
     * owner. A monitor whose holder the dump does not name, and a park (the dump names the blocker, not
     * its holder), get no such frames.
     */
    private WaitTargets targets(VirtualCensus.Entry k, long count) {
        if (k.monitor == null) {
            return null;
        }
        if (k.state != dev.jflame.core.model.SampleState.BLOCKED) {
            return scratch.only(k.monitor, null, count);
        }
        String holder = held.owners.get(k.monitor);
        return holder == null ? null : scratch.only(k.monitor, holder, count);
    }

    void stop() {
        stopper.run();
    }
}
