import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Push mode over time (issue 26): a loopback receiver that takes Pyroscope ingests (and counts their
 * bytes), then
 * <ol>
 * <li>IdleCrowd 200 with no agent, with jflame writing a file, and with jflame pushing every
 * {@code --period} seconds and no file, in alternation, {@code --rounds} rounds of {@code --seconds}: the
 * median throughput ratios to no agent;</li>
 * <li>one IdleCrowd 200 pushing for {@code --minutes}: every {@code --mark} minutes a full GC in it
 * ({@code jcmd GC.run}) and its used heap and jflame's own objects ({@code GC.class_histogram}), which
 * must stay flat; and the bytes of each push.</li>
 * </ol>
 * Single-file program, JDK only; run from the repository root after {@code ./mvnw package}:
 *
 * <pre>java bench/PushSoak.java [--rounds 3] [--seconds 60] [--minutes 30] [--mark 5] [--period 10]</pre>
 */
public final class PushSoak {
    private static final Pattern THROUGHPUT = Pattern.compile("throughput ops/s=([0-9.]+)");
    private static final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());

    public static void main(String[] args) throws Exception {
        int rounds = intArg(args, "--rounds", 3);
        int seconds = intArg(args, "--seconds", 60);
        int minutes = intArg(args, "--minutes", 30);
        int mark = intArg(args, "--mark", 5);
        int period = intArg(args, "--period", 10);
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString();
        Path jar = Paths.get("agent/target/jflame.jar").toAbsolutePath();
        Path apps = Paths.get("test-apps/target/test-apps.jar").toAbsolutePath();
        Path work = Files.createDirectories(Paths.get("bench/target/push-soak"));

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ingest", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                sizes.add(in.readAllBytes().length);
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        String push = "http://127.0.0.1:" + server.getAddress().getPort();

        String[] variants = {"none", "file", "push"};
        List<List<Double>> ops = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < variants.length; i++) {
                int v = (i + r) % variants.length;
                List<String> cmd = new ArrayList<>(List.of(java));
                if (v == 1) {
                    cmd.add("-javaagent:" + jar + "=file=" + work.resolve("file-" + r + ".json"));
                } else if (v == 2) {
                    cmd.add("-javaagent:" + jar + "=push=" + push + ",pushperiod=" + period + "s");
                }
                cmd.addAll(List.of("-cp", apps.toString(), "dev.jflame.testapps.IdleCrowd", "--busy", "2", "--idle", "200", "--depth", "60",
                        "--seconds", Integer.toString(seconds), "--warmup", Integer.toString(Math.min(10, seconds / 4))));
                Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor();
                Matcher m = THROUGHPUT.matcher(out);
                if (!m.find()) {
                    throw new IllegalStateException(variants[v] + " printed no throughput:\n" + out);
                }
                ops.get(v).add(Double.parseDouble(m.group(1)));
                System.err.printf(Locale.ROOT, "round %d %-5s %s ops/s%n", r + 1, variants[v], m.group(1));
            }
        }
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "IdleCrowd 200 (--busy 2 --depth 60), %d rounds of %d s in alternation, push every %d s to a loopback receiver:%n%n",
                rounds, seconds, period));
        report.append("| variant | median ops/s | ratio to none (median) | range |\n|---|---|---|---|\n");
        for (int v = 0; v < variants.length; v++) {
            List<Double> ratios = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                ratios.add(ops.get(v).get(r) / ops.get(0).get(r));
            }
            report.append(String.format(Locale.ROOT, "| %s | %.0f | %.3f | %.3f–%.3f |%n", variants[v], median(ops.get(v)), median(ratios),
                    Collections.min(ratios), Collections.max(ratios)));
        }

        sizes.clear();
        List<String> cmd = List.of(java, "-javaagent:" + jar + "=push=" + push + ",pushperiod=" + period + "s", "-cp", apps.toString(),
                "dev.jflame.testapps.IdleCrowd", "--busy", "2", "--idle", "200", "--depth", "60", "--seconds", Integer.toString(minutes * 60 + 30));
        Process soak = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("soak.out").toFile()).start();
        report.append(String.format(Locale.ROOT, "%nOne IdleCrowd 200 pushing every %d s for %d min; at each mark a full GC in it, then:%n%n", period, minutes));
        report.append("| minute | heap used after GC (KB) | jflame's objects (KB) | pushes so far | bytes per push (median, max) |\n|---|---|---|---|---|\n");
        for (int m = 0; m <= minutes; m += mark) {
            if (m > 0) {
                Thread.sleep(TimeUnit.MINUTES.toMillis(mark));
            } else {
                Thread.sleep(15_000);
            }
            run(jcmd, Long.toString(soak.pid()), "GC.run");
            long heap = heapUsedKb(run(jcmd, Long.toString(soak.pid()), "GC.heap_info"));
            long own = jflameKb(run(jcmd, Long.toString(soak.pid()), "GC.class_histogram"));
            List<Integer> s = new ArrayList<>(sizes);
            Collections.sort(s);
            String line = String.format(Locale.ROOT, "| %d | %d | %d | %d | %s |%n", m, heap, own, s.size(),
                    s.isEmpty() ? "" : s.get(s.size() / 2) + ", " + s.get(s.size() - 1));
            report.append(line);
            System.err.print(line);
        }
        soak.destroy();
        soak.waitFor();
        server.stop(0);
        System.out.print(report);
    }

    /** The used heap {@code GC.heap_info} reports (its first "used" figure, the whole heap). */
    private static long heapUsedKb(String info) {
        Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Bytes of the instances of jflame's classes (dev.jflame.*), from a class histogram. */
    private static long jflameKb(String histogram) {
        long bytes = 0;
        Matcher m = Pattern.compile("^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE).matcher(histogram);
        while (m.find()) {
            if (m.group(2).startsWith("dev.jflame.")) {
                bytes += Long.parseLong(m.group(1));
            }
        }
        return bytes / 1024;
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static int intArg(String[] args, String name, int def) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return def;
    }
}
