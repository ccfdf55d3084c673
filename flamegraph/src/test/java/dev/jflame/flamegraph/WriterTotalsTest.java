package dev.jflame.flamegraph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.jflame.core.format.CollapsedWriter;
import dev.jflame.core.format.JsonProfileReader;
import dev.jflame.core.format.JsonProfileWriter;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
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
    void aSampleWithoutFramesIsALineOfItsOwn() {
        Map<String, Long> lines = new CollapsedWriter().lines(TestProfiles.shop());
        assertEquals(3L, lines.get(CollapsedWriter.NO_FRAMES));
        assertEquals(400L, lines.get("java.lang.Thread.run;dev.example.shop.Feeder.run;java.io.FileInputStream.readBytes;[NATIVE_IDLE]"));
    }

    private static long sum(Map<String, Long> lines) {
        return lines.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Every node's self counts in every state, as the page decodes them (the root included). */
    private static long pageTotal(JsonObject d) {
        JsonArray self = d.getAsJsonArray("self");
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
