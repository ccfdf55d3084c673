package dev.jflame.flamegraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.jflame.core.diff.ProfileDiff;
import dev.jflame.core.diff.ProfileDiffer;
import dev.jflame.core.merge.ProfileMerger;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.testing.TestProfiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The page's diff mode in headless Chromium: colours, legend and tooltip by change, widths of both
 * sides, and the views (state filter, reverse, zoom, search, sandwich) with both sides under them.
 *
 * <p>Base: 1000 samples, new: 2000. Work.hot 400 of 1000 then 400 of 2000 (40 % to 20 %: shrank),
 * HashMap.get 200 then 800 (20 % to 40 %: grew), Work.old 100 then none (gone), Work.fresh none then
 * 200 (new), the blocked worker 300 then 600 (30 % both: unchanged).
 */
class DiffPageBrowserTest extends PageTest {
    static final String HOT = "dev.example.shop.Work.hot";
    static final String GET = "java.util.HashMap.get";
    static final String OLD = "dev.example.shop.Work.old";
    static final String FRESH = "dev.example.shop.Work.fresh";
    static final String TAKE = "dev.example.shop.Lock.take";




    static Profile base() {
        Profile p = new Profile();
        p.processes().add(TestProfiles.process(4242, TestProfiles.MAIN));
        compute(p, HOT, 400);
        compute(p, GET, 200);
        compute(p, OLD, 100);
        blocked(p, 300);
        return p;
    }

    static Profile next() {
        Profile p = new Profile();
        p.processes().add(TestProfiles.process(5151, TestProfiles.MAIN));
        compute(p, HOT, 400);
        compute(p, GET, 800);
        compute(p, FRESH, 200);
        blocked(p, 600);
        return p;
    }

    private static void compute(Profile p, String leaf, long n) {
        TestProfiles.stack(p, SampleState.RUNNABLE, n, "[thread main]", "dev.example.shop.Main.main", "dev.example.shop.Work.compute", leaf);
    }

    private static void blocked(Profile p, long n) {
        TestProfiles.stack(p, SampleState.BLOCKED, n, "[thread worker-1]", "java.lang.Thread.run", "dev.example.shop.Pool.work", TAKE,
                "[BLOCKED on java.lang.Object]");
    }

    private static void open(String name, ProfileDiff diff, boolean normalize) throws Exception {
        Path page = Pages.writeDiff(name, diff, new DiffHtmlWriter(null, normalize));
        chrome.navigate("about:blank");
        chrome.navigate(page);
        chrome.waitFor("window.jflameReady");
    }

    private static JsonObject diff(String frame) {
        JsonElement e = chrome.eval("jflame.diff(" + Chromium.jsString(frame) + ")");
        return e.isJsonNull() ? null : e.getAsJsonObject();
    }

    private static String change(String frame) {
        return diff(frame).get("change").getAsString();
    }

    private static JsonObject view() {
        return chrome.eval("jflame.view()").getAsJsonObject();
    }

