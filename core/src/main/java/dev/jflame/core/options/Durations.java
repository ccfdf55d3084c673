package dev.jflame.core.options;

import java.util.Locale;

/** Parses time values such as {@code 10ms}, {@code 500us}, {@code 2s}, {@code 1m}. Stateless. */
public final class Durations {
    private Durations() {
    }

    /**
     * Returns nanoseconds.
     *
     * @param bareSeconds whether a bare number means seconds (durations) rather than an error (intervals)
     * @throws OptionException naming the key and the valid forms
     */
    public static long parse(String key, String value, boolean bareSeconds) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long unit;
        String digits;
        if (v.endsWith("us")) {
            unit = 1_000L;
            digits = v.substring(0, v.length() - 2);
        } else if (v.endsWith("ms")) {
            unit = 1_000_000L;
            digits = v.substring(0, v.length() - 2);
        } else if (v.endsWith("s")) {
            unit = 1_000_000_000L;
            digits = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            unit = 60_000_000_000L;
            digits = v.substring(0, v.length() - 1);
        } else if (bareSeconds) {
            unit = 1_000_000_000L;
            digits = v;
        } else {
            throw bad(key, value);
        }
        try {
            double n = Double.parseDouble(digits);
            // Only digits and a point: parseDouble alone would take "1d" and "1f" as one second.
            if (n < 0 || Double.isNaN(n) || Double.isInfinite(n) || !isDecimal(digits)) {
                throw bad(key, value);
            }
            return Math.round(n * unit);
        } catch (NumberFormatException e) {
            throw bad(key, value);
        }
    }

    /**
     * Digits with at most one point and at least one digit ({@code 5}, {@code 2.5}, {@code .5},
     * {@code 5.}). By hand, not a regex: it runs for every duration option in the agent's premain.
     */
    static boolean isDecimal(String s) {
        int digits = 0;
        int points = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && ++points == 1) {
                continue;
            } else {
                return false;
            }
        }
        return digits > 0;
    }

    /** Formats nanoseconds the way {@link #parse} reads them back, e.g. {@code 10ms}. */
    public static String format(long nanos) {
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        return nanos / 1_000L + "us";
    }

    private static OptionException bad(String key, String value) {
        return new OptionException("bad " + key + " '" + value + "': expected a time such as 500us, 10ms, 2s or 1m");
    }
}
