package dev.jflame.core.options;

import java.util.TimeZone;

/**
 * The {@code %t} of an output path: an instant as {@code yyyyMMdd-HHmmss} in the JVM's time zone. Stateless.
 *
 * <p>Worked out here rather than with {@code SimpleDateFormat}, which loads the JDK's locale data into the
 * profiled application's heap for good: 0.7 MB there, most of what the agent kept at start-up (measured
 * with {@code bench/StartupHeap.java}); {@code java.time} brings its field and unit tables. The zone's
 * offset alone costs about 0.15 MB, and only a path that has {@code %t} pays it.
 */
final class LocalStamp {
    private static final long MILLIS_PER_DAY = 86_400_000L;
    /** Days in 400 Gregorian years: the calendar repeats after them. */
    private static final long DAYS_PER_ERA = 146_097L;
    /** Days from 0000-03-01 to 1970-01-01; counting years from March puts the leap day at a year's end. */
    private static final long MARCH_ZERO_TO_EPOCH = 719_468L;

    private LocalStamp() {
    }

    static String of(long epochMillis) {
        return of(epochMillis, TimeZone.getDefault().getOffset(epochMillis));
    }

    /** {@code epochMillis} shifted by {@code offsetMillis} (the zone's, daylight saving included). */
    static String of(long epochMillis, long offsetMillis) {
        long local = epochMillis + offsetMillis;
        long days = Math.floorDiv(local, MILLIS_PER_DAY) + MARCH_ZERO_TO_EPOCH;
        long secondOfDay = Math.floorMod(local, MILLIS_PER_DAY) / 1000;
        long era = Math.floorDiv(days, DAYS_PER_ERA);
        long dayOfEra = days - era * DAYS_PER_ERA;
        // Years of 365 days, less the leap days before them: one every 4 years, none every 100, one every 400.
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / (DAYS_PER_ERA - 1)) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        // Months from March have the lengths 31 30 31 30 31 31 30 31 30 31 31 (29|28): 153 days every five.
        long monthFromMarch = (5 * dayOfYear + 2) / 153;
        long day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1;
        long month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
        long year = era * 400 + yearOfEra + (month <= 2 ? 1 : 0);
        StringBuilder sb = new StringBuilder(15);
        pad(sb, year, 4);
        pad(sb, month, 2);
        pad(sb, day, 2);
        sb.append('-');
        pad(sb, secondOfDay / 3600, 2);
        pad(sb, secondOfDay / 60 % 60, 2);
        pad(sb, secondOfDay % 60, 2);
        return sb.toString();
    }

    private static void pad(StringBuilder sb, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(digits);
    }
}
