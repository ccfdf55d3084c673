package dev.jflame.agent.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of a running JVM over time: a full collection asked for with {@code jcmd GC.run} every few
 * seconds, and what each leaves, read from the JVM's own {@code -Xlog:gc} file. Not thread-safe.
 */
final class LiveHeap {
    /** A full collection that jcmd asked for, and the heap in use after it (MB). */
    private static final Pattern AFTER_GC = Pattern.compile("Pause Full \\(Diagnostic Command\\).*->([0-9]+)M\\(");

    private LiveHeap() {
    }

    /** The flag that makes a JVM log its collections to {@code log}. */
    static String logFlag(Path log) {
        return "-Xlog:gc:file=" + log;
    }

    /**
     * Asks {@code process} (a JVM started with {@link #logFlag}) for a full collection every
     * {@code everySeconds} until it ends, then returns the live heap after each, in MB, oldest first.
     */
    static List<Integer> watch(Process process, String java, Path log, int everySeconds, int timeoutSeconds) throws Exception {
        String jcmd = Paths.get(java).resolveSibling("jcmd").toString();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!process.waitFor(everySeconds, TimeUnit.SECONDS)) {
            if (System.nanoTime() - deadline > 0) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("timed out after " + timeoutSeconds + " s");
            }
            Process gc = new ProcessBuilder(jcmd, Long.toString(process.pid()), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            gc.waitFor(60, TimeUnit.SECONDS);
        }
        List<Integer> live = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = AFTER_GC.matcher(line);
            if (m.find()) {
                live.add(Integer.parseInt(m.group(1)));
            }
        }
        return live;
    }

    static int max(List<Integer> values) {
        int m = Integer.MIN_VALUE;
        for (int v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    static int median(List<Integer> values) {
        List<Integer> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
