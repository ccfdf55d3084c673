package dev.jflame.agent.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/** A collapsed (folded) profile read back for assertions: stack line to sample count. */
final class Collapsed {
    final Map<String, Long> lines;

    private Collapsed(Map<String, Long> lines) {
        this.lines = lines;
    }

    /** The collapsed lines of a profile read from JSON, without thread frames (as the collapsed output writes them). */
    static Collapsed of(dev.jflame.core.model.Profile profile) {
        return new Collapsed(new LinkedHashMap<>(new dev.jflame.core.format.collapsed.CollapsedWriter(false).lines(profile)));
    }

    /** The collapsed lines of a profile read from JSON, each under its thread's frame ({@code [thread name];...}). */
    static Collapsed withThreads(dev.jflame.core.model.Profile profile) {
        return new Collapsed(new LinkedHashMap<>(new dev.jflame.core.format.collapsed.CollapsedWriter(true).lines(profile)));
    }

    static Collapsed read(Path file) throws IOException {
        Map<String, Long> lines = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isEmpty()) {
                continue;
            }
            int sp = line.lastIndexOf(' ');
            lines.merge(line.substring(0, sp), Long.parseLong(line.substring(sp + 1)), Long::sum);
        }
        return new Collapsed(lines);
    }

    long sum(Predicate<String> stack) {
        long total = 0;
        for (Map.Entry<String, Long> e : lines.entrySet()) {
            if (stack.test(e.getKey())) {
                total += e.getValue();
            }
        }
        return total;
    }

    long total() {
        return sum(s -> true);
    }

    /** The heaviest lines, for assertion messages. */
    String top(int n) {
        StringBuilder sb = new StringBuilder();
        lines.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .forEach(e -> sb.append(e.getValue()).append("  ").append(e.getKey()).append('\n'));
        return sb.toString();
    }
}
