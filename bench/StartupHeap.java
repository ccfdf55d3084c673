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
 * What the agent costs an application that fills its heap: test-apps' {@code HeapFill} in a small G1 heap,
 * without the agent and with it (each jar × each option string), the variants in alternation. For each,
 * medians over the rounds: the live heap after a full GC ({@code jcmd GC.class_histogram}) 1.5 s and 6 s
 * after start, the application holding nothing; what the main thread allocated before {@code main} (a
 * {@code -javaagent}'s premain runs there); what jflame's threads allocated in 9 s. Then, at each share of
 * the heap asked for, how many of the tries the application finished as it does alone: exit code 0, its
 * own stdout, no {@code OutOfMemoryError}. From the repository root after a build:
 *
 * <pre>java bench/StartupHeap.java [--xmx 64m] [--jars agent/target/jflame.jar,/other/jflame.jar]
 *     [--options "engine=java,memory=4m;"] [--rounds 3] [--shares 87,88,91,92] [--tries 4] [--out bench/results.md]</pre>
 *
 * {@code --options} is a {@code ;}-separated list of agent option strings (an empty one: the defaults).
 */
public final class StartupHeap {
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+\\d+\\s+(\\d+)", Pattern.MULTILINE);
    private static final Pattern ALLOCATED = Pattern.compile("^allocated (.+) (-?\\d+)$", Pattern.MULTILINE);
    /** When the live heap is read, seconds after the JVM is started. */
    private static final double[] AT = {1.5, 6};

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            a.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        String xmx = a.getOrDefault("xmx", "64m");
        String[] jars = a.getOrDefault("jars", "agent/target/jflame.jar").split(",");
        String[] optionSets = a.getOrDefault("options", "engine=java,memory=4m;").split(";", -1);
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "3"));
        int[] shares = Arrays.stream(a.getOrDefault("shares", "87,88,91,92").split(",")).mapToInt(Integer::parseInt).toArray();
        int tries = Integer.parseInt(a.getOrDefault("tries", "4"));
        Path out = Paths.get(a.getOrDefault("out", "bench/results.md"));
        Path work = Files.createDirectories(Paths.get("bench/target/startup-heap")).toAbsolutePath();
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Path apps = Paths.get("test-apps/target/test-apps.jar").toAbsolutePath();

        Map<String, List<String>> variants = new LinkedHashMap<>();
        variants.put("none", List.of("-Xmx" + xmx, "-XX:+UseG1GC"));
        int n = 0;
        for (String jar : jars) {
            for (String opts : optionSets) {
                String file = "file=" + work.resolve("v" + (n++) + ".json");
                String agent = "-javaagent:" + Paths.get(jar).toAbsolutePath() + "=" + (opts.isEmpty() ? file : opts + "," + file);
                variants.put(jar + (opts.isEmpty() ? " (defaults)" : " " + opts), List.of("-Xmx" + xmx, "-XX:+UseG1GC", agent));
            }
        }
        // [variant][round][live at 1.5 s, live at 6 s, premain, jflame threads]
        long[][][] figures = new long[variants.size()][rounds][];
        for (int r = 0; r < rounds; r++) {
            int v = 0;
            for (Map.Entry<String, List<String>> e : variants.entrySet()) {
                figures[v][r] = live(java, e.getValue(), apps, work, e.getKey(), v + "-" + r);
                v++;
            }
        }
        int[][] finished = new int[variants.size()][shares.length];
        for (int t = 0; t < tries; t++) {
            for (int s = 0; s < shares.length; s++) {
                int v = 0;
                for (List<String> jvm : variants.values()) {
                    finished[v++][s] += finishes(java, jvm, apps, work, shares[s]) ? 1 : 0;
                }
            }
        }

        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "Command: `java bench/StartupHeap.java %s`, JDK %s, `-Xmx%s -XX:+UseG1GC`, %s. Medians of %d rounds;"
                + " in brackets the difference from the run without the agent.%n%n", String.join(" ", quoted(argv)), System.getProperty("java.version"),
                xmx, LocalDate.now(), rounds));
        report.append("| variant | live heap at 1.5 s | at 6 s | premain allocated | jflame threads allocated in 9 s |");
        for (int share : shares) {
            report.append(" finished at ").append(share).append(" % |");
        }
        report.append("\n|---|---|---|---|---|");
        for (int share : shares) {
            report.append("---|");
        }
        report.append('\n');
        long[] base = null;
        int v = 0;
        for (String name : variants.keySet()) {
            long[] m = new long[4];
            for (int f = 0; f < m.length; f++) {
                long[] col = new long[rounds];
                for (int r = 0; r < rounds; r++) {
                    col[r] = figures[v][r][f];
                }
                Arrays.sort(col);
                m[f] = col[rounds / 2];
            }
            if (base == null) {
                base = m;
            }
            report.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f MB |", name, mb(m[0], base[0]), mb(m[1], base[1]), mb(m[2], base[2]),
                    m[3] / 1048576.0));
            for (int s = 0; s < shares.length; s++) {
                report.append(' ').append(finished[v][s]).append('/').append(tries).append(" |");
            }
            report.append('\n');
            v++;
        }
        String text = report + "\n";
        System.out.print(text);
        Files.writeString(out, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** One run holding nothing: live heap at each of {@link #AT}, premain's allocation, jflame's threads' allocation. */
    private static long[] live(String java, List<String> jvm, Path apps, Path work, String name, String tag) throws Exception {
        String jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString();
        Path log = work.resolve("live.out");
        Process p = new ProcessBuilder(command(java, jvm, apps, "--share", "0", "--seconds", "9", "--allocations", "true"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long t0 = System.nanoTime();
        long[] figures = new long[4];
        for (int i = 0; i < AT.length; i++) {
            Thread.sleep(Math.max(0, (long) (AT[i] * 1000) - (System.nanoTime() - t0) / 1_000_000));
            Process h = new ProcessBuilder(jcmd, Long.toString(p.pid()), "GC.class_histogram").redirectErrorStream(true).start();
            String histo = new String(h.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            h.waitFor();
            Files.writeString(work.resolve("histo-" + tag + "-" + i + ".txt"), histo);
            Matcher m = TOTAL.matcher(histo);
            if (!m.find()) {
                throw new IllegalStateException(name + ": no class histogram: " + histo);
            }
            figures[i] = Long.parseLong(m.group(1));
        }
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(name + " failed: " + Files.readString(log));
        }
        Matcher m = ALLOCATED.matcher(Files.readString(log));
        while (m.find()) {
            if (m.group(1).equals("before-main")) {
                figures[2] = Long.parseLong(m.group(2));
            } else if (m.group(1).startsWith("jflame")) {
                figures[3] += Long.parseLong(m.group(2));
            }
        }
        return figures;
    }

    /** Whether the application, holding {@code share} percent of the heap, finished as it does alone. */
    private static boolean finishes(String java, List<String> jvm, Path apps, Path work, int share) throws Exception {
        Path stdout = work.resolve("share.out");
        Path stderr = work.resolve("share.err");
        Process p = new ProcessBuilder(command(java, jvm, apps, "--share", Integer.toString(share), "--seconds", "4"))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        List<String> lines = Files.readAllLines(stdout);
        return p.exitValue() == 0 && lines.size() == 2 && lines.get(0).equals("ready") && lines.get(1).startsWith("heapfill done")
                && !Files.readString(stderr).contains("OutOfMemoryError");
    }

    private static List<String> command(String java, List<String> jvm, Path apps, String... args) {
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", apps.toString(), "dev.jflame.testapps.HeapFill"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Megabytes, and the difference from the run without the agent. */
    private static String mb(long bytes, long base) {
        String s = String.format(Locale.ROOT, "%.2f MB", bytes / 1048576.0);
        return bytes == base ? s : s + String.format(Locale.ROOT, " (%+.2f)", (bytes - base) / 1048576.0);
    }

    private static List<String> quoted(String[] argv) {
        List<String> q = new ArrayList<>();
        for (String s : argv) {
            q.add(s.contains(" ") || s.contains(";") || s.isEmpty() ? '"' + s + '"' : s);
        }
        return q;
    }
}
