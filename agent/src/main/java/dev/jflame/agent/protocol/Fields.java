package dev.jflame.agent.protocol;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code key=value} list that {@link Status} and {@link Reply} share: pairs separated by one space,
 * with {@code output=PATH} last, because its value runs to the end of the text — a path may hold
 * spaces and {@code =}, which no other value does. Readers ignore keys they do not know, so either
 * side may be the newer jflame. Stateless.
 */
final class Fields {
    static final String OUTPUT = "output";
    static final String SAMPLES = "samples";
    private static final String OUTPUT_MARK = OUTPUT + "=";

    private Fields() {
    }

    static void append(StringBuilder sb, String key, long value) {
        separate(sb).append(key).append('=').append(value);
    }

    /** Appends nothing for null. {@link #OUTPUT} must be the last key appended. */
    static void append(StringBuilder sb, String key, String value) {
        if (value != null) {
            separate(sb).append(key).append('=').append(value);
        }
    }

    private static StringBuilder separate(StringBuilder sb) {
        return sb.length() == 0 || sb.charAt(sb.length() - 1) == '\n' ? sb : sb.append(' ');
    }

    static Map<String, String> parse(String text) {
        Map<String, String> fields = new HashMap<>();
        int at = -1;
        if (text.startsWith(OUTPUT_MARK)) {
            at = 0;
        } else {
            int space = text.indexOf(" " + OUTPUT_MARK);
            at = space < 0 ? -1 : space + 1;
        }
        String words = text;
        if (at >= 0) {
            fields.put(OUTPUT, text.substring(at + OUTPUT_MARK.length()));
            words = text.substring(0, at);
        }
        for (String w : words.split(" ")) {
            int eq = w.indexOf('=');
            if (eq > 0) {
                fields.put(w.substring(0, eq), w.substring(eq + 1));
            }
        }
        return fields;
    }

    /** The number under {@code key}, or {@code missing} where it is absent or not a number. */
    static long number(Map<String, String> fields, String key, long missing) {
        String v = fields.get(key);
        if (v == null) {
            return missing;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return missing;
        }
    }
}
