package dev.jflame.flamegraph;

import java.util.ArrayList;
import java.util.List;

/**
 * The page template ({@link PagePieces} joins it), split at its marker comments
 * ({@code <!--@jflame:NAME@-->} or {@code /*@jflame:NAME@*}{@code /}). Immutable and thread-safe.
 *
 * <p>Markers are looked up in the order given and must each appear exactly once, so a template edit
 * that loses or duplicates one fails the first test rather than producing a page with data missing.
 */
final class Template {
    private final List<String> parts;

    private Template(List<String> parts) {
        this.parts = parts;
    }

    static Template split(String text, String... markers) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (String m : markers) {
            int at = text.indexOf(m, from);
            if (at < 0 || text.indexOf(m, at + m.length()) >= 0) {
                throw new IllegalStateException("template marker " + m + " must appear exactly once, in order");
            }
            parts.add(text.substring(from, at));
            from = at + m.length();
        }
        parts.add(text.substring(from));
        return new Template(parts);
    }

    /** The text before marker {@code i}, or after the last marker for {@code i == markers}. */
    String part(int i) {
        return parts.get(i);
    }
}
