package dev.jflame.core.format.pprof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.merge.ProfileMerger;
import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.FrameNames;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.testing.TestProfiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance of the pprof format: our output, decoded by protobuf-java from the official
 * profile.proto, names the same stacks with the same totals as the collapsed output of the profile.
 */
class PprofWriterTest {
    private static OfficialPprof pprof;

    @BeforeAll
    static void compileProto(@TempDir Path tmp) throws Exception {
        pprof = OfficialPprof.loadOrSkip(tmp);
    }

    @Test
    void singleProcessWithStatesAndLocks() throws Exception {
        Profile p = TestProfiles.withProcess(4321, "app.Main");
        TestProfiles.add(p, "[thread main];java.lang.Thread.run;app.Work.hot", SampleState.RUNNABLE, 7);
        TestProfiles.add(p, "[thread worker-1];java.lang.Thread.run;app.Work.hot", SampleState.RUNNABLE, 5);
        TestProfiles.add(p, "[thread worker-1];java.lang.Thread.run", SampleState.RUNNABLE, 2);
        TestProfiles.add(p, "[thread worker-1];java.lang.Thread.run;app.Work.sync;[BLOCKED on java.lang.Object]", SampleState.BLOCKED, 4);
        TestProfiles.add(p, "[thread worker-2];java.lang.Thread.run;app.Work.sync;[BLOCKED on java.lang.Object]", SampleState.BLOCKED, 3);
        TestProfiles.add(p, "[thread worker-2];java.lang.Object.wait;[WAITING on app.Queue]", SampleState.WAITING, 6);
        TestProfiles.add(p, "[thread timer];java.lang.Thread.sleep;[TIMED_WAITING]", SampleState.TIMED_WAITING, 9);
        TestProfiles.add(p, "[thread pool-1];jdk.internal.misc.Unsafe.park;[PARKED]", SampleState.PARKED, 11);
        TestProfiles.add(p, "[thread io];sun.nio.ch.Net.poll;[NATIVE_IDLE]", SampleState.NATIVE_IDLE, 13);
        TestProfiles.add(p, "[thread deep];[truncated];app.Deep.leaf", SampleState.RUNNABLE, 1);
        TestProfiles.add(p, "[thread (started past the memory budget)];app.Late.run", SampleState.RUNNABLE, 1);
        // A node with own samples in two states: two samples, one location list.
        TestProfiles.add(p, "[thread starting]", SampleState.RUNNABLE, 2);
        TestProfiles.add(p, "[thread starting]", SampleState.WAITING, 1);
        TestProfiles.add(p, "[thread main];app.Mixed.run", SampleState.RUNNABLE, 3);
        TestProfiles.add(p, "[thread main];app.Mixed.run", SampleState.NATIVE_IDLE, 2);

        DecodedPprof d = assertMatchesCollapsed(p, 10_000_000L);
        assertEquals(Set.of("main", "worker-1", "worker-2", "timer", "pool-1", "io", "deep",
                "(started past the memory budget)", "starting"), d.labelValues("thread"));
        assertEquals(Set.of("pid 4321 app.Main"), d.labelValues("process"));
        assertEquals(Set.of(4321L), d.numLabelValues("pid"));
        assertEquals(Set.of("RUNNABLE", "BLOCKED", "WAITING", "TIMED_WAITING", "PARKED", "NATIVE_IDLE"), d.labelValues("state"));
        assertEquals(1_000L * 1_000_000L, d.longField("time_nanos"));
        assertEquals(1_000L * 1_000_000L, d.longField("duration_nanos"));

        List<DecodedPprof.Sample> starting = d.samplesWhere("thread", "starting");
        assertEquals(2, starting.size());
        for (DecodedPprof.Sample s : starting) {
            assertEquals(FrameNames.NO_FRAMES, d.stack(s));
        }
        Map<String, Long> mixed = new TreeMap<>();
        for (DecodedPprof.Sample s : d.samples) {
            if (d.stack(s).equals("app.Mixed.run")) {
                mixed.merge(s.labels.get("state"), s.values.get(0), Long::sum);
            }
        }
        assertEquals(Map.of("RUNNABLE", 3L, "NATIVE_IDLE", 2L), mixed);
    }

