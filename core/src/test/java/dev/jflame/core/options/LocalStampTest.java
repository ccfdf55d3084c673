package dev.jflame.core.options;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LocalStampTest {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Test
    void agreesWithJavaTimeOverFourCenturiesAndEveryKindOfOffset() {
        SplittableRandom random = new SplittableRandom(30);
        long from = Instant.parse("1900-01-01T00:00:00Z").toEpochMilli();
        long to = Instant.parse("2300-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 200_000; i++) {
            long millis = random.nextLong(from, to);
            int offset = random.nextInt(-14 * 3600, 14 * 3600 + 1) * 1000;
            assertEquals(expected(millis, offset), LocalStamp.of(millis, offset), millis + " at offset " + offset);
        }
    }

    @Test
    void leapDaysAndTheEndsOfYearsAndDays() {
        String[] instants = {"2000-02-29T23:59:59.999Z", "2000-03-01T00:00:00Z", "2100-02-28T12:00:00Z", "2100-03-01T00:00:00Z",
            "2024-12-31T23:59:59Z", "2025-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.500Z"};
        for (String s : instants) {
            long millis = Instant.parse(s).toEpochMilli();
            for (int offset : new int[] {0, 3_600_000, -3_600_000, 20_700_000, -36_000_000}) {
                assertEquals(expected(millis, offset), LocalStamp.of(millis, offset), s + " at offset " + offset);
            }
        }
    }

    @Test
    void theDefaultZoneIsTheJvms() {
        long now = System.currentTimeMillis();
        assertEquals(LocalDateTime.ofInstant(Instant.ofEpochMilli(now), java.time.ZoneId.systemDefault()).format(STAMP), LocalStamp.of(now));
    }

    private static String expected(long millis, int offsetMillis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.ofTotalSeconds(offsetMillis / 1000)).format(STAMP);
    }
}
