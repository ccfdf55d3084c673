import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.format.json.JsonProfileReader;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * What one run says of its threads' lock waits, by three sources side by side: jflame's profile (the
 * waiting samples per {@code [lock ...]} and per {@code [held by ...]}), a JFR recording of
 * {@code jdk.ThreadPark} and {@code jdk.JavaMonitorEnter} at threshold 0 (time per lock class, and per
 * {@code previousOwner} for monitors), and async-profiler's lock mode in folded form with thread frames
 * ({@code event=lock,lock=0,total,threads,collapsed}: time per lock class). Only the threads whose name
 * matches {@code --threads} count. Used for bench/LoggingContention.java in bench/results.md.
 *
 * <pre>java -cp agent/target/jflame.jar bench/LockShares.java --threads 'log-.*' profile.json [--jfr rec.jfr] [--ap lock.collapsed]</pre>
 */
public final class LockShares {
    public static void main(String[] args) throws Exception {
        Pattern threads = Pattern.compile(".*");
        String json = null;
        String jfr = null;
        String ap = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Pattern.compile(args[++i]);
                case "--jfr" -> jfr = args[++i];
                case "--ap" -> ap = args[++i];
                default -> json = args[i];
            }
        }
        jflame(json, threads);
        if (jfr != null) {
            jfr(Path.of(jfr), threads);
        }
        if (ap != null) {
            asyncProfiler(Path.of(ap), threads);
        }
    }

    /**
     * The threads' samples by state (and how many have no stack of their own); per lock: its waiting samples,
     * their share of the threads' samples, and each holder's share of them.
     */
    private static void jflame(String json, Pattern threads) throws Exception {
        Profile p;
        try (FileInputStream in = new FileInputStream(json)) {
            p = new JsonProfileReader().read(in);
        }
        long all = 0;
        Map<String, Long> byLock = new HashMap<>();
        Map<String, Map<String, Long>> holders = new HashMap<>();
        Map<SampleState, Long> byState = new java.util.EnumMap<>(SampleState.class);
        long noStack = 0;
        for (Map.Entry<String, Long> e : new CollapsedWriter(true, true).lines(p).entrySet()) {
            String line = e.getKey();
            int t = line.indexOf("[thread ");
            if (t < 0) {
                continue;
            }
            String thread = line.substring(t + "[thread ".length(), line.indexOf(']', t));
            if (!threads.matcher(thread).matches()) {
                continue;
            }
            all += e.getValue();
            byState.merge(stateOf(line), e.getValue(), Long::sum);
            if (line.contains(";[stack not taken")) {
                noStack += e.getValue();
            }
            int l = line.lastIndexOf(";[lock ");
            if (l < 0) {
                continue;
            }
            String lock = line.substring(l + ";[lock ".length(), line.indexOf(']', l));
            String owner = line.substring(line.lastIndexOf(';') + 1);
            if (owner.startsWith("[lock ")) {
                // The sampler names no holder where the one it read was the waiter itself (it took the lock since the scan).
                owner = "(lock, no holder frame)";
            }
            byLock.merge(lock, e.getValue(), Long::sum);
            holders.computeIfAbsent(lock, k -> new HashMap<>()).merge(owner, e.getValue(), Long::sum);
        }
        StringBuilder states = new StringBuilder();
        for (Map.Entry<SampleState, Long> st : byState.entrySet()) {
            states.append(String.format(" %s %.1f %%", st.getKey(), 100.0 * st.getValue() / all));
        }
        System.out.printf("jflame: %d samples of the threads;%s; without a stack of their own %.1f %%%n", all, states, 100.0 * noStack / all);
        for (Map.Entry<String, Long> l : sorted(byLock).entrySet()) {
            System.out.printf("  [lock %s] %d samples, %.1f %% of the threads' samples; holders:%n", l.getKey(), l.getValue(),
                    100.0 * l.getValue() / all);
            for (Map.Entry<String, Long> h : sorted(holders.get(l.getKey())).entrySet()) {
                System.out.printf("    %-24s %6d  %5.1f %%%n", h.getKey(), h.getValue(), 100.0 * h.getValue() / l.getValue());
            }
        }
    }

    /** The state of a collapsed line with wait frames: its state leaf, under the lock and holder frames; running without one. */
    private static SampleState stateOf(String line) {
        String[] frames = line.split(";");
        for (int i = frames.length - 1; i >= 0; i--) {
            String f = frames[i];
            if (f.startsWith("[lock ") || f.startsWith("[held by ") || f.equals("[no owner]") || f.startsWith("[waits on ")) {
                continue;
            }
            for (SampleState st : SampleState.values()) {
                if (st != SampleState.RUNNABLE && (f.equals("[" + st.name() + "]") || f.startsWith("[" + st.name() + " on "))) {
                    return st;
                }
            }
            break;
        }
        return SampleState.RUNNABLE;
    }

    /** Park and monitor-enter time per lock class; for monitors, per previous owner too. */
    private static void jfr(Path file, Pattern threads) throws Exception {
        Map<String, Long> parkNs = new HashMap<>();
        Map<String, Long> enterNs = new HashMap<>();
        Map<String, Map<String, Long>> previous = new HashMap<>();
        long parks = 0;
        long enters = 0;
        try (RecordingFile rf = new RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent ev = rf.readEvent();
                String type = ev.getEventType().getName();
                boolean park = type.equals("jdk.ThreadPark");
                if (!park && !type.equals("jdk.JavaMonitorEnter")) {
                    continue;
                }
                RecordedThread t = ev.getThread();
                if (t == null || t.getJavaName() == null || !threads.matcher(t.getJavaName()).matches()) {
                    continue;
                }
                long ns = ev.getDuration().toNanos();
                if (park) {
                    RecordedClass c = ev.getValue("parkedClass");
                    parkNs.merge(c == null ? "(no blocker)" : c.getName(), ns, Long::sum);
                    parks++;
                } else {
                    RecordedClass c = ev.getValue("monitorClass");
                    RecordedThread prev = ev.getValue("previousOwner");
                    String cls = c == null ? "?" : c.getName();
                    enterNs.merge(cls, ns, Long::sum);
                    previous.computeIfAbsent(cls, k -> new HashMap<>()).merge(prev == null ? "(none)" : prev.getJavaName(), ns, Long::sum);
                    enters++;
                }
            }
        }
        System.out.printf("JFR: %d jdk.ThreadPark, %d jdk.JavaMonitorEnter events of the threads%n", parks, enters);
        for (Map.Entry<String, Long> e : sorted(parkNs).entrySet()) {
            System.out.printf("  park on %s: %.2f s%n", e.getKey(), e.getValue() / 1e9);
        }
        for (Map.Entry<String, Long> e : sorted(enterNs).entrySet()) {
            System.out.printf("  monitor enter on %s: %.2f s; by previousOwner:%n", e.getKey(), e.getValue() / 1e9);
            for (Map.Entry<String, Long> o : sorted(previous.get(e.getKey())).entrySet()) {
                System.out.printf("    %-24s %5.1f %%%n", o.getKey(), 100.0 * o.getValue() / e.getValue());
            }
        }
    }

    /** async-profiler's lock mode, folded with thread frames: each line's last frame is the lock's class, its count ns. */
    private static void asyncProfiler(Path file, Pattern threads) throws Exception {
        Map<String, Long> byClass = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int sp = line.lastIndexOf(' ');
            String[] frames = line.substring(0, sp).split(";");
            String thread = frames[0].replaceAll("^\\[(.*?)( tid=\\d+)?\\]$", "$1");
            if (!threads.matcher(thread).matches()) {
                continue;
            }
            String cls = frames[frames.length - 1].replaceAll("_\\[i\\]$", "");
            byClass.merge(cls, Long.parseLong(line.substring(sp + 1)), Long::sum);
        }
        System.out.println("async-profiler (lock):");
        for (Map.Entry<String, Long> e : sorted(byClass).entrySet()) {
            System.out.printf("  %s: %.2f s%n", e.getKey(), e.getValue() / 1e9);
        }
    }

    private static Map<String, Long> sorted(Map<String, Long> m) {
        List<Map.Entry<String, Long>> es = m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .collect(Collectors.toList());
        Map<String, Long> out = new LinkedHashMap<>();
        es.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