    private static List<JsonObject> rects() {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : chrome.eval("jflame.rects()").getAsJsonArray()) {
            if (e.getAsJsonObject().get("tree").getAsString().equals("main")) {
                out.add(e.getAsJsonObject());
            }
        }
        return out;
    }

    private static JsonObject rect(String name) {
        for (JsonObject r : rects()) {
            if (!r.get("name").isJsonNull() && r.get("name").getAsString().equals(name)) {
                return r;
            }
        }
        throw new AssertionError(name + " not drawn");
    }

    private static boolean drawn(String name) {
        return rects().stream().anyMatch(r -> !r.get("name").isJsonNull() && r.get("name").getAsString().equals(name));
    }

    private static double[] point(JsonObject r) {
        JsonObject p = chrome.eval("jflame.clientPoint(" + r + ")").getAsJsonObject();
        return new double[] {p.get("x").getAsDouble(), p.get("y").getAsDouble()};
    }

    /** The painted colour in the middle of a rectangle's left part, as {r, g, b}. */
    private static int[] pixel(JsonObject r) {
        double x = r.get("x").getAsDouble() + Math.min(r.get("w").getAsDouble(), 40) / 2;
        double y = r.get("y").getAsDouble() + 3;
        JsonElement rgb = chrome.eval("(() => { const c = document.getElementById('canvas'), d = window.devicePixelRatio || 1;"
                + " return Array.from(c.getContext('2d').getImageData(Math.round(" + x + " * d), Math.round(" + y + " * d), 1, 1).data); })()");
        return new int[] {rgb.getAsJsonArray().get(0).getAsInt(), rgb.getAsJsonArray().get(1).getAsInt(), rgb.getAsJsonArray().get(2).getAsInt()};
    }

    private static String text(String selector) {
        return chrome.eval("document.querySelector(" + Chromium.jsString(selector) + ").textContent").getAsString();
    }

    @Test
    void framesAreColouredByChangeInSharesWithALegendAndBothSidesInTheTooltip() throws Exception {
        open("diff", new ProfileDiffer().diff(base(), next()), true);
        assertEquals("shrank", change(HOT));
        assertEquals(-20.0, diff(HOT).get("delta").getAsDouble(), 1e-9, "40 % of the base, 20 % of the new: -20 points");
        assertEquals("grew", change(GET));
        assertEquals(20.0, diff(GET).get("delta").getAsDouble(), 1e-9);
        assertEquals("gone", change(OLD));
        assertEquals("new", change(FRESH));
        assertEquals("same", change(TAKE), "30 % of each side");
        JsonObject hot = diff(HOT);
        assertEquals(400, hot.get("base").getAsLong());
        assertEquals(400, hot.get("new").getAsLong());
        assertEquals(1000, hot.get("baseTotal").getAsLong());
        assertEquals(2000, hot.get("newTotal").getAsLong());
        assertNull(diff("no.such.Frame"));

        // Width: base share + new share, so what is gone is as visible as what is new.
        double width = rect("all").get("w").getAsDouble();
        assertEquals((0.4 + 0.2) / 2 * width, rect(HOT).get("w").getAsDouble(), 0.5);
        assertEquals((0.1 + 0.0) / 2 * width, rect(OLD).get("w").getAsDouble(), 0.5);
        assertEquals((0.0 + 0.1) / 2 * width, rect(FRESH).get("w").getAsDouble(), 0.5);
        assertEquals("shrank", rect(HOT).get("change").getAsString());
        assertEquals(400, rect(HOT).get("base").getAsLong());

        int[] grew = pixel(rect(GET));
        int[] shrank = pixel(rect(HOT));
        int[] same = pixel(rect(TAKE));
        assertTrue(grew[0] > grew[2] + 60, "grew is red: " + java.util.Arrays.toString(grew));
        assertTrue(shrank[2] > shrank[0] + 60, "shrank is blue: " + java.util.Arrays.toString(shrank));
        assertTrue(Math.abs(same[0] - same[2]) < 40, "unchanged is neutral: " + java.util.Arrays.toString(same));

        String legend = text("#legend");
        for (String part : List.of("grew", "shrank", "new (not in base)", "gone (only in base)", "unchanged", "width: base share + new share",
                "\u00B120.0 pts")) {
            assertTrue(legend.contains(part), part + " in " + legend);
        }
        String facts = text("#facts");
        assertTrue(facts.contains("pid 4242") && facts.contains("pid 5151") && facts.contains("1\u2009000 samples")
                && facts.contains("2\u2009000 samples") && facts.contains("percentage points"), facts);
        assertTrue(text("#status").contains("base 1\u2009000 \u2192 new 2\u2009000 samples"), text("#status"));
        assertEquals("Diff: " + TestProfiles.MAIN, chrome.eval("document.title").getAsString());

        double[] at = point(rect(HOT));
        chrome.mouseMove(at[0], at[1]);
        chrome.settle();
        String tip = text("#tip");
        for (String part : List.of(HOT, "shrank", "Base", "New", "Change", "400 \u00B7 40.0 %", "400 \u00B7 20.0 %", "\u221220.0 pts")) {
            assertTrue(tip.contains(part), part + " in " + tip);
        }
        chrome.screenshot(Pages.SCREENSHOTS.resolve("diff.png"));
    }

    @Test
    void theStateFilterComparesBothSidesUnderIt() throws Exception {
        open("diff-states", new ProfileDiffer().diff(base(), next()), true);
        chrome.clickElement("#states button[data-state=B]", Chromium.ALT);
        chrome.settle();
        JsonObject v = view();
        assertEquals(600, v.get("total").getAsLong());
        assertEquals(300, v.getAsJsonObject("diff").get("baseTotal").getAsLong());
        assertFalse(drawn(HOT));
        assertEquals("same", change(TAKE), "all blocked samples on both sides");

        chrome.clickElement("#states button[data-state=B]", Chromium.ALT); // everything back
        chrome.clickElement("#states button[data-state=R]", Chromium.ALT);
        chrome.settle();
        // Running only: hot 400 of 700, then 400 of 1400.
        assertEquals(100.0 * 400 / 1400 - 100.0 * 400 / 700, diff(HOT).get("delta").getAsDouble(), 1e-9);
        assertEquals("shrank", change(HOT));
        assertFalse(drawn(TAKE));
    }

    @Test
    void reverseZoomSearchAndSandwichKeepBothSides() throws Exception {
        open("diff-views", new ProfileDiffer().diff(base(), next()), true);
        chrome.clickElement("#reverse", 0);
        chrome.settle();
        assertTrue(view().get("reverse").getAsBoolean());
        assertEquals("grew", change(GET), "a leaf first in the reversed view, still grown");
        assertEquals("gone", change(OLD));
        chrome.clickElement("#reverse", 0);
        chrome.settle();

        double[] at = point(rect("dev.example.shop.Work.compute"));
        chrome.click(at[0], at[1]);
        chrome.settle();
        assertEquals("dev.example.shop.Work.compute", view().get("zoom").getAsString());
        assertTrue(drawn(OLD) && drawn(FRESH), "gone and new frames under the zoomed one");
        assertFalse(drawn(TAKE));
        chrome.key("Escape", "Escape", 27, 0);
        chrome.settle();

        chrome.clickElement("#q", 0);
        chrome.type("Work\\.(old|fresh)");
        chrome.settle();
        assertEquals(10.0, chrome.eval("jflame.matched()").getAsDouble(), 1e-9, "the new side's share");
        assertTrue(text("#matched").startsWith("matched: 10.0 % \u2192 10.0 %"), text("#matched"));
        chrome.key("Escape", "Escape", 27, 0); // clears the search
        chrome.key("Escape", "Escape", 27, 0); // leaves the box
        chrome.settle();
        assertEquals("", view().get("query").getAsString());

        at = point(rect(HOT));
        chrome.mouseMove(at[0], at[1]);
        chrome.settle();
        chrome.type("s");
        chrome.settle();
        assertEquals(HOT, view().get("sandwich").getAsString());
        Map<String, long[]> callers = new TreeMap<>();
        for (JsonElement e : chrome.eval("jflame.sandwichCallers()").getAsJsonArray()) {
            JsonObject o = e.getAsJsonObject();
            callers.put(o.get("name").getAsString(), new long[] {o.get("base").getAsLong(), o.get("samples").getAsLong()});
        }
        assertEquals(1, callers.size());
        assertEquals(List.of(400L, 400L), List.of(callers.get("dev.example.shop.Work.compute")[0], callers.get("dev.example.shop.Work.compute")[1]));
        assertTrue(text("#status").contains("base 400 \u2192 new 400 samples (40.0 % \u2192 20.0 %)"), text("#status"));
    }

    @Test
    void rawCountsCompareSamplesNotShares() throws Exception {
        open("diff-raw", new ProfileDiffer().diff(base(), next()), false);
        assertEquals("same", change(HOT), "400 samples on both sides");
        assertEquals(0.0, diff(HOT).get("delta").getAsDouble());
        assertEquals("samples", diff(HOT).get("unit").getAsString());
        assertEquals("grew", change(GET));
        assertEquals(600.0, diff(GET).get("delta").getAsDouble());
        assertEquals("grew", change(TAKE), "300 more blocked samples");
        double width = rect("all").get("w").getAsDouble();
        assertEquals(800.0 / 3000 * width, rect(HOT).get("w").getAsDouble(), 0.5, "width: base + new samples");
        assertTrue(text("#legend").contains("width: base + new samples"));
        assertTrue(text("#facts").contains("raw sample counts"));
    }

    @Test
    void aLargeDiffDrawsWithBothSidesCounted() throws Exception {
        Profile base = TestProfiles.synthetic(20_000, 2000, 11);
        Profile next = TestProfiles.synthetic(20_000, 2000, 12);
        open("diff-synthetic", new ProfileDiffer().diff(base, next), true);
        JsonObject v = view();
        assertEquals(next.tree().totalSamples(), v.get("total").getAsLong());
        assertEquals(base.tree().totalSamples(), v.getAsJsonObject("diff").get("baseTotal").getAsLong());
        assertTrue(rects().size() > 100);
        chrome.screenshot(Pages.SCREENSHOTS.resolve("diff-synthetic.png"));
    }

    @Test
    void processesLineUpByMainClassAndGroupByProcess() throws Exception {
        Profile baseWorker = new Profile();
        baseWorker.processes().add(TestProfiles.process(7001, "dev.example.shop.PoolWorker"));
        baseWorker.processes().get(0).parentPid = 4242;
        TestProfiles.stack(baseWorker, SampleState.RUNNABLE, 500, "[thread worker-main]", "dev.example.shop.PoolWorker.main", HOT);
        Profile nextWorker = new Profile();
        nextWorker.processes().add(TestProfiles.process(8001, "dev.example.shop.PoolWorker"));
        nextWorker.processes().get(0).parentPid = 5151;
        TestProfiles.stack(nextWorker, SampleState.RUNNABLE, 100, "[thread worker-main]", "dev.example.shop.PoolWorker.main", HOT);
        Profile base = new ProfileMerger().merge(List.of(base(), baseWorker));
        Profile next = new ProfileMerger().merge(List.of(next(), nextWorker));
        open("diff-processes", new ProfileDiffer().diff(base, next), true);
        assertEquals("process", view().get("group").getAsString());
        assertTrue(drawn("[process dev.example.shop.PoolWorker]") && drawn("[process " + TestProfiles.MAIN + "]"));
        assertEquals("shrank", change("[process dev.example.shop.PoolWorker]"), "500 of 1500, then 100 of 2100");
        assertTrue(text("#facts").contains("2 processes"), text("#facts"));
        chrome.screenshot(Pages.SCREENSHOTS.resolve("diff-processes.png"));
    }

    /** The table of functions on a diff page: both sides' shares and the change, sorted by the largest change. */
    @Test
    void theTableOfFunctionsShowsBothSidesAndSortsByChange() throws Exception {
        open("diff-table", new ProfileDiffer().diff(base(), next()), true);
        chrome.clickElement("#tablebtn", 0);
        chrome.settle();
        chrome.clickElement("#table th[data-sort=change]", 0);
        chrome.settle();
        JsonArray rows = chrome.eval("jflame.table()").getAsJsonArray();
        java.util.Set<String> firstTwo = new java.util.HashSet<>();
        firstTwo.add(rows.get(0).getAsJsonObject().get("name").getAsString());
        firstTwo.add(rows.get(1).getAsJsonObject().get("name").getAsString());
        assertEquals(java.util.Set.of(HOT, GET), firstTwo, "the two 20-point changes first");
        for (JsonElement e : rows) {
            JsonObject r = e.getAsJsonObject();
            if (r.get("name").getAsString().equals(GET)) {
                assertEquals(200, r.get("baseTotal").getAsLong());
                assertEquals(800, r.get("total").getAsLong());
                assertEquals(20.0, r.get("change").getAsDouble(), 0.001);
            }
            if (r.get("name").getAsString().equals(OLD)) {
                assertEquals(0, r.get("total").getAsLong(), "a gone function keeps its row");
            }
        }
        chrome.screenshot(Pages.SCREENSHOTS.resolve("diff-table.png"));
    }
}
