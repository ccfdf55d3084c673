package dev.jflame.core.format.speedscope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SpeedscopeWriterTest {
    private static final long TEN_MS = 10_000_000L;

    private static JsonObject write(Profile p) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SpeedscopeWriter().write(p, out);
        JsonObject file = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
        checkStructure(file);
        return file;
    }

    /** What every file must satisfy for speedscope's importer, whatever the profile. */
    private static void checkStructure(JsonObject file) {
        assertEquals(SpeedscopeWriter.SCHEMA, file.get("$schema").getAsString());
        assertTrue(file.get("name").getAsString().length() > 0);
        assertTrue(file.get("exporter").getAsString().startsWith("jflame"));
        int frames = file.getAsJsonObject("shared").getAsJsonArray("frames").size();
        JsonArray profiles = file.getAsJsonArray("profiles");
        int active = file.get("activeProfileIndex").getAsInt();
        assertTrue(profiles.size() == 0 ? active == 0 : active >= 0 && active < profiles.size(), "active " + active);
        String unit = null;
        for (JsonElement e : profiles) {
            JsonObject p = e.getAsJsonObject();
            assertEquals("sampled", p.get("type").getAsString());
            if (unit == null) {
                unit = p.get("unit").getAsString();
            }
            assertEquals(unit, p.get("unit").getAsString(), "one unit for the whole file");
            assertEquals(0, p.get("startValue").getAsLong());
            JsonArray samples = p.getAsJsonArray("samples");
            JsonArray weights = p.getAsJsonArray("weights");
            assertEquals(samples.size(), weights.size(), p.get("name").getAsString());
            long sum = 0;
            for (int i = 0; i < samples.size(); i++) {
                JsonArray stack = samples.get(i).getAsJsonArray();
                assertTrue(stack.size() > 0, "an empty stack is neither drawn nor counted by speedscope");
                for (JsonElement f : stack) {
                    assertTrue(f.getAsInt() >= 0 && f.getAsInt() < frames, "frame index " + f + " of " + frames);
                }
                assertTrue(weights.get(i).getAsLong() > 0, "speedscope drops zero weights and refuses negative ones");
                sum += weights.get(i).getAsLong();
            }
            assertEquals(sum, p.get("endValue").getAsLong(), "endValue is the sum of the weights");
        }
    }

    private static List<String> frameNames(JsonObject file) {
        List<String> names = new ArrayList<>();
        for (JsonElement e : file.getAsJsonObject("shared").getAsJsonArray("frames")) {
            names.add(e.getAsJsonObject().get("name").getAsString());
        }
        return names;
    }

    private static Map<String, JsonObject> byName(JsonObject file) {
        Map<String, JsonObject> m = new LinkedHashMap<>();
        for (JsonElement e : file.getAsJsonArray("profiles")) {
            m.put(e.getAsJsonObject().get("name").getAsString(), e.getAsJsonObject());
        }
        return m;
    }

    /** The profile's stacks as {@code frame;frame} to weight. */
    private static Map<String, Long> stacks(JsonObject file, JsonObject profile) {
        List<String> names = frameNames(file);
        Map<String, Long> m = new TreeMap<>();
        JsonArray samples = profile.getAsJsonArray("samples");
        for (int i = 0; i < samples.size(); i++) {
            StringBuilder s = new StringBuilder();
            for (JsonElement f : samples.get(i).getAsJsonArray()) {
                s.append(s.length() == 0 ? "" : ";").append(names.get(f.getAsInt()));
            }
            m.merge(s.toString(), profile.getAsJsonArray("weights").get(i).getAsLong(), Long::sum);
        }
        return m;
    }

    private static Profile twoThreads() {
        Profile p = TestProfiles.withProcess(1234, "app.Main");
        TestProfiles.add(p, "[thread main];app.Main.main;app.Work.hot", SampleState.RUNNABLE, 7);
        TestProfiles.add(p, "[thread main];app.Main.main", SampleState.RUNNABLE, 2);
        TestProfiles.add(p, "[thread worker];java.lang.Thread.run;app.Work.hot", SampleState.RUNNABLE, 3);
        TestProfiles.add(p, "[thread worker];java.lang.Thread.run;app.Work.sync;[BLOCKED on java.lang.Object]", SampleState.BLOCKED, 4);
        TestProfiles.add(p, "[thread worker];java.lang.Thread.run;app.Pool.idle;[PARKED]", SampleState.PARKED, 5);
        return p;
    }

    @Test
    void oneSampledProfilePerThreadWithSharedFramesAndIntervalWeights() throws Exception {
        Profile p = twoThreads();
        JsonObject file = write(p);
        assertEquals("app.Main", file.get("name").getAsString());
        Map<String, JsonObject> profiles = byName(file);
        assertEquals(List.of("main", "worker"), new ArrayList<>(profiles.keySet()), "plain thread names for one process");
        assertEquals(SpeedscopeWriter.NANOSECONDS, profiles.get("main").get("unit").getAsString());
        assertEquals(9 * TEN_MS, profiles.get("main").get("endValue").getAsLong());
        assertEquals(12 * TEN_MS, profiles.get("worker").get("endValue").getAsLong());
        assertEquals(1, file.get("activeProfileIndex").getAsInt(), "the heaviest thread is shown first");

        Map<String, Long> worker = stacks(file, profiles.get("worker"));
        assertEquals(Map.of("java.lang.Thread.run;app.Work.hot", 3 * TEN_MS,
                "java.lang.Thread.run;app.Work.sync;[BLOCKED on java.lang.Object]", 4 * TEN_MS,
                "java.lang.Thread.run;app.Pool.idle;[PARKED]", 5 * TEN_MS), worker,
                "root first, no thread frame, state leaves kept");
        assertEquals(Map.of("app.Main.main;app.Work.hot", 7 * TEN_MS, "app.Main.main", 2 * TEN_MS),
                stacks(file, profiles.get("main")), "a frame's own samples are a stack of their own");

        List<String> names = frameNames(file);
        assertEquals(1, names.stream().filter("app.Work.hot"::equals).count(), "frames are shared, not repeated per thread");
        assertEquals(p.frames().size(), names.size(), "frame indexes are the profile's own");
    }

    @Test
    void weightsAddUpToAllSamplesTimesTheInterval() throws Exception {
        Profile p = twoThreads();
        TestProfiles.add(p, "[thread main];[truncated];app.Deep.recurse", SampleState.RUNNABLE, 11);
        JsonObject file = write(p);
        long sum = 0;
        for (JsonObject profile : byName(file).values()) {
            sum += profile.get("endValue").getAsLong();
        }
        assertEquals(p.tree().totalSamples() * TEN_MS, sum);
    }

    @Test
    void sameStacksAsTheFoldedOutputWithThreadFrames() throws Exception {
        Profile p = twoThreads();
        int odd = p.tree().child(CallTree.ROOT, p.frames().intern("[thread odd;name]", FrameKind.THREAD));
        p.tree().add(p.tree().child(odd, p.frames().intern("app.X.y", FrameKind.JAVA)), SampleState.RUNNABLE, 1);
        JsonObject file = write(p);
        Map<String, Long> fromSpeedscope = new TreeMap<>();
        for (Map.Entry<String, JsonObject> e : byName(file).entrySet()) {
            for (Map.Entry<String, Long> s : stacks(file, e.getValue()).entrySet()) {
                // The folded writer turns ';' inside a name into ':'; the thread's name gets the same here.
                String thread = "[thread " + e.getKey().replace(';', ':') + "]";
                fromSpeedscope.merge(thread + ";" + s.getKey(), s.getValue() / TEN_MS, Long::sum);
            }
        }
        assertEquals(new CollapsedWriter(true).lines(p), fromSpeedscope);
    }

    @Test
    void processesGetTheirNamesAndTheirOwnIntervals() throws Exception {
        Profile master = TestProfiles.withProcess(100, "app.Master");
        TestProfiles.add(master, "[thread main];app.Master.main", SampleState.RUNNABLE, 5);
        Profile worker = TestProfiles.withProcess(101, "app.Worker");
        worker.processes().get(0).intervalNanos = 2 * TEN_MS;
        worker.processes().get(0).parentPid = 100;
        TestProfiles.add(worker, "[thread main];app.Worker.main", SampleState.RUNNABLE, 4);
        TestProfiles.add(worker, "[thread pool-1];app.Worker.task", SampleState.RUNNABLE, 1);
        Profile merged = new ProfileMerger().merge(List.of(master, worker));
        assertTrue(merged.hasProcessRoots());

        JsonObject file = write(merged);
        assertEquals("app.Master and 1 more process", file.get("name").getAsString());
        Map<String, JsonObject> profiles = byName(file);
        assertEquals(List.of("main \u2014 pid 100 app.Master", "main \u2014 pid 101 app.Worker", "pool-1 \u2014 pid 101 app.Worker"),
                new ArrayList<>(profiles.keySet()));
        assertEquals(5 * TEN_MS, profiles.get("main \u2014 pid 100 app.Master").get("endValue").getAsLong());
        assertEquals(4 * 2 * TEN_MS, profiles.get("main \u2014 pid 101 app.Worker").get("endValue").getAsLong(), "the worker's 20 ms interval");
        assertEquals(1, file.get("activeProfileIndex").getAsInt(), "4 samples at 20 ms outweigh 5 at 10 ms");
        assertEquals(Map.of("app.Worker.main", 8 * TEN_MS), stacks(file, profiles.get("main \u2014 pid 101 app.Worker")),
                "no process root in the stacks");
    }

    @Test
    void samplesOutsideAnyThreadAndThreadsWithoutFramesStayVisible() throws Exception {
        Profile p = twoThreads();
        TestProfiles.add(p, "app.Orphan.run", SampleState.RUNNABLE, 6);
        TestProfiles.add(p, "[thread starting]", SampleState.RUNNABLE, 3);
        p.tree().add(CallTree.ROOT, SampleState.RUNNABLE, 2);
        JsonObject file = write(p);
        Map<String, JsonObject> profiles = byName(file);
        assertEquals(Map.of("app.Orphan.run", 6 * TEN_MS, FrameNames.NO_FRAMES, 2 * TEN_MS),
                stacks(file, profiles.get(SpeedscopeWriter.NO_THREAD)));
        assertEquals(Map.of(FrameNames.NO_FRAMES, 3 * TEN_MS), stacks(file, profiles.get("starting")));
        assertEquals(1, frameNames(file).stream().filter(FrameNames.NO_FRAMES::equals).count());
    }

    @Test
    void samplesAtAProcessRootGoToThatProcesssNoThreadProfile() throws Exception {
        Profile p = new Profile();
        ProcessInfo a = TestProfiles.withProcess(1, "app.A").processes().get(0);
        ProcessInfo b = TestProfiles.withProcess(2, "app.B").processes().get(0);
        p.processes().add(a);
        p.processes().add(b);
        TestProfiles.add(p, "[pid 1 app.A];[thread main];app.A.main", SampleState.RUNNABLE, 1);
        TestProfiles.add(p, "[pid 2 app.B];app.B.loose", SampleState.RUNNABLE, 2);
        TestProfiles.add(p, "[pid 2 app.B]", SampleState.RUNNABLE, 3);
        JsonObject file = write(p);
        Map<String, JsonObject> profiles = byName(file);
        assertEquals(List.of("main \u2014 pid 1 app.A", "(no thread) \u2014 pid 2 app.B"), new ArrayList<>(profiles.keySet()));
        assertEquals(Map.of("app.B.loose", 2 * TEN_MS, FrameNames.NO_FRAMES, 3 * TEN_MS),
                stacks(file, profiles.get("(no thread) \u2014 pid 2 app.B")));
    }

    @Test
    void anUnknownIntervalTurnsTheWholeFileIntoSampleCounts() throws Exception {
        Profile master = TestProfiles.withProcess(100, "app.Master");
        TestProfiles.add(master, "[thread main];app.Master.main", SampleState.RUNNABLE, 5);
        Profile folded = TestProfiles.withProcess(101, "app.Folded");
        folded.processes().get(0).intervalNanos = 0;
        TestProfiles.add(folded, "[thread main];app.Folded.main", SampleState.RUNNABLE, 7);
        JsonObject file = write(new ProfileMerger().merge(List.of(master, folded)));
        for (JsonObject profile : byName(file).values()) {
            assertEquals(SpeedscopeWriter.COUNTS, profile.get("unit").getAsString());
        }
        assertEquals(5, byName(file).get("main \u2014 pid 100 app.Master").get("endValue").getAsLong());
        assertEquals(7, byName(file).get("main \u2014 pid 101 app.Folded").get("endValue").getAsLong());
        assertEquals(1, file.get("activeProfileIndex").getAsInt());

        Profile none = new Profile();
        TestProfiles.add(none, "[thread t];app.X.y", SampleState.RUNNABLE, 4);
        JsonObject noProcess = write(none);
        assertEquals("jflame profile", noProcess.get("name").getAsString());
        assertEquals(SpeedscopeWriter.COUNTS, byName(noProcess).get("t").get("unit").getAsString());
    }

    @Test
    void oddFrameAndThreadNamesSurviveTheRoundTrip() throws Exception {
        Profile p = TestProfiles.withProcess(1, "app.Main");
        List<String> odd = List.of("app.Q.\"quoted\"", "app.B.back\\slash", "app.N.new\nline", "app.T.tab\tand\u0001control",
                "app.S.</script><b>", "app.U.\u00e9\u4e2d\ud83d\ude00", "app.Semi;colon", "app.Sep.em\u2014dash", " ");
        int node = p.tree().child(CallTree.ROOT, p.frames().intern("[thread we\"ird \u2014 [name]\n]", FrameKind.THREAD));
        for (String name : odd) {
            node = p.tree().child(node, p.frames().intern(name, FrameKind.JAVA));
        }
        p.tree().add(node, SampleState.RUNNABLE, 1);
        JsonObject file = write(p);
        assertTrue(frameNames(file).containsAll(odd), frameNames(file).toString());
        Map<String, JsonObject> profiles = byName(file);
        assertEquals(List.of("we\"ird \u2014 [name]\n"), new ArrayList<>(profiles.keySet()));
        assertEquals(Map.of(String.join(";", odd), TEN_MS), stacks(file, profiles.values().iterator().next()));
    }

    @Test
    void anEmptyProfileHasNoProfilesButIsStillAFile() throws Exception {
        JsonObject file = write(TestProfiles.withProcess(1, "app.Main"));
        assertEquals(0, file.getAsJsonArray("profiles").size());
        assertEquals(0, file.get("activeProfileIndex").getAsInt());
    }

    @Test
    void aVeryDeepStackDoesNotOverflowTheWriter() throws Exception {
        Profile p = TestProfiles.withProcess(1, "app.Main");
        int node = p.tree().child(CallTree.ROOT, p.frames().intern("[thread deep]", FrameKind.THREAD));
        for (int i = 0; i < 20_000; i++) {
            node = p.tree().child(node, p.frames().intern("app.R.f" + (i % 3), FrameKind.JAVA));
        }
        p.tree().add(node, SampleState.RUNNABLE, 1);
        JsonObject file = write(p);
        JsonObject deep = byName(file).get("deep");
        assertEquals(20_000, deep.getAsJsonArray("samples").get(0).getAsJsonArray().size());
        assertFalse(stacks(file, deep).isEmpty());
    }
}
