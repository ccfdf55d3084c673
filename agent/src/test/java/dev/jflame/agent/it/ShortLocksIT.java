package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.model.Profile;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A sample's state is the one the sampler's scan read at the tick, also for a wait that ends in the
 * moment before the thread is read again for its stack. ShortLocks' eight threads take one monitor for
 * about 20 µs at a time, so most of their waits end within a millisecond; the program measures its own
 * blocked share with the JVM's contention monitoring. With the default engine (JFR gives the running
 * stacks), JDK 17 and 25, jflame's share of BLOCKED samples must be that one. Before, a wait the scan saw
 * that ended before the capture counted as running, and a running thread that blocked meanwhile was never
 * read again: 8-17 points under on JDK 17, 25-32 on JDK 25 (the program said 59-70 %).
 */
class ShortLocksIT {
    private static final Pattern OWN_SHARE = Pattern.compile("blocked share=([0-9.]+)");
    private static final String LOCKER = "[thread locker-";
    private static final String AT_THE_MONITOR = "dev.jflame.testapps.ShortLocks.takeTheMonitor;[BLOCKED on dev.jflame.testapps.ShortLocks$Monitor]";

    @ParameterizedTest
    @MethodSource("dev.jflame.agent.it.StatesIT#jdks")
    void theBlockedShareIsTheProgramsOwn(String java) throws Exception {
        Path out = Jvm.workDir("short-locks").resolve("short-locks.json");
        Jvm.Result r = Jvm.run(Jvm.command(java, List.of(Jvm.agent("file=" + out)), "ShortLocks", "--seconds", "6", "--wait-for-jfr", "true"),
                Map.of(), 120);
        assertEquals(0, r.exit, r.toString());
        Matcher m = OWN_SHARE.matcher(r.stdout);
        assertTrue(m.find(), r.toString());
        double own = Double.parseDouble(m.group(1));
        Profile p = ChildrenIT.readJson(out);
        Collapsed c = Collapsed.withThreads(p);
        Predicate<String> locker = s -> s.startsWith(LOCKER);
        long all = c.sum(locker);
        long blocked = c.sum(s -> locker.test(s) && s.matches(".*;\\[BLOCKED( on [^\\]]*)?\\]"));
        long atMonitor = c.sum(s -> locker.test(s) && s.endsWith(AT_THE_MONITOR));
        String seen = String.format(Locale.ROOT, "%s: program %.3f blocked, jflame %d of %d samples (%.3f), %d at the monitor's frame%n%s",
                java, own, blocked, all, (double) blocked / all, atMonitor, c.top(12));
        assertTrue(all > 0, seen);
        // Measured (6 runs each, a loaded machine): jflame minus the program -2.9 to +3.0 points on JDK 17,
        // +0.7 to +2.5 on JDK 25; +5.3 on JDK 17 once, inside the whole suite at load 4-5. The code before
        // the fix was 8-17 points under on JDK 17 and 25-32 on JDK 25.
        assertEquals(own, (double) blocked / all, 0.07, seen);
        // The waits keep their stack: those that end before their capture take the thread's last one at the same
        // lock, or at the frame it runs inside now (measured: all but 0.2-1.1 % of the blocked samples).
        assertTrue(atMonitor >= 0.9 * blocked, seen);
    }
}
