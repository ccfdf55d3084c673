package dev.jflame.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VirtualThreadCountsTest {
    @Test
    void aGroupMissingFromACensusCountsZeroAndANewOneStartsThere() {
        VirtualThreadCounts v = new VirtualThreadCounts();
        v.census(1_000, Map.of("client", 2_000L));
        v.census(2_000, Map.of("client", 1_990L, "", 1_500L));
        v.census(3_000, Map.of("", 1_400L));
        VirtualThreadCounts.Series client = v.groups().get(0);
        VirtualThreadCounts.Series unnamed = v.groups().get(1);
        assertEquals("client", client.group);
        assertEquals(3, client.size());
        assertEquals(0, client.count(2), "its threads ended");
        assertEquals(2, unnamed.size());
        assertEquals(2_000, unnamed.atMillis(0));
        assertEquals(1_400, unnamed.count(1));
    }

    /** A day of censuses a second stays within the cap, evenly spaced, and keeps the peak. */
    @Test
    void aLongSeriesMergesNeighboursKeepingThePeak() {
        VirtualThreadCounts v = new VirtualThreadCounts();
        int censuses = 86_400;
        for (int i = 0; i < censuses; i++) {
            v.census(i * 1_000L, Map.of("g", i == 50_001 ? 9_999L : (long) (i % 7)));
        }
        VirtualThreadCounts.Series s = v.groups().get(0);
        assertTrue(s.size() <= VirtualThreadCounts.MAX_POINTS && s.size() > VirtualThreadCounts.MAX_POINTS / 2, s.size() + " points");
        assertEquals(512, s.perPoint(), "86 400 censuses in at most 240 points of a power of two each");
        long peak = 0;
        for (int i = 0; i < s.size(); i++) {
            assertEquals(i * 512_000L, s.atMillis(i), "each point at its first census's time");
            peak = Math.max(peak, s.count(i));
        }
        assertEquals(9_999, peak);
        VirtualThreadCounts c = v.copy();
        v.census(censuses * 1_000L, Map.of("g", 1L));
        assertEquals(s.size(), c.groups().get(0).size(), "a copy does not move with the original");
    }

    @Test
    void groupsPastTheCapAreLeftOut() {
        VirtualThreadCounts v = new VirtualThreadCounts();
        for (int g = 0; g < VirtualThreadCounts.MAX_GROUPS + 5; g++) {
            v.census(g, Map.of("g" + g, 1L));
        }
        assertEquals(VirtualThreadCounts.MAX_GROUPS, v.groups().size());
    }
}
