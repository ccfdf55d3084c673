package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Recordings made without jflame — JFR's own and async-profiler's — read by {@code jflame convert}
 * from the real jar: the states of Contention at their frames, and Hotspots' 70/30 split.
 */
class JfrImportIT {
    private static final String MONITOR = "dev.jflame.testapps.Contention$SharedMonitor";
    /** The async-profiler release the benchmarks use ({@code bench/Overhead.java}), from Maven Central. */
    private static final String ASYNC_PROFILER = "4.3";

    /**
     * Contention under {@code -XX:StartFlightRecording=settings=profile}: JFR's monitor, park, wait and
     * sleep events of 10 ms or more, and its execution samples at 10 ms. The waits that never end in
     * Contention ({@code awaitSignal}, {@code parkForever}) are not in a recording (JFR writes a wait
     * when it ends), so they are not looked for.
     */
    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"default", "25"})
    void aJfrRecordingOfContentionShowsEachStateAtItsFrame(String jdk) throws Exception {
        String java = "25".equals(jdk) ? Jvm.java25() : Jvm.java();
        Assumptions.assumeTrue(java != null, "no JDK 25 here");
        Path dir = Jvm.workDir("jfr-import-contention-" + jdk);
        Path jfr = dir.resolve("c.jfr");
        Jvm.Result run = Jvm.run(Jvm.command(java, List.of("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr),
                "Contention", "--seconds", "4"), Map.of(), 120);
        assertEquals(0, run.exit, run.toString());

        Collapsed c = convert(dir, jfr, "c.collapsed");
        String blocked = "[BLOCKED on " + MONITOR + "]";
        assertAtLeast(c, 50, s -> s.endsWith(MONITOR + ".criticalSection;" + blocked));
        assertEquals(0, c.sum(s -> s.endsWith(blocked) && !s.endsWith(MONITOR + ".criticalSection;" + blocked)), c.top(20));
        // The lock holders' running samples, in the methods that hold the locks.
        assertAtLeast(c, 20, s -> s.contains(MONITOR + ".criticalSection;") && !s.endsWith("]"));
        assertAtLeast(c, 20, s -> s.contains("dev.jflame.testapps.Contention.lockedWork;") && !s.endsWith("]"));
        assertAtLeast(c, 20, s -> s.contains("dev.jflame.testapps.Contention.lockedWork;")
                && s.endsWith("[WAITING on java.util.concurrent.locks.ReentrantLock$NonfairSync]"));
        // Four seconds of one-second sleeps and timed waits: about 400 samples each at 10 ms.
        assertAtLeast(c, 200, s -> s.contains("dev.jflame.testapps.Contention.nap") && s.endsWith("[TIMED_WAITING]"));
        assertAtLeast(c, 200, s -> s.contains("dev.jflame.testapps.Contention.awaitWithTimeout;java.lang.Object.wait")
                && s.endsWith("[TIMED_WAITING on dev.jflame.testapps.Contention$Signal]"));

        ProcessInfo p = single(convertJson(dir, jfr));
        assertEquals("dev.jflame.testapps.Contention", p.mainClass);
        assertEquals(dev.jflame.core.model.ProcessInfo.ENGINE_JFR_RECORDING, p.engine);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(10), p.intervalNanos, "settings=profile samples every 10 ms");

        Path html = dir.resolve("c.html");
        Jvm.Result page = Cli.run(dir, "convert", jfr.toString(), "-o", html.toString());
        assertEquals(0, page.exit, page.toString());
        assertTrue(Files.readString(html, StandardCharsets.UTF_8).contains(MONITOR), "the page has the monitor's frame");
    }

    /**
     * Hotspots' two hot threads under async-profiler ({@code -agentpath}, its JFR output), in CPU mode
     * and in wall-clock mode: their running samples split 70/30 between the two methods (loosely: a
     * few seconds, no other load), and in wall mode the idle main thread is there, timed waiting in
     * {@code Thread.sleep}.
     */
    @ParameterizedTest(name = "event={0}")
    @ValueSource(strings = {"cpu", "wall"})
    void anAsyncProfilerRecordingOfHotspotsKeepsTheSplit(String event) throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64"),
                "async-profiler's library for linux-x64 only");
        Path dir = Jvm.workDir("jfr-import-async-profiler-" + event);
        Path lib = asyncProfiler(dir);
        Path jfr = dir.resolve("hot.jfr");
        String interval = "cpu".equals(event) ? "5ms" : "10ms";
        Jvm.Result run = Jvm.run(List.of("-agentpath:" + lib + "=start,event=" + event + ",interval=" + interval + ",file=" + jfr),
                "Hotspots", "--seconds", "8", "--threads", "2");
        assertEquals(0, run.exit, run.toString());

        Collapsed c = convert(dir, jfr, "hot.collapsed");
        long hot70 = c.sum(s -> s.contains("dev.jflame.testapps.Hotspots.hot70") && !s.endsWith("]"));
        long hot30 = c.sum(s -> s.contains("dev.jflame.testapps.Hotspots.hot30") && !s.endsWith("]"));
        Assumptions.assumeTrue(hot70 + hot30 >= 200, "only " + (hot70 + hot30) + " samples in the hot methods\n" + c.top(10));
        double share = (double) hot70 / (hot70 + hot30);
        // The split is of the program's time, and async-profiler's samples follow the CPU its threads got:
        // with other work on the cores the two part (0.617 seen at load 8). An accuracy check for a quiet machine.
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Assumptions.assumeTrue(Math.abs(share - 0.70) <= 0.08 || load >= Runtime.getRuntime().availableProcessors(),
                "hot70 share " + share + " at load " + load + ": the machine is too busy to check the split");
        assertTrue(Math.abs(share - 0.70) <= 0.08, "hot70 share " + share + " at load " + load + "\n" + c.top(10));
        if ("wall".equals(event)) {
            assertAtLeast(c, 10, s -> s.contains("dev.jflame.testapps.Hotspots.main;java.lang.Thread.sleep") && s.endsWith("[TIMED_WAITING]"));
        }

        ProcessInfo p = single(convertJson(dir, jfr));
        assertEquals("async-profiler", p.engine);
        assertEquals("dev.jflame.testapps.Hotspots", p.mainClass);
        assertEquals(TimeUnit.MILLISECONDS.toNanos("cpu".equals(event) ? 5 : 10), p.intervalNanos);
    }

    /**
     * Contention under async-profiler in wall-clock mode: it knows only whether a thread was on a CPU,
     * so each off-CPU sample's state comes from its stack — blocked under HotSpot's monitor-enter
     * functions at the synchronized method, parked in {@code Unsafe.park}, waiting in {@code Object.wait},
     * timed waiting in {@code Thread.sleep} — with async-profiler's native frames between the Java frame
     * and the state (the monitor's and blocker's classes are not in its samples).
     */
    @org.junit.jupiter.api.Test
    void anAsyncProfilerWallRecordingOfContentionTellsTheWaitsApart() throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64"),
                "async-profiler's library for linux-x64 only");
        Path dir = Jvm.workDir("jfr-import-async-profiler-contention");
        Path lib = asyncProfiler(dir);
        Path jfr = dir.resolve("c.jfr");
        Jvm.Result run = Jvm.run(List.of("-agentpath:" + lib + "=start,event=wall,interval=10ms,file=" + jfr), "Contention", "--seconds", "4");
        assertEquals(0, run.exit, run.toString());

        Collapsed c = convert(dir, jfr, "c.collapsed");
        assertAtLeast(c, 50, s -> s.contains(MONITOR + ".criticalSection;") && s.contains("ObjectMonitor::") && s.endsWith("[BLOCKED]"));
        assertEquals(0, c.sum(s -> s.endsWith("[BLOCKED]") && !s.contains(MONITOR + ".criticalSection;")), c.top(20));
        assertAtLeast(c, 50, s -> s.contains("dev.jflame.testapps.Contention.lockedWork;") && s.contains("jdk.internal.misc.Unsafe.park;")
                && s.endsWith("[PARKED]"));
        assertAtLeast(c, 100, s -> s.contains("dev.jflame.testapps.Contention.parkForever;") && s.endsWith("[PARKED]"));
        assertAtLeast(c, 100, s -> s.contains("dev.jflame.testapps.Contention.awaitSignal;java.lang.Object.wait") && s.endsWith("[WAITING]"));
        assertAtLeast(c, 100, s -> s.contains("dev.jflame.testapps.Contention.nap;java.lang.Thread.sleep") && s.endsWith("[TIMED_WAITING]"));
        assertAtLeast(c, 20, s -> s.contains(MONITOR + ".criticalSection;") && !s.endsWith("]"));
    }

    /**
     * VirtualService's virtual threads under {@code -XX:StartFlightRecording} (JDK 25): their running samples in
     * their groups by name, as the sampler draws them — the {@code client-N} ones under {@code [thread [virtual
     * threads client]]}, the unnamed handlers under {@code [thread [virtual threads]]}.
     */
    @Test
    void aRecordingsVirtualThreadsAreDrawnByGroup() throws Exception {
        String java = Jvm.java25();
        Assumptions.assumeTrue(java != null, "no JDK 25 here");
        Path dir = Jvm.workDir("jfr-import-virtual");
        Path jfr = dir.resolve("v.jfr");
        Jvm.Result run = Jvm.run(Jvm.command(java, List.of("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr),
                "VirtualService", "--requests", "200", "--seconds", "4"), Map.of(), 120);
        assertEquals(0, run.exit, run.toString());

        Collapsed c = Collapsed.withThreads(convertJson(dir, jfr));
        assertAtLeast(c, 5, s -> s.startsWith("[thread [virtual threads client]];"));
        assertAtLeast(c, 5, s -> s.startsWith("[thread [virtual threads]];") && s.contains("dev.jflame.testapps.VirtualService.compute;"));
        assertEquals(0, c.sum(s -> s.startsWith("[virtual threads]") || s.startsWith("[thread client")), c.top(20));
    }

    private static Collapsed convert(Path dir, Path jfr, String name) throws Exception {
        Path out = dir.resolve(name);
        Jvm.Result r = Cli.run(dir, "convert", jfr.toString(), "-o", out.toString());
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.stdout.startsWith("wrote " + out), r.stdout);
        return Collapsed.read(out);
    }

    private static Profile convertJson(Path dir, Path jfr) throws Exception {
        Path out = dir.resolve(jfr.getFileName() + ".json");
        Jvm.Result r = Cli.run(dir, "convert", jfr.toString(), "-o", out.toString());
        assertEquals(0, r.exit, r.toString());
        return ChildrenIT.readJson(out);
    }

    private static ProcessInfo single(Profile p) {
        assertEquals(1, p.processes().size());
        return p.processes().get(0);
    }

    private static void assertAtLeast(Collapsed c, long min, Predicate<String> stack) {
        long n = c.sum(stack);
        assertTrue(n >= min, "expected at least " + min + " samples, got " + n + "\n" + c.top(25));
    }

    /**
     * async-profiler's native library for linux-x64, out of its jar in the local Maven repository,
     * fetched from Maven Central first if it is not there (as {@code bench/Overhead.java} does).
     */
    private static Path asyncProfiler(Path dir) throws Exception {
        Path repo = Paths.get(System.getProperty("maven.repo.local", Paths.get(System.getProperty("user.home"), ".m2", "repository").toString()));
        Path jar = repo.resolve(Paths.get("tools", "profiler", "async-profiler", ASYNC_PROFILER, "async-profiler-" + ASYNC_PROFILER + ".jar"));
        if (!Files.isRegularFile(jar)) {
            Path root = Paths.get("..").toAbsolutePath().normalize();
            Jvm.Result get = Jvm.run(List.of(root.resolve("mvnw").toString(), "-q", "-B", "-Dmaven.repo.local=" + repo, "dependency:get",
                    "-Dartifact=tools.profiler:async-profiler:" + ASYNC_PROFILER), Map.of(), 300);
            assertTrue(get.exit == 0 && Files.isRegularFile(jar), "could not fetch async-profiler " + ASYNC_PROFILER + " from Maven Central: " + get);
        }
        Path lib = dir.resolve("libasyncProfiler.so");
        try (ZipFile zip = new ZipFile(jar.toFile()); InputStream in = zip.getInputStream(zip.getEntry("linux-x64/libasyncProfiler.so"))) {
            Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
        }
        return lib;
    }
}
