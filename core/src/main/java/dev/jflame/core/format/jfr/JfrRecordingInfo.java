package dev.jflame.core.format.jfr;

import dev.jflame.core.model.ProcessInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;

/**
 * What a recording says about itself: its sampling settings, the JVM it ran in and the profiler that
 * wrote it (the JDK's JFR or async-profiler). Not thread-safe; one per reading.
 *
 * <p>Sampling periods come from {@code jdk.ActiveSetting} events, whose {@code id} is an event type's.
 * The JDK writes a {@code period} per sampler ({@code "10 ms"}; with several recordings at once the
 * shortest is the one JFR uses); async-profiler writes, under {@code jdk.ExecutionSample}, its
 * {@code interval} and {@code wall} options in nanoseconds, 0 for its defaults (10 ms for CPU
 * sampling, 50 ms for wall-clock sampling).
 */
final class JfrRecordingInfo {
    /** JFR's sampling period where a recording does not say (its default settings' period for both samplers). */
    static final long JFR_DEFAULT_PERIOD = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long ASYNC_PROFILER_CPU_DEFAULT = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long ASYNC_PROFILER_WALL_DEFAULT = TimeUnit.MILLISECONDS.toNanos(50);
    /** A recording's sampling period is taken as read only within these bounds. */
    private static final long MIN_PERIOD = TimeUnit.MICROSECONDS.toNanos(10);
    private static final long MAX_PERIOD = TimeUnit.MINUTES.toNanos(10);

    /** Settings that can say a period: {event type id, name, value}. */
    private final List<Object[]> settings = new ArrayList<>();
    boolean asyncProfiler;
    private long pid;
    private String javaArguments = "";
    private String jvmName = "";
    private String jvmVersion = "";
    private String javaVersion;
    private String vmName;
    private String vmVersion;
    private String host = "";
    private boolean debugNonSafepoints;
    /** Epoch nanoseconds of the earliest start and latest end of the sampling and wait events. */
    private long firstNanos = Long.MAX_VALUE;
    private long lastNanos;

    /** Takes what the event says about the recording, if it is such an event (others are left alone). */
    void accept(RecordedEvent e, String type) {
        switch (type) {
            case "jdk.ActiveSetting":
                String name = string(e, "name");
                if ("period".equals(name) || "interval".equals(name) || "wall".equals(name) || "event".equals(name)) {
                    settings.add(new Object[] {number(e, "id"), name, string(e, "value")});
                }
                break;
            case "jdk.ActiveRecording":
                String recording = string(e, "name");
                asyncProfiler |= recording != null && recording.startsWith("async-profiler");
                break;
            case "jdk.JVMInformation":
                pid = number(e, "pid");
                javaArguments = orEmpty(string(e, "javaArguments"));
                jvmName = orEmpty(string(e, "jvmName"));
                jvmVersion = orEmpty(string(e, "jvmVersion"));
                break;
            case "jdk.InitialSystemProperty":
                String key = string(e, "key");
                if ("java.version".equals(key)) {
                    javaVersion = string(e, "value");
                } else if ("java.vm.name".equals(key)) {
                    vmName = string(e, "value");
                } else if ("java.vm.version".equals(key)) {
                    vmVersion = string(e, "value");
                }
                break;
            case "jdk.InitialEnvironmentVariable":
                if ("HOSTNAME".equals(string(e, "key"))) {
                    host = orEmpty(string(e, "value"));
                }
                break;
            case "jdk.BooleanFlag":
                if ("DebugNonSafepoints".equals(string(e, "name"))) {
                    debugNonSafepoints = Boolean.TRUE.equals(value(e, "value"));
                }
                break;
            default:
                // Not about the recording itself.
                break;
        }
    }

    /** Widens the span of the recording's samples to include the event's. */
    void saw(RecordedEvent e) {
        long start = epochNanos(e.getStartTime());
        if (start > 0) {
            firstNanos = Math.min(firstNanos, start);
            lastNanos = Math.max(lastNanos, Math.max(start, epochNanos(e.getEndTime())));
        }
    }

    /** The JDK's execution sampler's period, or async-profiler's CPU sampling interval. */
    long execPeriodNanos(Map<Long, String> typeNames) {
        if (asyncProfiler) {
            long interval = setting(typeNames, "jdk.ExecutionSample", "interval", false);
            return interval > 0 ? interval : ASYNC_PROFILER_CPU_DEFAULT;
        }
        long period = setting(typeNames, "jdk.ExecutionSample", "period", true);
        return period > 0 ? period : JFR_DEFAULT_PERIOD;
    }

    /** The JDK's native-method sampler's period. */
    long nativePeriodNanos(Map<Long, String> typeNames) {
        long period = setting(typeNames, "jdk.NativeMethodSample", "period", true);
        return period > 0 ? period : JFR_DEFAULT_PERIOD;
    }

    /** async-profiler's wall-clock interval: its {@code wall} option, or with {@code event=wall} its {@code interval}. */
    long wallIntervalNanos(Map<Long, String> typeNames) {
        long wall = setting(typeNames, "jdk.ExecutionSample", "wall", false);
        if (wall > 0) {
            return wall;
        }
        if (isWallEvent()) {
            long interval = setting(typeNames, "jdk.ExecutionSample", "interval", false);
            if (interval > 0) {
                return interval;
            }
        }
        return ASYNC_PROFILER_WALL_DEFAULT;
    }

