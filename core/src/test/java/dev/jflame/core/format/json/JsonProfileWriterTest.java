package dev.jflame.core.format.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.HdrHistogram.PackedHistogram;
import org.junit.jupiter.api.Test;

/** The writer's constants that stand for work it no longer does at run time. */
class JsonProfileWriterTest {
    @Test
    void theEmptyHistogramLiteralIsTheEncodingOfAnEmptyHistogramOfTheStatisticsRange() {
        assertEquals(JsonProfileWriter.encoded(new PackedHistogram(60_000_000L, 2)), JsonProfileWriter.EMPTY_HDR);
    }
}
