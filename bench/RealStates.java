import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * States on real software, checked against an independent profiler in the same run: an embedded H2
 * database (from Maven Central) under row contention, 8 threads that update shared rows, burn CPU
 * holding the row lock, read a sum and commit. H2 makes its waiters wait in {@code Object.wait}, so
 * this is the case where a waiter re-taking its monitor was drawn running. Each jflame jar given runs
 * with async-profiler's cpu mode attached to the same JVM; the report compares jflame's running
 * samples inside {@code Object.wait} and its hottest running method with where async-profiler saw the
 * CPU. From the repository root, after {@code ./mvnw -B -DskipTests package}:
 *
 * <pre>java bench/RealStates.java [--seconds 8] [--jars agent/target/jflame.jar,/path/to/older/jflame.jar] [--out bench/results.md]</pre>
 */
public final class RealStates {
    static final String H2 = "com.h2database:h2:2.5.252";
    static final String AP = "tools.profiler:async-profiler:4.3";

    public static void main(String[] argv) throws Exception {
        if (argv.length > 0 && argv[0].equals("workload")) {
            workload(Long.parseLong(argv[1]));
            return;
        }
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            a.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        String seconds = a.getOrDefault("seconds", "8");
        Path work = Files.createDirectories(Paths.get("bench/target/real-states")).toAbsolutePath();
        Path h2 = artifact(H2);
        Path apLib = work.resolve("libasyncProfiler.so");
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(artifact(AP).toFile());
             var in = zip.getInputStream(zip.getEntry("linux-x64/libasyncProfiler.so"))) {
            Files.copy(in, apLib, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "## States on H2 under row contention, %s, %s%n%n", LocalDate.now(), System.getProperty("java.version")));
        report.append("Command: `java bench/RealStates.java ").append(String.join(" ", argv)).append("`; H2 ").append(H2.split(":")[2])
                .append(", 8 threads, ").append(seconds).append(" s; async-profiler ").append(AP.split(":")[2])
                .append(" `event=cpu,interval=10ms` in the same JVM.\n\n");
        report.append("| jflame jar | samples | running | running inside `Object.wait` | BLOCKED | jflame's hottest running | async-profiler's hottest (cpu) | CPU samples with `Object.wait` on the stack (async-profiler) |\n");
        report.append("|---|---|---|---|---|---|---|---|\n");
        for (String jar : a.getOrDefault("jars", "agent/target/jflame.jar").split(",")) {
            Path jf = work.resolve("jflame.collapsed");
            Path ap = work.resolve("ap.collapsed");
            List<String> cmd = List.of(java, "-agentpath:" + apLib + "=start,event=cpu,interval=10ms,collapsed,file=" + ap,
                    "-javaagent:" + Paths.get(jar).toAbsolutePath() + "=file=" + jf, "-cp", h2.toString(),
                    Paths.get("bench/RealStates.java").toAbsolutePath().toString(), "workload", seconds);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("run.log").toFile()).start();
            if (!p.waitFor(Long.parseLong(seconds) + 120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("workload failed: " + Files.readString(work.resolve("run.log")));
            }
            Map<String, Long> lines = read(jf);
            long all = 0, running = 0, inWait = 0, blocked = 0;
            Map<String, Long> self = new HashMap<>();
            for (Map.Entry<String, Long> e : lines.entrySet()) {
                String leaf = e.getKey().substring(e.getKey().lastIndexOf(';') + 1);
                all += e.getValue();
                if (leaf.startsWith("[BLOCKED")) {
                    blocked += e.getValue();
                }
                if (leaf.startsWith("[") && !leaf.equals("[jflame]")) {
                    continue;
                }
                running += e.getValue();
                self.merge(leaf, e.getValue(), Long::sum);
                if (leaf.equals("java.lang.Object.wait") || leaf.equals("java.lang.Object.wait0")) {
                    inWait += e.getValue();
                }
            }
            Map<String, Long> apLines = read(ap);
            long apAll = 0, apWait = 0;
            Map<String, Long> apJava = new HashMap<>();
            for (Map.Entry<String, Long> e : apLines.entrySet()) {
                apAll += e.getValue();
                if (e.getKey().contains("java/lang/Object.wait") || e.getKey().contains("java.lang.Object.wait")) {
                    apWait += e.getValue();
                }
                apJava.merge(lastJavaFrame(e.getKey()), e.getValue(), Long::sum);
            }
            report.append(String.format(Locale.ROOT, "| %s | %d | %.1f %% | %d (%.1f %% of running) | %.1f %% | %s | %s | %.1f %% |%n",
                    jar, all, 100.0 * running / all, inWait, 100.0 * inWait / Math.max(1, running), 100.0 * blocked / all,
                    top(self), top(apJava), 100.0 * apWait / Math.max(1, apAll)));
        }
        String out = report + "\n";
        System.out.print(out);
        Files.writeString(Paths.get(a.getOrDefault("out", "bench/results.md")), out, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The innermost Java frame of an async-profiler stack (its leaves are often kernel or VM frames). */
    static String lastJavaFrame(String stack) {
        String[] frames = stack.split(";");
        for (int i = frames.length - 1; i >= 0; i--) {
            String f = frames[i];
            if (f.contains(".") && !f.endsWith("_[k]") && !f.contains("::") && !f.startsWith("[")) {
                return f.replace('/', '.');
            }
        }
        return frames[frames.length - 1];
    }

    static String top(Map<String, Long> counts) {
        String best = "-";
        long bv = -1;
        long sum = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            sum += e.getValue();
            if (e.getValue() > bv) {
                bv = e.getValue();
                best = e.getKey();
            }
        }
        return String.format(Locale.ROOT, "`%s` %.0f %%", best, 100.0 * bv / Math.max(1, sum));
    }

