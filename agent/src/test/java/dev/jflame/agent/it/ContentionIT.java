package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
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
        assertAtLeast(100, s -> s.endsWith("dev.jflame.testapps.Contention$SharedMonitor.criticalSection;"
                + "[BLOCKED on dev.jflame.testapps.Contention$SharedMonitor]"));
        assertEquals(0, profile.sum(s -> s.startsWith("[BLOCKED") || s.contains(";[BLOCKED on dev.jflame.testapps.Contention$SharedMonitor]")
                && !s.contains("criticalSection;[BLOCKED")), profile.top(20));
    }

    @Test
    void reentrantLockWaitersAreWaitingOnTheLockUnderLockedWork() {
        assertAtLeast(100, s -> s.contains("dev.jflame.testapps.Contention.lockedWork;")
                && s.endsWith("[WAITING on java.util.concurrent.locks.ReentrantLock$NonfairSync]"));
    }

    @Test
    void objectWaitSleepAndParkEachShowTheirState() {
        assertAtLeast(200, s -> s.contains("dev.jflame.testapps.Contention.awaitSignal;java.lang.Object.wait")
                && s.endsWith("[WAITING on dev.jflame.testapps.Contention$Signal]"));
        assertAtLeast(200, s -> s.contains("dev.jflame.testapps.Contention.awaitWithTimeout;java.lang.Object.wait")
                && s.endsWith("[TIMED_WAITING on dev.jflame.testapps.Contention$Signal]"));
        assertAtLeast(200, s -> s.contains("dev.jflame.testapps.Contention.nap;java.lang.Thread.sleep")
                && s.endsWith("[TIMED_WAITING]"));
        assertAtLeast(200, s -> s.contains("dev.jflame.testapps.Contention.parkForever;java.util.concurrent.locks.LockSupport.park")
                && s.endsWith("[PARKED]"));
    }

    @Test
    void lockHoldersAreRunning() {
        assertAtLeast(50, s -> s.contains("Contention$SharedMonitor.criticalSection") && !s.endsWith("]"));
        assertAtLeast(50, s -> s.contains("Contention.lockedWork") && !s.endsWith("]"));
    }

    private static void assertAtLeast(long min, java.util.function.Predicate<String> stack) {
        long n = profile.sum(stack);
        assertTrue(n >= min, "expected at least " + min + " samples, got " + n + "\n" + profile.top(25));
    }
}
