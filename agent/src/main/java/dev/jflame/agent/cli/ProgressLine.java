package dev.jflame.agent.cli;

import java.io.PrintStream;

/**
 * The one-line progress display of {@code jflame attach}, redrawn in place. Shown only on a terminal,
 * so logs and pipes get no carriage returns. Not thread-safe (the attach loop owns it).
 */
final class ProgressLine {
    private final PrintStream out;
    private final boolean enabled;
    private int lastLength;

    private ProgressLine(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    static ProgressLine onTerminal() {
        return new ProgressLine(System.err, System.console() != null);
    }

    void show(long pid, long elapsedMillis, long durationMillis, long samples) {
        if (!enabled) {
            return;
        }
        String time = durationMillis > 0
                ? String.format("%ds / %ds, %ds left", elapsedMillis / 1000, durationMillis / 1000,
                        Math.max(0, (durationMillis - elapsedMillis + 999) / 1000))
                : String.format("%ds, Ctrl+C to stop", elapsedMillis / 1000);
        String text = "jflame: profiling pid " + pid + "  " + time + "  " + samples + " samples";
        StringBuilder sb = new StringBuilder("\r").append(text);
        for (int i = text.length(); i < lastLength; i++) {
            sb.append(' ');
        }
        lastLength = text.length();
        out.print(sb);
        out.flush();
    }

    /** Ends the line so later messages start on their own. */
    void end() {
        if (enabled && lastLength > 0) {
            out.println();
            lastLength = 0;
        }
    }
}
