package dev.jflame.core.format;

import dev.jflame.core.model.Profile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a profile in one input format. Implementations are stateless and thread-safe.
 *
 * <p>A path rather than a stream: JFR's reader seeks. Input comes from users, so a reader is strict
 * and bounded: anything it cannot read is an {@link IOException} whose message is one line in
 * jflame's words (no stack trace, no class names), and what it allocates is bounded by the file's size.
 */
public interface ProfileReader {
    /** @throws IOException with a one-line message if {@code file} is not a readable profile of this format */
    Profile read(Path file) throws IOException;

    /** A library's message made one short line, without its class names. */
    static String oneLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        // Gson wraps its causes as "java.io.EOFException: ..." and names shaded classes: keep the words only.
        String m = message.replace('\r', ' ').replace('\n', ' ')
                .replaceAll("(?:[a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error):\\s*", "");
        int see = m.indexOf(" See https://");
        if (see > 0) {
            m = m.substring(0, see);
        }
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }
}
