package dev.jflame.agent.cli;

import dev.jflame.agent.children.ToolOptions;
import dev.jflame.core.options.Options;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Recognises a JVM whose jflame agent writes into one spool, by the {@code -javaagent} word on its
 * command line or in the {@code JAVA_TOOL_OPTIONS} it started with: such a JVM belongs to the run
 * that made the spool wherever it sits in the process table. Immutable and thread-safe.
 */
final class SpoolWriters implements Predicate<ProcessHandle> {
    private final String spool;

    SpoolWriters(File spool) {
        this.spool = spool.getAbsolutePath();
    }

    @Override
    public boolean test(ProcessHandle p) {
        List<String> words = new ArrayList<>(Arrays.asList(p.info().arguments().orElse(new String[0])));
        words.addAll(toolOptions(p));
        for (String word : words) {
            // Any agent jar's options that name this spool: a JVM hands on its jar's path as it got it.
            int options = word.indexOf(".jar=");
            if (word.startsWith("-javaagent:") && options > 0) {
                try {
                    if (Options.parse(word.substring(options + ".jar=".length())).spool().equals(spool)) {
                        return true;
                    }
                } catch (RuntimeException unreadable) {
                    // Not options of ours.
                }
            }
        }
        return false;
    }

    /** The words of the {@code JAVA_TOOL_OPTIONS} the process started with (Linux; none elsewhere). */
    private static List<String> toolOptions(ProcessHandle p) {
        Path environ = Path.of("/proc", Long.toString(p.pid()), "environ");
        try {
            if (!Files.isReadable(environ)) {
                return List.of();
            }
            String prefix = ToolOptions.NAME + "=";
            Optional<String> entry = Arrays.stream(new String(Files.readAllBytes(environ), StandardCharsets.UTF_8).split("\0"))
                    .filter(e -> e.startsWith(prefix)).findFirst();
            // The JVM splits the variable on whitespace; jflame's entry in it never holds any.
            return entry.map(e -> Arrays.asList(e.substring(prefix.length()).trim().split("\\s+"))).orElse(List.of());
        } catch (IOException | SecurityException gone) {
            return List.of();
        }
    }
}
