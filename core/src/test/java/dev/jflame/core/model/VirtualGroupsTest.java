package dev.jflame.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Virtual threads' groups by name: a numbered pool is one group, and there are never more than a few dozen. */
class VirtualGroupsTest {
    @Test
    void aGroupIsTheNameWithoutItsNumber() {
        VirtualGroups g = new VirtualGroups();
        assertEquals("sleeper", g.of("sleeper-7"));
        assertEquals("sleeper", g.of("sleeper-12"));
        assertEquals("sleeper", g.of("sleeper"));
        assertEquals("worker", g.of("worker#3"));
        assertEquals("pool-2-thread", g.of("pool-2-thread-9"));
        assertEquals("client", g.of("client"));
        assertEquals("", g.of(""));
        assertEquals("", g.of(null));
        assertEquals("", g.of("42"));
    }

    @Test
    void pastTheLimitNewGroupsAreTheUnnamedOne() {
        VirtualGroups g = new VirtualGroups();
        for (int i = 0; i < VirtualGroups.MAX_GROUPS; i++) {
            assertEquals("pool" + (char) ('a' + i % 26) + i / 26, g.of("pool" + (char) ('a' + i % 26) + i / 26 + "-1"));
        }
        assertEquals("", g.of("one-too-many-1"));
        // Groups already known stay known, names past the cache included.
        for (int i = 0; i < VirtualGroups.MAX_NAMES + 10; i++) {
            assertEquals("poola0", g.of("poola0-" + i));
        }
    }
}
