package dev.jflame.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.agent.protocol.Status;
import org.junit.jupiter.api.Test;

class StatusTextTest {
    private static final String LINE = "running since=1700000000000 samples=5000 ticks=%d tick_p50_us=120 tick_p99_us=900"
            + " tick_max_us=3000 interval=10ms active_ms=%d capture=batched output=/tmp/a b.html";

    @Test
    void rateReachedComparesTicksWithWhatTheIntervalAsked() {
        Status s = Status.parse(String.format(LINE, 980, 10_000));
        assertEquals("98.0 ticks/s, 98 % of the 100.0/s asked", StatusText.rateReached(s));
        String text = StatusText.describe(s, 7);
        assertTrue(text.contains("  rate       98.0 ticks/s, 98 % of the 100.0/s asked\n"), text);
        assertTrue(text.contains("interval 10ms, capture batched\n"), text);
        assertTrue(text.endsWith("  writing    /tmp/a b.html"), text);
    }

    @Test
    void aLowRateIsFlagged() {
        String rate = StatusText.rateReached(Status.parse(String.format(LINE, 700, 10_000)));
        assertTrue(rate.startsWith("70.0 ticks/s, 70 % of the 100.0/s asked (low:"), rate);
    }

    @Test
    void agentsThatDoNotPublishTheRateShowNone() {
        Status old = Status.parse("running since=1 samples=5 ticks=3 interval=10ms output=/x");
        assertNull(StatusText.rateReached(old));
        String text = StatusText.describe(old, 1);
        assertFalse(text.contains("rate"), text);
        assertTrue(text.contains("capture ?"), text);
    }

    @Test
    void absentAndStoppedAreWordedForListAndStatus() {
        assertEquals("-", StatusText.word(Status.ABSENT));
        assertEquals("jflame is not running in pid 9 (never started there)", StatusText.describe(Status.parse(null), 9));
        Status stopped = Status.parse("stopped since=1 samples=5 ticks=3 interval=10ms output=/x");
        assertEquals("stopped", StatusText.word(stopped));
        assertTrue(StatusText.describe(stopped, 9).endsWith("  wrote      /x"), StatusText.describe(stopped, 9));
    }
}
