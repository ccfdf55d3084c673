import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How true an attach's running stacks are where {@code auto} takes the Java engine within the safepoint
 * budget (a JDK 11-24 JVM whose JFR never ran): Hotspots ({@code --threads} threads splitting their work
 * 70/30 between two methods) is attached by {@code jflame attach -d <seconds>} and, over the same window in
 * the same JVM, by async-profiler's {@code cpu} mode loaded with {@code jcmd JVMTI.agent_load}; each
 * round prints the {@code hot70} share of the hot methods' samples by both, and their difference, and the
 * end the median difference and jflame's safepoints a second. A fresh Hotspots JVM per round.
 *
 * <p>{@code --app service}: test-apps' Service instead, a JDK HttpServer whose handler threads compute ~2 ms
 * a request between network waits, the case the budget serves worst (a thread seldom running at one of ten
 * captures a second). The share is then {@code handleRequest}'s of the handler threads' running samples, and
 * each round also prints the share of jflame's running ticks that got a stack. {@code --jar} attaches with
 * another build (an older one, to compare); {@code --opt key=value} passes an option ({@code engine=java}: a
 * capture every tick, no budget). async-profiler counts CPU, jflame the thread's state: a handler writing its
 * answer is running to jflame and seldom on a CPU, so the two shares differ by that much.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -DskipTests package}, with async-profiler's
 * library (Maven Central's {@code tools.profiler:async-profiler} jar holds it):
 * <pre>java bench/AttachAccuracy.java --asprof libasyncProfiler.so [--rounds 5] [--seconds 20] [--threads 2] [--java path/to/java]
 *     [--app hotspots|service] [--jar agent/target/jflame.jar] [--opt key=value]</pre>
 */
public final class AttachAccuracy {
    public static void main(String[] args) throws Exception {
        String asprof = null;
        int rounds = 5;
        int seconds = 20;
        int threads = 2;
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        boolean service = false;
        String jar = "agent/target/jflame.jar";
        List<String> opts = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--app" -> service = switch (args[++i]) {
                    case "service" -> true;
                    case "hotspots" -> false;
                    default -> throw new IllegalArgumentException("--app is hotspots or service, not " + args[i]);
                };
                case "--jar" -> jar = args[++i];
                case "--opt" -> {
                    opts.add("--opt");
                    opts.add(args[++i]);
                }
                case "--asprof" -> asprof = Paths.get(args[++i]).toAbsolutePath().toString();
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--java" -> java = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (asprof == null) {
            throw new IllegalArgumentException("--asprof <libasyncProfiler.so> is needed");
        }
        String jcmd = Paths.get(java).resolveSibling("jcmd").toString();
        Path work = Files.createDirectories(Paths.get("bench/target/attach-accuracy").toAbsolutePath());
        String apps = Paths.get("test-apps/target/test-apps.jar").toAbsolutePath().toString();
        List<Double> differences = new ArrayList<>();
        List<Double> safepointRates = new ArrayList<>();
        List<Double> stackedShares = new ArrayList<>();
        String main = service ? "Service" : "Hotspots";
        for (int r = 1; r <= rounds; r++) {
            List<String> appArgs = new ArrayList<>(List.of(java, "-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints", "-cp", apps,
                    "dev.jflame.testapps." + main, "--seconds", Integer.toString(seconds * 3 + 30)));
            if (!service) {
                appArgs.addAll(List.of("--threads", Integer.toString(threads)));
            }
            Process app = new ProcessBuilder(appArgs).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                String ready = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8)).readLine();
                if (ready == null || !ready.startsWith("ready")) {
                    throw new IllegalStateException(main + " did not start: " + ready);
                }
                if (service) {
                    // Its clients are warm, and its handlers compiled, as a service attached to in production would be.
                    Thread.sleep(2000);
                }
                String pid = Long.toString(app.pid());
                Path ap = work.resolve("ap-" + r + ".collapsed");
                Path jf = work.resolve("jf-" + r + ".json");
                run(List.of(jcmd, pid, "JVMTI.agent_load", asprof, "\"start,event=cpu,interval=10ms\""));
                List<String> attach = new ArrayList<>(List.of(java, "-jar", jar, "attach", pid, "-d", seconds + "s", "-o", jf.toString()));
                attach.addAll(opts);
                run(attach);
                run(List.of(jcmd, pid, "JVMTI.agent_load", asprof, "\"stop,file=" + ap + ",collapsed\""));
                Path jfc = work.resolve("jf-" + r + ".collapsed");
                run(List.of(java, "-jar", "agent/target/jflame.jar", "convert", jf.toString(), "-o", jfc.toString()));
                String what = service ? "handleRequest" : "hot70";
                double jflame = service ? handlerShare(jfc) : hot70Share(jfc);
                double asyncProfiler = service ? handlerShare(ap) : hot70Share(ap);
                double rate = safepointsPerSecond(jf);
                double stacked = stackedShare(jfc);
                differences.add(jflame - asyncProfiler);
                safepointRates.add(rate);
                stackedShares.add(stacked);
                System.out.printf(Locale.ROOT, "round %d: %s jflame %.3f, async-profiler %.3f, difference %+.1f points; jflame %.1f safepoints/s, "
                        + "%.3f of its running ticks with a stack%n", r, what, jflame, asyncProfiler, 100 * (jflame - asyncProfiler), rate, stacked);
            } finally {
                app.destroyForcibly();
                app.waitFor(10, TimeUnit.SECONDS);
            }
        }
        System.out.printf(Locale.ROOT, "median difference %+.1f points (range %+.1f to %+.1f); median %.1f safepoints/s; "
                + "median %.3f of running ticks with a stack%n", 100 * median(differences), 100 * Collections.min(differences),
                100 * Collections.max(differences), median(safepointRates), median(stackedShares));
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    /** hot70's share of the samples in hot70 or hot30, from folded stacks. */
    private static double hot70Share(Path collapsed) throws Exception {
        long hot70 = 0;
        long hot30 = 0;
        for (String line : Files.readAllLines(collapsed)) {
            int space = line.lastIndexOf(' ');
            if (space < 0 || line.substring(0, space).endsWith("]")) {
                continue;
            }
            long n = Long.parseLong(line.substring(space + 1));
            if (line.contains("Hotspots.hot70")) {
                hot70 += n;
            } else if (line.contains("Hotspots.hot30")) {
                hot30 += n;
            }
        }
        return (double) hot70 / (hot70 + hot30);
    }

    /**
     * The share of the running samples of Service's handler threads (under the HttpServer's exchange) in the
     * handler's own work, from folded stacks; async-profiler's names have slashes where jflame's have dots.
     */
    private static double handlerShare(Path collapsed) throws Exception {
        long handler = 0;
        long all = 0;
        for (String line : Files.readAllLines(collapsed)) {
            int space = line.lastIndexOf(' ');
            String stack = space < 0 ? "" : line.substring(0, space).replace('/', '.');
            if (stack.endsWith("]") || !stack.contains("ServerImpl$Exchange.run")) {
                continue;
            }
            long n = Long.parseLong(line.substring(space + 1));
            all += n;
            // async-profiler loaded late (jcmd) loses the inlined frames of some compiled methods: half its
            // samples of the handler's work end at Handler.handle, where handleRequest and its spin were inlined.
            if (stack.contains("Service.handleRequest") || stack.endsWith("Service$Handler.handle")) {
                handler += n;
            }
        }
        return (double) handler / all;
    }

    /** The share of jflame's running samples that have a stack: not under {@code [stack not taken: ...]}. */
    private static double stackedShare(Path collapsed) throws Exception {
        long stacked = 0;
        long notTaken = 0;
        for (String line : Files.readAllLines(collapsed)) {
            int space = line.lastIndexOf(' ');
            String stack = space < 0 ? "" : line.substring(0, space);
            long n = space < 0 ? 0 : Long.parseLong(line.substring(space + 1));
            if (stack.endsWith("[stack not taken: between safepoint-budget captures]")) {
                notTaken += n;
            } else if (!stack.endsWith("]")) {
                stacked += n;
            }
        }
        return (double) stacked / Math.max(1, stacked + notTaken);
    }

    /** The profile's safepoints over its duration, read from the JSON as text (no jflame class needed). */
    private static double safepointsPerSecond(Path json) throws Exception {
        String text = Files.readString(json);
        long safepoints = number(text, "\"safepoints\":");
        long start = number(text, "\"startMillis\":");
        long end = number(text, "\"endMillis\":");
        return safepoints * 1000.0 / Math.max(1, end - start);
    }

    private static long number(String text, String key) {
        int at = text.indexOf(key);
        if (at < 0) {
            throw new IllegalStateException(key + " not in the profile");
        }
        int from = at + key.length();
        int to = from;
        while (to < text.length() && (Character.isDigit(text.charAt(to)) || text.charAt(to) == '-')) {
            to++;
        }
        return Long.parseLong(text.substring(from, to).trim());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
