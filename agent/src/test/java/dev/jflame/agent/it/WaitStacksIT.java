package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.format.json.JsonProfileReader;
import dev.jflame.core.model.Profile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Waits that begin and end between two captures the safepoint budget allows (JDK 11-20 with JFR giving
 * the running stacks) still get their own stacks, from JFR's record of each wait, checked against the
 * places ShortWaits waits in: sleeps of 1 ms in ever-changing stacks, a lock holder that sleeps 30 ms
 * inside the lock, and the threads blocked on that lock. ShortWaits starts its threads once JFR records:
 * before that (JFR takes half a second to start, seconds on a loaded machine) there are no wait events,
 * and new waits between captures have no stack, as before.
 */
class WaitStacksIT {
    private static final String NOT_TAKEN = "[stack not taken: between safepoint-budget captures]";
    private static Map<String, Long> lines;
    private static Profile profile;

    @BeforeAll
    static void profileShortWaits() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() <= 20, "JDK 21+ captures by handshakes: no safepoint budget");
        Path out = Jvm.workDir("wait-stacks").resolve("waits.json");
        Jvm.Result r = Jvm.run(List.of(Jvm.agent("file=" + out)), "ShortWaits", "--seconds", "8", "--after-jfr", "true");
        assertEquals(0, r.exit, r.toString());
        profile = new JsonProfileReader().read(out);
        lines = new CollapsedWriter(true).lines(profile);
    }

    @Test
    void sleepsOfOneMillisecondKeepTheirOwnStacks() {
        long all = sum(l -> l.startsWith("[thread sleeper-"));
        long notTaken = sum(l -> l.startsWith("[thread sleeper-") && l.contains(NOT_TAKEN));
        long inA = sum(l -> l.startsWith("[thread sleeper-") && l.endsWith("ShortWaits.napInA;dev.jflame.testapps.ShortWaits.sleep;java.lang.Thread.sleep;[TIMED_WAITING]"));
        long inB = sum(l -> l.startsWith("[thread sleeper-") && l.endsWith("ShortWaits.napInB;dev.jflame.testapps.ShortWaits.sleep;java.lang.Thread.sleep;[TIMED_WAITING]"));
        String seen = "sleepers: " + all + " samples, " + notTaken + " without a stack, " + inA + " in napInA, " + inB + " in napInB\n" + top();
        assertTrue(all > 0, seen);
        assertTrue(notTaken * 20 <= all, seen);
        // Half the sleeps are in each method: ticks that took the neighbouring sleep's stack would tip it.
        assertTrue(inA + inB >= all * 8 / 10, seen);
        assertTrue(Math.abs(inA - inB) <= (inA + inB) / 5, seen);
    }

    @Test
    void theLockHolderKeepsItsSleepInsideTheLock() {
        long all = sum(l -> l.startsWith("[thread holder]"));
        long notTaken = sum(l -> l.startsWith("[thread holder]") && l.contains(NOT_TAKEN));
        long sleeping = sum(l -> l.startsWith("[thread holder]") && l.endsWith("ShortWaits.sleepWhileHolding;dev.jflame.testapps.ShortWaits.sleep;java.lang.Thread.sleep;[TIMED_WAITING]"));
        String seen = "holder: " + all + " samples, " + notTaken + " without a stack, " + sleeping + " asleep in sleepWhileHolding\n" + top();
        assertTrue(notTaken * 20 <= all, seen);
        // It sleeps half the time; its work, spinning, takes the rest (a core may not be free for it).
        assertTrue(sleeping * 4 >= all, seen);
    }

    @Test
    void threadsBlockedOnTheLockKeepTheirStacks() {
        long all = sum(l -> l.startsWith("[thread contender-"));
        long notTaken = sum(l -> l.startsWith("[thread contender-") && l.contains(NOT_TAKEN));
        String seen = "contenders: " + all + " samples, " + notTaken + " without a stack\n" + top();
        assertTrue(notTaken * 20 <= all, seen);
        assertTrue(sum(l -> l.startsWith("[thread contender-") && l.endsWith("ShortWaits.takeTheMonitor;[BLOCKED on java.lang.Object]")) * 2 >= all, seen);
    }

    @Test
    void theProfileCountsTheWaitStacksJfrGave() {
        assertTrue(profile.processes().get(0).stats.waitStacksFromJfr > 0, top());
    }

    private static long sum(Predicate<String> line) {
        long n = 0;
        for (Map.Entry<String, Long> e : lines.entrySet()) {
            if (line.test(e.getKey())) {
                n += e.getValue();
            }
        }
        return n;
    }

    private static String top() {
        StringBuilder sb = new StringBuilder();
        lines.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(25)
                .forEach(e -> sb.append(e.getValue()).append("  ").append(e.getKey()).append('\n'));
        return sb.toString();
    }
}
