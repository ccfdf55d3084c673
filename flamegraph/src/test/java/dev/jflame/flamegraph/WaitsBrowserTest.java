package dev.jflame.flamegraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.jflame.core.merge.ProfileMerger;
import dev.jflame.core.model.Profile;
import dev.jflame.core.testing.TestProfiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 25's page: the Waits view (who waits for whom, the locks), the blame flame graph an edge or a lock
 * opens, and a wait leaf's holders in its tooltip, on {@link TestProfiles#waits}, driven in headless Chromium.
 */
class WaitsBrowserTest extends PageTest {
    private static final String BUSY = "dev.example.locks.Holder.insideBusy";
    private static final String SLEEP = "dev.example.locks.Holder.insideSleep";
    private static final String IO = "dev.example.locks.Holder.insideIo";

    private static void open(Path page) throws InterruptedException {
        chrome.navigate("about:blank");
        chrome.navigate(page);
        chrome.waitFor("window.jflameReady");
    }

    private static String text(String selector) {
        return chrome.eval("document.querySelector(" + Chromium.jsString(selector) + ").textContent").getAsString();
    }

    /** The edges as the Waits view lists them, "waiter -> holder" to samples, in their order. */
    private static Map<String, Double> edges() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (JsonElement e : chrome.eval("jflame.waits().edges").getAsJsonArray()) {
            JsonObject o = e.getAsJsonObject();
            out.put(o.get("waiter").getAsString() + " -> " + o.get("holder").getAsString(), o.get("samples").getAsDouble());
        }
        return out;
    }

    private static JsonObject lock(String name) {
        for (JsonElement e : chrome.eval("jflame.waits().locks").getAsJsonArray()) {
            if (e.getAsJsonObject().get("lock").getAsString().equals(name)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError(name + " not in the locks table");
    }

    private static JsonObject blame() {
        return chrome.eval("jflame.blame()").getAsJsonObject();
    }

    private static double frame(JsonObject blame, String name) {
        JsonObject frames = blame.getAsJsonObject("frames");
        return frames.has(name) ? frames.get(name).getAsDouble() : 0;
    }

    private static void clickEdge(String waiter, String holder) {
        chrome.clickElement("#waits tr[data-waiter=" + Chromium.jsString(waiter) + "][data-holder=" + Chromium.jsString(holder) + "]", 0);
        chrome.settle();
    }

    private static Map<String, Double> expectedWholeEdges() {
        Map<String, Double> expected = new LinkedHashMap<>();
        for (int k = 1; k <= 6; k++) {
            expected.put("w-" + k + " -> holder", 400.0);
        }
        expected.put("chain-a -> chain-b", 400.0);
        expected.put("chain-b -> chain-c", 400.0);
        for (int k = 1; k <= 3; k++) {
            expected.put("w-" + k + " -> holder-2", 200.0);
        }
        return expected;
    }

    /** The edges waiter -> holder with their waiting samples, heaviest first; the locks with their waits, waiters, holders and top frames. */
    @Test
    void theWaitsViewListsWhoWaitsForWhomAndTheLocks() throws Exception {
        Profile p = TestProfiles.waits(6000);
        open(Pages.write("waits", p));
        assertFalse(chrome.eval("document.getElementById('waitsbtn').hidden").getAsBoolean());
        assertTrue(chrome.eval("document.getElementById('waits').hidden").getAsBoolean(), "closed until asked for");
        chrome.clickElement("#waitsbtn", 0);
        chrome.settle();
        assertFalse(chrome.eval("document.getElementById('waits').hidden").getAsBoolean());
        assertTrue(chrome.eval("jflame.view().waits").getAsBoolean());
        assertTrue(chrome.eval("location.hash").getAsString().contains("w=1"));

        Map<String, Double> edges = edges();
        assertEquals(new TreeMap<>(expectedWholeEdges()), new TreeMap<>(edges));
        List<Double> weights = new ArrayList<>(edges.values());
        for (int i = 1; i < weights.size(); i++) {
            assertTrue(weights.get(i - 1) >= weights.get(i), "heaviest first: " + edges);
        }
        JsonObject first = chrome.eval("jflame.waits().edges[0]").getAsJsonObject();
        assertEquals(0.5, first.get("share").getAsDouble(), 1e-9, "w-1 waited for holder half of its 8 s: " + first);
        assertEquals(edges.size(), chrome.eval("document.querySelectorAll('#waits tbody.edges tr[data-blame]').length").getAsInt(), "a row per edge");
        assertTrue(text("#waits .note").contains("per timeline cell (50 ms), not per tick"), text("#waits .note"));

        JsonObject monitor = lock(TestProfiles.WAITS_LOCK);
        assertEquals(3000, monitor.get("samples").getAsDouble());
        assertEquals(6, monitor.get("waiters").getAsInt());
        assertEquals("holder", monitor.getAsJsonArray("holders").get(0).getAsJsonObject().get("name").getAsString());
        assertEquals(2400, monitor.getAsJsonArray("holders").get(0).getAsJsonObject().get("samples").getAsDouble());
        assertEquals("holder-2", monitor.getAsJsonArray("holders").get(1).getAsJsonObject().get("name").getAsString());
        assertEquals(BUSY, monitor.get("topFrame").getAsString(), "1 800 of its 3 000 waiting samples fell on insideBusy");
        assertEquals(0.6, monitor.get("topShare").getAsDouble(), 1e-9);
        assertEquals("dev.example.locks.Chain.b", lock(TestProfiles.CHAIN_AB).get("topFrame").getAsString(), "the holder's own frame, though it waits itself");
        assertEquals("dev.example.locks.Chain.work", lock(TestProfiles.CHAIN_BC).get("topFrame").getAsString());
        JsonObject signal = lock("dev.example.locks.Signal@5f556076");
        assertEquals(800, signal.get("samples").getAsDouble());
        assertTrue(signal.getAsJsonArray("holders").get(0).getAsJsonObject().get("name").isJsonNull(), "no owner");
        assertEquals("java.lang.Object@1b6d3586", chrome.eval("jflame.waits().locks[0].lock").getAsString(), "the heaviest lock first");
        String row = text("#waits tbody.locks tr");
        assertTrue(row.contains("holder 80.0 %") && row.contains("holder-2 20.0 %") && row.contains(BUSY + " (60.0 %)"), row);
        chrome.screenshot(Pages.SCREENSHOTS.resolve("waits.png"));

        chrome.type("w");
        chrome.settle();
        assertTrue(chrome.eval("document.getElementById('waits').hidden").getAsBoolean(), "W closes it");
        chrome.type("W");
        chrome.settle();
        assertFalse(chrome.eval("document.getElementById('waits').hidden").getAsBoolean(), "and opens it");
    }

    /** The edges and locks are those of the selected time range and of the states shown. */
    @Test
    void theRangeAndTheStateFilterChangeTheEdges() throws Exception {
        Profile p = TestProfiles.waits(6000);
        open(Pages.write("waits-range", p));
        chrome.eval("location.hash = '#w=1'");
        chrome.waitFor("jflame.view().waits");
        chrome.eval("jflame.selectRange(0, 2000)");
        chrome.settle();
        Map<String, Double> edges = edges();
        assertEquals(8, edges.size(), "holder-2 held nothing in the first two seconds: " + edges);
        assertEquals(200, edges.get("w-1 -> holder"));
        assertEquals(200, edges.get("chain-a -> chain-b"));
        assertEquals(1200, lock(TestProfiles.WAITS_LOCK).get("samples").getAsDouble());

        chrome.eval("jflame.selectRange(6000, 8000)");
        chrome.settle();
        edges = edges();
        assertEquals(Map.of("w-1 -> holder-2", 200.0, "w-2 -> holder-2", 200.0, "w-3 -> holder-2", 200.0), edges);
        assertEquals(IO, lock(TestProfiles.WAITS_LOCK).get("topFrame").getAsString());

        chrome.eval("jflame.selectRange(null)");
        chrome.clickElement("#states button[data-state=W]", Chromium.ALT);
        chrome.settle();
        assertEquals(Map.of(), edges(), "only Object.wait is WAITING, and it waits for no owner");
        assertEquals(1, chrome.eval("jflame.waits().locks.length").getAsInt());
        assertTrue(text("#waits tbody.edges").contains("No thread waited for another here."));
        chrome.clickElement("#states button[data-state=W]", Chromium.ALT);
        chrome.settle();
        assertEquals(new TreeMap<>(expectedWholeEdges()), new TreeMap<>(edges()));
    }

    /**
     * A click on an edge opens the blame of its holder: w-1's 400 waiting samples spread, cell by cell, over
     * what holder did then: insideBusy for three seconds, insideSleep for one, nothing of its later tidyUp.
     */
    @Test
    void clickingAnEdgeOpensTheBlameOfItsHolder() throws Exception {
        Profile p = TestProfiles.waits(6000);
        open(Pages.write("waits-blame", p));
        chrome.clickElement("#waitsbtn", 0);
        chrome.settle();
        clickEdge("w-1", "holder");
        assertEquals("what holder did while w-1 waited for it", chrome.eval("jflame.view().blame").getAsString());
        JsonObject b = blame();
        assertEquals(400, b.get("total").getAsDouble(), 1e-9);
        assertEquals(400, chrome.eval("jflame.view().total").getAsDouble(), 1e-9, "the chart draws the blame");
        assertEquals(0.75, frame(b, BUSY) / 400, 1e-9, "three seconds of four computing: " + b);
        assertEquals(0.25, frame(b, SLEEP) / 400, 1e-9, b.toString());
        assertEquals(100, frame(b, "[TIMED_WAITING]"), 1e-9, "sleeping while it held the lock shows as sleeping");
        assertEquals(0, frame(b, "dev.example.locks.Holder.tidyUp"), "nobody waited while it tidied up");
        assertEquals(400, frame(b, "[thread holder]"), 1e-9);
        Map<String, Double> oracle = Oracle.blame(p, "w-1", "holder", 0, 8_000);
        for (String f : List.of(BUSY, SLEEP, "[TIMED_WAITING]", "[thread holder]")) {
            assertEquals(oracle.get(f), frame(b, f), 1e-6, f);
        }
        assertEquals(100, b.getAsJsonObject("states").get("TIMED_WAITING").getAsDouble(), 1e-9);
        assertTrue(chrome.eval("jflame.find(" + Chromium.jsString(BUSY) + ").length > 0").getAsBoolean(), "insideBusy drawn");
        assertEquals("true", chrome.eval("document.querySelector('#waits tr[data-waiter=\"w-1\"][data-holder=\"holder\"]').getAttribute('aria-selected')").getAsString());
        String status = text("#status");
        assertTrue(status.contains("Blame: what holder did while w-1 waited for it") && status.contains("per 50 ms cell"), status);
        String url = chrome.eval("location.href").getAsString();
        assertTrue(url.contains("b=e"), url);
        chrome.screenshot(Pages.SCREENSHOTS.resolve("waits-blame.png"));

        // The range narrows the blame to its cells: the last second of the waits is all sleep.
        chrome.eval("jflame.selectRange(3000, 4000)");
        chrome.settle();
        b = blame();
        assertEquals(100, b.get("total").getAsDouble(), 1e-9);
        assertEquals(100, frame(b, SLEEP), 1e-9);
        assertEquals(0, frame(b, BUSY));
        chrome.eval("jflame.selectRange(null)");
        chrome.settle();

        // The address reopens it.
        chrome.navigate("about:blank");
        chrome.navigate(url);
        chrome.waitFor("window.jflameReady");
        assertEquals(300, frame(blame(), BUSY), 1e-9);

        // A lock's blame: every holder, each in its own state.
        chrome.clickElement("#waits tr[data-lock=" + Chromium.jsString(TestProfiles.WAITS_LOCK) + "]", 0);
        chrome.settle();
        b = blame();
        assertEquals(3000, b.get("total").getAsDouble(), 1e-9);
        assertEquals(1800, frame(b, BUSY), 1e-9);
        assertEquals(600, frame(b, SLEEP), 1e-9);
        assertEquals(600, frame(b, IO), 1e-9);
        assertEquals(600, b.getAsJsonObject("states").get("NATIVE_IDLE").getAsDouble(), 1e-9, "reading a file while holding it");
        assertEquals(600, frame(b, "[NATIVE_IDLE]"), 1e-9);

        // The state filter picks the waits: none of them ran, so showing only running samples leaves nothing to blame.
        chrome.clickElement("#states button[data-state=R]", Chromium.ALT);
        chrome.settle();
        assertEquals(0, blame().get("total").getAsDouble());
        chrome.clickElement("#states button[data-state=R]", Chromium.ALT);
        chrome.settle();
        assertEquals(3000, blame().get("total").getAsDouble(), 1e-9);

        chrome.key("Escape", "Escape", 27, 0);
        chrome.settle();
        assertTrue(chrome.eval("jflame.blame()").isJsonNull(), "Esc closes the blame");
        assertEquals(p.tree().totalSamples(), chrome.eval("jflame.view().total").getAsLong());
        assertFalse(chrome.eval("location.hash").getAsString().contains("b="));
    }

    /** A -> B -> C: chain-a's wait for chain-b is blamed on what chain-c did, through [via chain-b]. */
    @Test
    void aChainsBlameLandsOnItsEnd() throws Exception {
        open(Pages.write("waits-chain", TestProfiles.waits(6000)));
        chrome.clickElement("#waitsbtn", 0);
        chrome.settle();
        clickEdge("chain-a", "chain-b");
        JsonObject b = blame();
        assertEquals(400, b.get("total").getAsDouble(), 1e-9);
        assertEquals(400, frame(b, "[via chain-b]"), 1e-9, b.toString());
        assertEquals(400, frame(b, "[thread chain-c]"), 1e-9);
        assertEquals(400, frame(b, "dev.example.locks.Chain.work"), 1e-9);
        assertEquals(0, frame(b, "dev.example.locks.Chain.b"), "chain-b's own wait is followed, not blamed");
        JsonObject via = chrome.eval("jflame.find('[via chain-b]')[0]").getAsJsonObject();
        JsonObject c = chrome.eval("jflame.find('[thread chain-c]')[0]").getAsJsonObject();
        assertEquals(via.get("y").getAsDouble() - via.get("h").getAsDouble(), c.get("y").getAsDouble(), 0.01, "[thread chain-c] stands on [via chain-b]");
        chrome.screenshot(Pages.SCREENSHOTS.resolve("waits-chain.png"));

        clickEdge("chain-b", "chain-c");
        b = blame();
        assertEquals(400, frame(b, "dev.example.locks.Chain.work"), 1e-9);
        assertEquals(0, frame(b, "[via chain-b]"));
    }

    /** A wait leaf's tooltip names whom it waited for, with shares, from its [lock] and [held by] frames. */
    @Test
    void aWaitLeafsTooltipNamesItsHolders() throws Exception {
        open(Pages.write("waits-tip", TestProfiles.waits(6000)));
        JsonObject leaf = chrome.eval("jflame.find('[BLOCKED on java.lang.Object]')[0]").getAsJsonObject();
        JsonObject at = chrome.eval("jflame.clientPoint(" + leaf + ")").getAsJsonObject();
        chrome.hover(at.get("x").getAsDouble(), at.get("y").getAsDouble());
        chrome.settle();
        String tip = text("#tip");
        assertTrue(tip.contains("Waiting for"), tip);
        assertTrue(tip.contains("holder2\u2009400") && tip.contains("80.0 %"), tip);
        assertTrue(tip.contains("holder-2600") && tip.contains("20.0 %"), tip);
        chrome.screenshot(Pages.SCREENSHOTS.resolve("waits-tip.png"));
        // The lock and holder frames are drawn as they are, in the wait's state.
        JsonObject owner = chrome.eval("jflame.find('[held by holder]')[0]").getAsJsonObject();
        assertEquals("OWNER", owner.get("kind").getAsString());
        assertEquals("BLOCKED", owner.get("state").getAsString());
        assertEquals("LOCK", chrome.eval("jflame.find('[lock java.lang.Object@1b6d3586]')[0].kind").getAsString());
    }

    /** Merged processes: each process's threads wait for holders of their own process, listed under it. */
    @Test
    void inAMergedProfileThreadsWaitWithinTheirProcess() throws Exception {
        Profile one = TestProfiles.waits(6000), other = TestProfiles.waits(6001);
        Profile p = new ProfileMerger().merge(List.of(one, other));
        open(Pages.write("waits-merged", p));
        chrome.clickElement("#waitsbtn", 0);
        chrome.settle();
        int inFirst = 0;
        List<Long> pids = new ArrayList<>();
        for (JsonElement e : chrome.eval("jflame.waits().edges").getAsJsonArray()) {
            pids.add(e.getAsJsonObject().get("pid").getAsLong());
        }
        assertEquals(22, pids.size(), "each process's eleven edges");
        for (long pid : pids) {
            inFirst += pid == pids.get(0) ? 1 : 0;
        }
        assertEquals(11, inFirst);
        assertEquals(pids.get(0), pids.get(10), "a process's edges together");
        assertEquals(2, chrome.eval("document.querySelectorAll('#waits tr.proc').length").getAsInt(), "a heading per process");
        String key = chrome.eval("jflame.waits().edges.filter(e => e.pid === 6001 && e.waiter === 'w-1' && e.holder === 'holder')[0].key").getAsString();
        JsonObject b = chrome.eval("jflame.openBlame(" + Chromium.jsString(key) + ")").getAsJsonObject();
        assertEquals(400, b.get("total").getAsDouble(), 1e-9);
        assertEquals(400, frame(b, other.processes().get(0).rootFrameName()), 1e-9, b.toString());
        assertEquals(0, frame(b, one.processes().get(0).rootFrameName()), "the holder of the waiter's own process");
        assertEquals(300, frame(b, BUSY), 1e-9);
        chrome.settle();
        chrome.screenshot(Pages.SCREENSHOTS.resolve("waits-merged.png"));
    }

    /**
     * A pool's waits across processes: an edge from each waiting thread to the process at the other end
     * (no blame: a process is not one thread), and the header says which way the pool leans.
     */
    @Test
    void aPoolsWaitsAcrossProcessesAreEdgesToTheProcessAndTheHeaderSaysWhichWayItLeans() throws Exception {
        open(Pages.write("waits-pool", new ProfileMerger().merge(TestProfiles.poolWaitsRuns(false))));
        chrome.clickElement("#waitsbtn", 0);
        chrome.settle();
        Map<String, Double> edges = edges();
        assertEquals(300, edges.get("feeder -> pid 7001 dev.example.pool.Worker"), 1e-9, edges.toString());
        assertEquals(100, edges.get("main -> pid 7000 dev.example.pool.Master"), 1e-9, edges.toString());
        assertEquals(2, edges.size(), edges.toString());
        assertTrue(chrome.eval("document.querySelector('#waits tr[data-holder=\"pid 7001 dev.example.pool.Worker\"]').dataset.blame === undefined")
                .getAsBoolean(), "a process has no blame of its own");
        String facts = text("#facts");
        assertTrue(facts.contains("workers waited for the master 17 % of their time; the master waited for workers 75 % of its time"), facts);
        assertEquals(List.of(), chrome.takePageErrors(), "uncaught exceptions in the page");
        chrome.screenshot(Pages.SCREENSHOTS.resolve("waits-pool.png"));
    }

    /** A profile whose waits name no lock has no Waits view, and the page is as it was. */
    @Test
    void aProfileWithoutLocksHasNoWaitsView() throws Exception {
        open(Pages.write("shop-nowaits", TestProfiles.shop()));
        assertTrue(chrome.eval("document.getElementById('waitsbtn').hidden").getAsBoolean());
        assertTrue(chrome.eval("jflame.waits()").isJsonNull());
        chrome.type("w");
        chrome.settle();
        assertTrue(chrome.eval("document.getElementById('waits').hidden").getAsBoolean());
        chrome.eval("location.hash = '#w=1&b=e0-1'");
        chrome.settle();
        assertTrue(chrome.eval("jflame.blame()").isJsonNull());
    }
}
