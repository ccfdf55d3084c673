import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A long run: does jflame's cost fall once C2 is done with its code, and does anything grow? IdleCrowd as the
 * overhead benchmark's {@code idle200} (two busy threads, 200 idle ones 60 frames deep) reporting its
 * throughput every {@code --report-seconds}: first without an agent for {@code --base-minutes}, then under
 * jflame at its defaults for {@code --minutes}, then without again. For each of jflame's intervals it prints
 * the throughput, its ratio to the mean of the no-agent intervals after their first (the JVM's own warm-up), the
 * JVM's resident memory, and the CPU its threads took in that interval by kind ({@code jflame-*}, JFR's, the
 * C1 and C2 compilers), read from {@code /proc} (Linux; clock ticks of 10 ms).
 *
 * <p>Run from the repository root after {@code ./mvnw -B -DskipTests package}, on a quiet machine:
 * <pre>java bench/LongRun.java [--minutes 30] [--base-minutes 5] [--report-seconds 60] [--java path/to/java]</pre>
 */
public final class LongRun {
    /** Thread kinds by the start of their Linux name (15 characters at most), in the order printed. */
    private static final Map<String, String> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("jflame", "jflame-");
        KINDS.put("JFR", "JFR ");
        KINDS.put("C2", "C2 Compiler");
        KINDS.put("C1", "C1 Compiler");
    }

    public static void main(String[] args) throws Exception {
        int minutes = 30;
        int baseMinutes = 5;
        int reportSeconds = 60;
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes" -> minutes = Integer.parseInt(args[++i]);
                case "--base-minutes" -> baseMinutes = Integer.parseInt(args[++i]);
                case "--report-seconds" -> reportSeconds = Integer.parseInt(args[++i]);
                case "--java" -> java = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path work = Files.createDirectories(Paths.get("bench/target/long-run").toAbsolutePath());
        String jar = Paths.get("agent/target/jflame.jar").toAbsolutePath().toString();
        List<Double> base = new ArrayList<>();
        base.addAll(run(java, null, baseMinutes, reportSeconds, null));
        String agent = "-javaagent:" + jar + "=file=" + work.resolve("long-run.json");
        List<double[]> rows = new ArrayList<>();
        run(java, agent, minutes, reportSeconds, rows);
        base.addAll(run(java, null, baseMinutes, reportSeconds, null));
        double baseMean = base.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);

        System.out.printf(Locale.ROOT, "no agent: %.0f ops/s (mean of %d intervals of %d s, the first of each run left out)%n%n",
                baseMean, base.size(), reportSeconds);
        StringBuilder header = new StringBuilder("| minute | ops/s | ratio | RSS MB |");
        StringBuilder line = new StringBuilder("|---|---|---|---|");
        for (String kind : KINDS.keySet()) {
            header.append(' ').append(kind).append(" CPU ms/s |");
            line.append("---|");
        }
        System.out.println(header);
        System.out.println(line);
        for (double[] r : rows) {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "| %.1f | %.0f | %.3f | %.0f |", r[0] / 60, r[1], r[1] / baseMean, r[2]));
            for (int k = 0; k < KINDS.size(); k++) {
                b.append(String.format(Locale.ROOT, " %.1f |", r[3 + k]));
            }
            System.out.println(b);
        }
    }

    /**
     * One IdleCrowd JVM for {@code minutes}, with {@code agent} (or none); returns its intervals' throughput after
     * the first, and adds a row per interval to {@code rows} (seconds since ready, ops/s, RSS MB, CPU ms/s by kind).
     */
    private static List<Double> run(String java, String agent, int minutes, int reportSeconds, List<double[]> rows) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java));
        if (agent != null) {
            cmd.add(agent);
        }
        cmd.addAll(List.of("-cp", "test-apps/target/test-apps.jar", "dev.jflame.testapps.IdleCrowd", "--busy", "2", "--idle", "200",
                "--depth", "60", "--seconds", Integer.toString(minutes * 60), "--report-seconds", Integer.toString(reportSeconds)));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Double> kept = new ArrayList<>();
        Map<String, double[]> cpuBefore = threadCpu(p.pid());
        long before = System.nanoTime();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            int n = 0;
            while ((l = r.readLine()) != null) {
                if (!l.startsWith("interval ")) {
                    continue;
                }
                double at = Double.parseDouble(field(l, "at="));
                double ops = Double.parseDouble(field(l, "ops/s="));
                Map<String, double[]> cpu = threadCpu(p.pid());
                long now = System.nanoTime();
                if (n++ > 0) {
                    kept.add(ops);
                }
                if (rows != null) {
                    double[] row = new double[3 + KINDS.size()];
                    row[0] = at;
                    row[1] = ops;
                    row[2] = rssMegabytes(p.pid());
                    double[] used = usedByKind(cpuBefore, cpu);
                    for (int k = 0; k < KINDS.size(); k++) {
                        row[3 + k] = used[k] * 1000 / ((now - before) / 1e9);
                    }
                    rows.add(row);
                }
                System.err.printf(Locale.ROOT, "%s at %.0f s: %.0f ops/s%n", agent == null ? "none" : "jflame", at, ops);
                cpuBefore = cpu;
                before = now;
            }
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("IdleCrowd exited with " + p.exitValue());
        }
        return kept;
    }

    private static String field(String line, String key) {
        int from = line.indexOf(key) + key.length();
        int to = line.indexOf(' ', from);
        return to < 0 ? line.substring(from) : line.substring(from, to);
    }

    /**
     * CPU seconds used between two readings by the threads of each kind: each thread's own difference, so a thread
     * that ended (the JVM stops compiler threads it no longer needs) takes nothing away; its last moments are lost.
     */
    private static double[] usedByKind(Map<String, double[]> before, Map<String, double[]> now) {
        double[] used = new double[KINDS.size()];
        for (Map.Entry<String, double[]> e : now.entrySet()) {
            double[] was = before.get(e.getKey());
            int kind = (int) e.getValue()[0];
            used[kind] += e.getValue()[1] - (was == null ? 0 : was[1]);
        }
        return used;
    }

    /** Each thread of a kind, by its task id: its kind's index and its CPU seconds so far. */
    private static Map<String, double[]> threadCpu(long pid) {
        Map<String, double[]> threads = new LinkedHashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Paths.get("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                // The name is between the first '(' and the last ')'; utime and stime are the 14th and 15th fields.
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                double cpu = (Long.parseLong(rest[11]) + Long.parseLong(rest[12])) / 100.0;
                int k = 0;
                for (String prefix : KINDS.values()) {
                    if (name.startsWith(prefix)) {
                        threads.put(task.getFileName().toString(), new double[] {k, cpu});
                    }
                    k++;
                }
            }
        } catch (IOException e) {
            // The process ended: nothing more to read.
        }
        return threads;
    }

    private static double rssMegabytes(long pid) throws IOException {
        for (String l : Files.readAllLines(Paths.get("/proc", Long.toString(pid), "status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
