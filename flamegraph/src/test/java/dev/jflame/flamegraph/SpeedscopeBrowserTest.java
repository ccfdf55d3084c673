package dev.jflame.flamegraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jflame.core.format.speedscope.SpeedscopeWriter;
import dev.jflame.core.model.Profile;
import dev.jflame.core.testing.TestProfiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Opens {@link SpeedscopeWriter}'s files in the real speedscope (its offline release build from npm,
 * pinned in {@code src/test/speedscope}) in headless Chromium and reads back the weights it shows.
 *
 * <p>Weights are read from what speedscope draws in its DOM, never from its internals: the profile
 * selector's "Total Weight" column (one row per thread profile), the toolbar's active profile, and
 * the sandwich view's "Self" column, whose sum is the shown profile's total. speedscope prints times
 * with two decimals in the largest unit that fits, so the test profiles keep every total under a
 * minute and a multiple of 10 ms: what is shown is then exact, and is parsed back to nanoseconds and
 * compared for equality.
 */
class SpeedscopeBrowserTest {
    static final Path PACKAGE = Paths.get("src", "test", "speedscope");
    static final Path RELEASE = PACKAGE.resolve("node_modules/speedscope/dist/release");
    static final String VERSION = "speedscope@1.25.0";
    private static final Pattern TIME = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|µs|ms|s)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js", "text/javascript",
            "css", "text/css", "json", "application/json", "wasm", "application/wasm", "png", "image/png",
            "ico", "image/x-icon", "woff2", "font/woff2", "txt", "text/plain");

    private static Chromium chrome;
    private static HttpServer server;
    private static final Map<String, byte[]> files = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        Path index = RELEASE.resolve("index.html");
        if (!Files.isRegularFile(index)) {
            String msg = index + " not found: run `npm ci --prefix flamegraph/src/test/speedscope` (.ci/run does)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(msg + " (CI=true, so this is a failure, not a skip)");
            }
            Assumptions.abort(msg);
        }
        // A stale node_modules from another pin would test another speedscope than the lock file says.
        assertTrue(Files.readString(RELEASE.resolve("release.txt")).startsWith(VERSION), "installed speedscope is not " + VERSION);
        chrome = Chromium.launchOrSkip();
        chrome.viewport(1400, 900);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Path root = RELEASE.toAbsolutePath().normalize();
        server.createContext("/", ex -> serve(ex, root));
        server.createContext("/profiles/", ex -> {
            byte[] body = files.get(ex.getRequestURI().getPath().substring("/profiles/".length()));
            reply(ex, body == null ? 404 : 200, "application/json", body == null ? new byte[0] : body);
        });
        server.start();
    }

    @AfterEach
    void noPageErrors() {
        if (chrome != null) {
            assertEquals(List.of(), chrome.takePageErrors(), "uncaught exceptions or dialogs in the page");
            assertEquals(List.of(), chrome.takeConsoleErrors(), "console errors in the page");
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (chrome != null) {
            chrome.close();
        }
    }

    private static void serve(HttpExchange ex, Path root) throws IOException {
        Path file = root.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            reply(ex, 404, "text/plain", new byte[0]);
            return;
        }
        String name = file.getFileName().toString();
        reply(ex, 200, TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream"), Files.readAllBytes(file));
    }

    private static void reply(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** Serves the profile as speedscope's file, opens it and waits until speedscope has drawn it. */
    private static JsonObject open(String name, Profile profile) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SpeedscopeWriter().write(profile, out);
        byte[] bytes = out.toByteArray();
        Files.createDirectories(Pages.DIR);
        Files.write(Pages.DIR.resolve(name + ".speedscope.json"), bytes);
        files.put(name + ".speedscope.json", bytes);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        String url = base + "/index.html#profileURL=" + URLEncoder.encode(base + "/profiles/" + name + ".speedscope.json", StandardCharsets.UTF_8);
        chrome.navigate("about:blank");
        chrome.navigate(url);
        JsonObject file = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
        // speedscope sets the title once the import is done, and draws the flame chart into a canvas.
        String title = file.get("name").getAsString() + " - speedscope";
        chrome.waitFor("document.title === " + Chromium.jsString(title) + " && document.querySelector('canvas')"
                + " || document.body.innerText.includes('Something went wrong')");
        chrome.settle();
        assertFalse(bodyText().contains("Something went wrong"), "speedscope's import error: " + bodyText());
        return file;
    }

    private static String bodyText() {
        return chrome.eval("document.body.innerText").getAsString();
    }

    /** The toolbar's "name (i/n)" of the profile shown. */
    private static String[] shownProfile() {
        JsonArray r = chrome.eval("(() => { const re = /^(.*) \\((\\d+)\\/(\\d+)\\)$/s;"
                + " for (const e of document.querySelectorAll('span')) { const m = re.exec(e.textContent);"
                + " if (m && e.parentElement.tagName !== 'SPAN') return [m[1], m[2], m[3]]; } return null; })()").getAsJsonArray();
        return new String[] {r.get(0).getAsString(), r.get(1).getAsString(), r.get(2).getAsString()};
    }

    /** Hovers over the toolbar's profile name, which opens speedscope's profile selector. */
    private static void openProfileSelector() {
        JsonObject p = chrome.eval("(() => { const re = /^(.*) \\((\\d+)\\/(\\d+)\\)$/s;"
                + " for (const e of document.querySelectorAll('span')) { if (re.test(e.textContent) && e.parentElement.tagName !== 'SPAN') {"
                + " const b = e.getBoundingClientRect(); return {x: b.left + b.width / 2, y: b.top + b.height / 2}; } } return null; })()")
                .getAsJsonObject();
        chrome.mouseMove(p.get("x").getAsDouble(), p.get("y").getAsDouble());
        chrome.settle();
    }

    /** The selector's rows as shown: index, name, total weight. */
    private static List<String[]> selectorRows() {
        JsonArray rows = chrome.eval("(() => { const t = [...document.querySelectorAll('table')]"
                + ".find(t => t.tHead && t.tHead.textContent.includes('Total Weight'));"
                + " return [...t.tBodies[0].rows].filter(r => r.offsetParent !== null).map(r => [...r.cells].map(c => c.textContent)); })()")
                .getAsJsonArray();
        List<String[]> out = new ArrayList<>();
        for (JsonElement r : rows) {
            JsonArray cells = r.getAsJsonArray();
            out.add(new String[] {cells.get(0).getAsString(), cells.get(1).getAsString(), cells.get(2).getAsString()});
        }
        return out;
    }

    /** Clicks the element whose own text is exactly {@code text}, scrolled into view first (the selector's list scrolls). */
    private static void clickText(String text) {
        JsonObject p = chrome.eval("(() => { const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);"
                + " while (w.nextNode()) { if (w.currentNode.textContent.trim() === " + Chromium.jsString(text) + ") {"
                + " const e = w.currentNode.parentElement; e.scrollIntoView({block: 'nearest'});"
                + " const b = e.getBoundingClientRect(); return {x: b.left + b.width / 2, y: b.top + b.height / 2}; } }"
                + " return null; })()").getAsJsonObject();
        chrome.click(p.get("x").getAsDouble(), p.get("y").getAsDouble());
        chrome.settle();
    }

    /** The sandwich table's rows as shown: total, self, symbol name. */
    private static List<String[]> sandwichRows() {
        // The header ("Total", "Self", "Symbol Name") is a table of its own; the rows, a scrolling
        // list, are in headless tables of three cells.
        JsonArray rows = chrome.eval("[...document.querySelectorAll('table')]"
                + ".filter(t => !t.tHead && t.rows.length && t.rows[0].cells.length === 3)"
                + ".flatMap(t => [...t.rows].map(r => [...r.cells].map(c => c.textContent)))")
                .getAsJsonArray();
        List<String[]> out = new ArrayList<>();
        for (JsonElement r : rows) {
            JsonArray cells = r.getAsJsonArray();
            out.add(new String[] {cells.get(0).getAsString(), cells.get(1).getAsString(), cells.get(2).getAsString()});
        }
        return out;
    }

    /** Nanoseconds from a time as speedscope prints it ({@code 9.40s}, {@code 30.00ms}), which must be exact. */
    static long nanos(String shown) {
        Matcher m = TIME.matcher(shown.trim());
        if (!m.lookingAt()) {
            throw new AssertionError("not a time speedscope prints exactly: '" + shown + "'");
        }
        long unit;
        switch (m.group(2)) {
            case "s":
                unit = 1_000_000_000L;
                break;
            case "ms":
                unit = 1_000_000L;
                break;
            case "µs":
                unit = 1_000L;
                break;
            case "ns":
                unit = 1L;
                break;
            default:
                throw new AssertionError(m.group(2));
        }
        return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).longValueExact();
    }

    /** Each profile of the file by name, with its total weight (endValue). */
    private static Map<String, Long> totals(JsonObject file) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (JsonElement e : file.getAsJsonArray("profiles")) {
            JsonObject p = e.getAsJsonObject();
            long sum = 0;
            for (JsonElement w : p.getAsJsonArray("weights")) {
                sum += w.getAsLong();
            }
            assertEquals(sum, p.get("endValue").getAsLong());
            m.put(p.get("name").getAsString(), sum);
        }
        return m;
    }

    /** Distinct frame names in a profile of the file: the rows speedscope's sandwich table must list. */
    private static Set<String> framesOf(JsonObject file, String profile) {
        JsonArray frames = file.getAsJsonObject("shared").getAsJsonArray("frames");
        Set<String> names = new HashSet<>();
        for (JsonElement e : file.getAsJsonArray("profiles")) {
            if (e.getAsJsonObject().get("name").getAsString().equals(profile)) {
                for (JsonElement s : e.getAsJsonObject().getAsJsonArray("samples")) {
                    for (JsonElement f : s.getAsJsonArray()) {
                        names.add(frames.get(f.getAsInt()).getAsJsonObject().get("name").getAsString());
                    }
                }
            }
        }
        return names;
    }

    /**
     * Checks every thread profile in speedscope against the file and the profile: the selector's
     * totals, then, profile by profile (chosen in the selector), the sandwich view's self weights.
     */
    private static void assertShownWeights(String page, JsonObject file, long expectedTotal) throws IOException {
        Map<String, Long> expected = totals(file);
        assertEquals(expectedTotal, expected.values().stream().mapToLong(Long::longValue).sum(),
                "the file's weights add up to every sample at its process's interval");
        List<String> names = new ArrayList<>(expected.keySet());
        int active = file.get("activeProfileIndex").getAsInt();
        long heaviest = expected.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertEquals(heaviest, expected.get(names.get(active)), "the file makes the heaviest profile the active one");

        String[] shown = shownProfile();
        assertEquals(names.get(active), shown[0], "speedscope opens the file's active profile");
        assertEquals(String.valueOf(active + 1), shown[1]);
        assertEquals(String.valueOf(names.size()), shown[2]);

        openProfileSelector();
        List<String[]> rows = selectorRows();
        assertEquals(names.size(), rows.size(), "one selector row per thread profile");
        long shownSum = 0;
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            assertEquals(String.valueOf(i + 1), row[0]);
            assertEquals(names.get(i), row[1]);
            assertEquals(expected.get(names.get(i)), nanos(row[2]), "total weight speedscope shows for " + row[1] + ": " + row[2]);
            shownSum += nanos(row[2]);
        }
        assertEquals(expectedTotal, shownSum, "the selector's totals add up to the whole profile");
        chrome.screenshot(Pages.SCREENSHOTS.resolve("speedscope-" + page + "-selector.png"));
        chrome.mouseMove(5, 890);
        chrome.settle();

        clickText("Sandwich");
        for (int i = 0; i < names.size(); i++) {
            if (i != Integer.parseInt(shownProfile()[1]) - 1) {
                openProfileSelector();
                clickText(names.get(i));
                chrome.mouseMove(5, 890);
                chrome.settle();
            }
            assertEquals(names.get(i), shownProfile()[0]);
            List<String[]> table = sandwichRows();
            Set<String> symbols = new HashSet<>();
            long self = 0;
            for (String[] r : table) {
                symbols.add(r[2]);
                self += nanos(r[1]);
            }
            assertEquals(framesOf(file, names.get(i)), symbols, "sandwich rows of " + names.get(i));
            assertEquals(expected.get(names.get(i)), self, "self weights speedscope shows for " + names.get(i));
            assertTrue(symbols.stream().noneMatch(s -> s.startsWith("[thread ") || s.startsWith("[pid ")), symbols.toString());
            if (i == active) {
                chrome.screenshot(Pages.SCREENSHOTS.resolve("speedscope-" + page + "-sandwich.png"));
            }
        }
    }

    @Test
    void oneProcessOpensWithEveryThreadsWeight() throws Exception {
        Profile p = TestProfiles.shop();
        JsonObject file = open("shop", p);
        long interval = p.processes().get(0).intervalNanos;
        assertShownWeights("shop", file, p.tree().totalSamples() * interval);
        assertTrue(totals(file).containsKey("main"), "plain thread names for one process: " + totals(file).keySet());
    }

    @Test
    void processesWithTheirOwnIntervalsOpenWithTheHeaviestThreadShown() throws Exception {
        Profile p = TestProfiles.merged();
        // The worker samples every 20 ms: its main thread becomes the heaviest profile, not the first.
        p.processes().get(1).intervalNanos = 20_000_000L;
        long expected = 0;
        for (int i = 0; i < p.processes().size(); i++) {
            expected += samplesUnderRoot(p, i) * p.processes().get(i).intervalNanos;
        }
        JsonObject file = open("merged", p);
        assertTrue(file.get("activeProfileIndex").getAsInt() > 0, "the heaviest thread is not the first here");
        assertShownWeights("merged", file, expected);
        assertTrue(totals(file).containsKey("main \u2014 pid 4243 dev.example.shop.PoolWorker"), totals(file).keySet().toString());

        // Back on the heaviest thread in speedscope's default view, for the record.
        openProfileSelector();
        clickText("main \u2014 pid 4243 dev.example.shop.PoolWorker");
        clickText("Time Order");
        chrome.mouseMove(5, 890);
        chrome.settle();
        Path shot = Paths.get("/tmp/speedscope-shot.png");
        chrome.screenshot(shot);
        chrome.screenshot(Pages.SCREENSHOTS.resolve("speedscope-merged.png"));
    }

    @Test
    void anEmptyProfileIsReportedAsEmptyNotAsBroken() throws Exception {
        Profile p = new Profile();
        p.processes().add(TestProfiles.process(1, "dev.example.Idle"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SpeedscopeWriter().write(p, out);
        files.put("empty.speedscope.json", out.toByteArray());
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        chrome.navigate("about:blank");
        chrome.navigate(base + "/index.html#profileURL=" + URLEncoder.encode(base + "/profiles/empty.speedscope.json", StandardCharsets.UTF_8));
        // speedscope says so in an alert(), which the driver answers and records.
        List<String> errors = List.of();
        for (long deadline = System.nanoTime() + 30_000_000_000L; errors.isEmpty() && System.nanoTime() < deadline; ) {
            Thread.sleep(20);
            errors = chrome.takePageErrors();
        }
        assertEquals(List.of("alert dialog: Successfully imported profile, but it's empty!"), errors);
        assertFalse(bodyText().contains("Something went wrong"), bodyText());
    }

    /** Samples under the i-th process's root frame. */
    private static long samplesUnderRoot(Profile p, int i) {
        String root = p.processes().get(i).rootFrameName();
        int[][] index = p.tree().childIndex();
        for (int c = index[0][0]; c < index[0][1]; c++) {
            int node = index[1][c];
            if (p.frames().name(p.tree().frame(node)).equals(root)) {
                long sum = 0;
                // Descendants have larger indices; walk them by parent chain.
                for (int n = node; n < p.tree().size(); n++) {
                    int a = n;
                    while (a > node) {
                        a = p.tree().parent(a);
                    }
                    if (a == node) {
                        sum += p.tree().selfTotal(n);
                    }
                }
                return sum;
            }
        }
        throw new AssertionError(root);
    }
}
