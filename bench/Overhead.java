import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Overhead benchmark: runs each profiler variant against the same workload in alternation (A B C …
 * A B C …) and reports the median throughput ratio to the no-agent runs of the same rounds.
 * Throughput is the workload's own steady-state figure (after its warm-up), so JVM and agent
 * start-up are not counted. Single-file program, JDK only; run from the repository root:
 *
 * <pre>java bench/Overhead.java [--rounds 5] [--seconds 10] [--warmup 4]
 *     [--workloads idle200,idle1000,deep100,deep500,contention,readers200,vidle10k,vidle100k]
 *     [--variants none,floor,jflame10,jflame10java,jflame50,jfr,jfrexec,apcpu,apwall] [--out bench/results.md]</pre>
 *
 * <p>{@code base10} is another jflame jar at 10 ms, given with {@code --base-jar PATH} (a build of an
 * earlier commit), so a change is measured before and after in one alternating run.
 * {@code jflame10d64} is jflame at 10 ms with {@code depth=64} (JFR's default) instead of 512;
 * {@code jflame10nocensus} with {@code vcensus=off} (no census of virtual threads).
 * {@code jflame10} runs the default engine ({@code auto}: JFR's sampler for running stacks);
 * {@code jflame10java} the same jar with {@code engine=java} (every running stack captured at a safepoint),
 * {@code jflame10cpu} with {@code engine=jfrcpu} (JFR's CPU-time sampler, JDK 25+).
 * {@code jfrexec} is JFR with nothing but its execution sampler at 10 ms (a settings file with that one
 * event), the part of JFR that jflame's default engine starts; {@code jfr} is JFR's {@code profile} settings.
 * Every run logs the JVM's safepoints ({@code -Xlog:safepoint}); the table gives those that began in
 * the measured window (after the warm-up): all of them per second, those that capture stacks
 * ({@code ThreadDump}, which only a sampler written in Java causes) per second, and the time they
 * stopped the application, in ms per second.
 * {@code floor} is not a profiler: {@code bench/CaptureFloor.java} takes the running threads'
 * stacks every 10 ms with the same JVM calls as jflame and drops them, which is the least any sampler
 * written in Java pays on that JVM.
 *
 * async-profiler comes from Maven Central (tools.profiler:async-profiler, native library inside the
 * jar), fetched into the local Maven repository by the wrapper; it is never shipped in jflame.jar.
 */
public final class Overhead {
    static final String AP_VERSION = "4.3";
    static final Pattern THROUGHPUT = Pattern.compile("throughput ops/s=([0-9.]+)");
    static final Pattern TICK = Pattern.compile("\"tickMicros\":\\{\"count\":(\\d+),\"p50\":(\\d+),\"p90\":(\\d+),\"p99\":(\\d+),\"max\":(\\d+)");
    static final Pattern TICK_CPU = Pattern.compile("\"tickCpuMicros\":\\{\"count\":(\\d+),\"p50\":(\\d+),\"p90\":(\\d+),\"p99\":(\\d+),\"max\":(\\d+)");

    static final Map<String, String[]> WORKLOADS = new LinkedHashMap<>();
    static {
        WORKLOADS.put("idle200", new String[] {"IdleCrowd", "--busy", "2", "--idle", "200", "--depth", "60"});
        WORKLOADS.put("idle1000", new String[] {"IdleCrowd", "--busy", "2", "--idle", "1000", "--depth", "60"});
        WORKLOADS.put("deep100", new String[] {"IdleCrowd", "--busy", "2", "--idle", "0", "--busy-depth", "100"});
        WORKLOADS.put("deep500", new String[] {"IdleCrowd", "--busy", "2", "--idle", "0", "--busy-depth", "500"});
        WORKLOADS.put("contention", new String[] {"Contention"});
        // Threads idle in socket reads, whose far end jflame looks up in /proc (issue 25).
        WORKLOADS.put("readers200", new String[] {"IdleCrowd", "--busy", "2", "--idle", "0", "--readers", "200"});
        // Virtual threads parked for good, which the census of virtual threads counts (issue 27; JDK 21+).
        WORKLOADS.put("vidle10k", new String[] {"IdleCrowd", "--busy", "2", "--idle", "0", "--virtual-idle", "10000", "--depth", "20"});
        WORKLOADS.put("vidle100k", new String[] {"IdleCrowd", "--busy", "2", "--idle", "0", "--virtual-idle", "100000", "--depth", "20"});
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = parse(argv);
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "5"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "10"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "4"));
        List<String> workloads = Arrays.asList(a.getOrDefault("workloads", "idle200,idle1000,deep100,deep500,contention").split(","));
        List<String> variants = Arrays.asList(a.getOrDefault("variants", "none,floor,jflame10,jflame50,jfr,apcpu,apwall").split(","));
        Path out = Paths.get(a.getOrDefault("out", "bench/results.md"));
        String java = a.getOrDefault("java", Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        Path work = Files.createDirectories(Paths.get("bench/target"));
        Path jar = existing("agent/target/jflame.jar");
        Path apps = existing("test-apps/target/test-apps.jar");
        Path baseJar = variants.contains("base10") ? existing(a.getOrDefault("base-jar", "--base-jar is required for base10")) : null;
        Path apLib = variants.stream().anyMatch(v -> v.startsWith("ap")) ? asyncProfiler(work) : null;
        Path floorClasses = variants.contains("floor") ? compileFloor(work) : null;
        Path execOnly = variants.contains("jfrexec") ? writeExecOnlySettings(work) : null;

        StringBuilder report = new StringBuilder();
        report.append("| workload | variant | median ops/s | ratio to none (median) | ratio range | safepoints/s (ThreadDump/s) | stopped ms/s "
                + "| jflame tick wall p50 / p99 / max (µs) | jflame tick CPU p50 / p99 (µs) |\n");
        report.append("|---|---|---|---|---|---|---|---|---|\n");
        for (String w : workloads) {
            String[] workload = WORKLOADS.get(w);
            if (workload == null) {
                throw new IllegalArgumentException("unknown workload " + w + "; known: " + WORKLOADS.keySet());
            }
            Map<String, List<Double>> ops = new LinkedHashMap<>();
            Map<String, List<long[]>> ticks = new LinkedHashMap<>();
            Map<String, List<double[]>> pauses = new LinkedHashMap<>();
            for (String v : variants) {
                ops.put(v, new ArrayList<>());
                ticks.put(v, new ArrayList<>());
                pauses.put(v, new ArrayList<>());
            }
            for (int r = 0; r < rounds; r++) {
                // Rotate the order each round so no variant always runs first or right after another.
                for (int i = 0; i < variants.size(); i++) {
                    String v = variants.get((i + r) % variants.size());
                    Path profile = work.resolve(w + "-" + v + "-" + r + (isJflame(v) ? ".json" : v.startsWith("jfr") ? ".jfr" : ".collapsed"));
                    Path safepointLog = work.resolve(w + "-" + v + "-" + r + ".safepoints");
                    List<String> cmd = new ArrayList<>();
                    cmd.add(java);
                    cmd.add("-Xlog:safepoint:file=" + safepointLog + ":uptime");
                    cmd.addAll(agentArgs(v, v.equals("base10") ? baseJar : jar, apLib, profile, execOnly));
                    cmd.add("-cp");
                    cmd.add(apps.toString());
                    if (v.equals("floor")) {
                        cmd.set(cmd.size() - 1, apps + File.pathSeparator + floorClasses);
                        cmd.add("CaptureFloor");
                        cmd.add(workload[0]);
                    } else {
                        cmd.add("dev.jflame.testapps." + workload[0]);
                    }
                    cmd.addAll(Arrays.asList(workload).subList(1, workload.length));
                    cmd.addAll(Arrays.asList("--seconds", Integer.toString(seconds), "--warmup", Integer.toString(warmup)));
                    double value = run(cmd, seconds + 60);
                    ops.get(v).add(value);
                    if (isJflame(v)) {
                        long[] t = tickStats(profile);
                        if (t != null) {
                            ticks.get(v).add(t);
                        }
                    }
                    pauses.get(v).add(safepoints(safepointLog, warmup, seconds));
                    Files.deleteIfExists(profile);
                    Files.deleteIfExists(safepointLog);
                    System.err.printf(Locale.ROOT, "%s round %d %-9s %.1f ops/s%n", w, r + 1, v, value);
                }
            }
            for (String v : variants) {
                List<Double> ratios = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    ratios.add(ops.get(v).get(r) / ops.get("none").get(r));
                }
                String tick = "";
                String cpu = "";
                if (!ticks.get(v).isEmpty()) {
                    List<long[]> t = ticks.get(v);
                    tick = String.format(Locale.ROOT, "%d / %d / %d", medianOf(t, 1), medianOf(t, 3), maxOf(t, 4));
                    cpu = String.format(Locale.ROOT, "%d / %d", medianOf(t, 6), medianOf(t, 8));
                }
                List<double[]> p = pauses.get(v);
                String stops = String.format(Locale.ROOT, "%.1f (%.1f)", medianOfD(p, 0), medianOfD(p, 1));
                String stopped = String.format(Locale.ROOT, "%.2f", medianOfD(p, 2));
                report.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.3f | %.3f–%.3f | %s | %s | %s | %s |%n", w, v,
                        median(ops.get(v)), median(ratios), min(ratios), max(ratios), stops, stopped, tick, cpu));
            }
        }
        String header = String.format(Locale.ROOT, "## Overhead, %s, %s, %d cores, %d GiB (%s)%n%n"
                        + "Command: `java bench/Overhead.java %s`; %d rounds in alternation, %d s per run of which %d s warm-up; "
                        + "async-profiler %s from Maven Central.%n%n",
                LocalDate.now(), javaVersion(java), Runtime.getRuntime().availableProcessors(),
                Math.round(totalMemoryGiB()), build(), String.join(" ", argv), rounds, seconds, warmup, AP_VERSION);
        String table = header + report + "\n";
        Files.writeString(out, table, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.print(table);
    }

    /**
     * Which build was measured: the repository's commit when the run ended, and whether files other
     * than the results differed from it (the jar is whatever {@code ./mvnw package} last built).
     */
    static String build() throws IOException, InterruptedException {
        Process head = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
        String sha = new String(head.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (head.waitFor() != 0) {
            return "not a git checkout";
        }
        Process status = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/results.md").redirectErrorStream(true).start();
        boolean dirty = !new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8).isBlank();
        status.waitFor();
        return "commit " + sha + (dirty ? " with local changes" : "");
    }

    /** The first line of {@code java -version} of the JVM under test. */
    static String javaVersion(String java) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
        String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")[0].trim();
        p.waitFor();
        return first + " (" + java + ")";
    }

    /**
     * From a {@code -Xlog:safepoint} log with uptime decorations: safepoints per second, ThreadDump
     * safepoints per second and ms stopped per second, counting those that began between
     * {@code fromSeconds} and {@code toSeconds} of uptime (the workload's measured window).
     */
    static double[] safepoints(Path log, int fromSeconds, int toSeconds) throws IOException {
        Pattern line = Pattern.compile("^\\[([0-9.]+)s\\].*Safepoint \"([A-Za-z0-9]+)\".*Total: (\\d+) ns");
        double all = 0;
        double dumps = 0;
        double stoppedNanos = 0;
        for (String l : Files.readAllLines(log)) {
            Matcher m = line.matcher(l);
            if (!m.find()) {
                continue;
            }
            double at = Double.parseDouble(m.group(1));
            if (at < fromSeconds || at > toSeconds) {
                continue;
            }
            all++;
            if (m.group(2).equals("ThreadDump")) {
                dumps++;
            }
            stoppedNanos += Long.parseLong(m.group(3));
        }
        double window = Math.max(1, toSeconds - fromSeconds);
        return new double[] {all / window, dumps / window, stoppedNanos / 1e6 / window};
    }

    /** A JFR settings file that enables the execution sampler at 10 ms and nothing else. */
    static Path writeExecOnlySettings(Path work) throws IOException {
        Path jfc = work.resolve("exec-only.jfc").toAbsolutePath();
        Files.writeString(jfc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<configuration version=\"2.0\" label=\"ExecutionSample only\" description=\"jflame benchmark: JFR's execution sampler alone\">\n"
                + "  <event name=\"jdk.ExecutionSample\">\n"
                + "    <setting name=\"enabled\">true</setting>\n"
                + "    <setting name=\"period\">10 ms</setting>\n"
                + "  </event>\n"
                + "</configuration>\n");
        return jfc;
    }

    static List<String> agentArgs(String variant, Path jar, Path apLib, Path profile, Path execOnly) {
        switch (variant) {
            case "none":
            case "floor":
                return List.of();
            case "jflame10":
            case "base10":
                return List.of("-javaagent:" + jar + "=interval=10ms,file=" + profile);
            case "jflame50":
                return List.of("-javaagent:" + jar + "=interval=50ms,file=" + profile);
            case "jflame10java":
                return List.of("-javaagent:" + jar + "=interval=10ms,engine=java,file=" + profile);
            case "jflame10cpu":
                return List.of("-javaagent:" + jar + "=interval=10ms,engine=jfrcpu,file=" + profile);
            case "jflame10nocensus":
                return List.of("-javaagent:" + jar + "=interval=10ms,vcensus=off,file=" + profile);
            case "jflame10d64":
                return List.of("-javaagent:" + jar + "=interval=10ms,depth=64,file=" + profile);
            case "jfr":
                return List.of("-XX:StartFlightRecording=settings=profile,filename=" + profile);
            case "jfrexec":
                return List.of("-XX:StartFlightRecording=settings=" + execOnly + ",filename=" + profile);
            case "apcpu":
                return List.of("-agentpath:" + apLib + "=start,event=cpu,interval=10ms,collapsed,file=" + profile);
            case "apwall":
                return List.of("-agentpath:" + apLib + "=start,event=wall,interval=10ms,collapsed,file=" + profile);
            default:
                throw new IllegalArgumentException("unknown variant " + variant);
        }
    }

    /** Variants that run a jflame jar and leave a JSON profile with tick statistics. */
    static boolean isJflame(String variant) {
        return variant.startsWith("jflame") || variant.startsWith("base");
    }

    static double run(List<String> cmd, int timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + cmd);
        }
        Matcher m = THROUGHPUT.matcher(output);
        if (p.exitValue() != 0 || !m.find()) {
            throw new IllegalStateException("no throughput from " + cmd + " (exit " + p.exitValue() + "):\n" + output);
        }
        return Double.parseDouble(m.group(1));
    }

    /**
     * From a jflame JSON profile: count, p50, p90, p99 and max of the tick's wall time, then the same
     * five of its CPU time; null if absent.
     */
    static long[] tickStats(Path json) throws IOException {
        if (!Files.exists(json)) {
            return null;
        }
        String text = Files.readString(json);
        Matcher wall = TICK.matcher(text);
        Matcher cpu = TICK_CPU.matcher(text);
        if (!wall.find() || !cpu.find()) {
            return null;
        }
        long[] r = new long[10];
        for (int i = 0; i < 5; i++) {
            r[i] = Long.parseLong(wall.group(i + 1));
            r[5 + i] = Long.parseLong(cpu.group(i + 1));
        }
        return r;
    }

    /** Compiles bench/CaptureFloor.java once, so the floor's JVM runs it from classes as the others run theirs. */
    static Path compileFloor(Path work) throws IOException {
        Path out = Files.createDirectories(work.resolve("floor")).toAbsolutePath();
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, null, "--release", "11", "-d", out.toString(), existing("bench/CaptureFloor.java").toString()) != 0) {
            throw new IllegalStateException("could not compile bench/CaptureFloor.java");
        }
        return out;
    }

    static Path asyncProfiler(Path work) throws Exception {
        Path jar = Paths.get(System.getProperty("user.home"), ".m2", "repository", "tools", "profiler", "async-profiler",
                AP_VERSION, "async-profiler-" + AP_VERSION + ".jar");
        if (!Files.exists(jar)) {
            Process p = new ProcessBuilder("./mvnw", "-q", "-B", "dependency:get", "-Dartifact=tools.profiler:async-profiler:" + AP_VERSION)
                    .inheritIO().start();
            if (p.waitFor() != 0 || !Files.exists(jar)) {
                throw new IllegalStateException("could not fetch async-profiler " + AP_VERSION + " from Maven Central");
            }
        }
        Path lib = work.resolve("libasyncProfiler.so");
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            try (var in = zip.getInputStream(zip.getEntry("linux-x64/libasyncProfiler.so"))) {
                Files.copy(in, lib, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return lib.toAbsolutePath();
    }

    static Path existing(String path) {
        Path p = Paths.get(path).toAbsolutePath();
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " is missing: run ./mvnw -B -DskipTests package first");
        }
        return p;
    }

    static double totalMemoryGiB() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0;
                }
            }
        } catch (IOException ignored) {
            // reported as 0
        }
        return 0;
    }

    static Map<String, String> parse(String[] argv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + argv[i]);
            }
            m.put(argv[i].substring(2), argv[i + 1]);
        }
        return m;
    }

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    static double min(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    static long medianOf(List<long[]> rows, int col) {
        long[] a = rows.stream().mapToLong(r -> r[col]).sorted().toArray();
        return a[a.length / 2];
    }

    static double medianOfD(List<double[]> rows, int col) {
        double[] a = rows.stream().mapToDouble(r -> r[col]).sorted().toArray();
        return a.length == 0 ? Double.NaN : a[a.length / 2];
    }

    static long maxOf(List<long[]> rows, int col) {
        return rows.stream().mapToLong(r -> r[col]).max().orElse(0);
    }
}
