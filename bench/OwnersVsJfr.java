import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.format.json.JsonProfileReader;
import dev.jflame.core.model.Profile;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Who holds the monitor its waiters are blocked on, as jflame says and as JFR says, in the same JVM:
 * {@code Contention} (three threads taking turns on one monitor for 5 ms each) under jflame's agent
 * and a JFR recording of every {@code jdk.JavaMonitorEnter} (threshold 0). jflame: the blocked
 * samples on the monitor per {@code [held by ...]}; JFR: the time of the enter events per
 * {@code previousOwner} (whoever held it last before the waiter got in: HotSpot sets it as the holder exits,
 * so this agrees with jflame for threads taking turns, not for a queue). Prints each holder's share by both.
 *
 * <pre>java -cp agent/target/jflame.jar bench/OwnersVsJfr.java [--java PATH] [--seconds 20]</pre>
 */
public final class OwnersVsJfr {
    private static final String MONITOR = "dev.jflame.testapps.Contention$SharedMonitor";

    public static void main(String[] args) throws Exception {
        String java = "java";
        int seconds = 20;
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--java")) {
                java = args[i + 1];
            } else if (args[i].equals("--seconds")) {
                seconds = Integer.parseInt(args[i + 1]);
            }
        }
        Path dir = Files.createTempDirectory("owners-vs-jfr");
        Path json = dir.resolve("contention.json");
        Path jfc = dir.resolve("enter.jfc");
        Files.writeString(jfc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration version=\"2.0\">\n"
                + "<event name=\"jdk.JavaMonitorEnter\"><setting name=\"enabled\">true</setting>"
                + "<setting name=\"stackTrace\">false</setting><setting name=\"threshold\">0 ms</setting></event>\n</configuration>\n");
        Path jfr = dir.resolve("contention.jfr");
        List<String> cmd = new ArrayList<>(List.of(java, "-javaagent:agent/target/jflame.jar=file=" + json,
                "-XX:StartFlightRecording=filename=" + jfr + ",settings=" + jfc,
                "-cp", "test-apps/target/test-apps.jar", "dev.jflame.testapps.Contention", "--seconds", String.valueOf(seconds)));
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("Contention exited " + p.exitValue());
        }
        Map<String, Double> byJflame = jflame(json);
        Map<String, Double> byJfr = jfr(jfr);
        System.out.println("| holder | jflame share of blocked samples | JFR share of enter time (previousOwner) | difference (pp) |");
        System.out.println("|---|---|---|---|");
        TreeMap<String, Double> all = new TreeMap<>(byJflame);
        byJfr.keySet().forEach(k -> all.putIfAbsent(k, 0.0));
        for (String h : all.keySet()) {
            double a = byJflame.getOrDefault(h, 0.0);
            double b = byJfr.getOrDefault(h, 0.0);
            System.out.printf("| %s | %.1f %% | %.1f %% | %.1f |%n", h, 100 * a, 100 * b, 100 * (a - b));
        }
    }

    /** Shares of the blocked samples on the monitor by holder. */
    private static Map<String, Double> jflame(Path json) throws Exception {
        Profile profile;
        try (FileInputStream in = new FileInputStream(json.toFile())) {
            profile = new JsonProfileReader().read(in);
        }
        Map<String, Double> held = new TreeMap<>();
        for (Map.Entry<String, Long> e : new CollapsedWriter(true, true).lines(profile).entrySet()) {
            String l = e.getKey();
            int at = l.indexOf("[lock " + MONITOR + "@");
            if (at >= 0 && l.contains("[BLOCKED on ")) {
                held.merge(l.substring(l.lastIndexOf(';') + 1), (double) e.getValue(), Double::sum);
            }
        }
        return shares(held);
    }

    /** Shares of the monitor-enter time on the monitor by previous owner. */
    private static Map<String, Double> jfr(Path file) throws Exception {
        Map<String, Double> held = new TreeMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.JavaMonitorEnter") || !MONITOR.equals(e.getClass("monitorClass").getName())) {
                continue;
            }
            RecordedThread owner = e.getThread("previousOwner");
            String h = owner == null ? "[no owner]" : "[held by " + owner.getJavaName() + "]";
            held.merge(h, (double) e.getDuration().toNanos(), Double::sum);
        }
        return shares(held);
    }

    private static Map<String, Double> shares(Map<String, Double> m) {
        double total = m.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v / total));
        return out;
    }
}
