package dev.jflame.core.model;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.PackedHistogram;

/**
 * The sampler's account of its own work: how often it ran, what a tick cost, how far ticks drifted
 * from their schedule. Each counter here has its row in {@link SamplerCounter}, the table everything
 * that stores, merges or shows the counters loops over. Not thread-safe: the sampler writes it under the profile's lock, and readers
 * take a {@link #copy()} under the same lock.
 */
public final class SamplerStats {
    /** Highest value a histogram records, in microseconds (one minute); larger values are clamped. */
    private static final long MAX_MICROS = 60_000_000L;
    private static final SamplerCounter[] COUNTERS = SamplerCounter.values();

    public long ticks;
    public long samples;
    /** Stacks taken fresh from the JVM. */
    public long stacksCaptured;
    /** Samples that reused the cached stack of a thread still in the same wait. */
    public long stacksReused;
    /** Cached waits checked for a new wait episode. */
    public long waitsChecked;
    /** Ticks that failed with an exception (each is also reported once on stderr). */
    public long errors;
    /** Most threads seen in one tick. */
    public int maxThreads;
    /**
     * Wall time from the sampler's start to its last tick, nanoseconds: with the interval it says how
     * many ticks were asked for, so the rate reached can be shown. 0 in profiles older than this field.
     */
    public long activeNanos;
    /** Samples whose stack was inside jflame's own code, drawn under a {@code [jflame]} frame. */
    public long agentSamples;
    /**
     * Captured stacks the memory budget cut short ({@code [truncated: budget]}): non-zero means the
     * profile reached its budget and new stacks since end at their nearest known ancestor.
     */
    public long budgetCuts;
    /** Stacks the asynchronous sampler (JFR) delivered, whether or not a tick used them. */
    public long asyncEvents;
    /** Running samples whose stacks came from the asynchronous sampler. */
    public long asyncSamples;
    /** Running samples for which the asynchronous sampler had no stack of that thread in their window. */
    public long notSampled;
    /** Stack captures that stopped the world (one global safepoint each; JDK 11-20). */
    public long safepoints;
    /** New waits given a recent wait's stack of the same thread, state and lock instead of a capture (see the sampler's safepoint budget). */
    public long waitsReused;
    /** Of those, how many a later capture checked, and how many of them it found elsewhere. */
    public long waitReusesChecked;
    public long waitReusesWrong;
    /** Wait samples between two captures that took their stack from JFR's event of the same wait (JDK 11-20). */
    public long waitStacksFromJfr;
    /** {@code ThreadInfo} reads for who holds the locks of waits the sampler keeps reusing: one per lock per tick. */
    public long holdersRead;
    /**
     * Wait samples whose wait the scan saw but that had ended when the thread was read again (its capture):
     * counted in the scan's state, with a stack of the same wait's lock, JFR's, or none (see the sampler).
     */
    public long waitsEndedBeforeCapture;
    /** Censuses of waiting virtual threads recorded (JDK 25+). */
    public long virtualCensuses;
    /** Virtual threads those censuses counted, all censuses together (each stands for the ticks since the one before). */
    public long virtualThreadsCounted;
    /** CPU time the censuses took on their own thread, in microseconds: the dump, and reading it back. */
    public long virtualCensusCpuMicros;
    /**
     * Pins of virtual threads JFR recorded ({@code jdk.VirtualThreadPinned}, at least 1 ms, JDK 21+), each
     * counted as Pinned samples of its virtual thread at the stack where it pinned, one a tick while it lasted.
     */
    public long virtualPins;
    /**
     * Times push mode (without a file) started a period on a fresh call tree and frame table, its tree
     * having passed half the memory budget: the nodes the sampler still held were made again there.
     */
    public long freshTrees;
    /**
     * Wall time of one tick, lateness against its schedule, and the sampler thread's CPU time in one tick
     * (which, unlike the wall time, leaves out waiting for a core or for the VM to reach a safepoint), all in
     * microseconds. Null until a value is recorded or added: a merged or imported profile holds one
     * statistics object per process, and tens of thousands of processes with three full histograms each
     * took gigabytes. Packed where read or merged, so a histogram takes room by the values it holds, not by its
     * range; plain where a live sampler records (see {@link #recorded}).
     */
    private Histogram tickMicros;
    private Histogram lateMicros;
    private Histogram tickCpuMicros;

