package dev.jflame.core.sampler;

import dev.jflame.core.model.SampleState;
import dev.jflame.core.model.SamplerStats;
import java.util.List;

/**
 * Counts the pins of virtual threads JFR recorded ({@link JfrPin}) as samples of the pinned virtual thread:
 * one per tick of the sampler while the pin lasted, at the stack where it pinned, in its group, Pinned. A
 * pinned virtual thread is in no other sample: it is mounted, so the census leaves it out, and parked or
 * blocked, so JFR's sampler does not sample it. Its carrier is the other side of the same time: a platform
 * thread the JVM calls waiting at {@code Continuation.run}, which the scan counts as it comes, also Pinned
 * ({@link dev.jflame.core.model.ThreadStates}), one sample a tick as every thread; the two are two threads'
 * samples, as a running virtual thread's are beside its carrier's {@code [carrying a virtual thread]}. The
 * carrier's count includes pins too short for JFR's threshold; the virtual thread's has only those long enough.
 *
 * <p>Weighed by the ticks, not the pin's duration over the interval, so that a pinned virtual thread weighs
 * what every other thread does when the sampler ticks slower than asked. The ticks' times are kept for the
 * last {@link #KEPT_TICKS}; a pin reaches here a second or two after it ended, with JFR's batch, and the part
 * of a longer one before the oldest tick kept counts at the rate of the ticks kept. Confined to the sampler
 * thread (under the sampler's lock).
 */
final class PinnedTicks {
    /** The ticks whose times are kept: 32 KB; at the default 10 ms, the last 40 s. */
    static final int KEPT_TICKS = 4096;

    private final StackRecorder recorder;
    private final SamplerStats stats;
    /** Wall times of the latest ticks, a ring: {@link #count} of them end at {@link #next} - 1. */
    private final long[] tickMillis = new long[KEPT_TICKS];
    private int next;
    private int count;

    PinnedTicks(StackRecorder recorder, SamplerStats stats) {
        this.recorder = recorder;
        this.stats = stats;
    }

    /** A tick of the sampler at {@code millis} (wall time). */
    void tick(long millis) {
        tickMillis[next] = millis;
        next = (next + 1) % KEPT_TICKS;
        if (count < KEPT_TICKS) {
            count++;
        }
    }

    void offer(List<JfrPin> pins) {
        for (JfrPin p : pins) {
            long from = p.startMicros / 1_000;
            long to = p.endMicros / 1_000;
            long ticks = ticksWithin(from, to);
            stats.virtualPins++;
            if (ticks > 0) {
                recorder.record(recorder.virtualGroupNode(p.group), p.stack, SampleState.PINNED, null, null, ticks, from, to);
                stats.samples += ticks;
            }
        }
    }

    /** The ticks from {@code from} to {@code to} (wall times, inclusive), newest first. */
    long ticksWithin(long from, long to) {
        if (count == 0) {
            return 0;
        }
        long n = 0;
        long oldest = 0;
        for (int i = 1; i <= count; i++) {
            long t = tickMillis[(next - i + KEPT_TICKS) % KEPT_TICKS];
            oldest = t;
            if (t < from) {
                return n;
            }
            if (t <= to) {
                n++;
            }
        }
        // The pin began before the oldest tick kept: the part before it at the rate of the ticks kept.
        long newest = tickMillis[(next - 1 + KEPT_TICKS) % KEPT_TICKS];
        if (count > 1 && newest > oldest && to >= oldest) {
            n += (oldest - from) * (count - 1) / (newest - oldest);
        }
        return n;
    }
}
