package dev.jflame.core.format.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.merge.ProfileMerger;
import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.model.Timeline;
import dev.jflame.core.model.VirtualThreadCounts;
import dev.jflame.core.testing.TestProfiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonRoundTripTest {
    @Test
    void writtenAndReadBackGivesTheSameTreeAndMetadata() throws Exception {
        Profile p = TestProfiles.withProcess(4242, "app.Main");
        TestProfiles.add(p, "[thread main];app.Main.main;app.Main.work", SampleState.RUNNABLE, 7);
        TestProfiles.add(p, "[thread w];java.lang.Thread.run;java.lang.Object.wait;[WAITING on app.Lock]", SampleState.WAITING, 3);
        TestProfiles.add(p, "[thread w];java.lang.Thread.run;java.lang.Thread.sleep;[TIMED_WAITING]", SampleState.TIMED_WAITING, 2);
        TestProfiles.add(p, "[thread q];[truncated];app.Deep.f", SampleState.RUNNABLE, 1);
        TestProfiles.add(p, "[thread q];app.Names.\"quoted\" <&> é ☃", SampleState.PARKED, 1);

        TestProfiles.add(p, "[thread f];app.Feed.read;[NATIVE_IDLE];[waits on pipe:[41] read end]", SampleState.NATIVE_IDLE, 4);
        p.processes().get(0).args = "--id 2 \"quoted\" é";
        p.processes().get(0).endpoints.add("pipe:[41] read end");
        p.processes().get(0).endpoints.add("tcp 127.0.0.1:5 -> 127.0.0.1:6");
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
        assertEquals(a.endpoints, b.endpoints);
        assertEquals(a.startMillis, b.startMillis);
        assertEquals(a.intervalNanos, b.intervalNanos);
        assertEquals(a.stats.ticks, b.stats.ticks);
        assertEquals(a.stats.tickMicros().getMaxValue(), b.stats.tickMicros().getMaxValue());
        assertEquals(a.stats.tickMicros().getTotalCount(), b.stats.tickMicros().getTotalCount());
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

    @Test
    void aTimelineOfMoreEntriesThanTheReaderKeepsReadsBackOnItsOwnTimes(@TempDir Path dir) throws Exception {
        // A sampler given a large memory budget keeps more entries than a reader does by default: the reader
        // coarsens part-way through the cells, and the cells after that must still be read in the file's width.
        Profile p = TestProfiles.withProcess(4242, "app.Main");
        int nodes = 700;
        int[] leaf = new int[nodes];
        for (int k = 0; k < nodes; k++) {
            leaf[k] = p.tree().child(CallTree.ROOT, p.frames().intern("app.M.m" + k, FrameKind.JAVA));
        }
        p.timeline().setMaxEntries(1L << 23);
        long t0 = 1_700_000_000_000L;
        int cells = Timeline.MAX_CELLS;
        for (int c = 0; c < cells; c++) {
            long at = t0 + c * Timeline.BASE_CELL_MILLIS;
            for (int k = 0; k < nodes; k++) {
                for (SampleState s : SampleState.values()) {
                    p.tree().add(leaf[k], s, 1);
                    p.timeline().add(leaf[k], s, 1, at, at);
                }
            }
        }
        assertTrue(p.timeline().entries() > 1L << 22, "more entries than a reader keeps: " + p.timeline().entries());
        Path file = dir.resolve("big.json");
        try (OutputStream out = Files.newOutputStream(file)) {
            new JsonProfileWriter().write(p, out);
        }
        Profile back = new JsonProfileReader().read(file);
        Timeline b = back.timeline();
        assertTrue(b.cellMillis() > Timeline.BASE_CELL_MILLIS, "the reader coarsened: " + b.cellMillis());
        long perCell = nodes * (long) SampleState.values().length;
        for (int i = 0; i < b.cellCount(); i++) {
            long start = (b.firstCell() + i) * b.cellMillis();
            long fileCells = Math.max(0, Math.min(t0 + cells * Timeline.BASE_CELL_MILLIS, start + b.cellMillis()) - Math.max(t0, start))
                    / Timeline.BASE_CELL_MILLIS;
            long[] got = {0};
            b.forEach(i, (node, state, count) -> got[0] += count);
            assertEquals(fileCells * perCell, got[0], "cell " + i + " of " + b.cellMillis() + " ms");
        }
    }

    @Test
    void aTimelineOverMoreThanTwiceItsCellLimitReadsBackOnItsOwnTimes() throws Exception {
        Profile p = TestProfiles.withProcess(1, "app.Main");
        TestProfiles.add(p, "[thread main];app.Main.main", SampleState.RUNNABLE, 3 * 3000);
        String json = json(p);
        // Node 2 is app.Main.main; 3000 cells of 50 ms, one sample in every cell and two more in every tenth.
        StringBuilder t = new StringBuilder(",\"timeline\":{\"cellMillis\":50,\"states\":[\"RUNNABLE\"],\"cells\":[");
        long first = 1_700_000_000_000L / 50;
        for (int c = 0; c < 3000; c++) {
            t.append(c == 0 ? "" : ",").append("{\"at\":").append(first + c).append(",\"e\":[2,0,").append(c % 10 == 0 ? 3 : 1).append("]}");
        }
        t.append("],\"runs\":[]}}");
        Profile back = new JsonProfileReader().read(new ByteArrayInputStream((json.substring(0, json.length() - 1) + t)
                .getBytes(StandardCharsets.UTF_8)));
        Timeline b = back.timeline();
        for (int i = 0; i < b.cellCount(); i++) {
            long start = (b.firstCell() + i) * b.cellMillis();
            long expected = 0;
            for (int c = 0; c < 3000; c++) {
                long at = (first + c) * 50;
                if (at >= start && at < start + b.cellMillis()) {
                    expected += c % 10 == 0 ? 3 : 1;
                }
            }
            assertEquals(expected, cell(b, i).values().stream().mapToLong(Long::longValue).sum(), "cell " + i);
        }
    }

    @Test
    void mergedProfilesKeepTheTimelineWithinTheTree() throws Exception {
        long t0 = 1_700_000_000_000L;
        Profile a = TestProfiles.withProcess(11, "app.A");
        TestProfiles.addTimed(a, "[thread main];app.A.run", SampleState.RUNNABLE, 40, t0, t0 + 400);
        TestProfiles.addTimed(a, "[thread w];app.A.wait;[WAITING on app.Lock]", SampleState.WAITING, 300, t0, t0 + 3_000);
        Profile b = TestProfiles.withProcess(22, "app.B");
        TestProfiles.addTimed(b, "[thread main];app.A.run", SampleState.RUNNABLE, 7, t0 + 5_000, t0 + 5_070);
        TestProfiles.addTimed(b, "[thread main];app.A.run", SampleState.BLOCKED, 30, t0 + 60_000, t0 + 63_000);
        Profile c = TestProfiles.withProcess(33, "app.C");
        TestProfiles.addTimed(c, "[thread main];app.C.run", SampleState.PARKED, 25, t0 - 200_000, t0 - 199_000);
        ProfileMerger merger = new ProfileMerger();
        // A merge of a merge, and the same process twice (the later copy wins): the reader's check holds throughout.
        Profile merged = roundTrip(merger.merge(List.of(roundTrip(merger.merge(List.of(a, b))), c, a)));
        long[][] onTimeline = new long[SampleState.values().length][merged.tree().size()];
        Timeline t = merged.timeline();
        for (int i = 0; i < t.cellCount(); i++) {
            t.forEach(i, (node, state, count) -> onTimeline[state.ordinal()][node] += count);
        }
        for (int n = 0; n < merged.tree().size(); n++) {
            for (SampleState s : SampleState.values()) {
                assertEquals(merged.tree().self(n, s), onTimeline[s.ordinal()][n], "node " + n + " " + s);
            }
        }
        assertEquals(40 + 300 + 7 + 30 + 25, merged.tree().totalSamples());
    }

    private static String json(Profile p) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JsonProfileWriter().write(p, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A cell's samples by "node state" (a wait's run is written out as the cells it covers). */
    private static java.util.Map<String, Long> cell(Timeline t, int i) {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        t.forEach(i, (node, state, count) -> out.merge(node + " " + state, (long) count, Long::sum));
        return out;
    }

    /** Each process's count of virtual threads per group over time goes out and comes back, through a merge of two processes too. */
    @Test
    void virtualThreadCountsRoundTripAndSurviveAMerge() throws Exception {
        Profile a = TestProfiles.withProcess(11, "app.A");
        TestProfiles.add(a, "[thread [virtual threads client]];app.A.run;[PARKED]", SampleState.PARKED, 40);
        for (int i = 0; i < VirtualThreadCounts.MAX_POINTS + 3; i++) {
            a.processes().get(0).virtualThreads.census(1_000L * i, i < 10 ? Map.of("client", 100L + i) : Map.of("client", 90L, "", 7L));
        }
        Profile b = TestProfiles.withProcess(22, "app.B");
        TestProfiles.add(b, "[thread main];app.B.run", SampleState.RUNNABLE, 5);
        Profile back = roundTrip(a);
        assertEquals(series(a.processes().get(0)), series(back.processes().get(0)));
        String client = series(back.processes().get(0)).get(0);
        assertTrue(client.startsWith("client 2/[0:101, 2000:103, 4000:105, 6000:107, 8000:109, 10000:90, "), "past 240 censuses, pairs: " + client);
        assertTrue(json(b).indexOf("\"virtualThreads\":") < 0, "nothing where no census ran");

        Profile merged = roundTrip(new ProfileMerger().merge(List.of(roundTrip(b), back)));
        for (ProcessInfo p : merged.processes()) {
            assertEquals(p.pid == 11 ? series(a.processes().get(0)) : List.of(), series(p), "pid " + p.pid);
        }
    }

    @Test
    void virtualThreadCountsOfUnequalColumnsAreRefused() throws Exception {
        Profile a = TestProfiles.withProcess(11, "app.A");
        a.processes().get(0).virtualThreads.census(5, Map.of("client", 3L));
        String bad = json(a).replace("\"count\":[3]", "\"count\":[3,4]");
        IOException e = assertThrows(IOException.class, () -> new JsonProfileReader().read(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("1 times and 2 counts"), e.getMessage());
    }

    /** Each group as "name perPoint/[at:count, ...]". */
    private static List<String> series(ProcessInfo p) {
        List<String> out = new java.util.ArrayList<>();
        for (VirtualThreadCounts.Series s : p.virtualThreads.groups()) {
            StringBuilder b = new StringBuilder(s.group + " " + s.perPoint() + "/[");
            for (int i = 0; i < s.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(s.atMillis(i)).append(':').append(s.count(i));
            }
            out.add(b.append(']').toString());
        }
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
