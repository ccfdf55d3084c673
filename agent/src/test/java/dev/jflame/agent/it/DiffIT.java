package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.jflame.flamegraph.Chromium;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code jflame diff} on two real runs of Hotspots, one at its 70/30 split and one at 40/60: the
 * collapsed diff holds each input's collapsed counts exactly, and the page, opened in Chromium, calls
 * hot30 grown and hot70 shrunk.
 */
class DiffIT {
    private static final String HOT70 = "dev.jflame.testapps.Hotspots.hot70";
    private static final String HOT30 = "dev.jflame.testapps.Hotspots.hot30";

    @Test
    void aShiftedSplitShowsAsGrownAndShrunkAndTheCollapsedDiffKeepsBothSidesCounts() throws Exception {
        Path dir = Jvm.workDir("diff");
        profile(dir.resolve("a.json"), 70);
        profile(dir.resolve("b.json"), 40);

        // Each input on its own, as convert writes it.
        assertEquals(0, Cli.run(dir, "convert", "a.json", "-o", "a.collapsed").exit);
        assertEquals(0, Cli.run(dir, "convert", "b.json", "-o", "b.collapsed").exit);
        Collapsed a = Collapsed.read(dir.resolve("a.collapsed"));
        Collapsed b = Collapsed.read(dir.resolve("b.collapsed"));
        double shareA = hot70Share(a);
        double shareB = hot70Share(b);
        // 0.7 and 0.4 asked; short runs on a busy machine were seen 10 points off, so only the direction is held here.
        assertTrue(shareA - shareB > 0.1, "the runs differ as asked: hot70's share " + shareA + " then " + shareB + "\n" + a.top(5) + b.top(5));

        Jvm.Result collapsed = Cli.run(dir, "diff", "a.json", "b.json", "-o", "d.collapsed");
        assertEquals(0, collapsed.exit, collapsed.toString());
        Map<String, long[]> diff = readDiff(dir.resolve("d.collapsed"));
        TreeSet<String> stacks = new TreeSet<>(a.lines.keySet());
        stacks.addAll(b.lines.keySet());
        assertEquals(stacks, diff.keySet(), "one line per stack either run has");
        for (String stack : stacks) {
            long[] counts = diff.get(stack);
            assertEquals(a.lines.getOrDefault(stack, 0L), counts[0], "base count of " + stack);
            assertEquals(b.lines.getOrDefault(stack, 0L), counts[1], "new count of " + stack);
        }

        Jvm.Result html = Cli.run(dir, "diff", "a.json", "b.json", "-o", "d.html");
        assertEquals(0, html.exit, html.toString());
        assertTrue(html.stdout.startsWith("wrote " + dir.resolve("d.html") + " (html, base " + a.total() + " samples, new " + b.total()
                + " samples, compared as shares)"), html.stdout);
        try (Chromium chrome = Chromium.launchOrSkip()) {
            chrome.viewport(1400, 1000);
            chrome.navigate(dir.resolve("d.html"));
            chrome.waitFor("window.jflameReady");
            JsonObject hot30 = chrome.eval("jflame.diff('" + HOT30 + "')").getAsJsonObject();
            JsonObject hot70 = chrome.eval("jflame.diff('" + HOT70 + "')").getAsJsonObject();
            assertEquals("grew", hot30.get("change").getAsString(), hot30.toString());
            assertEquals("shrank", hot70.get("change").getAsString(), hot70.toString());
            // The page's sides are the inputs' own counts.
            assertEquals(a.sum(s -> s.contains(HOT30)), hot30.get("base").getAsLong());
            assertEquals(b.sum(s -> s.contains(HOT30)), hot30.get("new").getAsLong());
            assertEquals(a.total(), hot30.get("baseTotal").getAsLong());
            assertEquals(b.total(), hot30.get("newTotal").getAsLong());
            double points = 100.0 * hot30.get("new").getAsLong() / b.total() - 100.0 * hot30.get("base").getAsLong() / a.total();
            assertEquals(points, hot30.get("delta").getAsDouble(), 1e-9, "the change in percentage points of each side's total");
            chrome.screenshot(dir.resolve("diff.png"));
            assertEquals(List.of(), chrome.takePageErrors(), "uncaught exceptions in the page");
        }
    }

    @Test
    void badInputIsOneLineAndAnOutputThatIsNoDiffFormatIsAUsageError() throws Exception {
        Path dir = Jvm.workDir("diff-errors");
        Files.writeString(dir.resolve("bad.json"), "{\"not\": \"a profile\"}");
        Jvm.Result bad = Cli.run(dir, "diff", "bad.json", "bad.json", "-o", "d.html");
        assertEquals(1, bad.exit, bad.toString());
        assertEquals(1, bad.jflameLines().size(), bad.stderr);
        assertTrue(bad.stderr.startsWith("jflame: cannot read bad.json: not a jflame profile: "), bad.stderr);
        assertEquals(1, bad.stderr.lines().count(), bad.stderr);

        Jvm.Result json = Cli.run(dir, "diff", "bad.json", "bad.json", "-o", "d.json");
        assertEquals(2, json.exit, json.toString());
        assertEquals(List.of("jflame: a diff is written as html or collapsed, not json"), json.jflameLines());

        Jvm.Result one = Cli.run(dir, "diff", "bad.json");
        assertEquals(2, one.exit, one.toString());
        assertTrue(Files.notExists(dir.resolve("d.html")) && Files.notExists(dir.resolve("d.json")));
    }

    /** A short Hotspots run with {@code split} % of each turn in hot70, profiled into {@code out}. */
    private static void profile(Path out, int split) throws Exception {
        List<String> jvmArgs = new ArrayList<>(Jvm.NON_SAFEPOINTS);
        jvmArgs.add(Jvm.agent("interval=5ms,file=" + out));
        Jvm.Result r = Jvm.run(jvmArgs, "Hotspots", "--seconds", "3.5", "--threads", "2", "--split", Integer.toString(split));
        assertEquals(0, r.exit, r.toString());
    }

    /** hot70's share of the two hot methods' running samples; skips the test when there are too few to tell. */
    private static double hot70Share(Collapsed c) {
        long hot70 = c.sum(s -> s.contains(HOT70) && !s.endsWith("]"));
        long hot30 = c.sum(s -> s.contains(HOT30) && !s.endsWith("]"));
        Assumptions.assumeTrue(hot70 + hot30 >= 200, "only " + (hot70 + hot30) + " samples in the hot methods: too few to judge a share");
        return (double) hot70 / (hot70 + hot30);
    }

    /** {@code stack base new} lines; a stack may hold spaces, so the counts are read from the end. */
    private static Map<String, long[]> readDiff(Path file) throws Exception {
        Map<String, long[]> out = new TreeMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int second = line.lastIndexOf(' ');
            int first = line.lastIndexOf(' ', second - 1);
            long[] counts = {Long.parseLong(line.substring(first + 1, second)), Long.parseLong(line.substring(second + 1))};
            assertTrue(counts[0] + counts[1] > 0, "a line with no samples: " + line);
            out.put(line.substring(0, first), counts);
        }
        return out;
    }
}
