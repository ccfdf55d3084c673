package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterAndDepthIT {
    @Test
    void threadsRegexKeepsOnlyMatchingThreads() throws Exception {
        Path out = Jvm.workDir("threads").resolve("only-hot0.json");
        Jvm.Result r = Jvm.run(List.of(Jvm.agent("interval=5ms,threads=^hot-0$,file=" + out)), "Hotspots", "--seconds", "3", "--threads", "2");
        assertEquals(0, r.exit, r.toString());
        dev.jflame.core.model.Profile p = ChildrenIT.readJson(out);
        Collapsed c = Collapsed.of(p);
        // Not a count: on a loaded machine the sampler reaches fewer ticks. Something must be there.
        assertTrue(c.total() > 0, c.top(10));
        // A running tick that JFR took no stack of in its window is counted as such, under the thread;
        // so are (JDK 11-20) those since the last capture before JFR began to sample.
        assertEquals(c.total(), c.sum(s -> s.contains("Hotspots") || s.equals("[running, no JFR sample]")
                || s.equals("[stack not taken: between safepoint-budget captures]")), c.top(10));
        assertEquals(0, c.sum(s -> s.contains("Hotspots.main") || s.contains("Reference") || s.endsWith("]") && s.contains(";")), c.top(10));
        // One thread: a sample a tick at most (from its start), not the two of two threads. The
        // profile's own ticks, not the ~600 of 3 s at 5 ms, which a loaded machine does not reach.
        long ticks = p.processes().get(0).stats.ticks;
        assertTrue(c.total() <= ticks, "more samples than one thread gives: " + c.total() + " in " + ticks + " ticks");
    }

    @Test
    void depthLimitTruncatesAndMarksTheCut() throws Exception {
        Path out = Jvm.workDir("depth").resolve("depth2.collapsed");
        Jvm.Result r = Jvm.run(List.of(Jvm.agent("depth=2,file=" + out)), "Hotspots", "--seconds", "2");
        assertEquals(0, r.exit, r.toString());
        Collapsed c = Collapsed.read(out);
        long hot = c.sum(s -> s.contains("Hotspots.hot"));
        assertTrue(hot > 0, c.top(10));
        assertEquals(hot, c.sum(s -> s.contains("Hotspots.hot") && s.startsWith("[truncated];")), c.top(10));
        for (String line : c.lines.keySet()) {
            String[] frames = line.split(";");
            int java = 0;
            for (String f : frames) {
                java += f.startsWith("[") ? 0 : 1;
            }
            assertTrue(java <= 2, line);
        }
    }

    @Test
    void pidInFileNameAndJsonFormat() throws Exception {
        Path dir = Jvm.workDir("json");
        Jvm.Result r = Jvm.run(List.of(Jvm.agent("file=" + dir.resolve("p-%p.json"))), "Contention", "--seconds", "2");
        assertEquals(0, r.exit, r.toString());
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.collect(java.util.stream.Collectors.toList());
        }
        assertEquals(1, files.size(), files.toString());
        assertTrue(files.get(0).getFileName().toString().matches("p-\\d+\\.json"), files.toString());
        try (var in = Files.newInputStream(files.get(0))) {
            var profile = new dev.jflame.core.format.json.JsonProfileReader().read(in);
            var info = profile.processes().get(0);
            assertEquals("dev.jflame.testapps.Contention", info.mainClass);
            assertTrue(files.get(0).toString().contains("p-" + info.pid + ".json"));
            // Ticks as the profile counts them, not a minimum a loaded machine misses (4 s of Contention: 137-154 ticks beside two spinners).
            assertTrue(info.stats.ticks > 0 && info.stats.tickMicros().getTotalCount() == info.stats.ticks, "ticks " + info.stats.ticks);
            assertTrue(profile.tree().totalSamples() == info.stats.samples);
            assertTrue(new dev.jflame.core.format.collapsed.CollapsedWriter().lines(profile).keySet().stream()
                    .anyMatch(l -> l.endsWith("[BLOCKED on dev.jflame.testapps.Contention$SharedMonitor]")));
        }
    }
}
