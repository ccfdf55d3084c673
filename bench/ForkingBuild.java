import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What following a forking build costs: {@code test-apps/forking-build} (surefire forks one JVM per
 * test class, two at a time, four classes) is built with {@code ./mvnw -o -q test} plain and under
 * jflame, in alternation, and the median wall and CPU time of each variant are reported with the
 * median of the per-round ratios to plain. CPU is the user+system time of the whole process tree,
 * read from this JVM's reaped-children counters in /proc/self/stat (Linux only).
 *
 * <p>{@code run} is {@code ./jflame run -o ... -- ./mvnw ...} through the launcher, as a user runs it (with the
 * launcher's flags for the CLI's JVM); {@code run-jar} the same command as {@code java -jar jflame.jar run}.
 *
 * <p>Run from the repository root after {@code ./mvnw install}: {@code java bench/ForkingBuild.java
 * [--rounds 8] [--variants plain,run,...] [--out bench/results.md]}.
 */
public final class ForkingBuild {
    private static final Path ROOT = Paths.get("").toAbsolutePath();
    private static final Path PROJECT = ROOT.resolve("test-apps/forking-build");
    private static final Path JAR = ROOT.resolve("agent/target/jflame.jar");
    private static final Path WORK = ROOT.resolve("bench/target/forking-build");

    /** One way to run the build: extra environment and a command prefix before {@code ./mvnw ...}. */
    record Variant(Map<String, String> env, List<String> prefix) {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            a.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "8"));
        Path out = Paths.get(a.getOrDefault("out", "bench/results.md"));
        Files.createDirectories(WORK);
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Map<String, Variant> all = new LinkedHashMap<>();
        all.put("plain", new Variant(Map.of(), List.of()));
        // `jflame run` as a user runs it: through the launcher (its JVM flags), on this JDK.
        Map<String, String> home = Map.of("JAVA_HOME", System.getProperty("java.home"));
        String launcher = ROOT.resolve("jflame").toString();
        all.put("run", new Variant(home, List.of(launcher, "run", "-o", WORK.resolve("run.html").toString(), "--")));
        all.put("run-collapsed", new Variant(home, List.of(launcher, "run", "-o", WORK.resolve("run.collapsed").toString(), "--")));
        all.put("run-jar", new Variant(Map.of(), List.of(java, "-jar", JAR.toString(), "run", "-o", WORK.resolve("run-jar.html").toString(), "--")));
        all.put("maven-opts", new Variant(Map.of("MAVEN_OPTS", "-javaagent:" + JAR + "=file=" + WORK.resolve("opts.html")), List.of()));
        // Breakdown: every JVM runs a followed child agent through the environment, as `jflame run` of a script arranges, without the CLI's merge.
        all.put("tool-options", new Variant(Map.of("JAVA_TOOL_OPTIONS", "-javaagent:" + JAR + "=followed=true,spool=" + WORK.resolve("spool")), List.of()));
        all.put("tool-options-java", new Variant(Map.of("JAVA_TOOL_OPTIONS", "-javaagent:" + JAR + "=engine=java,followed=true,spool=" + WORK.resolve("spool")), List.of()));
        all.put("tool-options-nochildren", new Variant(Map.of("JAVA_TOOL_OPTIONS", "-javaagent:" + JAR + "=children=false,followed=true,spool=" + WORK.resolve("spool")), List.of()));
        List<String> names = new ArrayList<>(List.of(a.getOrDefault("variants", "plain,run,maven-opts").split(",")));
        for (String n : names) {
            if (!all.containsKey(n)) {
                throw new IllegalArgumentException("unknown variant " + n + "; known: " + all.keySet());
            }
        }
        Map<String, List<double[]>> times = new LinkedHashMap<>();
        names.forEach(n -> times.put(n, new ArrayList<>()));
        for (int r = -1; r < rounds; r++) { // one unrecorded round compiles the project and warms the page cache
            for (int i = 0; i < names.size(); i++) {
                String v = names.get(Math.floorMod(i + r, names.size()));
                double[] t = build(v, all.get(v));
                if (r >= 0) {
                    times.get(v).add(t);
                }
                System.err.printf(Locale.ROOT, "round %d %s: %.2f s wall, %.2f s CPU%n", r, v, t[0], t[1]);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "## Forking build, %s, %s, %d cores%n%n", LocalDate.now(), java,
                Runtime.getRuntime().availableProcessors()));
        sb.append("Command: `java bench/ForkingBuild.java ").append(String.join(" ", argv)).append("`; ").append(rounds)
                .append(" rounds in alternation of `./mvnw -o -q test` in `test-apps/forking-build` (4 test classes, surefire"
                        + " `forkCount=2`, `reuseForks=false`: 5 JVMs).\n\n");
        sb.append("| variant | median wall s | median CPU s | wall / plain (median of rounds) | CPU / plain |\n|---|---|---|---|---|\n");
        for (String v : names) {
            List<Double> wall = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            List<Double> wallRatio = new ArrayList<>();
            List<Double> cpuRatio = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                double[] t = times.get(v).get(r);
                double[] base = times.get(names.get(0)).get(r);
                wall.add(t[0]);
                cpu.add(t[1]);
                wallRatio.add(t[0] / base[0]);
                cpuRatio.add(t[1] / base[1]);
            }
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.3f | %.3f |%n", v, median(wall), median(cpu),
                    median(wallRatio), median(cpuRatio)));
        }
        sb.append('\n');
        Files.writeString(out, sb, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.print(sb);
    }

    /** Runs the build once; returns {wall seconds, CPU seconds of the reaped process tree}. */
    static double[] build(String name, Variant v) throws Exception {
        List<String> cmd = new ArrayList<>(v.prefix());
        cmd.addAll(List.of(ROOT.resolve("mvnw").toString(), "-B", "-q", "-o", "test"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(PROJECT.toFile()).redirectErrorStream(true)
                .redirectOutput(WORK.resolve(name + ".log").toFile());
        pb.environment().putAll(v.env());
        double cpu0 = reapedCpuSeconds();
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(name + " failed; see " + WORK.resolve(name + ".log"));
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        return new double[] {wall, reapedCpuSeconds() - cpu0};
    }

    /** cutime + cstime of this JVM: the CPU of every descendant that was waited for, all the way down. */
    static double reapedCpuSeconds() throws Exception {
        String stat = Files.readString(Paths.get("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // Fields 16 and 17 of stat(5), counted from the state field (3) after the command name.
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
