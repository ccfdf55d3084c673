package dev.jflame.agent.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the {@code jflame} CLI from the shaded jar, and the long-running targets it attaches to. */
final class Cli {
    private Cli() {
    }

    /** {@code java -jar jflame.jar args...} in {@code dir}, on the JDK running the tests. */
    static Jvm.Result run(Path dir, String... args) throws Exception {
        return run(Jvm.java(), dir, List.of(), args);
    }

    /** Like {@link #run(Path, String...)}, on the launcher {@code java} with {@code jvmArgs} (a heap limit). */
    static Jvm.Result run(String java, Path dir, List<String> jvmArgs, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", Jvm.jar().toString()));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Path out = Files.createTempFile(dir, "cli", ".out");
        Path err = Files.createTempFile(dir, "cli", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jflame " + List.of(args) + " timed out; stderr:\n" + Files.readString(err));
        }
        Jvm.Result r = new Jvm.Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    /**
     * {@code jflame status pid}, asked again until its output satisfies {@code until}: a condition
     * that load can delay, waited for, with a minute's bound that only a hang reaches.
     */
    static Jvm.Result statusUntil(Path dir, String pid, java.util.function.Predicate<String> until) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Jvm.Result r = run(dir, "status", pid);
            if (r.exit == 0 && until.test(r.stdout)) {
                return r;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("jflame status did not say what was waited for within 60 s; the last:\n" + r);
            }
            Thread.sleep(250);
        }
    }

    /** A test-apps {@code Service} started on {@code java}; close() kills it. */
    static final class Target implements AutoCloseable {
        final Process process;
        final int port;
        final Path stderr;

        private Target(Process process, int port, Path stderr) {
            this.process = process;
            this.port = port;
            this.stderr = stderr;
        }

        static Target service(String java, Path dir, String... jvmArgs) throws IOException {
            return service(java, dir, List.of(jvmArgs));
        }

        /** A service with {@code appArgs} (see test-apps' {@code Service}: by default it runs until killed). */
        static Target service(String java, Path dir, List<String> jvmArgs, String... appArgs) throws IOException {
            List<String> cmd = Jvm.command(java, jvmArgs, "Service", appArgs);
            Path err = Files.createTempFile(dir, "target", ".err");
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            try {
                BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("ready port=")) {
                        return new Target(p, Integer.parseInt(line.substring("ready port=".length()).trim()), err);
                    }
                }
                throw new AssertionError("Service ended before it was ready: " + Files.readString(err));
            } catch (IOException | RuntimeException | Error e) {
                p.destroyForcibly();
                throw e;
            }
        }

        String pid() {
            return Long.toString(process.pid());
        }

        /** Whether it is alive and still serves a request. */
        boolean answers() {
            if (!process.isAlive()) {
                return false;
            }
            try {
                HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/work").openConnection();
                c.setConnectTimeout(5_000);
                c.setReadTimeout(5_000);
                try {
                    return c.getResponseCode() == 200;
                } finally {
                    c.disconnect();
                }
            } catch (IOException e) {
                return false;
            }
        }

        /** Names of its threads that start with {@code jflame}, from {@code jcmd <pid> Thread.print}. */
        List<String> jflameThreads(String java) throws Exception {
            Path jcmd = Paths.get(java).resolveSibling("jcmd");
            Jvm.Result r = Jvm.run(List.of(jcmd.toString(), pid(), "Thread.print"), Map.of(), 60);
            if (r.exit != 0 || !r.stdout.contains("\"main\"")) {
                throw new AssertionError("jcmd Thread.print failed: " + r);
            }
            List<String> names = new ArrayList<>();
            for (String line : r.stdout.split("\n")) {
                if (line.startsWith("\"jflame")) {
                    names.add(line.substring(1, line.indexOf('"', 1)));
                }
            }
            return names;
        }

        String stderrText() throws IOException {
            return Files.readString(stderr);
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