    static Map<String, Long> read(Path collapsed) throws Exception {
        Map<String, Long> lines = new HashMap<>();
        for (String l : Files.readAllLines(collapsed)) {
            int sp = l.lastIndexOf(' ');
            if (sp > 0) {
                lines.merge(l.substring(0, sp), Long.parseLong(l.substring(sp + 1)), Long::sum);
            }
        }
        return lines;
    }

    /** The artifact's jar in the local Maven repository, fetched from Maven Central by the wrapper if missing. */
    static Path artifact(String coords) throws Exception {
        String[] g = coords.split(":");
        Path jar = Paths.get(System.getProperty("user.home"), ".m2", "repository", g[0].replace('.', '/'), g[1], g[2], g[1] + "-" + g[2] + ".jar");
        if (!Files.exists(jar)) {
            Process p = new ProcessBuilder("./mvnw", "-q", "-B", "dependency:get", "-Dartifact=" + coords).inheritIO().start();
            if (p.waitFor() != 0 || !Files.exists(jar)) {
                throw new IllegalStateException("could not fetch " + coords + " from Maven Central");
            }
        }
        return jar;
    }

    /** The profiled program: 8 threads moving money between 4 rows of an in-memory H2 table. */
    static void workload(long seconds) throws Exception {
        String url = "jdbc:h2:mem:bank;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("create table account(id int primary key, balance bigint)");
            for (int i = 0; i < 4; i++) {
                s.execute("insert into account values(" + i + ", 1000000)");
            }
        }
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        LongAdder commits = new LongAdder();
        for (int t = 0; t < 8; t++) {
            long seed = t + 1;
            pool.submit(() -> transfer(url, end, seed, commits));
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60, TimeUnit.SECONDS);
        System.out.println("commits " + commits.sum());
    }

    static Void transfer(String url, long end, long seed, LongAdder commits) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            PreparedStatement update = c.prepareStatement("update account set balance = balance + ? where id = ?");
            PreparedStatement sum = c.prepareStatement("select sum(balance) from account");
            long x = seed;
            while (System.nanoTime() < end) {
                try {
                    update.setLong(1, -1);
                    update.setInt(2, (int) (x & 3));
                    update.executeUpdate();
                    x = burn(x); // holding the row lock
                    update.setLong(1, 1);
                    update.setInt(2, (int) ((x >>> 2) & 3));
                    update.executeUpdate();
                    try (ResultSet rs = sum.executeQuery()) {
                        rs.next();
                    }
                    c.commit();
                    commits.increment();
                } catch (SQLException deadlockOrTimeout) {
                    c.rollback();
                }
            }
        }
        return null;
    }

    static long burn(long x) {
        for (int i = 0; i < 20_000; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
