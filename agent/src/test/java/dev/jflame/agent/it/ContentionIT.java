package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each kind of waiting shows its own state at the frame where the thread waits. */
class ContentionIT {
    private static Collapsed profile;

    @BeforeAll
    static void profileContention() throws Exception {
        Path out = Jvm.workDir("contention").resolve("contention.collapsed");
        Jvm.Result r = Jvm.run(List.of(Jvm.agent("file=" + out)), "Contention", "--seconds", "4");
        assertEquals(0, r.exit, r.toString());
        profile = Collapsed.read(out);
    }

    @Test
    void blockedSamplesEndAtTheSynchronizedMethodWithTheMonitorClass() {
        assertBlocked(profile);
    }

    @Test
    void reentrantLockWaitersAreWaitingOnTheLockUnderLockedWork() {
        assertLockWaits(profile);
    }

    @Test
    void objectWaitSleepAndParkEachShowTheirState() {
        assertWaits(profile);
    }

    @Test
    void lockHoldersAreRunning() {
        assertHolders(profile);
    }

    /** Every assertion of this class, for the same program profiled on another JDK. */
    static void assertStates(Collapsed c) {
        assertBlocked(c);
        assertLockWaits(c);
        assertWaits(c);
        assertHolders(c);
    }

    static void assertBlocked(Collapsed c) {
        String monitor = "[BLOCKED on dev.jflame.testapps.Contention$SharedMonitor]";
        assertAtLeast(c, 100, s -> s.endsWith("dev.jflame.testapps.Contention$SharedMonitor.criticalSection;" + monitor));
        assertEquals(0, c.sum(s -> s.endsWith(monitor) && !s.endsWith("criticalSection;" + monitor)), c.top(20));
    }

    static void assertLockWaits(Collapsed c) {
        assertAtLeast(c, 100, s -> s.contains("dev.jflame.testapps.Contention.lockedWork;")
                && s.endsWith("[WAITING on java.util.concurrent.locks.ReentrantLock$NonfairSync]"));
    }

    static void assertWaits(Collapsed c) {
        assertAtLeast(c, 200, s -> s.contains("dev.jflame.testapps.Contention.awaitSignal;java.lang.Object.wait")
                && s.endsWith("[WAITING on dev.jflame.testapps.Contention$Signal]"));
        assertAtLeast(c, 200, s -> s.contains("dev.jflame.testapps.Contention.awaitWithTimeout;java.lang.Object.wait")
                && s.endsWith("[TIMED_WAITING on dev.jflame.testapps.Contention$Signal]"));
        assertAtLeast(c, 200, s -> s.contains("dev.jflame.testapps.Contention.nap;java.lang.Thread.sleep")
                && s.endsWith("[TIMED_WAITING]"));
        assertAtLeast(c, 200, s -> s.contains("dev.jflame.testapps.Contention.parkForever;java.util.concurrent.locks.LockSupport.park")
                && s.endsWith("[PARKED]"));
    }

    static void assertHolders(Collapsed c) {
        assertAtLeast(c, 50, s -> s.contains("Contention$SharedMonitor.criticalSection") && !s.endsWith("]"));
        assertAtLeast(c, 50, s -> s.contains("Contention.lockedWork") && !s.endsWith("]"));
    }

    private static void assertAtLeast(Collapsed c, long min, Predicate<String> stack) {
        long n = c.sum(stack);
        assertTrue(n >= min, "expected at least " + min + " samples, got " + n + "\n" + c.top(25));
    }
}
