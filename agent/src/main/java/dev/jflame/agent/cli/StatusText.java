package dev.jflame.agent.cli;

import dev.jflame.agent.protocol.Status;
import dev.jflame.core.options.Durations;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Locale;

/** How the CLI words an agent's published {@link Status} for people. Stateless. */
final class StatusText {
    private StatusText() {
    }

    /** For {@code jflame list}: {@code running}, {@code stopped} or {@code -}. */
    static String word(Status status) {
        return status.state() == Status.State.ABSENT ? "-" : status.state().word();
    }

    /** A readable multi-line description for {@code jflame status}. */
    static String describe(Status status, long pid) {
        if (status.state() == Status.State.ABSENT) {
            return "jflame is not running in pid " + pid + " (never started there)";
        }
        long since = status.sinceMillis();
        String started = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss", Locale.ROOT).format(new Date(since));
        StringBuilder sb = new StringBuilder();
        if (status.isRunning()) {
            long secs = Math.max(0, (System.currentTimeMillis() - since) / 1000);
            sb.append("jflame is running in pid ").append(pid).append(" since ").append(started)
                    .append(" (").append(secs).append("s)\n");
        } else {
            sb.append("jflame is not running in pid ").append(pid).append(" (last run started ").append(started).append(")\n");
        }
        sb.append("  samples    ").append(status.samples()).append(" in ").append(status.ticks()).append(" ticks, interval ")
                .append(status.intervalNanos() > 0 ? Durations.format(status.intervalNanos()) : "?")
                .append(", capture ").append(known(status.capture())).append('\n');
        String rate = rateReached(status);
        if (rate != null) {
            sb.append("  rate       ").append(rate).append('\n');
        }
        sb.append("  tick cost  p50 ").append(status.tickP50Micros()).append("us, p99 ").append(status.tickP99Micros())
                .append("us, max ").append(status.tickMaxMicros()).append("us\n");
        sb.append(status.isRunning() ? "  writing    " : "  wrote      ").append(known(status.output()));
        return sb.toString();
    }

    /**
     * Ticks reached against the ticks the interval asked for while the sampler ran, with a warning
     * under 90 %; null where the agent does not publish it (older agents, no tick yet).
     */
    static String rateReached(Status status) {
        long ticks = status.ticks();
        long activeMillis = status.activeMillis();
        long intervalNanos = status.intervalNanos();
        if (ticks <= 0 || activeMillis <= 0 || intervalNanos <= 0) {
            return null;
        }
        double asked = activeMillis * 1e6 / intervalNanos;
        double share = ticks / asked;
        String line = String.format(Locale.ROOT, "%.1f ticks/s, %.0f %% of the %.1f/s asked", ticks * 1000.0 / activeMillis,
                100 * share, 1e9 / intervalNanos);
        return share < 0.9 ? line + " (low: the sampler is starved of CPU or its ticks are slow; shares stay right)" : line;
    }

    private static String known(String value) {
        return value != null ? value : "?";
    }
}
