package dev.jflame.agent.protocol;

import dev.jflame.core.options.Durations;
import java.util.Map;

/**
 * The agent's session as it publishes it in the target's system property {@link #PROPERTY}, refreshed
 * while it runs, for the CLI to read through the Attach API without loading the agent. Immutable.
 *
 * <p>Wire form (a contract with older and newer jflame on either side): {@code running|stopped
 * since=MILLIS samples=N ticks=N tick_p50_us=N tick_p99_us=N tick_max_us=N interval=10ms active_ms=N
 * capture=WORD output=PATH}, output last (see {@link Fields}). A key an older agent did not publish
 * reads as 0 (numbers) or null (words).
 */
public final class Status {
    public static final String PROPERTY = "jflame.status";

    /** Where the session is; {@code ABSENT} is never published, it is the missing property. */
    public enum State {
        RUNNING("running"),
        STOPPED("stopped"),
        ABSENT("absent");

        private final String word;

        State(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        /** Null for a word this jflame does not know. */
        static State named(String word) {
            for (State s : values()) {
                if (s.word.equals(word)) {
                    return s;
                }
            }
            return null;
        }
    }

    /** jflame never started in the target. */
    public static final Status ABSENT = new Status(State.ABSENT, 0, 0, 0, 0, 0, 0, 0, 0, null, null);

    private static final String SINCE = "since";
    private static final String TICKS = "ticks";
    private static final String TICK_P50 = "tick_p50_us";
    private static final String TICK_P99 = "tick_p99_us";
    private static final String TICK_MAX = "tick_max_us";
    private static final String INTERVAL = "interval";
    private static final String ACTIVE = "active_ms";
    private static final String CAPTURE = "capture";

    private final State state;
    private final long sinceMillis;
    private final long samples;
    private final long ticks;
    private final long tickP50Micros;
    private final long tickP99Micros;
    private final long tickMaxMicros;
    private final long intervalNanos;
    private final long activeMillis;
    private final String capture;
    private final String output;

    /**
     * @param sinceMillis when the session started (epoch milliseconds)
     * @param activeMillis how long the sampler has run, to compare the ticks with the interval
     * @param capture how stacks are taken, one word (e.g. {@code jfr+batched})
     * @param output the absolute path the session writes
     */
    public Status(State state, long sinceMillis, long samples, long ticks, long tickP50Micros, long tickP99Micros,
            long tickMaxMicros, long intervalNanos, long activeMillis, String capture, String output) {
        this.state = state;
        this.sinceMillis = sinceMillis;
        this.samples = samples;
        this.ticks = ticks;
        this.tickP50Micros = tickP50Micros;
        this.tickP99Micros = tickP99Micros;
        this.tickMaxMicros = tickMaxMicros;
        this.intervalNanos = intervalNanos;
        this.activeMillis = activeMillis;
        this.capture = capture;
        this.output = output;
    }

    /** The property's value. */
    public String format() {
        StringBuilder sb = new StringBuilder(200).append(state.word());
        if (state == State.ABSENT) {
            return sb.toString();
        }
        Fields.append(sb, SINCE, sinceMillis);
        Fields.append(sb, Fields.SAMPLES, samples);
        Fields.append(sb, TICKS, ticks);
        Fields.append(sb, TICK_P50, tickP50Micros);
        Fields.append(sb, TICK_P99, tickP99Micros);
        Fields.append(sb, TICK_MAX, tickMaxMicros);
        Fields.append(sb, INTERVAL, Durations.format(intervalNanos));
        Fields.append(sb, ACTIVE, activeMillis);
        Fields.append(sb, CAPTURE, capture);
        Fields.append(sb, Fields.OUTPUT, output);
        return sb.toString();
    }

    /** Reads the property's value; null or blank (the property is not set) is {@link #ABSENT}. */
    public static Status parse(String line) {
        if (line == null || line.trim().isEmpty()) {
            return ABSENT;
        }
        int space = line.indexOf(' ');
        State state = State.named(space < 0 ? line : line.substring(0, space));
        if (state == null) {
            // A state a newer agent added: jflame is there, and not known to be sampling.
            state = State.STOPPED;
        }
        Map<String, String> f = Fields.parse(space < 0 ? "" : line.substring(space + 1));
        return new Status(state, Fields.number(f, SINCE, 0), Fields.number(f, Fields.SAMPLES, 0),
                Fields.number(f, TICKS, 0), Fields.number(f, TICK_P50, 0), Fields.number(f, TICK_P99, 0),
                Fields.number(f, TICK_MAX, 0), intervalNanos(f.get(INTERVAL)), Fields.number(f, ACTIVE, 0),
                f.get(CAPTURE), f.get(Fields.OUTPUT));
    }

    private static long intervalNanos(String interval) {
        try {
            return interval == null ? 0 : Durations.parse(INTERVAL, interval, false);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    public State state() {
        return state;
    }

    public boolean isRunning() {
        return state == State.RUNNING;
    }

    public long sinceMillis() {
        return sinceMillis;
    }

    public long samples() {
        return samples;
    }

    public long ticks() {
        return ticks;
    }

    public long tickP50Micros() {
        return tickP50Micros;
    }

    public long tickP99Micros() {
        return tickP99Micros;
    }

    public long tickMaxMicros() {
        return tickMaxMicros;
    }

    /** 0 if not published. */
    public long intervalNanos() {
        return intervalNanos;
    }

    public long activeMillis() {
        return activeMillis;
    }

    /** Null if not published. */
    public String capture() {
        return capture;
    }

    /** The absolute path the session writes; null if not published. */
    public String output() {
        return output;
    }

    @Override
    public String toString() {
        return format();
    }
}
