package dev.jflame.core.sampler;

/** What the sampler asks of an {@link AsyncStackSource} when it starts one. Immutable. */
final class StackSourceSettings {
    final long intervalNanos;
    /** Frames kept per stack (top first). */
    final int maxDepth;
    /** JFR's CPU-time sampler ({@code jdk.CPUTimeSample}, JDK 25+) rather than its execution samplers. */
    final boolean cpuTime;
    /** How long to wait before starting (a short child JVM that ends meanwhile pays nothing). */
    final long delayNanos;
    /** Heap the source may keep: the stacks it converted and the batches not yet polled. */
    final long maxBytes;
    /** Waits at least this long come with their stacks ({@link JfrWait}); 0 for none. */
    final long waitThresholdNanos;

    StackSourceSettings(long intervalNanos, int maxDepth, boolean cpuTime, long delayNanos, long maxBytes, long waitThresholdNanos) {
        this.intervalNanos = intervalNanos;
        this.maxDepth = maxDepth;
        this.cpuTime = cpuTime;
        this.delayNanos = delayNanos;
        this.maxBytes = maxBytes;
        this.waitThresholdNanos = waitThresholdNanos;
    }
}
