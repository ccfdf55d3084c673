package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code convert} needs memory in proportion to its input: hostile files of a few megabytes convert in a
 * small heap, and a heap too small for the file gives one line, never a trace or a temporary left behind.
 */
class ConvertMemoryIT {
    /** Runs in the crafted timeline: an index with an entry per run and covered cell took 1.2 GB. */
    private static final int RUNS = 300_000;

    @Test
    void aTimelineOfManyLongRunsConvertsInASmallHeap() throws Exception {
        Path dir = Jvm.workDir("convert-memory-runs");
        Path in = runsProfile(dir);
        Jvm.Result r = Cli.run(Jvm.java(), dir, List.of("-Xmx256m"), "convert", in.getFileName().toString(), "-o", "runs.html");
        assertEquals(0, r.exit, r.toString());
        assertEquals("", r.stderr, r.toString());
        assertTrue(r.stdout.contains("(html, " + 2L * RUNS + " samples)"), r.toString());
        assertTrue(Files.size(dir.resolve("runs.html")) > 0);
        assertEquals(List.of(), temporaries(dir));
    }

    @Test
    void twentyThousandProcessRootsConvertInASmallHeap() throws Exception {
        Path dir = Jvm.workDir("convert-memory-roots");
        Path in = dir.resolve("roots.collapsed");
        try (Writer w = Files.newBufferedWriter(in, StandardCharsets.UTF_8)) {
            for (int pid = 1; pid <= 20_000; pid++) {
                w.write("[pid " + pid + " app.Main" + pid + "];[thread main];app.Main.run 1\n");
            }
        }
        // Three histograms per process root took 2.4 GB reading this (1 MB) and 5.4 GB writing it as JSON.
        for (String out : new String[] {"roots.json", "roots.html"}) {
            Jvm.Result r = Cli.run(Jvm.java(), dir, List.of("-Xmx256m"), "convert", "roots.collapsed", "-o", out);
            assertEquals(0, r.exit, r.toString());
            assertEquals("", r.stderr, r.toString());
            assertTrue(Files.size(dir.resolve(out)) > 0);
        }
        Jvm.Result back = Cli.run(Jvm.java(), dir, List.of("-Xmx256m"), "convert", "roots.json", "-o", "back.collapsed");
        assertEquals(0, back.exit, back.toString());
        assertEquals(20_000, Files.readAllLines(dir.resolve("back.collapsed")).size());
        assertEquals(List.of(), temporaries(dir));
    }

    @Test
    void aHeapTooSmallForTheFileGivesOneLineAndLeavesNoTemporary() throws Exception {
        Path dir = Jvm.workDir("convert-memory-small");
        Path in = runsProfile(dir);
        // Enough to read the file, not to write its page (on JDK 17 and 25); either way, one line. On 25 the
        // write is left no room even to remove its temporary.
        for (String java : Jvm.java25() == null ? List.of(Jvm.java()) : List.of(Jvm.java(), Jvm.java25())) {
            Jvm.Result r = Cli.run(java, dir, List.of("-Xmx32m"), "convert", in.getFileName().toString(), "-o", "runs.html");
            assertEquals(1, r.exit, java + ": " + r);
            String[] lines = r.stderr.strip().split("\n");
            assertEquals(1, lines.length, java + ": " + r);
            assertTrue(lines[0].startsWith("jflame: ") && lines[0].contains("memory"), java + ": " + r);
            assertFalse(r.stderr.contains("Exception") || r.stderr.contains("\tat "), java + ": " + r);
            assertFalse(Files.exists(dir.resolve("runs.html")), java);
            assertEquals(List.of(), temporaries(dir), java);
        }
    }

    /**
     * A jflame JSON profile, a few megabytes, whose timeline holds {@link #RUNS} runs of two ticks each over
     * the same 1024 cells, on a leaf whose tree count matches: built from what the CLI writes for one stack.
     */
    private static Path runsProfile(Path dir) throws Exception {
        Files.writeString(dir.resolve("one.collapsed"), "[thread main];app.Main.run 5\n");
        Jvm.Result base = Cli.run(dir, "convert", "one.collapsed", "-o", "one.json");
        assertEquals(0, base.exit, base.toString());
        String json = Files.readString(dir.resolve("one.json"));
        Files.delete(dir.resolve("one.json"));
        String self = "\"RUNNABLE\":[0,0,5]";
        assertTrue(json.contains(self) && json.endsWith("}"), json);
        json = json.replace(self, "\"RUNNABLE\":[0,0," + 2L * RUNS + "]");
        Path in = dir.resolve("runs.json");
        try (Writer w = Files.newBufferedWriter(in, StandardCharsets.UTF_8)) {
            w.write(json, 0, json.length() - 1);
            w.write(",\"timeline\":{\"cellMillis\":50,\"states\":[\"RUNNABLE\"],\"cells\":[],\"runs\":[");
            for (int r = 0; r < RUNS; r++) {
                w.write(r == 0 ? "2,0,2,0,51199" : ",2,0,2,0,51199");
            }
            w.write("]}}");
        }
        return in;
    }

    /** Files a write left beside its output: SafeFiles names them {@code .<output>.tmp-…}. */
    private static List<String> temporaries(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp-")).collect(Collectors.toList());
        }
    }
}