    @Test
    void mergedProcessesKeepTheirRootsAndTheirOwnIntervals() throws Exception {
        Profile a = TestProfiles.withProcess(100, "app.Master");
        TestProfiles.add(a, "[thread main];app.Master.run;app.Master.dispatch", SampleState.RUNNABLE, 20);
        TestProfiles.add(a, "[thread main];app.Master.run;java.lang.Object.wait;[WAITING on java.lang.Object]", SampleState.WAITING, 4);
        TestProfiles.add(a, "[thread feeder];app.Feed.read;[NATIVE_IDLE];[waits for pid 201 app.Worker]", SampleState.NATIVE_IDLE, 6);
        TestProfiles.add(a, "[thread db];app.Db.read;[NATIVE_IDLE];[waits on tcp 10.0.0.1:40000 -> 10.0.0.2:5432]", SampleState.NATIVE_IDLE, 2);
        Profile b = TestProfiles.withProcess(201, "app.Worker");
        b.processes().get(0).parentPid = 100;
        b.processes().get(0).intervalNanos = 20_000_000L;
        b.processes().get(0).startMillis = 1_500;
        b.processes().get(0).endMillis = 3_000;
        TestProfiles.add(b, "[thread main];app.Worker.work", SampleState.RUNNABLE, 8);
        TestProfiles.add(b, "[thread main];app.Worker.lock;[BLOCKED on app.Shared]", SampleState.BLOCKED, 2);
        Profile c = TestProfiles.withProcess(202, "app.Worker");
        c.processes().get(0).parentPid = 100;
        c.processes().get(0).intervalNanos = 20_000_000L;
        c.processes().get(0).startMillis = 1_600;
        TestProfiles.add(c, "[thread main];app.Worker.work", SampleState.RUNNABLE, 3);
        Profile merged = new ProfileMerger().merge(List.of(a, b, c));
        assertTrue(merged.hasProcessRoots());

        // Two of three processes sampled every 20 ms: that is the period; each sample keeps its own.
        DecodedPprof d = assertMatchesCollapsed(merged, 20_000_000L);
        assertEquals(Set.of("pid 100 app.Master", "pid 201 app.Worker", "pid 202 app.Worker"), d.labelValues("process"));
        assertEquals(Set.of(100L, 201L, 202L), d.numLabelValues("pid"));
        long masterWall = 0;
        for (DecodedPprof.Sample s : d.samplesWhere("process", "pid 100 app.Master")) {
            assertTrue(d.stack(s).startsWith("[pid 100 app.Master];"), d.stack(s));
            masterWall += s.values.get(1);
        }
        assertEquals(32 * 10_000_000L, masterWall);
        // The far end of an I/O wait is a label (contract: waits_for_pid), not a location.
        assertEquals(Set.of(201L), d.numLabelValues("waits_for_pid"));
        assertEquals(Set.of("tcp 10.0.0.1:40000 -> 10.0.0.2:5432"), d.labelValues("waits_on"));
        for (DecodedPprof.Sample s : d.samplesWhere("thread", "feeder")) {
            assertEquals("[pid 100 app.Master];app.Feed.read;[NATIVE_IDLE]", d.stack(s));
        }
        assertEquals(1_000L * 1_000_000L, d.longField("time_nanos"));
        assertEquals(2_000L * 1_000_000L, d.longField("duration_nanos"));
    }

    @Test
    void emptyProfiles() throws Exception {
        DecodedPprof none = assertMatchesCollapsed(new Profile(), 0);
        assertTrue(none.samples.isEmpty());
        assertEquals(0, none.longField("time_nanos"));
        DecodedPprof idle = assertMatchesCollapsed(TestProfiles.withProcess(1, "app.Main"), 10_000_000L);
        assertTrue(idle.samples.isEmpty());
        assertTrue(idle.list("location").isEmpty());
    }

    @Test
    void aProfileWithoutAnIntervalHasCountsOnly() throws Exception {
        Profile p = TestProfiles.withProcess(0, "stacks");
        p.processes().get(0).intervalNanos = 0;
        TestProfiles.add(p, "app.Main.main;app.Work.hot", SampleState.RUNNABLE, 9);
        assertEquals(9, assertMatchesCollapsed(p, 0).totalCount());
    }

