package dev.jflame.flamegraph;

/**
 * Variable-length quantities in base-64 digits, as in source maps: five payload bits per digit, the
 * sixth says another digit follows. Small numbers (depth steps, sample counts) take one character, and
 * the digits need no escaping in JSON or HTML, so the page decodes them with {@code charCodeAt} alone.
 */
final class Vlq {
    static final String DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private Vlq() {
    }

    /** Appends {@code value}, which must be non-negative. */
    static void append(StringBuilder out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        do {
            int chunk = (int) (value & 31);
            value >>>= 5;
            out.append(DIGITS.charAt(value != 0 ? chunk | 32 : chunk));
        } while (value != 0);
    }

    /** Decodes a whole string; the Java twin of the page's decoder, for tests. */
    static long[] decode(String s) {
        long[] out = new long[s.length()];
        int n = 0;
        long value = 0;
        int shift = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = DIGITS.indexOf(s.charAt(i));
            value |= (long) (d & 31) << shift;
            if ((d & 32) != 0) {
                shift += 5;
            } else {
                out[n++] = value;
                value = 0;
                shift = 0;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
