package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A known 70/30 CPU split must come out as 70/30 in the profile. */
class HotspotsIT {
    @Test
    void wallClockSplitBetweenTwoMethodsIsMeasuredWithinThreePoints() throws Exception {
        Jvm.assumeQuietMachine();
        Path out = Jvm.workDir("hotspots").resolve("hot.collapsed");
        Jvm.Result r = Jvm.run(List.of(Jvm.agent("file=" + out)), "Hotspots", "--seconds", "8", "--threads", "2");
        assertEquals(0, r.exit, r.toString());
        assertSplit(Collapsed.read(out));
    }

    /**
     * The two methods' shares of the busy threads' running samples are 70/30 within 3 points. Needs a
     * quiet machine (callers check with {@link Jvm#assumeQuietMachine}): with two CPU hogs beside it
     * the Java capture measured 74-76 % (issue 10's engine is the cure).
     */
    static void assertSplit(Collapsed c) {
        long hot70 = c.sum(s -> s.contains("dev.jflame.testapps.Hotspots.hot70") && !s.endsWith("]"));
        long hot30 = c.sum(s -> s.contains("dev.jflame.testapps.Hotspots.hot30") && !s.endsWith("]"));
        double share = (double) hot70 / (hot70 + hot30);
        assertTrue(hot70 + hot30 > 800, "too few samples: " + (hot70 + hot30) + "\n" + c.top(10));
        assertTrue(Math.abs(share - 0.70) <= 0.03, "hot70 share " + share + "\n" + c.top(10));
    }
}
