import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Start-up cost of the agent in a child JVM: a hello-world JVM ({@code ExitWith --millis 0}) is run
 * plain and as jflame would start it as a child (agent with {@code spool=}), in alternation, and the
 * median wall time of each is reported with the median of the per-round differences. Run from the
 * repository root: {@code java bench/Startup.java [--rounds 20] [--java /path/to/java] [--out bench/results.md]}.
 */
public final class Startup {
    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            a.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "20"));
        String java = a.getOrDefault("java", Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        Path out = Paths.get(a.getOrDefault("out", "bench/results.md"));
        Path jar = Paths.get("agent/target/jflame.jar").toAbsolutePath();
        Path apps = Paths.get("test-apps/target/test-apps.jar").toAbsolutePath();
        Path spool = Files.createDirectories(Paths.get("bench/target/startup-spool")).toAbsolutePath();
        Map<String, List<String>> variants = new LinkedHashMap<>();
        variants.put("plain", List.of());
        // A followed child with the flags jflame gives it (LaunchFlags): JFR waits jfrdelay (10 s), so a
        // short child never starts it.
        List<String> flags = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints");
        variants.put("child agent", concat(flags, "-javaagent:" + jar + "=followed=true,spool=" + spool));
        // A child that starts JFR at once (the JVM of `jflame run -- java ...`): what JFR's start adds.
        variants.put("child agent, jfrdelay=0", concat(flags, "-javaagent:" + jar + "=spool=" + spool));
        // The same without JFR at all.
        variants.put("child agent, engine=java", concat(flags, "-javaagent:" + jar + "=engine=java,followed=true,spool=" + spool));
        variants.put("root agent", List.of("-javaagent:" + jar + "=file=" + spool.resolve("root.json")));
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        variants.keySet().forEach(k -> millis.put(k, new ArrayList<>()));
        List<String> names = new ArrayList<>(variants.keySet());
        for (int r = -2; r < rounds; r++) { // two unrecorded rounds warm the page cache
            for (int i = 0; i < names.size(); i++) {
                String v = names.get(Math.floorMod(i + r, names.size()));
                List<String> cmd = new ArrayList<>();
                cmd.add(java);
                cmd.addAll(variants.get(v));
                cmd.addAll(Arrays.asList("-cp", apps.toString(), "dev.jflame.testapps.ExitWith", "--code", "0", "--millis", "0"));
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor() != 0) {
                    throw new IllegalStateException(v + " failed: " + cmd);
                }
                if (r >= 0) {
                    millis.get(v).add((System.nanoTime() - t0) / 1e6);
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "## Child start-up, %s, %s, %d cores%n%n", LocalDate.now(),
                java, Runtime.getRuntime().availableProcessors()));
        sb.append("Command: `java bench/Startup.java ").append(String.join(" ", argv)).append("`; ")
                .append(rounds).append(" rounds in alternation of a hello-world JVM (`ExitWith --millis 0`).\n\n");
        sb.append("| variant | median ms | added ms (median of per-round differences) |\n|---|---|---|\n");
        for (String v : names) {
            List<Double> diffs = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                diffs.add(millis.get(v).get(r) - millis.get("plain").get(r));
            }
            sb.append(String.format(Locale.ROOT, "| %s | %.0f | %+.0f |%n", v, median(millis.get(v)), median(diffs)));
        }
        sb.append('\n');
        Files.writeString(out, sb, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.print(sb);
    }

    static List<String> concat(List<String> flags, String agent) {
        List<String> all = new ArrayList<>(flags);
        all.add(agent);
        return all;
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
