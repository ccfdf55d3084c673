package dev.jflame.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.model.Timeline;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonRoundTripTest {
    @Test
    void writtenAndReadBackGivesTheSameTreeAndMetadata() throws Exception {
        Profile p = TestProfiles.withProcess(4242, "app.Main");
        TestProfiles.add(p, "[thread main];app.Main.main;app.Main.work", SampleState.RUNNABLE, 7);
        TestProfiles.add(p, "[thread w];java.lang.Thread.run;java.lang.Object.wait;[WAITING on app.Lock]", SampleState.WAITING, 3);
        TestProfiles.add(p, "[thread w];java.lang.Thread.run;java.lang.Thread.sleep;[TIMED_WAITING]", SampleState.TIMED_WAITING, 2);
        TestProfiles.add(p, "[thread q];[truncated];app.Deep.f", SampleState.RUNNABLE, 1);
        TestProfiles.add(p, "[thread q];app.Names.\"quoted\" <&> é ☃", SampleState.PARKED, 1);

        p.processes().get(0).args = "--id 2 \"quoted\" é";
        Profile back = roundTrip(p);

        assertEquals(new CollapsedWriter(true).lines(p), new CollapsedWriter(true).lines(back));
        assertEquals(p.tree().size(), back.tree().size());
        for (int n = 0; n < p.tree().size(); n++) {
            for (SampleState s : SampleState.values()) {
                assertEquals(p.tree().self(n, s), back.tree().self(n, s));
            }
            if (n > 0) {
                assertEquals(p.frames().kind(p.tree().frame(n)), back.frames().kind(back.tree().frame(n)));
            }
        }
        ProcessInfo a = p.processes().get(0);
        ProcessInfo b = back.processes().get(0);
        assertEquals(a.pid, b.pid);
        assertEquals(a.mainClass, b.mainClass);
        assertEquals(a.args, b.args);
        assertEquals(a.startMillis, b.startMillis);
        assertEquals(a.intervalNanos, b.intervalNanos);
        assertEquals(a.stats.ticks, b.stats.ticks);
        assertEquals(a.stats.tickMicros.getMaxValue(), b.stats.tickMicros.getMaxValue());
        assertEquals(a.stats.tickMicros.getTotalCount(), b.stats.tickMicros.getTotalCount());
    }

    @Test
    void theTimelineIsWrittenAndReadBackCellByCell() throws Exception {
        Profile p = TestProfiles.withProcess(4242, "app.Main");
        long t0 = 1_700_000_000_000L;
        TestProfiles.addTimed(p, "[thread main];app.Main.main;app.Main.work", SampleState.RUNNABLE, 50, t0, t0 + 490);
        TestProfiles.addTimed(p, "[thread w];java.lang.Object.wait;[WAITING on app.Lock]", SampleState.WAITING, 80, t0 + 200, t0 + 990);
        Profile back = roundTrip(p);
        Timeline a = p.timeline();
        Timeline b = back.timeline();
        assertEquals(a.cellMillis(), b.cellMillis());
        assertEquals(a.firstCell(), b.firstCell());
        assertEquals(a.cellCount(), b.cellCount());
        for (int i = 0; i < a.cellCount(); i++) {
            assertEquals(cell(a, i), cell(b, i), "cell " + i);
        }
    }

    @Test
    void aProfileWithoutATimelineStillReadsAndATimelineNamingNoNodeIsRefused() throws Exception {
        Profile p = TestProfiles.withProcess(1, "app.Main");
        TestProfiles.add(p, "[thread main];app.Main.main", SampleState.RUNNABLE, 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JsonProfileWriter().write(p, out);
        String json = out.toString(StandardCharsets.UTF_8);
        assertTrue(!json.contains("\"timeline\""), "no times, no timeline field");
        assertTrue(new JsonProfileReader().read(new ByteArrayInputStream(out.toByteArray())).timeline().isEmpty());

        String bad = json.substring(0, json.length() - 1)
                + ",\"timeline\":{\"cellMillis\":50,\"states\":[\"RUNNABLE\"],\"cells\":[{\"at\":1,\"e\":[99,0,1]}]}}";
        IOException e = assertThrows(IOException.class, () -> new JsonProfileReader().read(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().startsWith("corrupt jflame profile: timeline names node 99"), e.getMessage());
        String badWidth = bad.replace("\"cellMillis\":50", "\"cellMillis\":70");
        e = assertThrows(IOException.class, () -> new JsonProfileReader().read(new ByteArrayInputStream(badWidth.getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("timeline cells of 70 ms"), e.getMessage());
    }

    /** A cell's samples by "node state" (a wait's run is written out as the cells it covers). */
    private static java.util.Map<String, Long> cell(Timeline t, int i) {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        t.forEach(i, (node, state, count) -> out.merge(node + " " + state, (long) count, Long::sum));
        return out;
    }

    @Test
    void statisticsAreInTheJson() throws Exception {
        Profile p = TestProfiles.withProcess(1, "app.Main");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JsonProfileWriter().write(p, out);
        String json = out.toString(StandardCharsets.UTF_8);
        assertTrue(json.contains("\"tickMicros\":{\"count\":2,\"p50\":"), json);
        assertTrue(json.contains("\"p99\":"), json);
    }

    @Test
    void rejectsOtherJson() {
        IOException e = assertThrows(IOException.class,
                () -> new JsonProfileReader().read(new ByteArrayInputStream("{\"a\":1}".getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("not a jflame profile"), e.getMessage());
    }

    static Profile roundTrip(Profile p) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JsonProfileWriter().write(p, out);
        return new JsonProfileReader().read(new ByteArrayInputStream(out.toByteArray()));
    }
}
