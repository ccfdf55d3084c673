package dev.jflame.core.model;

import org.HdrHistogram.Histogram;

/**
 * The sampler's account of its own work: how often it ran, what a tick cost, how far ticks drifted
 * from their schedule. Not thread-safe: the sampler writes it under the profile's lock, and readers
 * take a {@link #copy()} under the same lock.
 */
public final class SamplerStats {
    /** Highest value a histogram records, in microseconds (one minute); larger values are clamped. */
    private static final long MAX_MICROS = 60_000_000L;

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
    /** Wall time of one tick, microseconds. */
    public final Histogram tickMicros;
    /** Lateness of a tick against its schedule, microseconds. */
    public final Histogram lateMicros;
    /**
     * CPU time the sampler thread used in one tick, microseconds. Unlike {@link #tickMicros} it leaves
     * out the time the thread waited for a core or for the VM to reach a safepoint.
     */
    public final Histogram tickCpuMicros;

    public SamplerStats() {
        this(new Histogram(MAX_MICROS, 2), new Histogram(MAX_MICROS, 2), new Histogram(MAX_MICROS, 2));
    }

    public SamplerStats(Histogram tickMicros, Histogram lateMicros, Histogram tickCpuMicros) {
        this.tickMicros = tickMicros;
        this.lateMicros = lateMicros;
        this.tickCpuMicros = tickCpuMicros;
    }

    /** @param cpuNanos the tick's CPU time, or a negative value where the JVM cannot measure it */
    public void recordTick(long costNanos, long lateNanos, long cpuNanos) {
        ticks++;
        tickMicros.recordValue(clamp(costNanos / 1000));
        lateMicros.recordValue(clamp(lateNanos / 1000));
        if (cpuNanos >= 0) {
            tickCpuMicros.recordValue(clamp(cpuNanos / 1000));
        }
    }

    /** Adds another process's statistics into these, for merged profiles. */
    public void add(SamplerStats o) {
        ticks += o.ticks;
        samples += o.samples;
        stacksCaptured += o.stacksCaptured;
        stacksReused += o.stacksReused;
        waitsChecked += o.waitsChecked;
        errors += o.errors;
        maxThreads = Math.max(maxThreads, o.maxThreads);
        activeNanos += o.activeNanos;
        agentSamples += o.agentSamples;
        budgetCuts += o.budgetCuts;
        asyncEvents += o.asyncEvents;
        asyncSamples += o.asyncSamples;
        notSampled += o.notSampled;
        safepoints += o.safepoints;
        waitsReused += o.waitsReused;
        waitReusesChecked += o.waitReusesChecked;
        waitReusesWrong += o.waitReusesWrong;
        waitStacksFromJfr += o.waitStacksFromJfr;
        tickMicros.add(o.tickMicros);
        lateMicros.add(o.lateMicros);
        tickCpuMicros.add(o.tickCpuMicros);
    }

    public SamplerStats copy() {
        SamplerStats c = new SamplerStats();
        c.add(this);
        return c;
    }

    private static long clamp(long micros) {
        return Math.max(0, Math.min(MAX_MICROS, micros));
    }
}
