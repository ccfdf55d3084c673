import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Is the agent's heap flat at its memory budget over a long profile? Runs test-apps' {@code StackStorm}
 * (stacks that never repeat) at {@code interval=1ms} — a minute of it is ten minutes of ticks at the
 * default 10 ms — with the agent and without, asks for a full GC ({@code jcmd GC.run}) every tenth
 * of the run and reports the live heap it leaves ({@code -Xlog:gc}). From the repository root after a build:
 *
 * <pre>java bench/BudgetHeap.java [--seconds 360] [--xmx 256m] [--out bench/results.md]
 *     [--app "IdleCrowd --busy 2 --idle 200"] [--jars agent/target/jflame.jar,/other/jflame.jar]</pre>
 *
 * {@code --app} is a test-apps main class with its arguments ({@code --seconds} is added); {@code --jars}
 * runs one variant per agent jar (an older build beside this one), after the run without an agent.
 */
public final class BudgetHeap {
    /** A full collection that the bench asked for: what it leaves is the live heap. */
    private static final Pattern AFTER_GC = Pattern.compile("\\[([0-9.]+)s\\].*Pause Full \\(Diagnostic Command\\).*->([0-9]+)M\\(");

    public static void main(String[] argv) throws Exception {
        int seconds = 360;
        String xmx = "256m";
        Path out = Paths.get("bench/results.md");
        String app = "StackStorm";
        String[] jars = {"agent/target/jflame.jar"};
        for (int i = 0; i + 1 < argv.length; i += 2) {
            switch (argv[i]) {
                case "--seconds": seconds = Integer.parseInt(argv[i + 1]); break;
                case "--xmx": xmx = argv[i + 1]; break;
                case "--out": out = Paths.get(argv[i + 1]); break;
                case "--app": app = argv[i + 1]; break;
                case "--jars": jars = argv[i + 1].split(","); break;
                default: throw new IllegalArgumentException("unknown option " + argv[i]);
            }
        }
        Path work = Files.createDirectories(Paths.get("bench/target/budget-heap")).toAbsolutePath();
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Path apps = Paths.get("test-apps/target/test-apps.jar").toAbsolutePath();
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "## Heap over a long profile, %s, JDK %s%n%n", LocalDate.now(), System.getProperty("java.version")));
        report.append("Command: `java bench/BudgetHeap.java ").append(String.join(" ", Arrays.stream(argv).map(a -> a.contains(" ") ? '"' + a + '"' : a).toArray(String[]::new))).append("`; `").append(app).append("`").append(app.equals("StackStorm") ? " (4 threads, stacks that never repeat)" : "").append(", `-Xmx")
                .append(xmx).append("`, ").append(seconds).append(" s at `interval=1ms` (")
                .append(seconds * 1000 / 100 / 60).append(" min of ticks at the default 10 ms). Live heap after a full GC, MB, at each tenth of the run:\n\n");
        report.append("| run | ");
        for (int t = 1; t <= 10; t++) {
            report.append(t * 10).append(" % | ");
        }
        report.append("\n|---|");
        for (int t = 1; t <= 10; t++) {
            report.append("---|");
        }
        report.append('\n');
        List<String> variants = new ArrayList<>(List.of("none"));
        variants.addAll(List.of(jars));
        for (int v = 0; v < variants.size(); v++) {
            String variant = v == 0 ? "none" : "jflame" + (jars.length > 1 ? " (" + variants.get(v) + ")" : "");
            Path gc = work.resolve("variant" + v + "-gc.log");
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + xmx, "-Xlog:gc:file=" + gc));
            if (v > 0) {
                cmd.add("-javaagent:" + Paths.get(variants.get(v)).toAbsolutePath() + "=interval=1ms,file=" + work.resolve("variant" + v + ".json"));
            }
            cmd.addAll(List.of("-cp", apps.toString()));
            String[] words = app.split(" ");
            cmd.add("dev.jflame.testapps." + words[0]);
            cmd.addAll(List.of(words).subList(1, words.length));
            cmd.addAll(List.of("--seconds", Integer.toString(seconds)));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("variant" + v + ".out").toFile()).start();
            String jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString();
            for (int t = 1; t < 10; t++) {
                Thread.sleep(seconds * 100L);
                new ProcessBuilder(jcmd, Long.toString(p.pid()), "GC.run").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            }
            if (!p.waitFor(seconds + 120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(variant + " failed: " + Files.readString(work.resolve("variant" + v + ".out")));
            }
            long[] most = new long[10];
            for (String line : Files.readAllLines(gc, StandardCharsets.UTF_8)) {
                Matcher m = AFTER_GC.matcher(line);
                if (m.find()) {
                    int tenth = (int) Math.min(9, Double.parseDouble(m.group(1)) * 10 / seconds);
                    most[tenth] = Math.max(most[tenth], Long.parseLong(m.group(2)));
                }
            }
            report.append("| ").append(variant).append(" | ");
            for (long mb : most) {
                report.append(mb > 0 ? Long.toString(mb) : "–").append(" | ");
            }
            report.append('\n');
        }
        String text = report + "\n";
        System.out.print(text);
        Files.writeString(out, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
