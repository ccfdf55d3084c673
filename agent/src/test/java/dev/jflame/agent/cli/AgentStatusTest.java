package dev.jflame.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AgentStatusTest {
    private static final String LINE = "running since=1700000000000 samples=5000 ticks=%d tick_p50_us=120 tick_p99_us=900"
            + " tick_max_us=3000 interval=10ms active_ms=%d capture=batched output=/tmp/a b.html";

    @Test
    void rateReachedComparesTicksWithWhatTheIntervalAsked() {
        AgentStatus s = AgentStatus.parse(String.format(LINE, 980, 10_000));
        assertEquals("98.0 ticks/s, 98 % of the 100.0/s asked", s.rateReached());
        assertEquals("/tmp/a b.html", s.output());
        assertTrue(s.describe(7).contains("  rate       98.0 ticks/s, 98 % of the 100.0/s asked\n"), s.describe(7));
    }

    @Test
    void aLowRateIsFlagged() {
        String rate = AgentStatus.parse(String.format(LINE, 700, 10_000)).rateReached();
        assertTrue(rate.startsWith("70.0 ticks/s, 70 % of the 100.0/s asked (low:"), rate);
    }

    @Test
    void agentsThatDoNotPublishTheRateShowNone() {
        assertNull(AgentStatus.parse("running since=1 samples=5 ticks=3 interval=10ms output=/x").rateReached());
        assertTrue(!AgentStatus.parse("running since=1 samples=5 ticks=3 interval=10ms output=/x").describe(1).contains("rate"));
    }
}
