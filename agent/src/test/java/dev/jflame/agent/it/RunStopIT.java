package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code jflame run} owns the process tree it started: SIGINT or SIGTERM to jflame alone (what
 * {@code timeout}, a CI cancellation or systemd send) stops every process under the command, JVMs
 * started by a script and the JVMs those start, and a JVM of the run whose parent is gone; lets the
 * JVMs write their final profiles and merges them. (Before, only the shell was stopped: the JVMs under
 * it ran on, writing into the spool, and the output held their partial profiles.)
 */
class RunStopIT {
    @Test
    void sigintToJflameAloneStopsTheWholeTreeAndMergesEveryJvmsFinalProfile() throws Exception {
        stopWith("INT", 2);
    }

    @Test
    void sigtermToJflameAloneStopsTheWholeTreeAndMergesEveryJvmsFinalProfile() throws Exception {
        stopWith("TERM", 15);
    }

    /**
     * A JVM that does not end on SIGTERM (its shell started it with the signal ignored) is killed once
     * the grace time is over, with its shell; one line says so, and the output holds its profile up
     * to its last flush, marked partial.
     */
    @Test
    void aJvmThatIgnoresSigtermIsKilledAfterTheGraceTimeAndItsProfileIsMarkedPartial() throws Exception {
        Path dir = Jvm.workDir("run-stop-stuck");
        Path out = dir.resolve("stuck.json");
        String script = "trap '' TERM; " + shellWords(Jvm.command(Jvm.java(), List.of(), "Service"));
        Run run = Run.start(dir, List.of("run", "--flush", "100ms", "-o", out.toString(), "--", "sh", "-c", script));
        try {
            run.awaitLines(l -> l.startsWith("ready port="), 1);
            Set<Long> jvms = run.snapshot();
            assertEquals(1, jvms.size(), run.describe());
            // Its first flush is in the spool: what the output will hold of it.
            Path flushed = Path.of(out + ".spool", jvms.iterator().next() + ".json");
            while (!Files.exists(flushed)) {
                assertTrue(run.process.isAlive(), run.stderr());
                Thread.sleep(50);
            }
            run.signal("TERM");
            assertEquals(143, run.exit(), run.stderr());
            run.assertNothingLeft();

            Profile profile = ChildrenIT.readJson(out);
            assertEquals(1, profile.processes().size(), run.stderr());
            assertTrue(profile.processes().get(0).partial, "killed before its final write\n" + run.stderr());
            assertTrue(run.stderr().lines().anyMatch(l -> l.startsWith("jflame: 2 processes under the command did not end within 10 s of SIGTERM"
                    + " and were killed;")), run.stderr());
        } finally {
            run.close();
        }
    }

    private static void stopWith(String signal, int number) throws Exception {
        Path dir = Jvm.workDir("run-stop-" + signal.toLowerCase(java.util.Locale.ROOT));
        Path out = dir.resolve("tree.json");
        // A script with a non-Java process and two pools in the background, a pool in the foreground:
        // two master JVMs and three worker JVMs, started by ProcessBuilder, Runtime.exec and a shell;
        // and a service whose parent shell exits at once, so that it is no longer under jflame.
        String pool = shellWords(Jvm.command(Jvm.java(), List.of(), "PoolMaster", "--tasks", "100000", "--task-ms", "20"));
        String service = shellWords(Jvm.command(Jvm.java(), List.of(), "Service"));
        String script = "sleep 600 & (" + service + " & echo orphan pid=$!); "
                + pool + " --workers 2 --launch mixed & " + pool + " --workers 1 --launch sh";
        Run run = Run.start(dir, List.of("run", "-o", out.toString(), "--", "sh", "-c", script));
        try {
            // Every worker has answered a task, so every JVM's main runs and its agent has started.
            run.awaitLines(l -> l.equals("workers up") || l.startsWith("ready port="), 3);
            Assumptions.assumeFalse(ignores(run.process, number), "jflame was started with SIG" + signal + " ignored, as its parent had it");
            Set<Long> jvms = run.snapshot();
            assertEquals(5, jvms.size(), "two masters and three workers: " + run.describe());
            assertTrue(run.tree.stream().anyMatch(p -> p.info().command().orElse("").endsWith("/sleep")), run.describe());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("orphan pid=(\\d+)").matcher(run.seen);
            assertTrue(m.find(), run.seen.toString());
            ProcessHandle orphan = ProcessHandle.of(Long.parseLong(m.group(1))).orElseThrow();
            assertFalse(run.tree.contains(orphan), "the service is not under jflame: " + run.describe());
            run.tree.add(orphan);
            jvms.add(orphan.pid());

            run.signal(signal);
            assertEquals(128 + number, run.exit(), run.stderr());
            run.assertNothingLeft();

            String stderr = run.stderr();
            Profile profile = ChildrenIT.readJson(out);
            Set<Long> profiled = new TreeSet<>();
            for (ProcessInfo p : profile.processes()) {
                profiled.add(p.pid);
                assertFalse(p.partial, "process " + p.pid + " (" + p.mainClass + ") wrote its final profile\n" + stderr);
            }
            assertEquals(jvms, profiled, "every JVM of the tree is in the output\n" + stderr);
            assertTrue(stderr.lines().anyMatch(l -> l.startsWith("jflame: wrote " + out + " (6 processes, ")), stderr);
            assertFalse(stderr.contains("killed"), stderr);
        } finally {
            run.close();
        }
    }