    /** Whether async-profiler ran with {@code event=wall}. */
    private boolean isWallEvent() {
        for (Object[] s : settings) {
            if ("event".equals(s[1]) && "wall".equals(s[2])) {
                return true;
            }
        }
        return false;
    }

    /**
     * The shortest period a setting of {@code event} named {@code name} gives, or 0 if none does: JDK
     * settings read {@code "10 ms"}, async-profiler's are nanoseconds ({@code jdkUnits} false).
     */
    private long setting(Map<Long, String> typeNames, String event, String name, boolean jdkUnits) {
        long best = 0;
        for (Object[] s : settings) {
            if (!name.equals(s[1]) || !event.equals(typeNames.get((Long) s[0]))) {
                continue;
            }
            long v = jdkUnits ? parsePeriod((String) s[2]) : parseNanos((String) s[2]);
            if (v >= MIN_PERIOD && v <= MAX_PERIOD && (best == 0 || v < best)) {
                best = v;
            }
        }
        return best;
    }

    /** A JFR period setting ({@code "10 ms"}, {@code "20ms"}, {@code "1 s"}) in nanoseconds; 0 for anything else ({@code "off"}, {@code "everyChunk"}). */
    static long parsePeriod(String value) {
        if (value == null) {
            return 0;
        }
        String v = value.trim();
        int digits = 0;
        while (digits < v.length() && Character.isDigit(v.charAt(digits))) {
            digits++;
        }
        if (digits == 0 || digits > 12) {
            return 0;
        }
        long n = Long.parseLong(v.substring(0, digits));
        switch (v.substring(digits).trim()) {
            case "ns": return n;
            case "us": return n * 1_000L;
            case "ms": return n * 1_000_000L;
            case "s": return n * 1_000_000_000L;
            case "m": return n * 60_000_000_000L;
            default: return 0;
        }
    }

    private static long parseNanos(String value) {
        if (value == null || value.isEmpty() || value.length() > 18) {
            return 0;
        }
        for (int i = 0; i < value.length(); i++) {
            if (!Character.isDigit(value.charAt(i))) {
                return 0;
            }
        }
        return Long.parseLong(value);
    }

    /**
     * The recorded JVM as a profile describes a process: pid and main class from
     * {@code jdk.JVMInformation}, JDK and VM from the initial system properties (what
     * {@link ProcessInfo#current()} reads in a live JVM), the span from the chunk headers.
     */
    ProcessInfo process(JfrChunks chunks, long intervalNanos, String engine) {
        ProcessInfo p = new ProcessInfo();
        p.pid = Math.max(0, pid);
        p.mainClass = ProcessInfo.mainClassOf(javaArguments);
        p.args = ProcessInfo.argsOf(javaArguments);
        p.jdk = javaVersion != null ? javaVersion : jdkOf(vmVersion != null ? vmVersion : jvmVersion);
        p.vm = vmName != null ? vmName + (vmVersion != null ? " " + vmVersion : "") : jvmName;
        p.host = host;
        long start = chunks.startNanos > 0 ? chunks.startNanos : firstNanos == Long.MAX_VALUE ? 0 : firstNanos;
        long end = chunks.endNanos > 0 ? chunks.endNanos : lastNanos;
        p.startMillis = TimeUnit.NANOSECONDS.toMillis(start);
        p.endMillis = Math.max(p.startMillis, TimeUnit.NANOSECONDS.toMillis(end));
        p.intervalNanos = intervalNanos;
        p.engine = engine;
        // async-profiler walks stacks from a signal with the JIT's debug information at any
        // instruction (it turns DebugNonSafepoints on itself).
        p.inlinedExact = asyncProfiler || debugNonSafepoints;
        return p;
    }

    /**
     * {@code java.version} from the VM's version ({@code 17.0.15+6-Debian-1deb12u1}, or the JDK's
     * {@code jvmVersion}, {@code "OpenJDK 64-Bit Server VM (17.0.15+6-...) for linux-amd64 JRE (...)"}):
     * the JVM itself sets that property only after JFR records the initial ones.
     */
    static String jdkOf(String version) {
        String v = version;
        int open = v.indexOf('(');
        if (open >= 0) {
            int close = v.indexOf(')', open);
            v = close > open ? v.substring(open + 1, close) : v.substring(open + 1);
        }
        int end = 0;
        while (end < v.length() && (Character.isDigit(v.charAt(end)) || v.charAt(end) == '.')) {
            end++;
        }
        return end > 0 ? v.substring(0, end) : version;
    }

    private static long epochNanos(Instant t) {
        if (t == null || t.getEpochSecond() < 0 || t.getEpochSecond() > Long.MAX_VALUE / 1_000_000_000L - 1) {
            return 0;
        }
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /**
     * A field's value, null where the event has no such field: these events are read for what they
     * add, and one written by another recorder without a field must not end the reading.
     */
    private static Object value(RecordedEvent e, String field) {
        return e.hasField(field) ? e.getValue(field) : null;
    }

    private static String string(RecordedEvent e, String field) {
        Object v = value(e, field);
        return v instanceof String ? (String) v : null;
    }

    private static long number(RecordedEvent e, String field) {
        Object v = value(e, field);
        return v instanceof Number ? ((Number) v).longValue() : 0;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