    @Test
    void oddFrameNamesAndSamplesWithoutFrames() throws Exception {
        Profile p = TestProfiles.withProcess(7, "app.Main");
        TestProfiles.add(p, "[thread ünïcødé 线程];app.Ünïcode.método;app.日本.処理;app.Emoji.😀run", SampleState.RUNNABLE, 3);
        TestProfiles.add(p, "[thread t];app.Quote.\"x\";app.Back\\slash.run;app.Lambda$$Lambda$14/0x0000000800c03000.apply", SampleState.RUNNABLE, 2);
        TestProfiles.add(p, "[thread t];app.Long." + "x".repeat(70_000), SampleState.RUNNABLE, 1);
        TestProfiles.add(p, "[thread t];app.Tab\tname;[WAITING on app.Odd$Inner]", SampleState.WAITING, 2);
        // Names the collapsed format must rewrite; pprof keeps them as they are.
        int semi = p.frames().intern("app.Odd;name", FrameKind.JAVA);
        int lines = p.frames().intern("app.Odd\nline\rend", FrameKind.JAVA);
        int t = p.tree().child(CallTree.ROOT, p.frames().intern("[thread c]", FrameKind.THREAD));
        p.tree().add(p.tree().child(t, semi), SampleState.RUNNABLE, 4);
        p.tree().add(p.tree().child(p.tree().child(t, semi), lines), SampleState.RUNNABLE, 5);
        // Samples with no frame to print, under a thread and at the root itself.
        p.tree().add(t, SampleState.RUNNABLE, 6);
        p.tree().add(CallTree.ROOT, SampleState.RUNNABLE, 1);

        DecodedPprof d = assertMatchesCollapsed(p, 10_000_000L);
        assertTrue(d.functionNames().contains("app.Odd;name"), "pprof keeps ';' in names");
        assertTrue(d.functionNames().contains("app.Odd\nline\rend"));
        assertTrue(d.labelValues("thread").contains("ünïcødé 线程"));
        assertEquals(7L, new CollapsedWriter(false).lines(p).get(FrameNames.NO_FRAMES));
    }

    @Test
    void largeProfileStreamsWhole() throws Exception {
        Profile p = TestProfiles.withProcess(9, "app.Big");
        Random r = new Random(42);
        SampleState[] states = SampleState.values();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder path = new StringBuilder("[thread t" + r.nextInt(20) + "]");
            int depth = 1 + r.nextInt(60);
            for (int k = 0; k < depth; k++) {
                path.append(";app.C").append(r.nextInt(8)).append(".m").append(r.nextInt(400));
            }
            SampleState s = states[r.nextInt(states.length)];
            if (s != SampleState.RUNNABLE) {
                path.append(';').append(s.leafFrame("app.Lock"));
            }
            TestProfiles.add(p, path.toString(), s, 1 + r.nextInt(1000));
        }
        DecodedPprof d = assertMatchesCollapsed(p, 10_000_000L);
        assertEquals(p.tree().totalSamples(), d.totalCount());
    }

    /** The checks every profile must pass; returns the decoded profile for more. */
    private static DecodedPprof assertMatchesCollapsed(Profile p, long period) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new PprofWriter().write(p, bytes);
        DecodedPprof d = new DecodedPprof(pprof.decode(bytes.toByteArray()));

        assertEquals("", d.strings.get(0));
        // Without a known interval there is no wall time to give: counts only, one sample per sample.
        boolean wall = period > 0;
        assertEquals(wall ? List.of("samples/count", "wall/nanoseconds") : List.of("samples/count"), d.sampleTypes());
        assertEquals(wall ? "wall/nanoseconds" : "samples/count", d.valueType((Message) DecodedPprof.field(d.profile, "period_type")));
        assertEquals(wall ? period : 1, d.longField("period"));
        assertEquals(new CollapsedWriter(false).lines(p), d.collapsed());

        Map<Long, Long> intervals = new HashMap<>();
        for (ProcessInfo info : p.processes()) {
            intervals.put(info.pid, info.intervalNanos);
        }
        for (DecodedPprof.Sample s : d.samples) {
            assertEquals(wall ? 2 : 1, s.values.size());
            assertTrue(s.values.get(0) > 0);
            Long pid = s.numLabels.get("pid");
            long interval = pid == null ? period : intervals.get(pid);
            if (wall) {
                assertEquals(s.values.get(0) * interval, s.values.get(1), "wall of " + d.stack(s));
            }
            String state = s.labels.get("state");
            assertNotNull(state, "state label of " + d.stack(s));
            String leaf = d.leaf(s);
            if (leaf.startsWith("[" + state)) {
                continue;
            }
            // A sample whose leaf is not a state frame is running, or a node whose own samples mix states.
            assertFalse(leaf.matches("\\[(BLOCKED|WAITING|TIMED_WAITING|PARKED|NATIVE_IDLE)\\b.*"), leaf + " as " + state);
        }
        return d;
    }
}
