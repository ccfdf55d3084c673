package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code jflame attach} profiles a running service and leaves it running, with no jflame thread behind. */
class CliAttachIT {
    @Test
    void attachOnJdk17() throws Exception {
        Jvm.Result r = attachAndCheck(Jvm.java(), "attach-17");
        assertEquals(TEST_JDK_RETRANSFORMS, r.stderr.contains(JAVA_ENGINE_NOTE + Runtime.version().feature() + " JVM"),
                "JFR's first start would stall a JDK 11-24 target: the Java engine, and a line why\n" + r);
    }

    /**
     * Where JFR already ran in the target, starting a recording retransforms nothing: auto keeps JFR.
     * Stopped once the agent says JFR gives its stacks: an attach of a fixed 2 s ended before that on a
     * loaded machine, and its profile rightly said {@code java}.
     */
    @Test
    void attachToAJdk17TargetWhoseJfrHasRunUsesJfr() throws Exception {
        Path dir = Jvm.workDir("attach-17-jfr-ran");
        try (Cli.Target target = Cli.Target.service(Jvm.java(), dir, "-XX:StartFlightRecording=duration=1s,filename=" + dir.resolve("x.jfr"))) {
            Jvm.Result r = Cli.run(dir, "start", target.pid(), "-o", "x.json");
            assertEquals(0, r.exit, r.toString());
            assertTrue(!r.stderr.contains(JAVA_ENGINE_NOTE), r.toString());
            Cli.statusUntil(dir, target.pid(), s -> s.contains(", capture jfr"));
            Jvm.Result stop = Cli.run(dir, "stop", target.pid());
            assertEquals(0, stop.exit, stop.toString());
            assertTrue(ChildrenIT.readJson(dir.resolve("x.json")).processes().get(0).engine.startsWith("jfr"), r.toString());
        }
    }

