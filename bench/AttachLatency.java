import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * How gentle attaching a profiler is to a running server. A JDK {@code HttpServer} (8 worker
 * threads; by default a request hashes a 4 KB block in 160 chained SHA-256 rounds and formats a
 * 3.5 KB JSON reply, 0.38 ms of CPU in the handler on JDK 17 on the 2-core machine where this was
 * written) runs in its own JVM under an open-loop load from this one: requests leave at fixed
 * intervals whatever the replies do, and each latency counts from the request's scheduled send
 * time, so a stall shows as the queue it causes (no coordinated omission). Each round starts a
 * fresh server, warms it, measures a window and, at a fixed second of it, does the variant's
 * action: nothing, {@code jflame attach} through the launcher as a user runs it (default engine,
 * {@code engine=java}, or the default engine on a server whose JFR already ran: {@code jflame-jfrup}; the
 * default engine as {@code java -jar jflame.jar}: {@code jflame-jar}), or
 * async-profiler's wall-clock mode loaded and stopped with {@code jcmd JVMTI.agent_load}. Variants
 * run in alternation, their order rotating per round; reported are the per-second p50/p99/max
 * around the action and the window's, medians over rounds. Each round's child output, with times,
 * is kept in {@code bench/target/attach-latency/<variant>-r<round>.log}.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -DskipTests package}: {@code java
 * bench/AttachLatency.java [--rounds 3] [--variants none,jflame,jflame-jar,jflame-java,jflame-jfrup,asprof] [--asprof
 * /path/to/libasyncProfiler.so] [--java /path/to/java] [--rate 200] [--connections 32] [--warmup 10]
 * [--seconds 20] [--action-at 5] [--duration 10] [--work 160] [--out bench/results.md]}. Linux only
 * (the server's CPU time is read from /proc).
 */
public final class AttachLatency {
    static final Path ROOT = Paths.get("").toAbsolutePath();
    static final Path SOURCE = ROOT.resolve("bench/AttachLatency.java");
    static final Path JAR = ROOT.resolve("agent/target/jflame.jar");
    static final Path WORK = ROOT.resolve("bench/target/attach-latency");
    /** The seconds reported around the action, relative to it; second 0 starts at the action. */
    static final int FIRST = -2;
    static final int LAST = 6;

    /** The command line's settings; times in seconds. */
    record Settings(String java, int rate, int connections, int warmup, int seconds, int actionAt, int duration, int work,
            Path asprof) {
    }

    /** What a variant does at the action time, in the background while the load goes on; returns an exit code. */
    interface Action {
        int run(Settings s, long pid, Children children) throws Exception;
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length > 0 && argv[0].equals("server")) {
            Server.run(argv);
            return;
        }
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            a.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        Settings s = new Settings(a.getOrDefault("java", Paths.get(System.getProperty("java.home"), "bin", "java").toString()),
                Integer.parseInt(a.getOrDefault("rate", "200")), Integer.parseInt(a.getOrDefault("connections", "32")),
                Integer.parseInt(a.getOrDefault("warmup", "10")), Integer.parseInt(a.getOrDefault("seconds", "20")),
                Integer.parseInt(a.getOrDefault("action-at", "5")), Integer.parseInt(a.getOrDefault("duration", "10")),
                Integer.parseInt(a.getOrDefault("work", "160")),
                a.containsKey("asprof") ? Paths.get(a.get("asprof")).toAbsolutePath() : null);
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "3"));
        Path out = Paths.get(a.getOrDefault("out", "bench/results.md"));
        if (s.actionAt() + FIRST < 0 || s.actionAt() >= s.seconds()) {
            throw new IllegalArgumentException("--action-at must leave " + -FIRST + " s before it and lie inside --seconds");
        }
        Map<String, Action> all = new LinkedHashMap<>();
        all.put("none", (st, pid, c) -> 0);
        all.put("jflame", (st, pid, c) -> jflame(st, pid, c, "jflame", List.of()));
        all.put("jflame-jar", (st, pid, c) -> jflame(st, pid, c, "jflame-jar", List.of(), false));
        all.put("jflame-java", (st, pid, c) -> jflame(st, pid, c, "jflame-java", List.of("--opt", "engine=java")));
        all.put("asprof", AttachLatency::asprof);
        // jflame attaching to a server whose JFR was already initialized (a recording of 2 s at its
        // start): what attaching costs without JFR's first start in that JVM.
        all.put("jflame-jfrup", (st, pid, c) -> jflame(st, pid, c, "jflame-jfrup", List.of()));
        List<String> names = List.of(a.getOrDefault("variants", s.asprof() == null ? "none,jflame,jflame-java"
                : "none,jflame,jflame-java,asprof").split(","));
        for (String n : names) {
            if (!all.containsKey(n)) {
                throw new IllegalArgumentException("unknown variant " + n + "; known: " + all.keySet());
            }
        }
        if (names.contains("asprof") && (s.asprof() == null || !Files.isRegularFile(s.asprof()))) {
            throw new IllegalArgumentException("variant asprof needs --asprof /path/to/libasyncProfiler.so (an existing file)");
        }
        if (!names.stream().allMatch(n -> n.equals("none") || n.equals("asprof")) && !Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run ./mvnw -B -DskipTests package first");
        }
        Files.createDirectories(WORK);
        Map<String, List<RoundStats>> results = new LinkedHashMap<>();
        names.forEach(n -> results.put(n, new ArrayList<>()));
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < names.size(); i++) {
                String v = names.get(Math.floorMod(i + r, names.size()));
                RoundStats st = Round.run(v, all.get(v), s, r);
                results.get(v).add(st);
                System.err.printf(Locale.ROOT, "round %d %s: window p50 %.1f p99 %.1f max %.1f ms, action second max %.1f ms,"
                        + " %d failed, server CPU %.2f ms/request%n", r, v, st.windowP50(), st.windowP99(), st.windowMax(),
                        st.actionMax(), st.windowFailed(), st.cpuMsPerRequest());
            }
        }
        String report = Report.markdown(s, rounds, String.join(" ", argv), results);
        Files.writeString(out, report, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.print(report);
    }

    /** {@code jflame attach} in the server's JDK; the profile must come out. */
    static int jflame(Settings s, long pid, Children children, String name, List<String> extra) throws Exception {
        return jflame(s, pid, children, name, extra, true);
    }

    /**
     * @param launcher through {@code ./jflame} as a user runs it (the launcher's flags for the CLI's JVM, on the
     *     server's JDK), else {@code java -jar jflame.jar}
     */
    static int jflame(Settings s, long pid, Children children, String name, List<String> extra, boolean launcher)
            throws Exception {
        Path file = WORK.resolve(name + ".html");
        Files.deleteIfExists(file);
        List<String> cmd = new ArrayList<>(launcher ? List.of(ROOT.resolve("jflame").toString())
                : List.of(s.java(), "-jar", JAR.toString()));
        cmd.addAll(List.of("attach", Long.toString(pid), "-d", s.duration() + "s", "-o", file.toString()));
        cmd.addAll(extra);
        // The server's JDK: bin/java's directory's parent.
        String home = Paths.get(s.java()).toAbsolutePath().getParent().getParent().toString();
        int rc = children.start(name, cmd, launcher ? Map.of("JAVA_HOME", home) : Map.of(), line -> { }).waitFor();
        return rc == 0 && nonEmpty(file) ? 0 : Math.max(rc, 1);
    }

    /** async-profiler 4.x wall-clock at 10 ms, started and (after the duration) stopped through {@code jcmd}. */
    static int asprof(Settings s, long pid, Children children) throws Exception {
        Path file = WORK.resolve("asprof.html");
        Files.deleteIfExists(file);
        int rc = jcmd(s, pid, children, "start,event=wall,interval=10ms,file=" + file);
        if (rc != 0) {
            return rc;
        }
        Thread.sleep(s.duration() * 1000L);
        rc = jcmd(s, pid, children, "stop,file=" + file);
        return rc == 0 && nonEmpty(file) ? 0 : Math.max(rc, 1);
    }

    /**
     * jcmd exits 0 whatever the agent answered; the agent's own code is on its "return code:" line.
     * The agent's options go in double quotes: unquoted, jcmd's parser takes the text before their
     * first '=' for the whole argument.
     */
    static int jcmd(Settings s, long pid, Children children, String agentArgs) throws Exception {
        String jcmd = Paths.get(s.java()).resolveSibling("jcmd").toString();
        CompletableFuture<Boolean> agentOk = new CompletableFuture<>();
        int rc = children.start("jcmd", List.of(jcmd, Long.toString(pid), "JVMTI.agent_load", s.asprof().toString(),
                '"' + agentArgs + '"'),
                line -> {
                    if (line == null || line.equals("return code: 0")) {
                        agentOk.complete(line != null);
                    }
                }).waitFor();
        return rc != 0 ? rc : agentOk.get(10, TimeUnit.SECONDS) ? 0 : 1;
    }

    static boolean nonEmpty(Path file) throws IOException {
        return Files.isRegularFile(file) && Files.size(file) > 0;
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>();
        xs.stream().filter(x -> !x.isNaN()).forEach(s::add);
        if (s.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** Nearest-rank percentile of sorted values; NaN when there are none. */
    static double percentile(List<Double> sorted, double p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
    }

    /**
     * A round's child processes, their output in one log with times since the round began. Lines
     * from several children interleave whole; the log and the list are thread-safe.
     */
    static final class Children implements AutoCloseable {
        private final long t0 = System.nanoTime();
        private final PrintWriter log;
        private final List<Process> started = Collections.synchronizedList(new ArrayList<>());

        Children(Path logFile) throws IOException {
            log = new PrintWriter(Files.newBufferedWriter(logFile), true);
        }

        synchronized void note(String tag, String text) {
            log.printf(Locale.ROOT, "%8.3f %s: %s%n", (System.nanoTime() - t0) / 1e9, tag, text);
        }

        /** Starts {@code cmd} with its stdout and stderr drained into the log and to {@code lines}, then a null at their end. */
        Process start(String tag, List<String> cmd, java.util.function.Consumer<String> lines) throws IOException {
            return start(tag, cmd, Map.of(), lines);
        }

        Process start(String tag, List<String> cmd, Map<String, String> env, java.util.function.Consumer<String> lines)
                throws IOException {
            note(tag, String.join(" ", cmd));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            started.add(p);
            Thread drain = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        note(tag, line);
                        lines.accept(line);
                    }
                } catch (IOException closed) {
                    // The process was destroyed; what it said is in the log.
                }
                lines.accept(null);
            }, "drain-" + tag);
            drain.setDaemon(true);
            drain.start();
            return p;
        }

        @Override
        public void close() {
            List<Process> copy;
            synchronized (started) {
                copy = new ArrayList<>(started);
            }
            for (Process p : copy) {
                p.destroy();
            }
            for (Process p : copy) {
                try {
                    if (!p.waitFor(10, TimeUnit.SECONDS)) {
                        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
            log.close();
        }
    }

    /** JVM flags of the server for the variants that need some. */
    static final Map<String, List<String>> SERVER_FLAGS = Map.of("jflame-jfrup",
            List.of("-XX:StartFlightRecording=duration=2s,filename=" + WORK.resolve("jfrup.jfr")));

    /** One round of one variant: a fresh server, warm-up, the measured window with the action in it. */
    static final class Round {
        static RoundStats run(String variant, Action action, Settings s, int round) throws Exception {
            Path logFile = WORK.resolve(variant + "-r" + round + ".log");
            try (Children children = new Children(logFile)) {
                CompletableFuture<Integer> ready = new CompletableFuture<>();
                // TCP_NODELAY: the JDK server flushes the headers before the body, and without it Nagle can hold
                // the body back until the client acknowledges the headers.
                List<String> serverCmd = new ArrayList<>(List.of(s.java(), "-Dsun.net.httpserver.nodelay=true"));
                serverCmd.addAll(SERVER_FLAGS.getOrDefault(variant, List.of()));
                serverCmd.addAll(List.of(SOURCE.toString(), "server", "0", Integer.toString(s.work())));
                Process server = children.start("server", serverCmd, line -> {
                            if (line == null) {
                                ready.completeExceptionally(new IllegalStateException("server exited before ready; see " + logFile));
                            } else if (line.startsWith("ready ")) {
                                ready.complete(Integer.parseInt(line.split(" ")[1]));
                            }
                        });
                int port = ready.get(120, TimeUnit.SECONDS);
                try (Load load = Load.start(port, s.rate(), s.warmup() + s.seconds(), s.connections())) {
                    long windowStart = load.start + s.warmup() * 1_000_000_000L;
                    long actionAt = windowStart + s.actionAt() * 1_000_000_000L;
                    long windowEnd = windowStart + s.seconds() * 1_000_000_000L;
                    sleepUntil(windowStart);
                    long cpu0 = cpuTicks(server.pid());
                    children.note("bench", "window starts");
                    sleepUntil(actionAt);
                    children.note("bench", "action " + variant);
                    FutureTask<Integer> act = new FutureTask<>(() -> action.run(s, server.pid(), children));
                    Thread actor = new Thread(act, "action");
                    actor.setDaemon(true);
                    actor.start();
                    sleepUntil(windowEnd);
                    long cpu1 = cpuTicks(server.pid());
                    children.note("bench", "window ends");
                    load.awaitDone(System.nanoTime() + Load.TIMEOUT_MILLIS * 1_000_000L + 1_000_000_000L);
                    int rc = act.get(s.duration() + 120L, TimeUnit.SECONDS);
                    children.note("bench", "action exited " + rc);
                    if (rc != 0) {
                        throw new IllegalStateException(variant + " failed (exit " + rc + "); see " + logFile);
                    }
                    if (!server.isAlive()) {
                        throw new IllegalStateException("the server exited during the round; see " + logFile);
                    }
                    return RoundStats.of(load, windowStart, windowEnd, actionAt, (cpu1 - cpu0) / 100.0);
                }
            }
        }

        static void sleepUntil(long nanos) throws InterruptedException {
            for (long wait; (wait = nanos - System.nanoTime()) > 0; ) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }

        /** utime + stime of a process in clock ticks (100 a second on Linux), fields 14 and 15 of stat(5). */
        static long cpuTicks(long pid) throws IOException {
            String stat = Files.readString(Paths.get("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
    }

    /**
     * One round's numbers for one variant, latencies in ms; the per-second arrays run from {@link
     * #FIRST} to {@link #LAST}, NaN for a second without a completed request.
     */
    record RoundStats(double[] p50, double[] p99, double[] max, int[] failed, double windowP50, double windowP99,
            double windowMax, int windowFailed, double cpuMsPerRequest) {

        double actionMax() {
            return max[-FIRST];
        }

        /** Buckets the window's requests by their scheduled send time relative to the action. */
        static RoundStats of(Load load, long windowStart, long windowEnd, long actionAt, double cpuSeconds) {
            int n = LAST - FIRST + 1;
            List<List<Double>> perSecond = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                perSecond.add(new ArrayList<>());
            }
            int[] failed = new int[n];
            List<Double> window = new ArrayList<>();
            int windowFailed = 0;
            int requests = 0;
            for (int i = 0; i < load.total; i++) {
                long t = load.scheduled(i);
                if (t < windowStart || t >= windowEnd) {
                    continue;
                }
                requests++;
                int k = (int) Math.floorDiv(t - actionAt, 1_000_000_000L) - FIRST;
                long nanos = load.latency.get(i);
                if (nanos < 0) { // failed, or still pending after the time-out
                    windowFailed++;
                    if (k >= 0 && k < n) {
                        failed[k]++;
                    }
                    continue;
                }
                window.add(nanos / 1e6);
                if (k >= 0 && k < n) {
                    perSecond.get(k).add(nanos / 1e6);
                }
            }
            double[] p50 = new double[n];
            double[] p99 = new double[n];
            double[] max = new double[n];
            for (int k = 0; k < n; k++) {
                List<Double> xs = perSecond.get(k);
                Collections.sort(xs);
                p50[k] = percentile(xs, 0.50);
                p99[k] = percentile(xs, 0.99);
                max[k] = percentile(xs, 1.0);
            }
            Collections.sort(window);
            return new RoundStats(p50, p99, max, failed, percentile(window, 0.50), percentile(window, 0.99),
                    percentile(window, 1.0), windowFailed, cpuSeconds * 1000 / requests);
        }
    }

    /** The markdown section: a summary table, then one per-second table per variant. */
    static final class Report {
        static String markdown(Settings s, int rounds, String args, Map<String, List<RoundStats>> results) {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "## Attach latency, %s, %s, %d cores%n%n", LocalDate.now(), s.java(),
                    Runtime.getRuntime().availableProcessors()));
            sb.append("Command: `java bench/AttachLatency.java ").append(args).append("`; ").append(rounds).append(" rounds,"
                    + " each variant once per round in rotating order, each on a fresh server JVM (JDK `HttpServer`, 8 worker"
                    + " threads, ").append(s.work()).append(" SHA-256 rounds over 4 KB and a small JSON string per request)"
                    + " warmed for ").append(s.warmup()).append(" s, then measured for ").append(s.seconds())
                    .append(" s under an open-loop load of ").append(s.rate()).append(" req/s over ").append(s.connections())
                    .append(" keep-alive connections from the bench JVM. Latency counts from each request's scheduled send"
                    + " time. At second ").append(s.actionAt()).append(" of the window the variant acts: `jflame attach <pid> -d ")
                    .append(s.duration()).append("s -o …html` (`jflame-java`: `--opt engine=java`), through the launcher `./jflame`"
                    + " with the server's JDK as `JAVA_HOME` (`jflame-jar`: `java -jar jflame.jar`); `asprof`: `jcmd <pid> JVMTI.agent_load libasyncProfiler.so start,event=wall,interval=10ms,…`,"
                    + " `stop` ").append(s.duration()).append(" s later. Per-second rows bucket requests by scheduled send time"
                    + " relative to the action (second 0 starts at it); medians over rounds, failed requests summed over"
                    + " rounds. Server CPU is the server process's user+system time in the window per request.\n\n");
            sb.append("| variant | window p50 ms | window p99 ms | window max ms | max in the action's second ms (median)"
                    + " | max in the action's second ms (worst round) | failed | server CPU ms/request |\n"
                    + "|---|---|---|---|---|---|---|---|\n");
            for (Map.Entry<String, List<RoundStats>> e : results.entrySet()) {
                List<RoundStats> rs = e.getValue();
                sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %d | %.2f |%n", e.getKey(),
                        ms(median(pick(rs, RoundStats::windowP50))), ms(median(pick(rs, RoundStats::windowP99))),
                        ms(median(pick(rs, RoundStats::windowMax))), ms(median(pick(rs, RoundStats::actionMax))),
                        ms(pick(rs, RoundStats::actionMax).stream().filter(x -> !x.isNaN()).mapToDouble(Double::doubleValue).max()
                                .orElse(Double.NaN)),
                        rs.stream().mapToInt(RoundStats::windowFailed).sum(), median(pick(rs, RoundStats::cpuMsPerRequest))));
            }
            for (Map.Entry<String, List<RoundStats>> e : results.entrySet()) {
                List<RoundStats> rs = e.getValue();
                sb.append("\n`").append(e.getKey()).append("`, by second around the action:\n\n")
                        .append("| second | p50 ms | p99 ms | max ms | failed |\n|---|---|---|---|---|\n");
                for (int k = 0; k <= LAST - FIRST; k++) {
                    int at = k;
                    sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d |%n",
                            k + FIRST == 0 ? "0 (action)" : String.format(Locale.ROOT, "%+d", k + FIRST),
                            ms(median(pick(rs, r -> r.p50()[at]))), ms(median(pick(rs, r -> r.p99()[at]))),
                            ms(median(pick(rs, r -> r.max()[at]))), rs.stream().mapToInt(r -> r.failed()[at]).sum()));
                }
            }
            return sb.append('\n').toString();
        }

        static List<Double> pick(List<RoundStats> rs, java.util.function.ToDoubleFunction<RoundStats> f) {
            List<Double> xs = new ArrayList<>();
            rs.forEach(r -> xs.add(f.applyAsDouble(r)));
            return xs;
        }

        static String ms(double x) {
            return Double.isNaN(x) ? "–" : String.format(Locale.ROOT, "%.1f", x);
        }
    }

    /**
     * Open-loop HTTP/1.1 load: a ticker thread queues request i at {@code start + i * period} whatever
     * the replies do, and a fixed set of keep-alive connections, one thread each, take the queue in
     * turn. A request's latency runs from its scheduled time, so time spent queued behind a stalled
     * server counts. Results are safe to read from any thread; one run per instance.
     */
    static final class Load implements AutoCloseable {
        static final long PENDING = -1;
        static final long FAILED = -2;
        /** Long enough that a stall shows as latency rather than failures; a request past it counts as failed. */
        static final int TIMEOUT_MILLIS = 5000;

        final long start;
        final long period;
        final int total;
        final AtomicLongArray latency;
        private final int port;
        private final AtomicInteger done = new AtomicInteger();
        private final BlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
        private final List<Thread> threads = new ArrayList<>();
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();

        private Load(int port, int rate, int seconds) {
            this.port = port;
            period = 1_000_000_000L / rate;
            total = rate * seconds;
            latency = new AtomicLongArray(total);
            for (int i = 0; i < total; i++) {
                latency.set(i, PENDING);
            }
            start = System.nanoTime() + 200_000_000L; // time for the threads to start and connect
        }

        static Load start(int port, int rate, int seconds, int connections) {
            Load load = new Load(port, rate, seconds);
            for (int c = 0; c < connections; c++) {
                load.threads.add(new Thread(load::connection, "load-" + c));
            }
            Thread ticker = new Thread(load::tick, "ticker");
            load.threads.add(ticker);
            load.threads.forEach(Thread::start);
            return load;
        }

        long scheduled(int i) {
            return start + i * period;
        }

        void awaitDone(long deadline) throws InterruptedException {
            while (done.get() < total && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }

        private void tick() {
            for (int i = 0; i < total; i++) {
                for (long wait; (wait = scheduled(i) - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(wait);
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                }
                queue.add(i);
            }
        }

        private void connection() {
            Connection c = null;
            try {
                while (true) {
                    c = request(c, queue.take());
                }
            } catch (InterruptedException stop) {
                // The end of the round.
            } finally {
                if (c != null) {
                    c.close();
                }
            }
        }

        /** Sends request i; returns the connection to go on with, null if it had to be dropped. */
        private Connection request(Connection c, int i) {
            for (int attempt = 0; ; attempt++) {
                boolean reused = c != null && c.used;
                try {
                    if (c == null) {
                        c = connect();
                    }
                    int status = c.get("/work?n=" + i);
                    finish(i, status == 200 ? System.nanoTime() - scheduled(i) : FAILED);
                    if (!c.keepAlive || status != 200) {
                        c.close();
                        return null;
                    }
                    return c;
                } catch (IOException e) {
                    if (c != null) {
                        c.close();
                    }
                    c = null;
                    // A kept-alive connection the server closed while idle fails at its next use: that request gets
                    // one more try on a new connection, its time still counting. A time-out or a new connection's
                    // failure is the server's.
                    if (!reused || attempt > 0 || e instanceof SocketTimeoutException) {
                        finish(i, FAILED);
                        return null;
                    }
                }
            }
        }

        private void finish(int i, long value) {
            latency.set(i, value);
            done.incrementAndGet();
        }

        private Connection connect() throws IOException {
            Socket s = new Socket();
            open.add(s);
            s.setTcpNoDelay(true);
            s.setSoTimeout(TIMEOUT_MILLIS);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
            return new Connection(s, open);
        }

        @Override
        public void close() {
            threads.forEach(Thread::interrupt);
            for (Socket s : open) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // Closing only to unblock a read.
                }
            }
            try {
                for (Thread t : threads) {
                    t.join(10_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One client connection speaking just enough HTTP/1.1 for the server's replies. Not thread-safe. */
    static final class Connection {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final Set<Socket> open;
        boolean used;
        boolean keepAlive = true;

        Connection(Socket socket, Set<Socket> open) throws IOException {
            this.socket = socket;
            this.open = open;
            in = new BufferedInputStream(socket.getInputStream());
            out = new BufferedOutputStream(socket.getOutputStream());
        }

        /** Sends a GET and reads the whole reply; returns the status code. */
        int get(String path) throws IOException {
            used = true;
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String[] status = line().split(" ");
            if (status.length < 2) {
                throw new IOException("bad status line " + Arrays.toString(status));
            }
            long length = -1;
            for (String h; !(h = line()).isEmpty(); ) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(h.substring("content-length:".length()).trim());
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    keepAlive = false;
                }
            }
            if (length < 0) {
                throw new IOException("reply without Content-Length");
            }
            in.skipNBytes(length);
            return Integer.parseInt(status[1]);
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    throw new EOFException("connection closed");
                }
                if (b != '\r') {
                    sb.append((char) b);
                }
            }
            return sb.toString();
        }

        void close() {
            open.remove(socket);
            try {
                socket.close();
            } catch (IOException ignored) {
                // Nothing left to read or write.
            }
        }
    }

    /**
     * The measured server, in its own JVM: {@code server <port> <hash rounds>}, port 0 for any. Prints
     * {@code ready <port>} once it accepts; runs until killed.
     */
    static final class Server {
        static void run(String[] argv) throws IOException {
            int rounds = Integer.parseInt(argv[2]);
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    Integer.parseInt(argv[1])), 256);
            AtomicInteger ids = new AtomicInteger();
            server.setExecutor(Executors.newFixedThreadPool(8, r -> new Thread(r, "http-worker-" + ids.incrementAndGet())));
            server.createContext("/work", ex -> respond(ex, rounds));
            server.start();
            System.out.println("ready " + server.getAddress().getPort());
            System.out.flush();
        }

        static void respond(HttpExchange ex, int rounds) throws IOException {
            try {
                String q = ex.getRequestURI().getRawQuery();
                long n = q != null && q.startsWith("n=") ? Long.parseLong(q.substring(2)) : 0;
                byte[] body = page(n, rounds).getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            } finally {
                ex.close();
            }
        }

        /** Chained SHA-256 over a 4 KB block drawn from the request number, and a JSON page of some digests. */
        static String page(long n, int rounds) {
            MessageDigest sha;
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            byte[] block = new byte[4096];
            new SplittableRandom(n).nextBytes(block);
            byte[] digest = new byte[0];
            HexFormat hex = HexFormat.of();
            StringBuilder sb = new StringBuilder(1024).append("{\"n\":").append(n).append(",\"digests\":[");
            for (int r = 0; r < rounds; r++) {
                sha.update(block);
                sha.update(digest);
                digest = sha.digest();
                block[r] ^= digest[0]; // so no round's input repeats another's
                if (r % 4 == 0) {
                    sb.append(r == 0 ? "" : ",").append("{\"round\":").append(r).append(",\"sha\":\"")
                            .append(hex.formatHex(digest)).append("\"}");
                }
            }
            return sb.append("]}").toString();
        }
    }
}
