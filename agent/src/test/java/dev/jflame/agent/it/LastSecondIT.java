package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The last second before a profile ends is in it: JFR hands its stacks over about a second after it
 * takes them, so the end of a profile waits for them. {@code Phases} switches its thread from
 * {@code early} to {@code late} one second before the end.
 */
class LastSecondIT {
    @Test
    void aPhaseThatBeginsInTheLastSecondBeforeTheJvmExitsIsInTheProfile() throws Exception {
        Path out = Jvm.workDir("last-second-exit").resolve("phases.collapsed");
        Jvm.Result r = Jvm.run(List.of(Jvm.agent("file=" + out)), "Phases", "--first", "3", "--last", "1");
        assertEquals(0, r.exit, r.toString());
        assertLateShare(Collapsed.read(out), 1.0 / 4);
    }

    @Test
    void aPhaseThatBeginsInTheLastSecondOfTheDurationIsInTheProfile() throws Exception {
        Path out = Jvm.workDir("last-second-duration").resolve("phases.collapsed");
        // The profile ends at 4 s from the agent's start, the program (its clock starts a little
        // later, in main) 2 s after that; late begins at 3 s of main's clock.
        Jvm.Result r = Jvm.run(List.of(Jvm.agent("duration=4s,file=" + out)), "Phases", "--first", "3", "--last", "3");
        assertEquals(0, r.exit, r.toString());
        assertLateShare(Collapsed.read(out), 1.0 / 4);
    }

    /**
     * {@code late}'s share of the thread's running samples is near {@code expected} (it starts a
     * little less, by the JVM's start before main): at least half of it. Dropping the last batch
     * of JFR's stacks would leave it near zero, under {@code [running, no JFR sample]}.
     */
    private static void assertLateShare(Collapsed c, double expected) {
        long early = c.sum(s -> s.contains("dev.jflame.testapps.Phases.early") && !s.endsWith("]"));
        long late = c.sum(s -> s.contains("dev.jflame.testapps.Phases.late") && !s.endsWith("]"));
        long unsampled = c.sum(s -> s.startsWith("[running, no JFR sample]"));
        double share = (double) late / (early + late + unsampled);
        assertTrue(share >= expected / 2 && share <= expected * 1.5,
                "late has " + late + " of " + (early + late + unsampled) + " running samples, expected about " + expected + "\n" + c.top(8));
    }
}
