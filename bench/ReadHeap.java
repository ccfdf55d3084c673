import dev.jflame.core.format.json.JsonProfileWriter;
import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * How much heap does reading a large profile take? Writes a profile of {@code --nodes} call-tree
 * nodes (deep random paths through 20 000 methods, like a child that reached a large budget), then finds
 * for each jar the smallest {@code -Xmx} (in steps of 8 MB, by bisection) with which
 * {@code jflame convert big.json -o out.json} succeeds — the JSON reader is the same code a root
 * JVM runs at exit, inside the application, to merge its children's spool. From the repository root:
 *
 * <pre>java -cp agent/target/jflame.jar bench/ReadHeap.java [--nodes 1300000] [--base-jar old.jar]</pre>
 */
public final class ReadHeap {
    public static void main(String[] argv) throws Exception {
        int nodes = 1_300_000;
        List<String> jars = new ArrayList<>(List.of("agent/target/jflame.jar"));
        for (int i = 0; i + 1 < argv.length; i += 2) {
            switch (argv[i]) {
                case "--nodes": nodes = Integer.parseInt(argv[i + 1]); break;
                case "--base-jar": jars.add(0, argv[i + 1]); break;
                default: throw new IllegalArgumentException("unknown option " + argv[i]);
            }
        }
        Path work = Files.createDirectories(Paths.get("bench/target/read-heap")).toAbsolutePath();
        Path big = work.resolve("big.json");
        write(big, nodes);
        System.out.printf("profile: %d nodes, %.1f MB of JSON%n", nodes, Files.size(big) / 1e6);
        for (String jar : jars) {
            int lo = 8;
            int hi = 1024;
            if (!converts(jar, big, work, hi)) {
                System.out.println(jar + ": fails even with -Xmx" + hi + "m");
                continue;
            }
            while (hi - lo > 8) {
                int mid = (lo + hi) / 2 / 8 * 8;
                if (converts(jar, big, work, mid)) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            System.out.println(jar + ": smallest -Xmx that converts it: " + hi + "m");
        }
    }

    private static boolean converts(String jar, Path big, Path work, int xmxMb) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Path out = work.resolve("out.json");
        Files.deleteIfExists(out);
        Process p = new ProcessBuilder(java, "-Xmx" + xmxMb + "m", "-XX:+UseSerialGC", "-jar", jar, "convert", big.toString(), "-o", out.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("log.txt").toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0 && Files.isRegularFile(out);
    }

    /** Distinct methods in the generated profile: a large application's worth. */
    private static final int METHODS = 20_000;

    /** Threads of random depth whose frames are drawn from {@link #METHODS} methods: almost every node new. */
    private static void write(Path file, int nodes) throws Exception {
        Profile p = new Profile();
        ProcessInfo info = new ProcessInfo();
        info.pid = 4242;
        info.mainClass = "bench.Big";
        p.processes().add(info);
        Random r = new Random(1);
        int made = 1;
        while (made < nodes) {
            int node = p.tree().child(CallTree.ROOT, p.frames().intern("[thread t" + (made % 200) + "]", FrameKind.THREAD));
            int depth = 5 + r.nextInt(60);
            for (int d = 0; d < depth && made < nodes; d++) {
                int method = r.nextInt(METHODS);
                node = p.tree().child(node, p.frames().intern("app.pkg.Class" + (method % 500) + ".method" + method, FrameKind.JAVA));
                made = p.tree().size();
            }
            p.tree().add(node, SampleState.RUNNABLE, 1 + r.nextInt(5));
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            new JsonProfileWriter().write(p, out);
        }
    }
}
