package dev.jflame.core.options;

import dev.jflame.core.format.ProfileFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OptionsTest {
    @Test
    void defaults() {
        Options o = Options.parse(null);
        assertEquals(10_000_000L, o.intervalNanos());
        assertEquals(512, o.depth());
        assertTrue(o.children());
        assertNull(o.threads());
        assertEquals(0, o.durationNanos());
        assertEquals(ProfileFormat.HTML, o.outputFormat());
        assertEquals(2_000_000_000L, o.flushNanos());
    }

    @Test
    void parsesEveryKey() {
        Options o = Options.parse("interval=500us, file=/tmp/p-%p.json,duration=30s,threads=^hot-\\d+$,depth=7,children=false,flush=1s");
        assertEquals(500_000L, o.intervalNanos());
        assertEquals(ProfileFormat.JSON, o.outputFormat());
        assertEquals(30_000_000_000L, o.durationNanos());
        assertTrue(o.threads().matcher("hot-12").find());
        assertFalse(o.threads().matcher("cold-1").find());
        assertEquals(7, o.depth());
        assertFalse(o.children());
        assertEquals("/tmp/p-42.json", o.outputFile(42, 0).getPath());
    }

    @Test
    void explicitFormatWinsOverExtension() {
        assertEquals(ProfileFormat.COLLAPSED, Options.parse("file=x.html,format=collapsed").outputFormat());
        assertEquals(ProfileFormat.COLLAPSED, Options.parse("file=x.txt").outputFormat());
        assertEquals(ProfileFormat.HTML, Options.parse("file=x.out").outputFormat());
    }

    @Test
    void timestampExpands() {
        String path = Options.parse("file=p-%t.html").outputFile(1, 0).getPath();
        assertTrue(path.matches("p-\\d{8}-\\d{6}\\.html"), path);
    }

    @Test
    void aMemoryBudgetPastAQuarterOfTheHeapIsLoweredToItWithOneLine() {
        long heap = 64L << 20;
        Options huge = Options.parse("memory=99999g");
        assertEquals(16L << 20, huge.memoryBudgetBytes(heap));
        assertEquals("memory=99999g is more than a quarter of this JVM's maximum heap (64m): a profile that size would leave the"
                + " application short of memory; using memory=16m", huge.memoryBudgetNote(heap));
        Options quarter = Options.parse("memory=16m");
        assertEquals(16L << 20, quarter.memoryBudgetBytes(heap));
        assertNull(quarter.memoryBudgetNote(heap));
        assertEquals(17L << 20, Options.parse("memory=17m").memoryBudgetBytes(1L << 30));
        assertNull(Options.parse("memory=17m").memoryBudgetNote(1L << 30));
    }

    @Test
    void autoStaysWithinAQuarterOfTheHeapToo() {
        Options auto = Options.parse(null);
        assertEquals(4L << 20, auto.memoryBudgetBytes(64L << 20));
        assertEquals(64L << 20, auto.memoryBudgetBytes(1L << 30));
        assertEquals(256L << 20, auto.memoryBudgetBytes(Long.MAX_VALUE));
        // Auto's floor of 4m would be half of an 8 MB heap.
        assertEquals(2L << 20, auto.memoryBudgetBytes(8L << 20));
        assertEquals(1L << 20, auto.memoryBudgetBytes(2L << 20));
        assertNull(auto.memoryBudgetNote(2L << 20));
    }

    @Test
    void theCensusOfVirtualThreadsIsAutoOffOrATime() {
        assertEquals(0, Options.parse(null).vcensusNanos());
        assertEquals(-1, Options.parse("vcensus=off").vcensusNanos());
        assertEquals(2_000_000_000L, Options.parse("vcensus=2s").vcensusNanos());
    }

    @Test
    void badInputNamesTheProblem() {
        assertMessage("unknown option 'intervl'", "intervl=5ms");
        assertMessage("bad interval '5'", "interval=5");
        assertMessage("bad interval '5 parsecs'", "interval=5 parsecs");
        assertMessage("must be between 100us and 10s", "interval=10us");
        assertMessage("bad depth 'deep'", "depth=deep");
        assertMessage("bad depth '0'", "depth=0");
        assertMessage("bad children 'yes'", "children=yes");
        assertMessage("bad threads regex '(['", "threads=([");
        assertMessage("bad format 'pdf'", "format=pdf");
        assertMessage("expected key=value", "interval");
        assertMessage("bad duration '-1s'", "duration=-1s");
        assertMessage("bad vcensus '50ms': auto, off, or at least 100ms", "vcensus=50ms");
        assertMessage("bad vcensus 'sometimes'", "vcensus=sometimes");
        // Double.parseDouble alone would read these as one second.
        assertMessage("bad duration '1d'", "duration=1d");
        assertMessage("bad duration '1f'", "duration=1f");
        assertMessage("bad duration '0x1p3'", "duration=0x1p3");
        assertEquals(1_500_000_000L, Options.parse("duration=1.5s").durationNanos());
        assertEquals(2_000_000_000L, Options.parse("duration=2").durationNanos());
    }

    @Test
    void encodedAgentStringsCarryQuotesSpacesAndDollarsThrough() {
        String plain = "file=/tmp/it's a \"$dir\"/p.html,threads=.*$|' \",interval=5ms";
        String encoded = Options.encode(plain);
        assertTrue(encoded.matches("b64=[A-Za-z0-9_-]+"), encoded);
        Options o = Options.parse(encoded);
        assertEquals(Options.parse(plain).toAgentString(), o.toAgentString());
        assertEquals(5_000_000L, o.intervalNanos());
        assertMessage("bad encoded options", "b64=%%%");
    }

    @Test
    void valuesWithCommasAndOuterSpacesGoVerbatimThroughTheAgentString() {
        Options o = Options.builder().set(Options.Key.SPOOL, "/tmp/a,b /x.html.spool ")
                .set(Options.Key.THREADS, "^(w,1|w,2)$").set(Options.Key.INTERVAL, "5ms").build();
        String s = o.toAgentString();
        assertTrue(s.matches("b64=[A-Za-z0-9_-]+"), s);
        Options back = Options.parse(s);
        assertEquals("/tmp/a,b /x.html.spool ", back.spool());
        assertTrue(back.threads().matcher("w,2").find());
        assertEquals(5_000_000L, back.intervalNanos());
        assertEquals("/tmp/a,b.spool", Options.parse(Options.builder().set(Options.Key.SPOOL, "/tmp/a,b.spool").build().toAgentString()).spool(),
                "a single entry too");
        assertEquals(s, Options.encode(s), "encoding twice changes nothing");
        assertEquals("interval=5ms,depth=7", Options.parse("interval=5ms, depth=7").toAgentString(), "plain when plain is enough");
    }

    @Test
    void agentStringRoundTrips() {
        Options o = Options.parse("interval=5ms,depth=9,threads=a|b");
        Options back = Options.parse(o.toAgentString());
        assertEquals(o.toAgentString(), back.toAgentString());
        assertEquals(5_000_000L, back.intervalNanos());
        assertEquals(9, back.depth());
        Options changed = o.toBuilder().set("depth", "10").build();
        assertEquals(10, changed.depth());
        assertEquals(9, o.depth());
    }

    @Test
    void helpListsEveryPublicOptionAndNoInternalOne() {
        String help = Options.help();
        for (Options.Key k : Options.Key.values()) {
            assertEquals(!k.isInternal(), help.contains("  " + k.optionName() + " "), k.optionName());
        }
        assertTrue(Options.Key.SPOOL.isInternal() && Options.Key.FOLLOWED.isInternal());
    }

    @Test
    void onlyAFollowedJvmWaitsBeforeStartingJfr() {
        assertEquals(0, Options.parse("").jfrDelayNanos(), "the JVM the user launched");
        assertEquals(0, Options.parse("spool=/tmp/s,jfrdelay=5s").jfrDelayNanos(), "a JVM jflame run launched itself");
        assertEquals(10_000_000_000L, Options.parse("spool=/tmp/s,followed=true").jfrDelayNanos());
        assertEquals(500_000_000L, Options.parse("spool=/tmp/s,followed=true,jfrdelay=500ms").jfrDelayNanos());
        assertMessage("bad jfrdelay", "jfrdelay=soon");
    }

    private static void assertMessage(String expected, String args) {
        OptionException e = assertThrows(OptionException.class, () -> Options.parse(args));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
