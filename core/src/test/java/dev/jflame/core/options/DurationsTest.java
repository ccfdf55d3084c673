package dev.jflame.core.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void units() {
        assertEquals(250_000L, Durations.parse("x", "250us", false));
        assertEquals(10_000_000L, Durations.parse("x", "10ms", false));
        assertEquals(1_500_000_000L, Durations.parse("x", "1.5s", false));
        assertEquals(120_000_000_000L, Durations.parse("x", "2m", false));
        assertEquals(30_000_000_000L, Durations.parse("x", "30", true));
    }

    @Test
    void rejectsBareNumberWhereAUnitIsNeeded() {
        assertThrows(OptionException.class, () -> Durations.parse("interval", "10", false));
        assertThrows(OptionException.class, () -> Durations.parse("interval", "ms", false));
        assertThrows(OptionException.class, () -> Durations.parse("interval", "+5ms", false));
    }

    @Test
    void numbersAreDigitsWithAtMostOnePoint() {
        for (String ok : new String[] {"5", "2.5", ".5", "5.", "007"}) {
            assertEquals(true, Durations.isDecimal(ok), ok);
        }
        for (String bad : new String[] {"", ".", "1.2.3", "1e3", "-1", "1d", " 1", "0x10", "１"}) {
            assertEquals(false, Durations.isDecimal(bad), bad);
        }
        assertThrows(OptionException.class, () -> Durations.parse("interval", "1.2.3ms", false));
        assertThrows(OptionException.class, () -> Durations.parse("interval", "1e3us", false));
    }

    @Test
    void formatsBack() {
        assertEquals("10ms", Durations.format(10_000_000L));
        assertEquals("2s", Durations.format(2_000_000_000L));
        assertEquals("250us", Durations.format(250_000L));
    }
}