    /**
     * Where {@code auto} takes the Java engine on an attach (JFR never ran in a JDK 11-24 target), it keeps
     * to the safepoint budget as JFR's own start-up does: at most 10 captures a second, each standing for
     * the ticks before it. Hotspots (four threads splitting their work 70/30 between two methods) keeps its
     * split in what the attach recorded: 800 captures of hot threads leave a standard error of 1.6 points,
     * so 5 points is three of them.
     */
    @Test
    void anAttachThatStandsInForJfrTakesAtMostTenSafepointsASecond() throws Exception {
        Assumptions.assumeTrue(TEST_JDK_RETRANSFORMS, "JDK 25+ attaches with JFR");
        Path dir = Jvm.workDir("attach-17-budget");
        Process target = new ProcessBuilder(Jvm.command(Jvm.java(), Jvm.NON_SAFEPOINTS, "Hotspots", "--seconds", "120", "--threads", "4"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            java.io.BufferedReader ready = new java.io.BufferedReader(new java.io.InputStreamReader(target.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            assertEquals("ready", ready.readLine());
            String pid = Long.toString(target.pid());
            Jvm.Result r = Cli.run(dir, "attach", pid, "-d", "20s", "-o", "x.json");
            assertEquals(0, r.exit, r.toString());
            assertTrue(r.stderr.contains(JAVA_ENGINE_NOTE) && r.stderr.contains("at most 10 times a second"), r.toString());
            dev.jflame.core.model.ProcessInfo p = ChildrenIT.readJson(dir.resolve("x.json")).processes().get(0);
            assertEquals("java", p.engine);
            double seconds = (p.endMillis - p.startMillis) / 1000.0;
            assertTrue(p.stats.safepoints <= 10 * seconds + 1, p.stats.safepoints + " safepoints in " + seconds + " s");
            assertTrue(p.stats.safepoints >= 2 * seconds, "captures still run: " + p.stats.safepoints + " in " + seconds + " s");
            Jvm.Result convert = Cli.run(dir, "convert", "x.json", "-o", "x.collapsed");
            assertEquals(0, convert.exit, convert.toString());
            Collapsed c = Collapsed.read(dir.resolve("x.collapsed"));
            long hot70 = c.sum(l -> l.contains("Hotspots.hot70") && !l.endsWith("]"));
            long hot30 = c.sum(l -> l.contains("Hotspots.hot30") && !l.endsWith("]"));
            double share = (double) hot70 / (hot70 + hot30);
            assertTrue(Math.abs(share - 0.70) <= 0.05, "hot70 share " + share + " (" + hot70 + "/" + hot30 + ")\n" + c.top(10));
        } finally {
            target.destroyForcibly();
        }
    }

    /**
     * An attach leaves jflame's own code to C1 after its first second (C2 had spent ~0.3 s on the sampler within
     * a 10 s attach to a service), and gives that directive without creating the platform MBean server in the
     * service (~90 ms of CPU at the moment of the attach on JDK 17). IdleCrowd's 200 threads keep the sampler's code
     * getting hotter, so C2 is asked for more of it after the directive, and refused.
     */
    @Test
    void anAttachLeavesJflamesCodeToC1WithoutCreatingTheMBeanServer() throws Exception {
        Path dir = Jvm.workDir("attach-17-c1");
        Path classes = dir.resolve("classes.txt");
        List<String> flags = List.of("-XX:+PrintCompilation", "-Xlog:class+load=info:file=" + classes);
        Process target = new ProcessBuilder(Jvm.command(Jvm.java(), flags, "IdleCrowd", "--idle", "200", "--seconds", "120"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        // Its standard output (the compiles, and "ready") drained as it comes: a full pipe would stop the target.
        List<String> printed = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        Thread drain = new Thread(() -> {
            try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(target.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    printed.add(line);
                    // The JVM's compile lines share the stream: one may land between "ready" and its line end.
                    if (line.contains("ready")) {
                        ready.countDown();
                    }
                }
            } catch (java.io.IOException ended) {
                // the target was killed
            }
        });
        drain.start();
        try {
            assertTrue(ready.await(120, java.util.concurrent.TimeUnit.SECONDS), "IdleCrowd never said ready");
            Jvm.Result r = Cli.run(dir, "attach", Long.toString(target.pid()), "-d", "5s", "-o", "x.json");
            assertEquals(0, r.exit, r.toString());
        } finally {
            target.destroyForcibly().waitFor();
            drain.join();
        }
        List<String> lines;
        synchronized (printed) {
            lines = new java.util.ArrayList<>(printed);
        }
        // The directive comes after the sampler's first second (what is hot by then keeps its C2 compile): from the
        // first C2 compile of jflame's refused on, there is none. The order of the JVM's own log, not a time.
        int refused = -1;
        for (int i = 0; i < lines.size() && refused < 0; i++) {
            refused = lines.get(i).startsWith("### Excluding compile: ") && lines.get(i).contains(" dev.jflame.") ? i : -1;
        }
        assertTrue(refused >= 0, "no C2 compile of jflame's code was refused: the directive was not given");
        // ("made not entrant": an earlier compile thrown away, not a new one.)
        List<String> after = lines.subList(refused, lines.size()).stream()
                .filter(l -> C2_COMPILE.matcher(l).find() && !l.contains("made not")).collect(Collectors.toList());
        assertTrue(after.isEmpty(), "jflame's methods compiled by C2 after the directive:\n" + String.join("\n", after));
        String loaded = Files.readString(classes);
        assertTrue(loaded.contains("dev.jflame.core.sampler.ThreadSampling "), "the agent ran in the target");
        assertTrue(!loaded.contains("com.sun.jmx.mbeanserver.JmxMBeanServer "), "the platform MBean server was created");
    }

    /** A {@code -XX:+PrintCompilation} line of a C2 compile (tier 4) of one of the agent's methods (not the test app's). */
    private static final java.util.regex.Pattern C2_COMPILE = java.util.regex.Pattern.compile(
            "^\\s*\\d+\\s+\\d+\\s+[%sbn! ]*4\\s+dev\\.jflame\\.(agent|core|flamegraph|shaded)\\.");

    @Test
    void attachOnJdk25() throws Exception {
        String java25 = Jvm.java25();
        Assumptions.assumeTrue(java25 != null, "no JDK 25 here (/usr/lib/jvm/temurin-25-jdk-amd64 or JFLAME_JDK25): skipped");
        Jvm.Result r = attachAndCheck(java25, "attach-25");
        assertTrue(!r.stderr.contains(JAVA_ENGINE_NOTE), "JFR's start retransforms nothing on JDK 25\n" + r);
    }

    private static final String NOT_TAKEN = "[stack not taken: between safepoint-budget captures]";
    /** The CLI's line when auto takes the Java engine on an attach; the tests run on JDK 17 or later. */
    private static final String JAVA_ENGINE_NOTE = "jflame: engine=auto is using java here: JFR was never started in this JDK ";
    /** Whether the JDK running the tests (and the JDK 17 test's target) is one whose JFR start retransforms. */
    private static final boolean TEST_JDK_RETRANSFORMS = Runtime.version().feature() < 25;

    private static Jvm.Result attachAndCheck(String java, String name) throws Exception {
        Path dir = Jvm.workDir(name);
        try (Cli.Target target = Cli.Target.service(java, dir)) {
            // A relative -o lands in the CLI's directory, not the target's.
            Jvm.Result r = Cli.run(dir, "attach", target.pid(), "-d", "3s", "-i", "5ms", "-o", "x.collapsed");
            assertEquals(0, r.exit, r.toString());
            Path out = dir.resolve("x.collapsed");
            assertTrue(r.stdout.contains("wrote " + out), r.toString());
            Collapsed c = Collapsed.read(out);
            // A share of the service's running samples, not a count a loaded machine's fewer ticks could
            // miss: each request is ~2 ms of CPU between network waits, the rest HTTP code (measured 0.15
            // and 0.29 beside two spinners and a load of 23, a capture every tick; 0.11-0.24 on a quiet
            // machine where the attach keeps to the safepoint budget, a JDK 17 target).
            long running = c.sum(s -> !s.endsWith("]"));
            long hot = c.sum(s -> s.contains("dev.jflame.testapps.Service.handleRequest") && !s.endsWith("]"));
            assertTrue(hot > 0 && hot >= 0.05 * running, "handleRequest has " + hot + " of " + running + " running samples\n" + c.top(10));
            // Under the budget, at most 30 captures in the 3 s give the stacks; a handler's running ticks are
            // carried past its waits to the next capture that finds it running. Flushed at the first wait, three
            // quarters of them had none (1 519 against 521); carried, a tenth or less, those still carried at the end.
            long notTaken = c.sum(s -> s.equals(NOT_TAKEN));
            assertTrue(notTaken <= (running + notTaken) / 3, notTaken + " running ticks without a stack against " + running + " with one");

            assertEquals(List.of(), target.jflameThreads(java), "no jflame thread may outlive the attach");
            assertTrue(target.answers(), "the service must keep running and answering");
            Thread.sleep(300);
            assertTrue(target.answers(), "the service must keep running and answering");
            return r;
        }
    }

    @Test
    void aTargetThatExitsDuringTheAttachGetsOneLineAndItsProfile() throws Exception {
        Path dir = Jvm.workDir("attach-exits");
        // The target ends by itself 2 s after jflame starts in it, however long the CLI took to start
        // and attach (8 s after it was ready was a guess that a busy enough machine would beat).
        try (Cli.Target target = Cli.Target.service(Jvm.java(), dir, List.of(), "--seconds", "2", "--after-jflame", "true")) {
            Jvm.Result r = Cli.run(dir, "attach", target.pid(), "-d", "30s", "-o", "x.collapsed");
            assertEquals(1, r.exit, r.toString());
            List<String> lines = r.stderr.lines().filter(l -> l.startsWith("jflame:") && !l.startsWith(JAVA_ENGINE_NOTE))
                    .collect(Collectors.toList());
            assertEquals(1, lines.size(), "one line, no second 'retry stop' one\n" + r);
            assertTrue(lines.get(0).contains("exited while being profiled"), r.toString());
            assertTrue(Collapsed.read(dir.resolve("x.collapsed")).total() > 0, "the target wrote its profile at its exit");
        }
    }

    @Test
    void defaultOutputIsAnHtmlFileInTheCurrentDirectory() throws Exception {
        Path dir = Jvm.workDir("attach-default");
        try (Cli.Target target = Cli.Target.service(Jvm.java(), dir)) {
            Jvm.Result r = Cli.run(dir, "attach", target.pid(), "-d", "1s");
            assertEquals(0, r.exit, r.toString());
            try (var files = Files.list(dir)) {
                List<Path> html = files.filter(p -> p.getFileName().toString().matches("jflame-" + target.pid() + "-\\d{8}-\\d{6}\\.html")).collect(Collectors.toList());
                assertEquals(1, html.size(), r.toString());
                assertTrue(Files.size(html.get(0)) > 0);
            }
        }
    }
}
