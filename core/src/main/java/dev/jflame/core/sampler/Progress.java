package dev.jflame.core.sampler;

/**
 * How far a sampler has come, as a status line shows it: samples and ticks so far, the tick's cost and how
 * long it has run. Immutable.
 */
public final class Progress {
    public final long samples;
    public final long ticks;
    public final long tickP50Micros;
    public final long tickP99Micros;
    public final long tickMaxMicros;
    /** Wall time from the sampler's start to its last tick. */
    public final long activeNanos;

    Progress(long samples, long ticks, long tickP50Micros, long tickP99Micros, long tickMaxMicros, long activeNanos) {
        this.samples = samples;
        this.ticks = ticks;
        this.tickP50Micros = tickP50Micros;
        this.tickP99Micros = tickP99Micros;
        this.tickMaxMicros = tickMaxMicros;
        this.activeNanos = activeNanos;
    }
}
