package dev.jflame.agent.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.testing.TestProfiles;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleLimitTest {
    @Test
    void pastTheLimitTheLightestStacksFoldUnderTheirThreadWithTheirCounts() {
        Profile p = TestProfiles.withProcess(1, "app.Main");
        for (int t = 0; t < 3; t++) {
            for (int i = 1; i <= 100; i++) {
                TestProfiles.add(p, "[thread w-" + t + "];app.Work.run;app.Work.m" + i, SampleState.RUNNABLE, i);
            }
            TestProfiles.add(p, "[thread w-" + t + "];app.Work.run;app.Lock.get;[BLOCKED on app.Lock]", SampleState.BLOCKED, 1);
        }
        Profile trimmed = SampleLimit.within(p, 50);
        Map<String, Long> lines = new CollapsedWriter(true).lines(trimmed);
        assertTrue(lines.size() <= 50, lines.size() + " samples");
        assertEquals(p.tree().totalSamples(), trimmed.tree().totalSamples(), "no count lost");
        assertEquals(100L, lines.get("[thread w-0];app.Work.run;app.Work.m100"), "the heaviest stacks as they were");
        for (int t = 0; t < 3; t++) {
            String thread = "[thread w-" + t + "]";
            assertTrue(lines.containsKey(thread + ";" + SampleLimit.OTHER_STACKS), lines.keySet().toString());
            long all = p.tree().totalSamples() / 3;
            assertEquals(all, lines.entrySet().stream().filter(e -> e.getKey().startsWith(thread)).mapToLong(Map.Entry::getValue).sum(),
                    "each thread keeps its own samples");
        }
        assertEquals(1, trimmed.processes().size());
    }

    @Test
    void withinTheLimitThePeriodIsSentAsItIs() {
        Profile p = TestProfiles.withProcess(1, "app.Main");
        TestProfiles.add(p, "[thread main];app.Main.main", SampleState.RUNNABLE, 5);
        assertSame(p, SampleLimit.within(p, 50));
    }
}
