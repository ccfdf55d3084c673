package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.model.Profile;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The last second before a profile ends is in it: JFR hands its stacks over about a second after it
 * takes them, so the end of a profile waits for them. {@code Phases} switches its thread from
 * {@code early} to {@code late} one second before the end.
 */
class LastSecondIT {
    @Test
    void aPhaseThatBeginsInTheLastSecondBeforeTheJvmExitsIsInTheProfile() throws Exception {
        Path out = Jvm.workDir("last-second-exit").resolve("phases.json");
        // The phases begin once JFR gives the stacks (its start took seconds on a loaded machine): 3 s
        // early, 1 s late, and the JVM exits.
        Jvm.Result r = Jvm.run(List.of(Jvm.agent("file=" + out)), "Phases", "--first", "3", "--last", "1", "--wait-for-jfr", "true");
        assertEquals(0, r.exit, r.toString());
        assertLateShare(ChildrenIT.readJson(out), 1.0 / 4);
    }

    @Test
    void aPhaseThatBeginsInTheLastSecondOfTheDurationIsInTheProfile() throws Exception {
        Path out = Jvm.workDir("last-second-duration").resolve("phases.json");
        // The profile ends 4 s after the agent's start, the program 2 s after that; late begins 3 s
        // after the agent's start too (not main's, which a loaded machine delays by a second or more).
        Jvm.Result r = Jvm.run(List.of(Jvm.agent("duration=4s,file=" + out)), "Phases", "--first", "3", "--last", "3",
                "--first-from", "jflame");
        assertEquals(0, r.exit, r.toString());
        Profile p = ChildrenIT.readJson(out);
        // The phased thread's time in the profile: from its start (however late main ran) to the
        // duration's end; late has the last second of it.
        long end = p.processes().get(0).startMillis + 4_000;
        long earlyFrom = printed(r, "early-from-millis");
        long lateFrom = printed(r, "late-from-millis");
        assertTrue(earlyFrom < lateFrom && lateFrom < end, r.toString());
        assertLateShare(p, (double) (end - lateFrom) / (end - earlyFrom));
    }

    /**
     * {@code late}'s share of the thread's running samples is near {@code expected}: at least half
     * of it. Dropping the last batch of JFR's stacks would leave it near zero, under {@code [running,
     * no JFR sample]}.
     */
    private static void assertLateShare(Profile p, double expected) {
        Collapsed c = Collapsed.withThreads(p);
        long early = c.sum(s -> s.contains("dev.jflame.testapps.Phases.early") && !s.endsWith("]"));
        long late = c.sum(s -> s.contains("dev.jflame.testapps.Phases.late") && !s.endsWith("]"));
        long unsampled = c.sum(s -> s.startsWith("[thread phased];[running, no JFR sample]"));
        double share = (double) late / (early + late + unsampled);
        assertTrue(share >= expected / 2 && share <= expected * 1.5,
                "late has " + late + " of " + (early + late + unsampled) + " running samples, expected about " + expected + "\n" + c.top(8));
    }

    private static long printed(Jvm.Result r, String name) {
        Matcher m = Pattern.compile(name + "=(\\d+)").matcher(r.stdout);
        assertTrue(m.find(), r.toString());
        return Long.parseLong(m.group(1));
    }
}
