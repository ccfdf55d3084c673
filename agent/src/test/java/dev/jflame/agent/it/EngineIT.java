package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The engines side by side: running stacks from JFR's asynchronous sampler ({@code engine=auto},
 * the default) have no safepoint bias; the Java capture ({@code engine=java}) credits inlined code to
 * its caller, which these tests also state.
 */
class EngineIT {
    /**
     * The hot thread starts once JFR's recording runs: until then (half a second here, several on a
     * busy machine) running stacks are captured the Java way, and these tests are about where JFR's
     * stacks put the time.
     */
    private static final String[] AFTER_JFR = {"--wait-for-jfr", "true"};

    @Test
    void anInlinedHotMethodGetsItsSamplesOnJdk17() throws Exception {
        inlined(Jvm.java(), "engine-inlined-17", "", "jfr");
    }

    @Test
    void anInlinedHotMethodGetsItsSamplesOnJdk25() throws Exception {
        String java25 = Jvm.java25();
        Assumptions.assumeTrue(java25 != null, "no JDK 25 here (/usr/lib/jvm/temurin-25-jdk-amd64 or JFLAME_JDK25): skipped");
        // auto is JFR's CPU-time sampler there; its execution sampler is checked too.
        inlined(java25, "engine-inlined-25", "", "jfrcpu");
        inlined(java25, "engine-inlined-25-jfr", ",engine=jfr", "jfr");
    }

    private static void inlined(String java, String name, String engineOption, String engine) throws Exception {
        Path dir = Jvm.workDir(name);
        Profile jfr = runInlined(java, dir.resolve("jfr.json"), engineOption, true);
        ProcessInfo p = jfr.processes().get(0);
        assertEquals(engine, p.engine);
        assertTrue(p.inlinedExact, "DebugNonSafepoints is on and the profile says so");
        double mix = mixShare(jfr);
        assertTrue(mix >= 0.90, "Inlined.mix share of drive's running samples with JFR: " + mix + "\n" + Collapsed.of(jfr).top(6));

        // The Java capture cannot be right here: its stacks are taken at the safepoint poll of
        // drive's loop, after mix has returned. Measured 0-0.2 % (JDK 17 and 25).
        Profile captured = runInlined(java, dir.resolve("java.json"), ",engine=java", false);
        assertEquals("java", captured.processes().get(0).engine);
        assertFalse(captured.processes().get(0).inlinedExact);
        assertTrue(mixShare(captured) < 0.10, "the Java capture's known bias: " + mixShare(captured));
    }

    /** Inlined for 6 s; {@code jfr}: from the moment JFR runs (the Java engine never starts it). */
    private static Profile runInlined(String java, Path out, String options, boolean jfr) throws Exception {
        List<String> jvmArgs = new ArrayList<>(Jvm.NON_SAFEPOINTS);
        jvmArgs.add(Jvm.agent("file=" + out + options));
        Jvm.Result r = Jvm.run(Jvm.command(java, jvmArgs, "Inlined", AFTER_JFR[0], Boolean.toString(jfr), "--seconds", "6"), Map.of(), 180);
        assertEquals(0, r.exit, r.toString());
        return ChildrenIT.readJson(out);
    }

    /**
     * jflame's threads are kept out of JFR once jflame's stream runs, as JFR keeps its own: on JDK 17, where
     * jflame asks JFR for the waits of a millisecond or more, the sampler's sleep between ticks was one, 100
     * times a second, recorded with its stack and parsed only to be dropped. A recording of the user's own, made
     * beside jflame, shows it: before, 808 waits of jflame's threads in 8 s; now those of the moment before
     * jflame's stream started. Its samples of the application are still there. On JDK 21+ (a test JDK other than
     * the README's 17) only the samples are checked: jflame asks for no wait events there, and the parks of its
     * threads still show in a recording of the user's (seen on JDK 25, docs/how-it-works.md).
     */
    @Test
    void jflamesOwnThreadsAreKeptOutOfJfr() throws Exception {
        Path dir = Jvm.workDir("engine-jfr-excluded");
        Path out = dir.resolve("idle.json");
        Path jfr = dir.resolve("user.jfr");
        Jvm.Result r = Jvm.run(Jvm.command(Jvm.java(), List.of("-XX:StartFlightRecording=settings=profile,filename=" + jfr,
                Jvm.agent("file=" + out)), "IdleCrowd", "--busy", "1", "--idle", "20", "--depth", "10", "--seconds", "6"), Map.of(), 180);
        assertEquals(0, r.exit, r.toString());
        long ticks = ChildrenIT.readJson(out).processes().get(0).stats.ticks;
        long ofJflame = 0;
        long ofApplication = 0;
        for (jdk.jfr.consumer.RecordedEvent e : jdk.jfr.consumer.RecordingFile.readAllEvents(jfr)) {
            String type = e.getEventType().getName();
            jdk.jfr.consumer.RecordedThread t = type.equals("jdk.ExecutionSample") ? e.getThread("sampledThread") : e.getThread();
            String name = t == null || t.getJavaName() == null ? "" : t.getJavaName();
            boolean wait = type.equals("jdk.ThreadPark") || type.equals("jdk.ThreadSleep") || type.equals("jdk.JavaMonitorWait");
            if (name.startsWith("jflame-") && (type.equals("jdk.ExecutionSample") || (wait && Runtime.version().feature() < 21))) {
                ofJflame++;
            } else if (name.startsWith("busy-") && type.equals("jdk.ExecutionSample")) {
                ofApplication++;
            }
        }
        assertTrue(ticks >= 100, ticks + " ticks\n" + r);
        assertTrue(ofApplication > 0, "the user's recording has samples of the application\n" + r);
        // The sampler sleeps once a tick: left in, a tenth of the ticks is what JFR's start alone cannot explain.
        assertTrue(ofJflame < ticks / 10, ofJflame + " events of jflame's threads in " + ticks + " ticks");
    }

