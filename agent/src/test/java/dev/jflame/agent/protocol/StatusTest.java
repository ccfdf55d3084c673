package dev.jflame.agent.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatusTest {
    private static final String PATH = "/tmp/my dir/a=b output=c.html";

    @Test
    void formatThenParseGivesTheSameStatus() {
        Status s = new Status(Status.State.RUNNING, 1_700_000_000_000L, 5000, 980, 120, 900, 3000, 10_000_000L, 10_000,
                "jfr+batched", PATH);
        String line = s.format();
        // The wire form older and newer CLIs read: unchanged.
        assertEquals("running since=1700000000000 samples=5000 ticks=980 tick_p50_us=120 tick_p99_us=900 tick_max_us=3000"
                + " interval=10ms active_ms=10000 capture=jfr+batched output=" + PATH, line);
        Status back = Status.parse(line);
        assertEquals(Status.State.RUNNING, back.state());
        assertTrue(back.isRunning());
        assertEquals(1_700_000_000_000L, back.sinceMillis());
        assertEquals(5000, back.samples());
        assertEquals(980, back.ticks());
        assertEquals(120, back.tickP50Micros());
        assertEquals(900, back.tickP99Micros());
        assertEquals(3000, back.tickMaxMicros());
        assertEquals(10_000_000L, back.intervalNanos());
        assertEquals(10_000, back.activeMillis());
        assertEquals("jfr+batched", back.capture());
        assertEquals(PATH, back.output());
        assertEquals(line, back.format());
    }

    @Test
    void absentIsTheMissingProperty() {
        assertSame(Status.ABSENT, Status.parse(null));
        assertSame(Status.ABSENT, Status.parse("  "));
        assertEquals(Status.State.ABSENT, Status.parse(Status.ABSENT.format()).state());
        assertFalse(Status.ABSENT.isRunning());
        assertEquals("jflame.status", Status.PROPERTY);
    }

    @Test
    void whatAnOlderAgentDidNotPublishReadsAsUnknown() {
        Status old = Status.parse("stopped since=1 samples=5 ticks=3 interval=10ms output=/x");
        assertEquals(Status.State.STOPPED, old.state());
        assertEquals(5, old.samples());
        assertEquals(0, old.activeMillis());
        assertNull(old.capture());
        assertEquals("/x", old.output());
    }

    @Test
    void unknownWordsAndKeysDoNotBreakReading() {
        Status newer = Status.parse("paused since=1 samples=x future_key=7 interval=fast output=/y");
        assertEquals(Status.State.STOPPED, newer.state());
        assertEquals(0, newer.samples());
        assertEquals(0, newer.intervalNanos());
        assertEquals("/y", newer.output());
    }
}
