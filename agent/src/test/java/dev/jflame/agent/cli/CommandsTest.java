package dev.jflame.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CommandsTest {
    @Test
    void aMistypedCommandFindsTheNearestWithinTwoEdits() {
        Commands c = new Commands();
        assertEquals("attach", c.nearest("atach"));
        assertEquals("attach", c.nearest("attahc"));
        assertEquals("status", c.nearest("STATSU"));
        assertEquals("convert", c.nearest("covnert"));
        assertNull(c.nearest("frobnicate"));
        assertNull(c.nearest(""));
    }

    @Test
    void aSwapOfNeighboursIsOneEdit() {
        assertEquals(1, Commands.distance("ab", "ba"));
        assertEquals(0, Commands.distance("run", "run"));
        assertEquals(3, Commands.distance("", "run"));
    }
}