    @Test
    void jflameRunAddsTheFlagsItself() throws Exception {
        Path dir = Jvm.workDir("engine-run");
        Jvm.Result r = Cli.run(dir, "run", "-o", "run.json", "--", Jvm.java(), "-cp", Jvm.testApps().toString(),
                "dev.jflame.testapps.Inlined", AFTER_JFR[0], AFTER_JFR[1], "--seconds", "6");
        assertEquals(0, r.exit, r.toString());
        Profile p = ChildrenIT.readJson(dir.resolve("run.json"));
        assertTrue(p.processes().get(0).inlinedExact, r.toString());
        assertTrue(mixShare(p) >= 0.90, "mix share under jflame run: " + mixShare(p) + "\n" + Collapsed.of(p).top(6));
    }

    /** Inlined.mix's share of the samples under Inlined.drive (its caller, where the bias puts them). */
    private static double mixShare(Profile p) {
        Collapsed c = Collapsed.of(p);
        long drive = c.sum(s -> s.contains("dev.jflame.testapps.Inlined.drive"));
        long mix = c.sum(s -> s.contains("dev.jflame.testapps.Inlined.drive;dev.jflame.testapps.Inlined.mix"));
        return drive == 0 ? 0 : (double) mix / drive;
    }

    @Test
    void autoFallsBackWithOneLineWhereJfrIsMissing() throws Exception {
        // A runtime image without jdk.jfr (as jlink makes them), imitated by limiting the modules.
        Path out = Jvm.workDir("engine-fallback").resolve("hot.json");
        Jvm.Result r = Jvm.run(List.of("--limit-modules", "java.base,java.instrument,java.management",
                Jvm.agent("file=" + out)), "Hotspots", "--seconds", "2", "--exit-code", "3");
        assertEquals(3, r.exit, r.toString());
        assertEquals(List.of("jflame: engine=auto is using java: this Java runtime has no jdk.jfr module; running stacks are taken at safepoint polls",
                "jflame: wrote " + out + " (" + ChildrenIT.readJson(out).tree().totalSamples() + " samples, json)"), r.jflameLines());
        Profile p = ChildrenIT.readJson(out);
        assertEquals("java", p.processes().get(0).engine);
        assertTrue(Collapsed.of(p).sum(s -> s.contains("Hotspots.hot70")) > 0);
    }

    @Test
    void theCpuTimeSamplerFallsBackToJfrWithOneLineBeforeJdk25() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() < 25, "JDK 25+ has the CPU-time sampler");
        Path out = Jvm.workDir("engine-jfrcpu-fallback").resolve("hot.json");
        // The JVM ends a second after JFR runs, not two after it starts: on a busy machine JFR's start took longer.
        Jvm.Result r = Jvm.run(List.of(Jvm.agent("engine=jfrcpu,file=" + out)), "Hotspots", "--seconds", "1", AFTER_JFR[0], AFTER_JFR[1]);
        assertEquals(0, r.exit, r.toString());
        assertEquals(List.of("jflame: engine=jfrcpu is using jfr: JFR's CPU-time sampler needs JDK 25 or later (this is "
                        + Runtime.version().feature() + "); JFR's execution sampler takes at most 5 running threads per period",
                "jflame: wrote " + out + " (" + ChildrenIT.readJson(out).tree().totalSamples() + " samples, json)"), r.jflameLines());
        assertEquals("jfr", ChildrenIT.readJson(out).processes().get(0).engine);
    }
}
