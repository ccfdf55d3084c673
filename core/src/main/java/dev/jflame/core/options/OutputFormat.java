package dev.jflame.core.options;

import java.util.Locale;

/** The output formats, chosen by {@code format=} or by the output file's extension. Immutable. */
public enum OutputFormat {
    HTML("html"),
    COLLAPSED("collapsed"),
    JSON("json");

    private final String key;

    OutputFormat(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The format an option value names, e.g. {@code collapsed}. */
    public static OutputFormat named(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        for (OutputFormat f : values()) {
            if (f.key.equals(v)) {
                return f;
            }
        }
        if (v.equals("txt") || v.equals("folded")) {
            return COLLAPSED;
        }
        throw new OptionException("bad format '" + value + "': expected html, collapsed or json");
    }

    /** The format a file name implies, or null if its extension says nothing. */
    public static OutputFormat forFile(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.endsWith(".html") || p.endsWith(".htm")) {
            return HTML;
        }
        if (p.endsWith(".collapsed") || p.endsWith(".txt") || p.endsWith(".folded")) {
            return COLLAPSED;
        }
        if (p.endsWith(".json")) {
            return JSON;
        }
        return null;
    }
}
