package dev.jflame.flamegraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.jflame.core.model.FrameNames;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.testing.TestProfiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 27's page: a virtual-thread group shows as one, with its count of live virtual threads (latest
 * and peak) in its timeline lane's label and its count over time drawn in a row beneath, told on hover;
 * its thread frame's tooltip says the same. Driven in headless Chromium.
 */
class VirtualThreadsBrowserTest extends PageTest {
    private static final long T0 = TestProfiles.POOL_START;
    private static final long PID = 4711;
    private static final String CLIENT = FrameNames.virtualThreads("client");
    private static final String UNNAMED = FrameNames.virtualThreads("");
    /** The client group's census: a second apart from 1 s, rising to 900 and falling back. */
    private static final long[] CLIENT_COUNTS = {100, 300, 500, 700, 900, 900, 600, 400, 200};

    /** One process of 10 s: a platform thread, the client group parked in a read, the unnamed group asleep, and their censuses. */
    static Profile virtualService() {
        Profile p = TestProfiles.withProcess(PID, "dev.example.vt.Service");
        p.processes().get(0).startMillis = T0;
        p.processes().get(0).endMillis = T0 + 10_000;
        TestProfiles.addTimed(p, "[thread main];dev.example.vt.Service.main;dev.example.vt.Service.spin", SampleState.RUNNABLE, 1_000, T0, T0 + 10_000);
        long samples = 0;
        for (long c : CLIENT_COUNTS) {
            samples += c * 100;
        }
        TestProfiles.addTimed(p, CLIENT + ";dev.example.vt.Client.run;java.net.Socket.read;[NATIVE_IDLE]", SampleState.NATIVE_IDLE, samples,
                T0 + 1_000, T0 + 10_000);
        TestProfiles.addTimed(p, UNNAMED + ";dev.example.vt.Handler.handle;java.lang.Thread.sleep;[TIMED_WAITING]", SampleState.TIMED_WAITING, 4_000,
                T0 + 1_000, T0 + 9_000);
        for (int i = 0; i < CLIENT_COUNTS.length; i++) {
            p.processes().get(0).virtualThreads.census(T0 + 1_000 + 1_000L * i, i < 8 ? Map.of("client", CLIENT_COUNTS[i], "", 50L) : Map.of("client", CLIENT_COUNTS[i]));
        }
        return p;
    }

    private static void open(Path page) throws InterruptedException {
        chrome.navigate("about:blank");
        chrome.navigate(page);
        chrome.waitFor("window.jflameReady");
    }

