package dev.jflame.flamegraph;

/**
 * Escapes text for the two places the page inlines it: JSON inside a {@code <script>} element and
 * HTML text. Stateless.
 */
final class ScriptSafe {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ScriptSafe() {
    }

    /**
     * Appends {@code s} as a quoted JSON string that is also inert inside {@code <script>}: every
     * {@code <}, {@code >} and {@code &} is a \\u escape, so neither {@code </script} nor
     * {@code <!--} can appear, and U+2028/2029 are escaped for older JavaScript parsers. Unpaired
     * surrogates are escaped rather than left to the UTF-8 encoder, which would turn them into '?'.
     */
    static void appendJsonString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                case '<':
                case '>':
                case '&':
                case '\'':
                case '\u2028':
                case '\u2029':
                    unicode(out, c);
                    break;
                default:
                    if (c < 0x20 || c == 0x7f) {
                        unicode(out, c);
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                            out.append(c).append(s.charAt(++i));
                        } else {
                            unicode(out, c);
                        }
                    } else if (Character.isLowSurrogate(c)) {
                        unicode(out, c);
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        appendJsonString(b, s);
        return b.toString();
    }

    /** Escapes {@code s} for HTML text and attribute values. */
    static String html(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<':
                    b.append("&lt;");
                    break;
                case '>':
                    b.append("&gt;");
                    break;
                case '&':
                    b.append("&amp;");
                    break;
                case '"':
                    b.append("&quot;");
                    break;
                case '\'':
                    b.append("&#39;");
                    break;
                default:
                    b.append(c);
            }
        }
        return b.toString();
    }

    private static void unicode(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12 & 15]).append(HEX[c >> 8 & 15]).append(HEX[c >> 4 & 15]).append(HEX[c & 15]);
    }
}
