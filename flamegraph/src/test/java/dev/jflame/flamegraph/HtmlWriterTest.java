package dev.jflame.flamegraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.testing.TestProfiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HtmlWriterTest {
    static final String NASTY_SCRIPT = "</script><script>window.__pwned=1</script>";

    static String html(Profile p) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HtmlWriter().write(p, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static JsonObject data(String html) {
        String open = "<script type=\"application/json\" id=\"jflame-data\">";
        int from = html.indexOf(open) + open.length();
        return JsonParser.parseString(html.substring(from, html.indexOf("</script>", from))).getAsJsonObject();
    }

    @Test
    void vlqRoundTrips() {
        long[] values = {0, 1, 31, 32, 1023, 1024, Integer.MAX_VALUE, 1L << 40, (1L << 53) - 1};
        StringBuilder b = new StringBuilder();
        for (long v : values) {
            Vlq.append(b, v);
        }
        assertEquals(java.util.Arrays.toString(values), java.util.Arrays.toString(Vlq.decode(b.toString())));
        assertEquals("A", vlq(0));
        assertEquals("f", vlq(31));
        assertThrows(IllegalArgumentException.class, () -> Vlq.append(new StringBuilder(), -1));
    }

    private static String vlq(long v) {
        StringBuilder b = new StringBuilder();
        Vlq.append(b, v);
        return b.toString();
    }

    @Test
    void jsonStringsAreInertInsideScript() {
        String[] nasty = {NASTY_SCRIPT, "<!-- x -->", "a&b \"q\" 'x' \\ $1 ${x}", "line\u2028sep\u2029end\n\t\u0000",
            "Ünïcødé.日本語.方法 😀", "lone \uD800 surrogate \uDC00"};
        for (String s : nasty) {
            String js = ScriptSafe.jsonString(s);
            String lower = js.toLowerCase();
            assertFalse(lower.contains("</script"), js);
            assertFalse(lower.contains("<!--"), js);
            assertFalse(js.contains("\u2028") || js.contains("\u2029"), js);
            assertEquals(s, JsonParser.parseString(js).getAsString());
        }
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;", ScriptSafe.html("<a href=\"x\">&'"));
    }

    @Test
    void templateMarkersMustEachAppearOnce() {
        assertThrows(IllegalStateException.class, () -> Template.split("a <!--m--> b", "<!--m-->", "<!--n-->"));
        assertThrows(IllegalStateException.class, () -> Template.split("<!--m--><!--m-->", "<!--m-->"));
        Template t = Template.split("a<!--m-->b<!--n-->c", "<!--m-->", "<!--n-->");
        assertEquals("a", t.part(0));
        assertEquals("b", t.part(1));
        assertEquals("c", t.part(2));
    }

    /** The page's data, decoded in Java, gives back exactly the collapsed stacks core writes. */
    @Test
    void inlineDataDecodesToTheSameStacksAsCollapsedOutput() throws IOException {
        for (Profile p : List.of(TestProfiles.shop(), TestProfiles.merged(), TestProfiles.synthetic(5000, 400, 3))) {
            Map<String, Long> expected = new CollapsedWriter(true).lines(p);
            assertEquals(expected, decodeStacks(data(html(p))));
        }
    }

    static Map<String, Long> decodeStacks(JsonObject d) {
        JsonArray names = d.getAsJsonArray("names");
        int n = d.get("n").getAsInt();
        long[] frame = Vlq.decode(d.get("frame").getAsString());
        long[] steps = Vlq.decode(d.get("depth").getAsString());
        int[] parent = new int[n];
        int[] atDepth = new int[n + 1];
        int depth = 0;
        for (int i = 1; i < n; i++) {
            depth = depth + 1 - (int) steps[i - 1];
            parent[i] = atDepth[depth - 1];
            atDepth[depth] = i;
        }
        long[] self = new long[n];
        for (int s = 0; s < SampleState.COUNT; s++) {
            long[] pairs = Vlq.decode(d.getAsJsonArray("self").get(s).getAsString());
            int node = -1;
            for (int i = 0; i < pairs.length; i += 2) {
                node += (int) pairs[i] + 1;
                self[node] += pairs[i + 1];
            }
        }
        Map<String, Long> out = new TreeMap<>();
        for (int i = 1; i < n; i++) {
            if (self[i] == 0) {
                continue;
            }
            List<String> path = new ArrayList<>();
            for (int a = i; a > 0; a = parent[a]) {
                path.add(0, names.get((int) frame[a - 1]).getAsString());
            }
            out.merge(String.join(";", path), self[i], Long::sum);
        }
        return out;
    }

    @Test
    void twoHundredThousandNodesStayUnderTenMegabytes() throws IOException {
        Profile p = TestProfiles.synthetic(200_000, 20_000, 42);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HtmlWriter().write(p, out);
        assertTrue(p.tree().size() >= 200_000);
        assertTrue(out.size() <= 10_000_000, out.size() + " bytes");
    }

    @Test
    void pageIsSelfContainedAndCarriesTheHeaderFacts() throws IOException {
        String page = html(TestProfiles.shop());
        assertFalse(page.contains("http://") || page.contains("https://"), "no network references");
        assertFalse(page.contains("@jflame:"), "all markers replaced");
        assertTrue(page.contains("<title>Flame graph: dev.example.shop.Main</title>"));
        JsonObject d = data(page);
        assertEquals(4242, d.getAsJsonArray("processes").get(0).getAsJsonObject().get("pid").getAsLong());
        JsonObject tick = d.getAsJsonObject("stats").getAsJsonObject("tick");
        assertEquals(3000, tick.get("count").getAsLong());
        assertTrue(tick.get("p99").getAsLong() >= tick.get("p50").getAsLong());
    }

    @Test
    void nastyNamesStayInsideTheDataBlock() throws IOException {
        Profile p = new Profile();
        p.processes().add(TestProfiles.process(1, NASTY_SCRIPT));
        TestProfiles.stack(p, SampleState.RUNNABLE, 5, "[thread <main>]", "a.B.c" + NASTY_SCRIPT);
        String page = new String(write(new HtmlWriter("<b>" + NASTY_SCRIPT + "</b>"), p), StandardCharsets.UTF_8);
        assertEquals(2, count(page, "<script"), "only the template's own script elements");
        assertTrue(page.contains("<title>&lt;b&gt;&lt;/script&gt;"));
        assertEquals(FrameKind.JAVA, p.frames().kind(1));
    }

    private static byte[] write(HtmlWriter w, Profile p) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.write(p, out);
        return out.toByteArray();
    }

    private static int count(String s, String part) {
        int c = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            c++;
        }
        return c;
    }
}
