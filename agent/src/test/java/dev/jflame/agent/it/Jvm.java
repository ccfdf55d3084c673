package dev.jflame.agent.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Launches test-apps programs as real JVMs, with or without the shaded agent jar. */
final class Jvm {
    private Jvm() {
    }

    static Path jar() {
        return existing("jflame.jar", "agent/target/jflame.jar");
    }

    static Path testApps() {
        return existing("jflame.testapps", "test-apps/target/test-apps.jar");
    }

    /** A fresh directory for one test's output files. */
    static Path workDir(String name) throws IOException {
        Path base = Paths.get(System.getProperty("jflame.workdir", "target/it-work"));
        Path dir = base.resolve(name);
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
        return Files.createDirectories(dir).toAbsolutePath();
    }

    /** The java launcher of the JDK running the tests. */
    static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The Temurin 25 JDK this machine kind ships beside the default one, or null. */
    static String java25() {
        String env = System.getenv("JFLAME_JDK25");
        for (String home : new String[] {env, "/usr/lib/jvm/temurin-25-jdk-amd64"}) {
            if (home != null && Files.isExecutable(Paths.get(home, "bin", "java"))) {
                return Paths.get(home, "bin", "java").toString();
            }
        }
        return null;
    }

    /** The flags {@code jflame run} and child JVMs get (LaunchFlags), written out so the tests state them. */
    static final List<String> NON_SAFEPOINTS = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints");

    /** {@code -javaagent:<jar>=<options>}. */
    static String agent(String options) {
        return "-javaagent:" + jar() + (options.isEmpty() ? "" : "=" + options);
    }

    static List<String> command(String java, List<String> jvmArgs, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(testApps().toString());
        cmd.add("dev.jflame.testapps." + mainClass);
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    static Result run(List<String> jvmArgs, String mainClass, String... args) throws Exception {
        return run(command(java(), jvmArgs, mainClass, args), Map.of(), 120);
    }

    static Result run(List<String> cmd, Map<String, String> env, int timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("jflame-it", ".out");
        Path err = Files.createTempFile("jflame-it", ".err");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("timed out after " + timeoutSeconds + "s: " + cmd + "\nstderr:\n" + Files.readString(err));
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    private static Path existing(String property, String fallback) {
        String v = System.getProperty(property);
        Path p = v != null ? Paths.get(v) : Paths.get("..").resolve(fallback);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " is missing: build with ./mvnw verify (the integration tests need the packaged jars)");
        }
        return p.toAbsolutePath().normalize();
    }

    /** Exit code and output of a finished JVM. Immutable. */
    static final class Result {
        final int exit;
        final String stdout;
        final String stderr;

        Result(int exit, String stdout, String stderr) {
            this.exit = exit;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        /** The lines of stderr that jflame printed. */
        List<String> jflameLines() {
            List<String> lines = new ArrayList<>();
            for (String l : stderr.split("\n")) {
                if (l.startsWith("jflame:")) {
                    lines.add(l);
                }
            }
            return lines;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }
}
