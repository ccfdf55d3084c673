package dev.jflame.core.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PidsTest {
    @Test
    void agreeWithProcessHandle() {
        assertEquals(ProcessHandle.current().pid(), Pids.self());
        assertEquals(ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L), Pids.parent());
    }

    @Test
    void statFieldsCountFromTheLastParenthesis() {
        assertArrayEquals(new long[] {4242, 17}, Pids.parseStat("4242 (java) S 17 4242 4242 0 -1"));
        assertArrayEquals(new long[] {9, 3}, Pids.parseStat("9 (a) b) (c d) R 3 9 9"), "a command name with spaces and parentheses");
        assertNull(Pids.parseStat("garbage"));
        assertNull(Pids.parseStat("x (java) S y"));
    }
}