    public SamplerStats() {
    }

    /** Statistics with these histograms (a profile read back); null or empty ones are left out. */
    public SamplerStats(Histogram tickMicros, Histogram lateMicros, Histogram tickCpuMicros) {
        this.tickMicros = added(null, tickMicros);
        this.lateMicros = added(null, lateMicros);
        this.tickCpuMicros = added(null, tickCpuMicros);
    }

    /** Wall time of one tick, microseconds. To read: a copy, or an empty histogram if none was recorded. */
    public Histogram tickMicros() {
        return view(tickMicros);
    }

    /** A percentile of {@link #tickMicros()} (100 for the longest), read in place: a status display asks every second. */
    public long tickMicrosAt(double percentile) {
        if (tickMicros == null) {
            return 0;
        }
        return percentile >= 100 ? tickMicros.getMaxValue() : tickMicros.getValueAtPercentile(percentile);
    }

    /** Lateness of a tick against its schedule, microseconds. To read, like {@link #tickMicros()}. */
    public Histogram lateMicros() {
        return view(lateMicros);
    }

    /** CPU time the sampler thread used in one tick, microseconds. To read, like {@link #tickMicros()}. */
    public Histogram tickCpuMicros() {
        return view(tickCpuMicros);
    }

    /** @param cpuNanos the tick's CPU time, or a negative value where the JVM cannot measure it */
    public void recordTick(long costNanos, long lateNanos, long cpuNanos) {
        ticks++;
        tickMicros = recorded(tickMicros, costNanos / 1000);
        lateMicros = recorded(lateMicros, lateNanos / 1000);
        if (cpuNanos >= 0) {
            tickCpuMicros = recorded(tickCpuMicros, cpuNanos / 1000);
        }
    }

    /** Adds another process's statistics into these, for merged profiles. */
    public void add(SamplerStats o) {
        for (SamplerCounter c : COUNTERS) {
            c.addInto(this, o);
        }
        tickMicros = added(tickMicros, o.tickMicros);
        lateMicros = added(lateMicros, o.lateMicros);
        tickCpuMicros = added(tickCpuMicros, o.tickCpuMicros);
    }

    public SamplerStats copy() {
        SamplerStats c = new SamplerStats();
        for (SamplerCounter k : COUNTERS) {
            k.addInto(c, this);
        }
        // Each histogram as it is: a plain one copies as one array, where adding it value by value into a packed
        // one was a third of a partial flush's copy (IdleCrowd 200, JDK 17, async-profiler on the agent).
        c.tickMicros = tickMicros != null ? tickMicros.copy() : null;
        c.lateMicros = lateMicros != null ? lateMicros.copy() : null;
        c.tickCpuMicros = tickCpuMicros != null ? tickCpuMicros.copy() : null;
        return c;
    }

    /**
     * Only a live sampler records, three values a tick: into a plain histogram (21 KB each at this range and
     * precision), as a packed one cost ~15 µs a tick of the sampler's CPU while its code was still cold and
     * kept the JIT compiling its packed arrays (IdleCrowd 200, JDK 17, async-profiler on the agent).
     */
    private static Histogram recorded(Histogram h, long micros) {
        Histogram into = h != null ? h : new Histogram(MAX_MICROS, 2);
        into.recordValue(clamp(micros));
        return into;
    }

    /**
     * {@code h} with {@code o}'s values added, value by value and clamped to this range (a histogram read
     * back may track a wider one); {@code h} itself while {@code o} holds nothing.
     */
    private static Histogram added(Histogram h, Histogram o) {
        if (o == null || o.getTotalCount() == 0) {
            return h;
        }
        Histogram into = h != null ? h : empty();
        for (HistogramIterationValue v : o.recordedValues()) {
            into.recordValueWithCount(clamp(v.getValueIteratedTo()), v.getCountAtValueIteratedTo());
        }
        return into;
    }

    private static Histogram view(Histogram h) {
        // Nothing recorded (a JVM that ended before its first tick): an empty histogram of the smallest range,
        // rather than a packed one whose classes such a JVM would load at its exit only to write zeros.
        return h != null ? h.copy() : new Histogram(2, 2);
    }

    private static Histogram empty() {
        return new PackedHistogram(MAX_MICROS, 2);
    }

    private static long clamp(long micros) {
        return Math.max(0, Math.min(MAX_MICROS, micros));
    }
}