    private static List<JsonObject> lanes() {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : chrome.eval("jflame.timeline().lanes").getAsJsonArray()) {
            out.add(e.getAsJsonObject());
        }
        return out;
    }

    private static int laneIndex(List<JsonObject> lanes, String thread, boolean count) {
        for (int i = 0; i < lanes.size(); i++) {
            JsonObject l = lanes.get(i);
            if (!l.get("thread").isJsonNull() && l.get("thread").getAsString().equals(thread) && l.get("count").getAsBoolean() == count) {
                return i;
            }
        }
        throw new AssertionError(thread + (count ? "'s count row" : "") + " not among the lanes: " + lanes);
    }

    private static String tipAt(double ms, int lane) throws InterruptedException {
        JsonObject at = chrome.eval("jflame.timelinePoint(" + ms + ", " + lane + ")").getAsJsonObject();
        chrome.hover(at.get("x").getAsDouble(), at.get("y").getAsDouble());
        chrome.settle();
        return chrome.eval("document.getElementById('tip').textContent").getAsString();
    }

    /** The canvas's pixel (CSS px) as [r, g, b, a]. */
    private static int[] pixel(double x, double y) {
        JsonArray px = chrome.eval("(() => { const c = document.getElementById('tlcanvas'), d = window.devicePixelRatio || 1;"
                + " return Array.from(c.getContext('2d').getImageData(Math.round(" + x + " * d), Math.round(" + y + " * d), 1, 1).data); })()")
                .getAsJsonArray();
        return new int[] {px.get(0).getAsInt(), px.get(1).getAsInt(), px.get(2).getAsInt(), px.get(3).getAsInt()};
    }

    private static boolean near(int[] px, int[] rgb) {
        return px[3] > 200 && Math.abs(px[0] - rgb[0]) < 40 && Math.abs(px[1] - rgb[1]) < 40 && Math.abs(px[2] - rgb[2]) < 40;
    }

    @Test
    void aVirtualThreadGroupShowsItsLiveCountOverTime() throws Exception {
        open(Pages.write("virtual-threads", virtualService()));
        assertEquals(3, chrome.eval("jflame.expandLane(" + PID + ")").getAsInt(), "main and the two groups");
        List<JsonObject> lanes = lanes();
        int client = laneIndex(lanes, CLIENT, false);
        JsonObject group = lanes.get(client);
        // The thread view: the lane is the group, labelled with its latest and peak counts, its states as ever.
        assertEquals("[virtual threads client]", group.get("label").getAsString());
        assertTrue(group.get("text").getAsString().endsWith(" \u00B7 last 200 \u00B7 peak 900"), group.get("text").getAsString());
        assertEquals(900, group.getAsJsonObject("virtual").get("peak").getAsLong());
        assertTrue(group.getAsJsonObject("states").get("NATIVE_IDLE").getAsDouble() > 0);
        // Beneath it, the count over time: a step per census, at the census's time.
        JsonObject row = lanes.get(client + 1);
        assertTrue(row.get("count").getAsBoolean(), row.toString());
        assertEquals(CLIENT, row.get("thread").getAsString());
        assertEquals("live virtual threads (0\u2013900)", row.get("label").getAsString());
        assertEquals(CLIENT_COUNTS.length, row.get("steps").getAsInt());
        JsonArray points = row.getAsJsonObject("virtual").getAsJsonArray("points");
        assertEquals(1_000, points.get(0).getAsJsonArray().get(0).getAsLong());
        assertEquals(700, points.get(3).getAsJsonArray().get(1).getAsLong());
        JsonObject unnamed = lanes.get(laneIndex(lanes, UNNAMED, false));
        assertTrue(unnamed.get("text").getAsString().endsWith("last 0 \u00B7 peak 50"), "its threads ended before the last census: " + unnamed);
        assertFalse(lanes.get(laneIndex(lanes, "[thread main]", false)).get("text").getAsString().contains("peak"), "a platform thread has no count");

        // Drawn: the step of the fourth census (700 of 900) in the line's colour at its height, the row's band above it.
        int laneH = chrome.eval("jflame.timeline().laneHeight").getAsInt();
        JsonObject mid = chrome.eval("jflame.timelinePoint(4500, " + (client + 1) + ")").getAsJsonObject();
        JsonObject box = chrome.eval("(() => { const b = document.getElementById('tlcanvas').getBoundingClientRect(); return {x: b.left, y: b.top}; })()")
                .getAsJsonObject();
        double x = mid.get("x").getAsDouble() - box.get("x").getAsDouble();
        double foot = (client + 2) * laneH - 2;
        double lineY = foot - (laneH - 5) * 700.0 / 900;
        JsonArray focus = chrome.eval("(() => { const c = document.createElement('canvas').getContext('2d');"
                + " c.fillStyle = getComputedStyle(document.documentElement).getPropertyValue('--focus').trim(); c.fillRect(0, 0, 1, 1);"
                + " return Array.from(c.getImageData(0, 0, 1, 1).data); })()").getAsJsonArray();
        int[] line = {focus.get(0).getAsInt(), focus.get(1).getAsInt(), focus.get(2).getAsInt()};
        int[] onLine = pixel(x, lineY);
        assertTrue(near(onLine, line), "the line at 700 of 900: " + java.util.Arrays.toString(onLine) + " vs " + java.util.Arrays.toString(line));
        int[] above = pixel(x, lineY - 3);
        assertFalse(near(above, line), "above the line: " + java.util.Arrays.toString(above));

        // Hover tells the count at that time.
        String tip = tipAt(4_500, client + 1);
        assertTrue(tip.startsWith(CLIENT) && tip.contains("700 live virtual threads (census at 4.00 s)"), tip);
        tip = tipAt(8_200, client);
        assertTrue(tip.contains("virtual-thread group") && tip.contains("400 live virtual threads (census at 8.00 s)") && tip.contains("Idle in native"), tip);
        tip = tipAt(500, client + 1);
        assertTrue(tip.contains("no census yet at this time"), tip);
        chrome.screenshot(Pages.SCREENSHOTS.resolve("virtual-threads-timeline.png"));

        // The flame graph's thread frame of the group (grouped by thread) says it too.
        chrome.clickElement("#grouping button[data-v=thread]", 0);
        chrome.settle();
        JsonObject frame = chrome.eval("jflame.find(" + Chromium.jsString(CLIENT) + ")[0]").getAsJsonObject();
        assertNotNull(frame);
        JsonObject p = chrome.eval("jflame.clientPoint(" + frame + ")").getAsJsonObject();
        chrome.hover(p.get("x").getAsDouble(), p.get("y").getAsDouble());
        chrome.settle();
        tip = chrome.eval("document.getElementById('tip').textContent").getAsString();
        assertTrue(tip.contains("virtual-thread group: live virtual threads last 200 \u00B7 peak 900 (9 points)"), tip);
        chrome.hover(5, 5);
    }

    /** A page without a census draws no count row, and a thread frame's tooltip says nothing of virtual threads. */
    @Test
    void withoutACensusThereIsNoCount() throws Exception {
        Profile p = virtualService();
        p.processes().get(0).virtualThreads = new dev.jflame.core.model.VirtualThreadCounts();
        open(Pages.write("virtual-threads-none", p));
        chrome.eval("jflame.expandLane(" + PID + ")");
        for (JsonObject l : lanes()) {
            assertFalse(l.get("count").getAsBoolean(), l.toString());
            assertTrue(l.get("virtual").isJsonNull(), l.toString());
        }
    }
}