    /** One {@code jflame run}, its stdout read as the test asks, its stderr in a file, and its tree as last seen. */
    private static final class Run implements AutoCloseable {
        final Process process;
        final Path err;
        final BufferedReader stdout;
        final StringBuilder seen = new StringBuilder();
        final List<ProcessHandle> tree = new ArrayList<>();

        private Run(Process process, Path err) {
            this.process = process;
            this.err = err;
            this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        static Run start(Path dir, List<String> args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(Jvm.java(), "-jar", Jvm.jar().toString()));
            cmd.addAll(args);
            Path err = dir.resolve("jflame.err");
            return new Run(new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(err.toFile()).start(), err);
        }

        /** Reads stdout until {@code count} lines matched, then reads the rest in the background. */
        void awaitLines(java.util.function.Predicate<String> line, int count) throws Exception {
            int matched = 0;
            for (String l; matched < count && (l = stdout.readLine()) != null; ) {
                seen.append(l).append('\n');
                matched += line.test(l) ? 1 : 0;
            }
            assertEquals(count, matched, "ready lines\n" + seen + stderr());
            // The rest is read so that no process of the tree blocks on a full pipe.
            Thread drain = new Thread(() -> {
                try {
                    while (stdout.readLine() != null) {
                        // discarded
                    }
                } catch (java.io.IOException e) {
                    // the tree is gone
                }
            }, "stdout-drain");
            drain.setDaemon(true);
            drain.start();
        }

        /** Takes the tree under jflame; returns the pids of its JVMs. */
        Set<Long> snapshot() {
            tree.addAll(process.descendants().collect(Collectors.toList()));
            Set<Long> jvms = new TreeSet<>();
            for (ProcessHandle p : tree) {
                if (p.info().command().orElse("").endsWith("/java")) {
                    jvms.add(p.pid());
                }
            }
            return jvms;
        }

        /** Sends {@code signal} to jflame alone, not to its process group. */
        void signal(String signal) throws Exception {
            assertEquals(0, new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid())).start().waitFor());
        }

        int exit() throws Exception {
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "jflame ends\n" + stderr());
            return process.exitValue();
        }

        void assertNothingLeft() throws Exception {
            List<String> alive = new ArrayList<>();
            for (ProcessHandle p : tree) {
                if (p.isAlive()) {
                    alive.add(p.pid() + " " + p.info().commandLine().orElse("?"));
                }
            }
            assertEquals(List.of(), alive, "no process of the tree is left\n" + stderr());
        }

        String stderr() throws java.io.IOException {
            return Files.readString(err);
        }

        String describe() {
            return tree.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).collect(Collectors.joining("\n", "\n", ""));
        }

        @Override
        public void close() {
            // Also where the test ended before its snapshot of the tree (an assumption that skips it): all
            // that is still under jflame, and the service its script orphaned. Left running, they loaded the
            // machine for the rest of a verify.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            java.util.regex.Matcher orphan = java.util.regex.Pattern.compile("orphan pid=(\\d+)").matcher(seen);
            while (orphan.find()) {
                ProcessHandle.of(Long.parseLong(orphan.group(1))).ifPresent(ProcessHandle::destroyForcibly);
            }
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** Whether {@code p} ignores signal {@code number} (from {@code /proc}; false where there is none). */
    private static boolean ignores(Process p, int number) throws Exception {
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        if (!Files.exists(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & (1L << (number - 1))) != 0;
            }
        }
        return false;
    }

    private static String shellWords(List<String> words) {
        return words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    }
}
