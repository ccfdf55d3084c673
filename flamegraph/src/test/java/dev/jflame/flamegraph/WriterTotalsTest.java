package dev.jflame.flamegraph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.jflame.core.diff.ProfileDiff;
import dev.jflame.core.diff.ProfileDiffer;
import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.format.json.JsonProfileReader;
import dev.jflame.core.format.json.JsonProfileWriter;
import dev.jflame.core.model.FrameNames;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.testing.TestProfiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every recorded sample is in every output: the totals of HTML, JSON and collapsed agree. */
class WriterTotalsTest {
    @Test
    void totalsAgreeAcrossWritersIncludingSamplesWithoutFrames() throws IOException {
        // shop() and merged() hold samples in every state, a [jflame] stack and a thread with no frames.
        for (Profile p : List.of(TestProfiles.shop(), TestProfiles.merged(), TestProfiles.synthetic(3000, 300, 9))) {
            long total = p.tree().totalSamples();
            assertEquals(total, sum(new CollapsedWriter().lines(p)), "collapsed");
            assertEquals(total, sum(new CollapsedWriter(true).lines(p)), "collapsed with thread frames");
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            new JsonProfileWriter().write(p, json);
            assertEquals(total, new JsonProfileReader().read(new ByteArrayInputStream(json.toByteArray())).tree().totalSamples(), "json");
            assertEquals(total, pageTotal(HtmlWriterTest.data(HtmlWriterTest.html(p))), "html");
        }
    }

    @Test
    void aDiffPageHoldsEachSidesSamplesOnTheUnionTree() throws IOException {
        Profile base = TestProfiles.shop();
        Profile next = TestProfiles.synthetic(3000, 300, 9);
        ProfileDiff diff = new ProfileDiffer().diff(base, next);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DiffHtmlWriter().write(diff, out);
        JsonObject d = HtmlWriterTest.data(out.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(diff.next().tree().size(), d.get("n").getAsInt(), "the union's nodes");
        assertEquals(next.tree().totalSamples(), pageTotal(d), "the new side");
        JsonObject side = d.getAsJsonObject("diff");
        assertEquals(base.tree().totalSamples(), pageTotal(side.getAsJsonArray("base")), "the base side");
        assertEquals(true, side.get("normalize").getAsBoolean());
        assertEquals(4242, side.getAsJsonArray("processes").get(0).getAsJsonObject().get("pid").getAsLong());
        assertEquals("Diff: " + TestProfiles.MAIN + " \u2192 com.acme.order.OrderService", d.get("title").getAsString());
        assertEquals(null, HtmlWriterTest.data(HtmlWriterTest.html(base)).get("diff"), "an ordinary page has no diff");
    }

    @Test
    void aSampleWithoutFramesIsALineOfItsOwn() {
        Map<String, Long> lines = new CollapsedWriter().lines(TestProfiles.shop());
        assertEquals(3L, lines.get(FrameNames.NO_FRAMES));
        assertEquals(400L, lines.get("java.lang.Thread.run;dev.example.shop.Feeder.run;java.io.FileInputStream.readBytes;[NATIVE_IDLE]"));
    }

    private static long sum(Map<String, Long> lines) {
        return lines.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Every node's self counts in every state, as the page decodes them (the root included). */
    private static long pageTotal(JsonObject d) {
        return pageTotal(d.getAsJsonArray("self"));
    }

    private static long pageTotal(JsonArray self) {
        assertEquals(SampleState.COUNT, self.size());
        long total = 0;
        for (int s = 0; s < self.size(); s++) {
            long[] pairs = Vlq.decode(self.get(s).getAsString());
            for (int i = 1; i < pairs.length; i += 2) {
                total += pairs[i];
            }
        }
        return total;
    }
}
