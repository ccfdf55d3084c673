package dev.jflame.flamegraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.testing.TestProfiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Opens generated pages in headless Chromium and drives them with real input events. */
class FlameGraphBrowserTest extends PageTest {
    private static final String HOT = "dev.example.shop.Work.hot";




    private static void open(Path page) throws InterruptedException {
        chrome.navigate("about:blank");
        chrome.navigate(page);
        chrome.waitFor("window.jflameReady");
    }

    private static JsonObject view() {
        return chrome.eval("jflame.view()").getAsJsonObject();
    }

    private static List<JsonObject> rects(String tree) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : chrome.eval("jflame.rects()").getAsJsonArray()) {
            JsonObject r = e.getAsJsonObject();
            if (r.get("tree").getAsString().equals(tree)) {
                out.add(r);
            }
        }
        return out;
    }

    private static Set<String> drawnNames() {
        Set<String> names = new HashSet<>();
        for (JsonObject r : rects("main")) {
            if (!r.get("name").isJsonNull()) {
                names.add(r.get("name").getAsString());
            }
        }
        return names;
    }

    private static JsonObject rect(String tree, String name) {
        for (JsonObject r : rects(tree)) {
            if (!r.get("name").isJsonNull() && r.get("name").getAsString().equals(name)) {
                return r;
            }
        }
        throw new AssertionError(name + " not drawn in " + tree + ": " + drawnNames());
    }

    private static double[] point(JsonObject r) {
        JsonObject p = chrome.eval("jflame.clientPoint(" + r + ")").getAsJsonObject();
        return new double[] {p.get("x").getAsDouble(), p.get("y").getAsDouble()};
    }

    private static void clickRect(JsonObject r, int modifiers) {
        double[] p = point(r);
        chrome.click(p[0], p[1], modifiers);
        chrome.settle();
    }

    private static String text(String selector) {
        return chrome.eval("document.querySelector(" + Chromium.jsString(selector) + ").textContent").getAsString();
    }

    @Test
    void drawsTheProfileWithHeaderLegendAndStates() throws Exception {
        Profile p = TestProfiles.shop();
        open(Pages.write("shop", p));
        JsonObject v = view();
        assertEquals("none", v.get("group").getAsString(), "single process groups by nothing");
        assertEquals(p.tree().totalSamples(), v.get("total").getAsLong());
        Set<String> names = drawnNames();
        assertTrue(names.containsAll(List.of("all", "dev.example.shop.Main.main", HOT, "[BLOCKED on java.lang.Object]",
                "[PARKED]", "[TIMED_WAITING]", "[truncated]")), names.toString());
        assertFalse(names.contains("[thread main]"), "thread frames merged away by default");
        assertEquals("BLOCKED", rect("main", "[BLOCKED on java.lang.Object]").get("state").getAsString());
        assertEquals("JDK", rect("main", "java.util.HashMap.get").get("kind").getAsString());
        assertEquals("NATIVE", rect("main", "java.util.zip.CRC32.updateBytes0").get("kind").getAsString());
        JsonObject root = rect("main", "all");
        assertEquals(1400 - 2 * 18 - 2, root.get("w").getAsDouble(), 1.0, "the root spans the chart");

        String facts = text("#facts");
        for (String part : List.of("pid 4242", TestProfiles.MAIN, "17.0.15", "30.5 s", "10 ms",
                String.format("%,d", p.tree().totalSamples()).replace(',', '\u2009'), "Sampler tick p50 / p99 / max", " µs")) {
            assertTrue(facts.contains(part), part + " in " + facts);
        }
        assertTrue(text("#legend").contains("blocked"));
        assertTrue(text("#legend").contains("idle in native"), text("#legend"));
        // Pinned has a colour of its own, not blocked's.
        assertTrue(text("#legend").contains("pinned") && !text("#legend").contains("blocked / pinned"), text("#legend"));
        assertTrue(facts.contains("Rate reached") && facts.contains("98.4 % of asked (98.4 ticks/s)"), facts);
        assertTrue(facts.contains("30 samples, under [jflame]"), facts);
        assertEquals("NATIVE_IDLE", rect("main", "[NATIVE_IDLE]").get("state").getAsString());
        assertEquals("AGENT", rect("main", "[jflame]").get("kind").getAsString());
        assertEquals("Idle in native", text("#states button[data-state=I]"));
        assertEquals("Flame graph: " + TestProfiles.MAIN, chrome.eval("document.title").getAsString());
        chrome.screenshot(Pages.SCREENSHOTS.resolve("shop.png"));
    }

    @Test
    void searchHighlightsMatchesAndCountsNestedOnce() throws Exception {
        Profile p = TestProfiles.shop();
        open(Pages.write("shop-search", p));
        chrome.key("f", "KeyF", 70, Chromium.CTRL);
        assertTrue(chrome.eval("document.activeElement.id === 'q'").getAsBoolean(), "Ctrl+F focuses the search box");
        String regex = "Work\\.hot";
        chrome.type(regex);
        chrome.settle();
        double expected = Oracle.matchedPercent(p, regex);
        assertEquals(750.0 / p.tree().totalSamples() * 100, expected, 1e-9, "oracle sanity: 600+50 nested+100");
        assertEquals(expected, chrome.eval("jflame.matched()").getAsDouble(), 1e-9);
        assertTrue(text("#matched").startsWith(String.format("matched: %.1f %%", expected)), text("#matched"));
        for (JsonObject r : rects("main")) {
            if (r.has("match")) {
                assertEquals(HOT.equals(r.get("name").getAsString()), r.get("match").getAsBoolean(), r.toString());
            }
        }
        chrome.key("Enter", "Enter", 13, 0);
        chrome.settle();
        assertEquals(HOT, view().get("zoom").getAsString(), "Enter steps to the first match");
        chrome.key("Enter", "Enter", 13, 0);
        chrome.settle();
        JsonObject second = view();
        assertEquals(HOT, second.get("zoom").getAsString());
        assertTrue(chrome.eval("location.hash").getAsString().contains("q=Work%5C.hot"));
        chrome.screenshot(Pages.SCREENSHOTS.resolve("shop-search.png"));

        chrome.eval("document.getElementById('q').select()");
        chrome.type("(");
        chrome.settle();
        assertTrue(text("#matched").contains("bad regex"));
    }

    @Test
    void clickingAFrameZoomsAndEscapeResets() throws Exception {
        open(Pages.write("shop-zoom", TestProfiles.shop()));
        double full = rect("main", "all").get("w").getAsDouble();
        clickRect(rect("main", "dev.example.shop.Work.compute"), 0);
        JsonObject v = view();
        assertEquals("dev.example.shop.Work.compute", v.get("zoom").getAsString());
        JsonObject zoomed = rect("main", "dev.example.shop.Work.compute");
        assertEquals(full, zoomed.get("w").getAsDouble(), 0.5, "the zoomed frame spans the width");
        assertTrue(rect("main", "dev.example.shop.Main.main").get("dim").getAsBoolean(), "ancestors stay, dimmed");
        assertTrue(rect("main", "all").get("dim").getAsBoolean());
        assertFalse(drawnNames().contains("dev.example.shop.Pool.work"), "siblings are gone");
        assertTrue(chrome.eval("location.hash").getAsString().contains("z="));

        chrome.key("Escape", "Escape", 27, 0);
        chrome.settle();
        assertTrue(view().get("zoom").isJsonNull());
        assertTrue(drawnNames().contains("dev.example.shop.Pool.work"));

        clickRect(rect("main", "dev.example.shop.Pool.work"), 0);
        assertEquals("dev.example.shop.Pool.work", view().get("zoom").getAsString());
        chrome.type("0");
        chrome.settle();
        assertTrue(view().get("zoom").isJsonNull(), "0 resets too");
    }

    @Test
    void stateFilterShowsOnlyBlockedSamples() throws Exception {
        Profile p = TestProfiles.shop();
        open(Pages.write("shop-blocked", p));
        showOnly(p, SampleState.BLOCKED);
        Set<String> names = drawnNames();
        assertEquals(Set.of("all", "java.lang.Thread.run", "dev.example.shop.Pool.work", "dev.example.shop.Lock.take",
                "[BLOCKED on java.lang.Object]"), names);
        chrome.screenshot(Pages.SCREENSHOTS.resolve("shop-blocked.png"));

        chrome.clickElement("#states button[data-state=W]", 0);
        chrome.settle();
        assertEquals(Oracle.stateTotal(p, SampleState.BLOCKED) + Oracle.stateTotal(p, SampleState.WAITING),
                view().get("total").getAsLong());
        chrome.clickElement("#states button[data-state=B]", Chromium.ALT);
        chrome.clickElement("#states button[data-state=B]", Chromium.ALT);
        chrome.settle();
        assertEquals(p.tree().totalSamples(), view().get("total").getAsLong(), "Alt+click on the only state shows all again");
    }

    /** Alt+clicks the state's chip: only that state's samples are left, every frame drawn in it. */
    private static void showOnly(Profile p, SampleState state) throws Exception {
        String key = String.valueOf(state.key());
        chrome.clickElement("#states button[data-state=" + key + "]", Chromium.ALT);
        chrome.settle();
        JsonObject v = view();
        assertEquals(key, v.get("states").getAsString());
        assertEquals(Oracle.stateTotal(p, state), v.get("total").getAsLong());
        for (JsonObject r : rects("main")) {
            assertEquals(state.name(), r.get("state").getAsString(), r.toString());
        }
    }

    @Test
    void idleInNativeHasItsOwnFilterAndIsNeverTheHottestMethod() throws Exception {
        Profile p = TestProfiles.shop();
        open(Pages.write("shop-idle", p));
        showOnly(p, SampleState.NATIVE_IDLE);
        chrome.clickElement("#states button[data-state=I]", Chromium.ALT);
        chrome.settle();
        // 400 idle samples sit in readBytes, more than any running method's self: the sandwich still opens on the hot one.
        chrome.clickElement("#sandwich", 0);
        chrome.settle();
        assertEquals(HOT, view().get("sandwich").getAsString());
    }

    @Test
    void theSamplersSafepointsAndReusedWaitsAreInTheHeader() throws Exception {
        Profile p = TestProfiles.shop();
        p.processes().get(0).stats.activeNanos = 30_000_000_000L;
        p.processes().get(0).stats.safepoints = 300;
        p.processes().get(0).stats.waitsReused = 40;
        p.processes().get(0).stats.waitReusesChecked = 12;
        p.processes().get(0).stats.waitReusesWrong = 1;
        open(Pages.write("shop-safepoints", p));
        String facts = text("#facts");
        assertTrue(facts.contains("Safepoints by jflame") && facts.contains("300 (10.0 per second of sampling)"), facts);
        assertTrue(facts.contains("Waits between captures")
                && facts.contains("40 new waits took the stack of the thread\u2019s last wait on the same lock; 1 of 12 checked were elsewhere"), facts);
    }

    @Test
    void aLowTickRateIsFlaggedInTheHeader() throws Exception {
        Profile p = TestProfiles.shop();
        p.processes().get(0).stats.activeNanos = 45_000_000_000L; // 3000 ticks where 4500 were asked
        open(Pages.write("shop-low-rate", p));
        String warning = chrome.eval("(document.querySelector('#facts .warn') || {}).textContent || ''").getAsString();
        assertTrue(warning.contains("66.7 % of asked"), warning);
    }

    @Test
    void reverseMergesFromTheLeaf() throws Exception {
        Profile p = TestProfiles.shop();
        open(Pages.write("shop-reverse", p));
        chrome.clickElement("#reverse", 0);
        chrome.settle();
        assertTrue(view().get("reverse").getAsBoolean());
        double width = rect("main", "all").get("w").getAsDouble();
        Map<String, Long> drawnRoots = new TreeMap<>();
        JsonObject root = rect("main", "all");
        for (JsonObject r : rects("main")) {
            if (!r.get("name").isJsonNull() && r.get("y").getAsDouble() == root.get("y").getAsDouble() - root.get("h").getAsDouble()) {
                drawnRoots.put(r.get("name").getAsString(), r.get("samples").getAsLong());
            }
        }
        assertEquals(Oracle.selfByFrame(p), drawnRoots, "the first row holds every leaf with its self samples");
        JsonObject hot = rect("main", HOT);
        assertEquals(750.0 / p.tree().totalSamples() * width, hot.get("w").getAsDouble(), 0.5);
        clickRect(rect("main", "[BLOCKED on java.lang.Object]"), 0);
        assertTrue(drawnNames().contains("dev.example.shop.Lock.take"), "who blocks: the caller sits above the lock");
        chrome.screenshot(Pages.SCREENSHOTS.resolve("shop-reverse.png"));
    }

    @Test
    void sandwichListsCallersAndCallees() throws Exception {
        Profile p = TestProfiles.shop();
        open(Pages.write("shop-sandwich", p));
        double[] at = point(rect("main", HOT));
        chrome.mouseMove(at[0], at[1]);
        chrome.settle();
        assertTrue(chrome.eval("getComputedStyle(document.getElementById('tip')).display !== 'none'").getAsBoolean());
        assertTrue(text("#tip").contains(HOT), "the tooltip names the hovered frame");
        chrome.type("s");
        chrome.settle();
        assertEquals(HOT, view().get("sandwich").getAsString());
        Map<String, Long> callers = new TreeMap<>();
        for (JsonElement e : chrome.eval("jflame.sandwichCallers()").getAsJsonArray()) {
            callers.put(e.getAsJsonObject().get("name").getAsString(), e.getAsJsonObject().get("samples").getAsLong());
        }
        assertEquals(Oracle.callers(p, HOT), callers);
        assertEquals(Map.of("dev.example.shop.Work.compute", 650L, "dev.example.shop.Pool.work", 100L), callers);
        JsonArray callees = chrome.eval("jflame.sandwichCallees()").getAsJsonArray();
        assertEquals(1, callees.size());
        assertEquals(HOT, callees.get(0).getAsJsonObject().get("name").getAsString(), "recursion shows as a callee");
        assertEquals(50, callees.get(0).getAsJsonObject().get("samples").getAsLong());
        JsonObject compute = rect("callers", "dev.example.shop.Work.compute");
        JsonObject hot = rect("callees", HOT);
        assertTrue(compute.get("y").getAsDouble() < hot.get("y").getAsDouble(), "callers are drawn above the function");
        assertTrue(text("#status").contains("Sandwich of " + HOT));
        chrome.screenshot(Pages.SCREENSHOTS.resolve("shop-sandwich.png"));

        clickRect(compute, 0);
        assertEquals("dev.example.shop.Work.compute", view().get("sandwich").getAsString(), "a click re-centres the sandwich");
        chrome.key("Escape", "Escape", 27, 0);
        chrome.settle();
        assertTrue(view().get("sandwich").isJsonNull());
    }

    @Test
    void groupsByProcessThreadOrNothing() throws Exception {
        open(Pages.write("merged", TestProfiles.merged()));
        assertEquals("process", view().get("group").getAsString(), "merged profiles group by process");
        Set<String> names = drawnNames();
        assertTrue(names.contains("[pid 4242 dev.example.shop.Main]") && names.contains("[pid 4243 dev.example.shop.PoolWorker]"));
        assertFalse(names.contains("[thread main]"));
        assertTrue(text("#facts").contains("2 processes"));
        chrome.screenshot(Pages.SCREENSHOTS.resolve("merged.png"));

        chrome.clickElement("#grouping button[data-v=thread]", 0);
        chrome.settle();
        names = drawnNames();
        assertTrue(names.contains("[pid 4242 dev.example.shop.Main]") && names.contains("[thread main]"));

        chrome.clickElement("#grouping button[data-v=none]", 0);
        chrome.settle();
        names = drawnNames();
        assertFalse(names.contains("[pid 4242 dev.example.shop.Main]") || names.contains("[thread main]"));
        Profile p = TestProfiles.merged();
        assertEquals(p.tree().totalSamples(), view().get("total").getAsLong());
        // Merged: the same stack from both processes is one frame.
        JsonObject main = rect("main", "dev.example.shop.Main.main");
        assertEquals(2 * (600 + 50 + 200 + 40 + 30), main.get("samples").getAsLong());
    }

    @Test
    void icicleFlipsTheGraph() throws Exception {
        open(Pages.write("shop-icicle", TestProfiles.shop()));
        double flameY = rect("main", "all").get("y").getAsDouble();
        chrome.clickElement("#orient button[data-v=icicle]", 0);
        chrome.settle();
        assertEquals(0.0, rect("main", "all").get("y").getAsDouble());
        assertTrue(flameY > 0);
    }

    @Test
    void theAddressReopensTheSameView() throws Exception {
        open(Pages.write("shop-hash", TestProfiles.shop()));
        chrome.clickElement("#reverse", 0);
        chrome.clickElement("#orient button[data-v=icicle]", 0);
        chrome.clickElement("#states button[data-state=R]", 0);
        chrome.clickElement("#q", 0);
        chrome.type("Lock");
        chrome.settle();
        clickRect(rect("main", "[BLOCKED on java.lang.Object]"), 0);
        JsonObject before = view();
        String url = chrome.eval("location.href").getAsString();
        chrome.navigate("about:blank");
        chrome.navigate(url);
        chrome.waitFor("window.jflameReady");
        assertEquals(before, view(), url);
        assertEquals("Lock", chrome.eval("document.getElementById('q').value").getAsString());
    }

    @Test
    void aPastedAddressIsAppliedInPlace() throws Exception {
        Profile p = TestProfiles.shop();
        open(Pages.write("shop-hashchange", p));
        chrome.eval("location.hash = '#r=1&s=B&q=Lock'");
        chrome.waitFor("jflame.view().reverse");
        chrome.settle();
        JsonObject v = view();
        assertEquals("B", v.get("states").getAsString());
        assertEquals("Lock", v.get("query").getAsString());
        assertEquals(Oracle.stateTotal(p, SampleState.BLOCKED), v.get("total").getAsLong());
        assertEquals(100.0, chrome.eval("jflame.matched()").getAsDouble(), 1e-9, "every blocked sample is under Lock.take");
        chrome.clickElement("#prev", 0);
        chrome.settle();
        assertEquals("dev.example.shop.Lock.take", view().get("zoom").getAsString(), "the previous-match button zooms");
    }

    @Test
    void framesUnderAPixelAreMergedNotDropped() throws Exception {
        Profile p = new Profile();
        p.processes().add(TestProfiles.process(9, "tiny.Main"));
        TestProfiles.stack(p, SampleState.RUNNABLE, 100_000, "[thread main]", "tiny.Main.main", "tiny.Main.big");
        for (int i = 0; i < 3000; i++) {
            TestProfiles.stack(p, SampleState.RUNNABLE, 1, "[thread main]", "tiny.Main.main", "tiny.Small.m" + i, "tiny.Leaf.x");
        }
        open(Pages.write("tiny", p));
        long merged = 0;
        int blocks = 0;
        for (JsonObject r : rects("main")) {
            if (r.has("merged")) {
                merged += r.get("samples").getAsLong();
                blocks++;
                assertTrue(r.get("merged").getAsInt() > 1);
            }
        }
        assertTrue(blocks >= 1 && blocks < 10, "a few merged blocks, not 3000 slivers: " + blocks);
        assertEquals(3000, merged, "every small frame is in a merged block");
        assertEquals(103_000, rect("main", "tiny.Main.main").get("samples").getAsLong());
        assertFalse(drawnNames().contains("tiny.Small.m1"));
    }

    @Test
    void awkwardNamesRenderEscapedAndIntact() throws Exception {
        String longName = "com.example." + "VeryLongGeneratedName".repeat(120) + ".method";
        String[] awkward = {"a.B.c" + HtmlWriterTest.NASTY_SCRIPT, "x.Y.<init>", "x.Y.<clinit>", "x.Generic<java.util.List<T>>.get",
            "a.B$1.lambda$run$0", "q.Q.\"quoted\"'single'&amp;", "ü.Ünïcødé.日本語_方法😀", "s.Sep.a\u2028b\u2029c", "c.C.<!--comment-->",
            longName};
        Profile p = new Profile();
        p.processes().add(TestProfiles.process(5, "<main & \"co\">"));
        for (int i = 0; i < awkward.length; i++) {
            TestProfiles.stack(p, SampleState.RUNNABLE, 100 + i, "[thread <x> & \"y\"]", "root.R.run", awkward[i]);
        }
        open(Pages.write("awkward", p, new HtmlWriter("Awkward </script> & <b>names</b> 😀")));
        assertTrue(chrome.eval("window.__pwned === undefined").getAsBoolean(), "no injected script ran");
        assertEquals("Awkward </script> & <b>names</b> 😀", chrome.eval("document.title").getAsString());
        assertEquals("Awkward </script> & <b>names</b> 😀", text("#title"));
        assertTrue(text("#facts").contains("<main & \"co\">"));
        Set<String> names = drawnNames();
        for (String a : awkward) {
            assertTrue(names.contains(a), "drawn intact: " + a);
        }
        // The tooltip shows the full name as text, never as markup.
        for (String a : List.of(awkward[0], longName, awkward[6])) {
            double[] at = point(rect("main", a));
            chrome.mouseMove(at[0], at[1]);
            chrome.settle();
            assertEquals(a, text("#tip .name"));
            assertEquals(0, chrome.eval("document.querySelectorAll('#tip script, #tip b').length").getAsInt());
        }
        chrome.clickElement("#grouping button[data-v=thread]", 0);
        chrome.settle();
        assertTrue(drawnNames().contains("[thread <x> & \"y\"]"));
        chrome.clickElement("#q", 0);
        chrome.type("日本語");
        chrome.settle();
        assertEquals(106.0 / p.tree().totalSamples() * 100, chrome.eval("jflame.matched()").getAsDouble(), 1e-9);
        chrome.screenshot(Pages.SCREENSHOTS.resolve("awkward.png"));
    }

    @Test
    void aRealisticProfileDrawsAndIsKeptAsAScreenshot() throws Exception {
        Profile p = TestProfiles.synthetic(20_000, 2000, 11);
        open(Pages.write("synthetic", p));
        assertEquals(p.tree().totalSamples(), view().get("total").getAsLong());
        assertTrue(chrome.eval("jflame.timing().ready").getAsDouble() > 0);
        assertTrue(rects("main").size() > 100);
        chrome.screenshot(Pages.SCREENSHOTS.resolve("synthetic.png"));
        assertTrue(Files.size(Pages.SCREENSHOTS.resolve("synthetic.png")) > 10_000);
    }

    @Test
    void anEmptyProfileStillOpens() throws Exception {
        open(Pages.write("empty", new Profile()));
        assertEquals(0, view().get("total").getAsLong());
        assertEquals(Set.of("all"), drawnNames());
        assertEquals("Flame graph", text("#title"));
    }

    @Test
    void stacksDeeperThanACanvasCanHoldStillDraw() throws Exception {
        Profile p = new Profile();
        p.processes().add(TestProfiles.process(3, "deep.Main"));
        String[] frames = new String[3000];
        frames[0] = "[thread main]";
        for (int i = 1; i < frames.length; i++) {
            frames[i] = "deep.Recursion.level" + i;
        }
        TestProfiles.stack(p, SampleState.RUNNABLE, 10, frames);
        open(Pages.write("deep", p));
        JsonObject v = view();
        assertTrue(v.get("height").getAsDouble() <= 30_000 + 17, v.toString());
        assertTrue(drawnNames().contains("deep.Recursion.level1"));
        assertEquals(0.0, chrome.eval("(() => { const c = document.getElementById('canvas');"
                + " return c.getContext('2d').getImageData(10, c.height - 5, 1, 1).data[3] === 0 ? 1 : 0; })()").getAsDouble(),
                "the root row is painted");
    }

    /**
     * The case issue 13 found: after a state chip, the grouping, reverse or hiding a frame changed the
     * chart's height, the chart stayed scrolled where it was, a blank area with the root off-screen.
     */
    @Test
    void theRootStaysInViewAfterEveryReLayout() throws Exception {
        Profile p = TestProfiles.shop();
        String[] deep = new String[90];
        deep[0] = "[thread deep]";
        for (int i = 1; i < deep.length; i++) {
            deep[i] = "dev.example.shop.Deep.level" + i;
        }
        TestProfiles.stack(p, SampleState.BLOCKED, 500, deep);
        open(Pages.write("tall", p));
        assertRootInView("opened");
        showOnly(p, SampleState.RUNNABLE);
        assertRootInView("only running");
        chrome.clickElement("#states button[data-state=R]", Chromium.ALT);
        chrome.settle();
        assertEquals(p.tree().totalSamples(), view().get("total").getAsLong());
        assertRootInView("all states again (the case that failed)");
        chrome.clickElement("#grouping button[data-v=thread]", 0);
        chrome.settle();
        assertRootInView("grouped by thread");
        chrome.clickElement("#reverse", 0);
        chrome.settle();
        assertRootInView("reversed");
        chrome.clickElement("#reverse", 0);
        chrome.clickElement("#orient button[data-v=icicle]", 0);
        chrome.settle();
        assertRootInView("icicle");
    }

    private static void assertRootInView(String after) {
        JsonObject root = rect("main", "all");
        JsonObject scroll = chrome.eval("jflame.scroll()").getAsJsonObject();
        double top = scroll.get("top").getAsDouble(), height = scroll.get("height").getAsDouble();
        double y = root.get("y").getAsDouble();
        assertTrue(y >= top && y + root.get("h").getAsDouble() <= top + height,
                after + ": the root at y=" + y + " is outside the chart's window " + top + ".." + (top + height));
    }

    @Test
    void framesCanBeHiddenIntoTheirCallersAndTheirNamesCopied() throws Exception {
        Profile p = TestProfiles.shop();
        open(Pages.write("shop-hide", p));
        JsonObject compute = rect("main", "dev.example.shop.Work.compute");
        double[] at = point(compute);
        chrome.hover(at[0], at[1]);
        chrome.type("C");
        assertEquals("dev.example.shop.Work.compute", chrome.eval("jflame.lastCopied()").getAsString());

        chrome.hover(at[0], at[1]);
        chrome.type("H");
        chrome.settle();
        assertEquals("[\"dev.example.shop.Work.compute\"]", chrome.eval("jflame.hidden()").toString());
        assertFalse(drawnNames().contains("dev.example.shop.Work.compute"));
        // Its samples are its caller's now: totals do not change, its callees hang from main.
        assertEquals(p.tree().totalSamples(), view().get("total").getAsLong());
        assertTrue(drawnNames().contains("java.util.HashMap.get"));
        assertTrue(chrome.eval("location.hash").getAsString().contains("h="), "the address keeps hidden frames");
        assertTrue(text("#status").contains("hidden (merged into their callers): dev.example.shop.Work.compute"), text("#status"));

        chrome.clickElement("#status a", 0);
        chrome.settle();
        assertEquals("[]", chrome.eval("jflame.hidden()").toString());
        assertTrue(drawnNames().contains("dev.example.shop.Work.compute"));
    }

    @Test
    void questionMarkShowsTheKeysAndEscapeClosesThem() throws Exception {
        open(Pages.write("shop-keys", TestProfiles.shop()));
        assertFalse(chrome.eval("jflame.keysOpen()").getAsBoolean());
        chrome.type("?");
        assertTrue(chrome.eval("jflame.keysOpen()").getAsBoolean());
        assertTrue(text("#keys").contains("hide the frame under the pointer"));
        chrome.screenshot(Pages.SCREENSHOTS.resolve("keys.png"));
        chrome.key("Escape", "Escape", 27, 0);
        assertFalse(chrome.eval("jflame.keysOpen()").getAsBoolean());
    }

    /** Seconds beside samples: samples times the wall time a sample stood for (the sampler's measured tick spacing). */
    @Test
    void timesAreShownBesideSamples() throws Exception {
        Profile p = TestProfiles.shop();
        open(Pages.write("shop-times", p));
        ProcessInfo info = p.processes().get(0);
        double perSample = (double) info.stats.activeNanos / info.stats.ticks;
        String seconds = String.format(java.util.Locale.ROOT, "%.1f s", p.tree().totalSamples() * perSample / 1e9);
        assertTrue(text("#status").contains("samples \u00B7 " + seconds), text("#status") + " should say " + seconds);

        // Folded stacks have no interval: samples only.
        ProcessInfo folded = p.processes().get(0);
        folded.intervalNanos = 0;
        open(Pages.write("shop-no-times", p));
        assertFalse(text("#status").matches(".*\\d s\\b.*"), text("#status"));
    }

    @Test
    void theSandwichOutlinesItsFunctionWhereverItStands() throws Exception {
        open(Pages.write("shop-sandwich-outline", TestProfiles.shop()));
        clickRect(rect("main", "dev.example.shop.Work.hot"), Chromium.SHIFT);
        int selected = 0;
        for (JsonElement e : chrome.eval("jflame.rects()").getAsJsonArray()) {
            JsonObject r = e.getAsJsonObject();
            if (r.get("selected").getAsBoolean()) {
                assertEquals("dev.example.shop.Work.hot", r.get("name").getAsString());
                selected++;
            }
        }
        // The middle row, and the recursive call among its callees.
        assertTrue(selected >= 2, selected + " outlined");
    }

    @Test
    void darkModeFollowsTheSystem() throws Exception {
        try {
            chrome.colourScheme("dark");
            open(Pages.write("shop-dark", TestProfiles.shop()));
            assertEquals("rgb(21, 24, 30)", chrome.eval("getComputedStyle(document.body).backgroundColor").getAsString());
            chrome.screenshot(Pages.SCREENSHOTS.resolve("shop-dark.png"));
        } finally {
            chrome.colourScheme("light");
        }
        open(Pages.write("shop-light", TestProfiles.shop()));
        assertEquals("rgb(246, 247, 249)", chrome.eval("getComputedStyle(document.body).backgroundColor").getAsString());
    }

    /**
     * The table of functions: self and total per function (a recursive method counted once), sorted by
     * a heading, filtered by the search and the state filter; a row opens its sandwich.
     */
    @Test
    void theTableOfFunctionsSortsFiltersAndOpensASandwich() throws Exception {
        Profile p = TestProfiles.shop();
        open(Pages.write("shop-table", p));
        chrome.clickElement("#tablebtn", 0);
        chrome.settle();
        Map<String, double[]> rows = tableRows();
        // Work.hot: 600 + 50 (the recursive call, counted once in total) + the worker's 100.
        assertEquals(750, rows.get("dev.example.shop.Work.hot")[1]);
        assertEquals(750, rows.get("dev.example.shop.Work.hot")[0]);
        assertEquals(890, rows.get("dev.example.shop.Work.compute")[1]);
        assertEquals(0, rows.get("dev.example.shop.Work.compute")[0]);
        assertEquals(400, rows.get("[BLOCKED on java.lang.Object]")[0]);
        assertFalse(rows.containsKey("[thread main]"), "threads are groupings, not functions");
        assertEquals("java.lang.Thread.run", firstRow(), "sorted by total (1 250 samples on the worker threads)");
        chrome.screenshot(Pages.SCREENSHOTS.resolve("shop-table.png"));

        chrome.clickElement("#table th[data-sort=self]", 0);
        chrome.settle();
        assertEquals("dev.example.shop.Work.hot", firstRow(), "sorted by self");

        showOnly(p, SampleState.BLOCKED);
        rows = tableRows();
        assertEquals(Set.of("java.lang.Thread.run", "dev.example.shop.Pool.work", "dev.example.shop.Lock.take", "[BLOCKED on java.lang.Object]"),
                rows.keySet());
        chrome.clickElement("#states button[data-state=B]", Chromium.ALT);
        chrome.settle();

        chrome.clickElement("#q", 0);
        chrome.type("HashMap");
        chrome.settle();
        assertEquals(Set.of("java.util.HashMap.get"), tableRows().keySet());
        assertTrue(chrome.eval("location.hash").getAsString().contains("t=self"), "the address keeps the table and its order");

        chrome.clickElement("#table tbody tr", 0);
        chrome.settle();
        assertEquals("java.util.HashMap.get", view().get("sandwich").getAsString());
    }

    private static Map<String, double[]> tableRows() {
        Map<String, double[]> rows = new java.util.LinkedHashMap<>();
        for (JsonElement e : chrome.eval("jflame.table()").getAsJsonArray()) {
            JsonObject r = e.getAsJsonObject();
            rows.put(r.get("name").getAsString(), new double[] {r.get("self").getAsDouble(), r.get("total").getAsDouble()});
        }
        return rows;
    }

    private static String firstRow() {
        return chrome.eval("jflame.table()[0].name").getAsString();
    }

    /**
     * The process tree: a worker's root stands on its master's (a toggle lays them side by side again),
     * reads as its main class, arguments and pid, and the header's list gives each process its lifetime,
     * samples and split by state.
     */
    @Test
    void processesNestUnderTheProcessThatStartedThem() throws Exception {
        Profile p = TestProfiles.merged();
        p.processes().get(1).args = "--worker 2";
        p.processes().get(1).startMillis = p.processes().get(0).startMillis + 1_500;
        open(Pages.write("merged-nested", p));
        String masterRoot = p.processes().get(0).rootFrameName(), workerRoot = p.processes().get(1).rootFrameName();
        JsonObject master = rect("main", masterRoot), worker = rect("main", workerRoot);
        assertEquals(master.get("y").getAsDouble() - master.get("h").getAsDouble(), worker.get("y").getAsDouble(), 0.01, "the worker one row above its master");
        assertTrue(worker.get("x").getAsDouble() >= master.get("x").getAsDouble()
                && worker.get("x").getAsDouble() + worker.get("w").getAsDouble() <= master.get("x").getAsDouble() + master.get("w").getAsDouble() + 0.5);
        assertEquals(p.tree().totalSamples(), master.get("samples").getAsLong(), "the master's root holds its worker's samples too");
        assertEquals("PoolWorker --worker 2 \u00B7 pid 4243", worker.get("label").getAsString());
        String facts = text("#facts");
        assertTrue(facts.contains("pid 4243 \u00B7 dev.example.shop.PoolWorker --worker 2 \u00B7 child of 4242 \u00B7 1.50 s\u201330.5 s"), facts);
        long workerSamples = 0;
        for (Map.Entry<String, Long> e : new dev.jflame.core.format.collapsed.CollapsedWriter().lines(p).entrySet()) {
            if (e.getKey().startsWith(workerRoot)) {
                workerSamples += e.getValue();
            }
        }
        assertTrue(facts.contains(String.format("%,d", workerSamples).replace(',', '\u2009') + " samples: running "), facts);
        chrome.screenshot(Pages.SCREENSHOTS.resolve("merged-nested.png"));

        chrome.clickElement("#nest", 0);
        chrome.settle();
        assertEquals(rect("main", masterRoot).get("y").getAsDouble(), rect("main", workerRoot).get("y").getAsDouble(), 0.01, "flat: side by side");
        assertTrue(chrome.eval("location.hash").getAsString().contains("n=flat"));
    }

    private static final long CELL = 50;

    private static List<JsonObject> lanes() {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : chrome.eval("jflame.timeline().lanes").getAsJsonArray()) {
            out.add(e.getAsJsonObject());
        }
        return out;
    }

    /** The cell (from the timeline's first) that a time in ms from the pool's start falls in. */
    private static long cellOf(Profile p, long ms) {
        return Math.floorDiv(TestProfiles.POOL_START + ms, p.timeline().cellMillis()) - p.timeline().firstCell();
    }

    /**
     * Issue 13: a timeline above the flame graph, one lane per process in process-tree order (the master,
     * then the workers it started), each with its lifetime and its samples where they were taken.
     */
    @Test
    void theTimelineDrawsOneLanePerProcessOverItsLifetime() throws Exception {
        Profile p = TestProfiles.pool();
        assertEquals(CELL, p.timeline().cellMillis(), "ten seconds fit the finest cells");
        open(Pages.write("pool", p));
        assertFalse(chrome.eval("document.getElementById('timeline').hidden").getAsBoolean());
        JsonObject t = chrome.eval("jflame.timeline()").getAsJsonObject();
        assertEquals(CELL, t.get("cellMillis").getAsLong());
        assertEquals(p.timeline().firstCell(), t.get("first").getAsLong());
        assertEquals(p.timeline().cellCount(), t.get("n").getAsInt());
        List<JsonObject> lanes = lanes();
        assertEquals(4, lanes.size(), lanes.toString());
        assertEquals(List.of(5000L, 5001L, 5002L, 5003L), lanes.stream().map(l -> l.get("pid").getAsLong()).collect(java.util.stream.Collectors.toList()));
        assertEquals("Master \u00B7 pid 5000", lanes.get(0).get("label").getAsString());
        assertEquals(0, lanes.get(0).get("startMs").getAsLong());
        assertEquals(10_000, lanes.get(0).get("endMs").getAsLong());
        assertEquals(cellOf(p, 0), lanes.get(0).get("firstCell").getAsLong());
        assertEquals(cellOf(p, 9_950), lanes.get(0).get("lastCell").getAsLong());
        assertEquals(550, lanes.get(0).get("samples").getAsLong());
        assertEquals(400, lanes.get(0).getAsJsonObject("states").get("WAITING").getAsLong());
        for (int k = 1; k <= 3; k++) {
            JsonObject w = lanes.get(k);
            assertEquals("Worker --worker " + k + " \u00B7 pid " + (5000 + k), w.get("label").getAsString());
            assertEquals(1, w.get("depth").getAsInt(), "a worker under its master");
            assertEquals(k * 1_000L, w.get("startMs").getAsLong());
            assertEquals(k * 1_000L + 5_000, w.get("endMs").getAsLong());
            assertEquals(cellOf(p, k * 1_000L + 200), w.get("firstCell").getAsLong(), w.toString());
            assertEquals(cellOf(p, k * 1_000L + 4_500), w.get("lastCell").getAsLong(), w.toString());
            assertEquals(200L * k + 40, w.get("samples").getAsLong());
            assertEquals(200L * k, w.getAsJsonObject("states").get("RUNNABLE").getAsLong());
            assertEquals(40, w.getAsJsonObject("states").get("BLOCKED").getAsLong());
        }
        // Hovering a cell of worker 2's busy time tells its time, lane and samples by state.
        JsonObject at = chrome.eval("jflame.timelinePoint(4000, 2)").getAsJsonObject();
        chrome.hover(at.get("x").getAsDouble(), at.get("y").getAsDouble());
        chrome.settle();
        String tip = text("#tip");
        assertTrue(tip.startsWith("Worker --worker 2 \u00B7 pid 5002") && tip.contains("Running") && tip.contains(" s \u00B7 "), tip);
        chrome.screenshot(Pages.SCREENSHOTS.resolve("timeline-tip.png"));
        chrome.hover(5, 5);
        chrome.screenshot(Pages.SCREENSHOTS.resolve("timeline.png"));
        assertTrue(Files.size(Pages.SCREENSHOTS.resolve("timeline.png")) > 10_000);
    }

    /** A range dragged on the timeline gives the flame graph, the table and the states of those cells alone. */
    @Test
    void aRangeDraggedOnTheTimelineShowsOnlyItsSamples() throws Exception {
        Profile p = TestProfiles.pool();
        open(Pages.write("pool-range", p));
        chrome.clickElement("#tablebtn", 0);
        JsonObject from = chrome.eval("jflame.timelinePoint(2120, 0)").getAsJsonObject();
        JsonObject to = chrome.eval("jflame.timelinePoint(4480, 0)").getAsJsonObject();
        chrome.drag(from.get("x").getAsDouble(), from.get("y").getAsDouble(), to.get("x").getAsDouble(), to.get("y").getAsDouble());
        chrome.settle();
        JsonObject range = chrome.eval("jflame.range()").getAsJsonObject();
        long fromMs = range.get("fromMs").getAsLong(), toMs = range.get("toMs").getAsLong();
        assertEquals(0, fromMs % CELL, "snapped to cells");
        assertEquals(0, toMs % CELL);
        assertTrue(Math.abs(fromMs - 2_100) <= 2 * CELL && Math.abs(toMs - 4_500) <= 2 * CELL, range.toString());
        Oracle.RangeTotals expected = Oracle.range(p, fromMs, toMs);
        assertTrue(expected.total > 0 && expected.total < p.tree().totalSamples());
        assertEquals(expected.total, view().get("total").getAsLong());
        JsonObject states = chrome.eval("jflame.stateTotals()").getAsJsonObject();
        for (SampleState s : SampleState.values()) {
            assertEquals(expected.states.getOrDefault(s, 0L), states.get(s.name()).getAsLong(), s.name());
        }
        Map<String, double[]> rows = tableRows();
        for (String f : List.of("dev.example.pool.Work.hot", "dev.example.pool.Master.await", "dev.example.pool.Work.store", "java.lang.Thread.run")) {
            assertEquals((double) expected.frames.getOrDefault(f, 0L), rows.containsKey(f) ? rows.get(f)[1] : 0, f);
        }
        assertEquals((double) expected.frames.get("[pid 5002 dev.example.pool.Worker]"), rect("main", "[pid 5002 dev.example.pool.Worker]").get("samples").getAsDouble());
        assertFalse(drawnNames().contains("dev.example.pool.Master.plan"), "the first second is out of the range");
        String status = text("#status");
        assertTrue(status.contains(String.format(java.util.Locale.ROOT, "time %.2f\u2013%.2f s of 10.0 s", fromMs / 1000.0, toMs / 1000.0)), status);

        chrome.clickElement("#q", 0);
        chrome.type("Work\\.hot");
        chrome.settle();
        assertEquals(100.0 * expected.frames.get("dev.example.pool.Work.hot") / expected.total, chrome.eval("jflame.matched()").getAsDouble(), 1e-9,
                "the search's share is of the range");
    }

    /** The range is in the address: a reload keeps it, a pasted one applies it, and Esc or a click shows the whole profile again. */
    @Test
    void theRangeSurvivesAReloadAndClearingRestoresTheWholeProfile() throws Exception {
        Profile p = TestProfiles.pool();
        open(Pages.write("pool-hash", p));
        JsonObject set = chrome.eval("jflame.selectRange(1010, 2990)").getAsJsonObject();
        assertEquals(1_000, set.get("fromMs").getAsLong());
        assertEquals(3_000, set.get("toMs").getAsLong());
        chrome.settle();
        String url = chrome.eval("location.href").getAsString();
        assertTrue(url.contains("tr=1000-3000"), url);
        long total = Oracle.range(p, 1_000, 3_000).total;
        assertEquals(total, view().get("total").getAsLong());
        chrome.navigate("about:blank");
        chrome.navigate(url);
        chrome.waitFor("window.jflameReady");
        assertEquals(set, chrome.eval("jflame.range()").getAsJsonObject());
        assertEquals(total, view().get("total").getAsLong());

        chrome.key("Escape", "Escape", 27, 0);
        chrome.settle();
        assertTrue(chrome.eval("jflame.range()").isJsonNull());
        assertEquals(p.tree().totalSamples(), view().get("total").getAsLong());
        assertFalse(chrome.eval("location.hash").getAsString().contains("tr="));

        chrome.eval("location.hash = '#tr=6000-8000'");
        chrome.waitFor("jflame.range() !== null");
        chrome.settle();
        assertEquals(Oracle.range(p, 6_000, 8_000).total, view().get("total").getAsLong());
        // A click on the timeline without a drag clears it too.
        JsonObject at = chrome.eval("jflame.timelinePoint(5000, 1)").getAsJsonObject();
        chrome.click(at.get("x").getAsDouble(), at.get("y").getAsDouble());
        chrome.settle();
        assertTrue(chrome.eval("jflame.range()").isJsonNull());
        assertEquals(p.tree().totalSamples(), view().get("total").getAsLong());
    }

    /** A process's lane opens to its threads' lanes, by its label or the hook. */
    @Test
    void aLaneOpensToItsThreads() throws Exception {
        Profile p = TestProfiles.pool();
        open(Pages.write("pool-threads", p));
        assertEquals(2, chrome.eval("jflame.expandLane(5002)").getAsInt());
        List<JsonObject> lanes = lanes();
        assertEquals(6, lanes.size());
        assertEquals(5002, lanes.get(2).get("pid").getAsLong());
        assertEquals("[thread main]", lanes.get(3).get("thread").getAsString(), "the thread seen first comes first");
        assertEquals("[thread io-2]", lanes.get(4).get("thread").getAsString());
        assertEquals(2, lanes.get(3).get("depth").getAsInt());
        assertEquals(400, lanes.get(3).get("samples").getAsLong());
        assertEquals(40, lanes.get(4).getAsJsonObject("states").get("BLOCKED").getAsLong());
        assertEquals(cellOf(p, 2_000 + 2_000), lanes.get(4).get("firstCell").getAsLong());
        assertEquals(5003, lanes.get(5).get("pid").getAsLong());

        // The master's label, clicked, opens its one thread.
        JsonObject label = chrome.eval("(() => { const b = document.getElementById('tlcanvas').getBoundingClientRect();"
                + " return {x: b.left + 30, y: b.top + jflame.timeline().laneHeight / 2}; })()").getAsJsonObject();
        chrome.click(label.get("x").getAsDouble(), label.get("y").getAsDouble());
        chrome.settle();
        lanes = lanes();
        assertEquals(7, lanes.size());
        assertEquals("[thread main]", lanes.get(1).get("thread").getAsString());
        assertEquals(550, lanes.get(1).get("samples").getAsLong());
        assertRootInView("lanes opened");
        chrome.screenshot(Pages.SCREENSHOTS.resolve("timeline-threads.png"));
    }

    /** Without times (folded stacks, old profiles) there is no timeline, and the page works as before. */
    @Test
    void aProfileWithoutTimesHasNoTimeline() throws Exception {
        Profile p = TestProfiles.merged();
        assertTrue(p.timeline().isEmpty());
        open(Pages.write("merged-untimed", p));
        assertTrue(chrome.eval("document.getElementById('timeline').hidden").getAsBoolean());
        assertFalse(chrome.eval("document.querySelector('footer').innerText").getAsString().contains("timeline"), "no hint at a timeline that is not there");
        assertTrue(chrome.eval("jflame.timeline()").isJsonNull());
        assertTrue(chrome.eval("jflame.selectRange(0, 1000)").isJsonNull());
        assertTrue(chrome.eval("jflame.timelinePoint(0, 0)").isJsonNull());
        assertTrue(chrome.eval("jflame.expandLane(4242)").isJsonNull());
        assertEquals(p.tree().totalSamples(), view().get("total").getAsLong());
        chrome.eval("location.hash = '#tr=0-1000&r=1'");
        chrome.waitFor("jflame.view().reverse");
        assertEquals(p.tree().totalSamples(), view().get("total").getAsLong());
        assertTrue(chrome.eval("jflame.range()").isJsonNull());
    }

    /** A process merged from a profile without times is in no range, and the status line says so. */
    @Test
    void aRangeSaysWhichProcessesHaveNoTimes() throws Exception {
        Profile timed = TestProfiles.pool();
        Profile untimed = new Profile();
        ProcessInfo old = TestProfiles.process(6000, "dev.example.Old");
        old.startMillis = TestProfiles.POOL_START;
        old.endMillis = old.startMillis + 10_000;
        untimed.processes().add(old);
        TestProfiles.stack(untimed, SampleState.RUNNABLE, 77, "[thread main]", "dev.example.Old.main");
        Profile p = new dev.jflame.core.merge.ProfileMerger().merge(List.of(timed, untimed));
        open(Pages.write("pool-untimed", p));
        chrome.eval("jflame.selectRange(0, 10000)");
        chrome.settle();
        assertEquals(p.tree().totalSamples() - 77, view().get("total").getAsLong(), "the whole time, less the samples without times");
        String status = text("#status");
        assertTrue(status.contains("no times for pid 6000 \u00B7 dev.example.Old (77 samples)"), status);
    }

    /** Issue 13's root-in-view case, for a range: a range's smaller graph must not leave the chart scrolled to nothing. */
    @Test
    void theRootStaysInViewAfterSelectingARange() throws Exception {
        Profile p = TestProfiles.pool();
        String[] deep = new String[90];
        deep[0] = "[thread deep]";
        for (int i = 1; i < deep.length; i++) {
            deep[i] = "dev.example.pool.Deep.level" + i;
        }
        TestProfiles.timedStack(p, SampleState.RUNNABLE, 300, TestProfiles.POOL_START + 9_000, TestProfiles.POOL_START + 9_900, deep);
        open(Pages.write("pool-tall", p));
        assertRootInView("opened");
        chrome.eval("jflame.selectRange(0, 900)");
        chrome.settle();
        assertEquals(Oracle.range(p, 0, 900).total, view().get("total").getAsLong());
        assertRootInView("a range without the deep stack");
        chrome.eval("jflame.selectRange(9000, 9950)");
        chrome.settle();
        assertRootInView("a range with it");
    }

    @Test
    void theTimelineFollowsDarkMode() throws Exception {
        try {
            chrome.colourScheme("dark");
            open(Pages.write("pool-dark", TestProfiles.pool()));
            chrome.eval("jflame.expandLane(5001)");
            chrome.eval("jflame.selectRange(2000, 5000)");
            chrome.settle();
            // The lanes' separator is the page's dark line colour, not a light one.
            JsonArray px = chrome.eval("Array.from(document.getElementById('tlcanvas').getContext('2d').getImageData(5, jflame.timeline().laneHeight, 1, 1).data)").getAsJsonArray();
            assertTrue(px.get(0).getAsInt() < 100, px.toString());
            chrome.screenshot(Pages.SCREENSHOTS.resolve("timeline-dark.png"));
        } finally {
            chrome.colourScheme("light");
        }
    }
}
