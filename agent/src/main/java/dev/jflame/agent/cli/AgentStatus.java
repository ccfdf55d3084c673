package dev.jflame.agent.cli;

import dev.jflame.core.options.Durations;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The agent's state in a target as published in its {@code jflame.status} property: absent (jflame
 * never started there), running or stopped. Immutable.
 */
final class AgentStatus {
    static final String PROPERTY = "jflame.status";

    private final String state;
    private final Map<String, String> fields;

    private AgentStatus(String state, Map<String, String> fields) {
        this.state = state;
        this.fields = fields;
    }

    static AgentStatus from(Properties properties) {
        return parse(properties.getProperty(PROPERTY));
    }

    /** Parses {@code running|stopped key=value ... output=PATH}; null or blank means absent. */
    static AgentStatus parse(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (line == null || line.trim().isEmpty()) {
            return new AgentStatus("absent", fields);
        }
        String rest = line.trim();
        int out = rest.indexOf(" output=");
        if (out >= 0) {
            fields.put("output", rest.substring(out + " output=".length()));
            rest = rest.substring(0, out);
        }
        String[] words = rest.split(" ");
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq > 0) {
                fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
            }
        }
        return new AgentStatus(words[0], fields);
    }

    boolean isLoaded() {
        return !state.equals("absent");
    }

    boolean isRunning() {
        return state.equals("running");
    }

    long samples() {
        return number("samples");
    }

    String output() {
        return fields.getOrDefault("output", "?");
    }

    /** For {@code jflame list}: {@code running}, {@code stopped} or {@code -}. */
    String word() {
        return isLoaded() ? state : "-";
    }

    /** A readable multi-line description for {@code jflame status}. */
    String describe(long pid) {
        if (!isLoaded()) {
            return "jflame is not running in pid " + pid + " (never started there)";
        }
        long since = number("since");
        String started = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss", Locale.ROOT).format(new Date(since));
        StringBuilder sb = new StringBuilder();
        if (isRunning()) {
            long secs = Math.max(0, (System.currentTimeMillis() - since) / 1000);
            sb.append("jflame is running in pid ").append(pid).append(" since ").append(started)
                    .append(" (").append(secs).append("s)\n");
        } else {
            sb.append("jflame is not running in pid ").append(pid).append(" (last run started ").append(started).append(")\n");
        }
        sb.append("  samples    ").append(samples()).append(" in ").append(number("ticks")).append(" ticks, interval ")
                .append(fields.getOrDefault("interval", "?")).append(", capture ").append(fields.getOrDefault("capture", "?")).append('\n');
        String rate = rateReached();
        if (rate != null) {
            sb.append("  rate       ").append(rate).append('\n');
        }
        sb.append("  tick cost  p50 ").append(number("tick_p50_us")).append("us, p99 ").append(number("tick_p99_us"))
                .append("us, max ").append(number("tick_max_us")).append("us\n");
        sb.append(isRunning() ? "  writing    " : "  wrote      ").append(output());
        return sb.toString();
    }

    /**
     * Ticks reached against the ticks the interval asked for while the sampler ran, with a warning
     * under 90 %; null where the agent does not publish it (older agents, no tick yet).
     */
    String rateReached() {
        long ticks = number("ticks");
        long activeMillis = number("active_ms");
        long intervalNanos = intervalNanos(fields.get("interval"));
        if (ticks <= 0 || activeMillis <= 0 || intervalNanos <= 0) {
            return null;
        }
        double asked = activeMillis * 1e6 / intervalNanos;
        double share = ticks / asked;
        String line = String.format(Locale.ROOT, "%.1f ticks/s, %.0f %% of the %.1f/s asked", ticks * 1000.0 / activeMillis,
                100 * share, 1e9 / intervalNanos);
        return share < 0.9 ? line + " (low: the sampler is starved of CPU or its ticks are slow; shares stay right)" : line;
    }

    private static long intervalNanos(String interval) {
        try {
            return interval == null ? -1 : Durations.parse("interval", interval, false);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private long number(String key) {
        try {
            return Long.parseLong(fields.getOrDefault(key, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
