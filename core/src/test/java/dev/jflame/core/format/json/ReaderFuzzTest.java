package dev.jflame.core.format.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.testing.TestProfiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Hostile and damaged profiles: every input either reads or fails with one line in jflame's words —
 * never another exception, a multi-line message or a library's class name.
 */
class ReaderFuzzTest {
    private static String validJson() throws IOException {
        Profile p = TestProfiles.withProcess(4242, "app.Main");
        TestProfiles.addTimed(p, "[thread main];app.Main.main;app.Work.hot", SampleState.RUNNABLE, 70, 1_700_000_000_000L, 1_700_000_000_000L + 70 * 10L);
        TestProfiles.addTimed(p, "[thread main];app.Main.main;app.Work.cold", SampleState.RUNNABLE, 30, 1_700_000_000_000L, 1_700_000_000_000L + 30 * 10L);
        TestProfiles.addTimed(p, "[thread w];java.lang.Thread.run;app.Lock.take;[BLOCKED on java.lang.Object]", SampleState.BLOCKED, 12, 1_700_000_000_000L, 1_700_000_000_000L + 12 * 10L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JsonProfileWriter().write(p, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void fourHundredMutatedProfilesEachReadOrFailInOneLine() throws IOException {
        String valid = validJson();
        Random r = new Random(20261130);
        String[] replacements = {"-1", "1e999", "0.5", "\"x\"", "[]", "{}", "null", "true", "9223372036854775807", "99999999999999999999"};
        for (int i = 0; i < 400; i++) {
            String m;
            switch (i % 5) {
                case 0: // cut short
                    m = valid.substring(0, r.nextInt(valid.length()));
                    break;
                case 1: { // one character changed
                    char[] c = valid.toCharArray();
                    c[r.nextInt(c.length)] = (char) (32 + r.nextInt(95));
                    m = new String(c);
                    break;
                }
                case 2: { // a number replaced by something else
                    int at = nthDigit(valid, r);
                    int end = at;
                    while (end < valid.length() && Character.isDigit(valid.charAt(end))) {
                        end++;
                    }
                    m = valid.substring(0, at) + replacements[r.nextInt(replacements.length)] + valid.substring(end);
                    break;
                }
                case 3: { // an element of an array dropped
                    int comma = valid.indexOf(',', r.nextInt(valid.length()));
                    m = comma < 0 ? valid : valid.substring(0, comma) + valid.substring(Math.min(valid.length(), comma + 2));
                    break;
                }
                default: { // bytes that are not text at all
                    byte[] b = new byte[r.nextInt(200)];
                    r.nextBytes(b);
                    m = new String(b, StandardCharsets.ISO_8859_1);
                }
            }
            check(m);
        }
        check("");
        check("[]");
        check("{\"format\":\"jflame-profile\"}");
    }

    @Test
    void aHistogramThatAsksForAHugeRangeIsRefusedBeforeItIsAllocated() throws IOException {
        Histogram huge = new Histogram(1L << 50, 3);
        huge.recordValue(5);
        ByteBuffer buf = ByteBuffer.allocate(huge.getNeededByteBufferCapacity());
        int len = huge.encodeIntoCompressedByteBuffer(buf);
        byte[] bytes = new byte[len];
        buf.flip();
        buf.get(bytes);
        String valid = validJson();
        int at = valid.indexOf("\"hdr\":\"") + 7;
        String crafted = valid.substring(0, at) + Base64.getEncoder().encodeToString(bytes) + valid.substring(valid.indexOf('"', at));
        IOException e = read(crafted);
        assertTrue(e != null && e.getMessage().contains("histogram tickMicros is unreadable: its range"), String.valueOf(e));

        // An older encoding lays its header out differently: refused, not half-checked.
        byte[] v0 = bytes.clone();
        ByteBuffer.wrap(v0).putInt(0, 0x1c849309);
        String old = valid.substring(0, at) + Base64.getEncoder().encodeToString(v0) + valid.substring(valid.indexOf('"', at));
        IOException e0 = read(old);
        assertTrue(e0 != null && e0.getMessage().contains("not an HdrHistogram V2"), String.valueOf(e0));
    }

    @Test
    void negativeAndOverflowingCountsAreRefused() throws IOException {
        String valid = validJson();
        int self = valid.indexOf("\"RUNNABLE\":[") + 12;
        String negative = valid.substring(0, self) + "-5," + valid.substring(valid.indexOf(',', self) + 1);
        assertTrue(read(negative).getMessage().contains("negative count"), read(negative).getMessage());
        Profile p = TestProfiles.withProcess(1, "app.Main");
        TestProfiles.add(p, "[thread a];app.A.a", SampleState.RUNNABLE, Long.MAX_VALUE / 2 + 1);
        TestProfiles.add(p, "[thread b];app.B.b", SampleState.RUNNABLE, Long.MAX_VALUE / 2 + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JsonProfileWriter().write(p, out);
        IOException e = read(out.toString(StandardCharsets.UTF_8));
        assertTrue(e != null && e.getMessage().equals("corrupt jflame profile: sample counts overflow"), String.valueOf(e));
    }

    @Test
    void timelineCountsBeyondTheTreesAreRefusedPerNodeAndState() throws IOException {
        long t0 = 1_700_000_000_000L;
        // A few ticks go into a cell, forty make a run; the last is the same count in another state.
        String[] cases = {"cell", "run", "state"};
        for (String what : cases) {
            Profile p = TestProfiles.withProcess(1, "app.Main");
            TestProfiles.addTimed(p, "[thread main];app.Main.main;app.Work.hot", SampleState.RUNNABLE, 40, t0, t0 + 400);
            int leaf = p.tree().size() - 1;
            if (what.equals("cell")) {
                p.timeline().add(leaf, SampleState.RUNNABLE, 1, t0 + 5_000, t0 + 5_000);
            } else if (what.equals("run")) {
                p.timeline().add(leaf, SampleState.RUNNABLE, 40, t0 + 10_000, t0 + 10_400);
            } else {
                p.timeline().add(leaf, SampleState.BLOCKED, 3, t0 + 5_000, t0 + 5_020);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new JsonProfileWriter().write(p, out);
            IOException e = read(out.toString(StandardCharsets.UTF_8));
            String expected = what.equals("cell") ? "timeline has 41 RUNNABLE samples of node " + leaf + " where the tree has 40"
                    : what.equals("run") ? "timeline has 80 RUNNABLE samples of node " + leaf + " where the tree has 40"
                    : "timeline has 3 BLOCKED samples of node " + leaf + " where the tree has 0";
            assertTrue(e != null && e.getMessage().equals("corrupt jflame profile: " + expected), what + ": " + e);
        }
    }

    @Test
    void aDamagedTimelineValueIsNamedWhereItIsLikeTheTreesValues() throws IOException {
        String valid = validJson();
        String cells = valid.substring(valid.indexOf("\"cells\":["));
        String runs = valid.substring(valid.indexOf("\"runs\":["));
        assertTrue(cells.startsWith("\"cells\":[{\"at\":34000000000,\"e\":[8,1,5]},{\"at\":34000000001,\"e\":[8,1,5]}"), cells);
        assertTrue(runs.startsWith("\"runs\":[3,0,70,1700000000000,1700000000700,4,0,30,1700000000000,1700000000300]"), runs);
        String[][] cases = {
            {"\"e\":[8,1,5]},{\"at\":34000000001", "\"e\":[8,0.5,5]},{\"at\":34000000001", "timeline.cells[0].e[1] (state) is not a whole number in range"},
            {"\"e\":[8,1,5]},{\"at\":34000000002", "\"e\":[8,9,5]},{\"at\":34000000002", "timeline.cells[1].e[0..2] is out of range: node 8, state 9, count 5"},
            {"1700000000300]", "\"x\"]", "timeline.runs[9] (last tick) is not a number"},
            {"4,0,30,", "4,0,-30,", "timeline.runs[5..9] is out of range: node 4, state 0, count -30"},
            {"\"states\":[\"RUNNABLE\"", "\"states\":[1", "timeline.states[0] is not a string"},
        };
        for (String[] c : cases) {
            assertTrue(valid.contains(c[0]), c[0]);
            IOException e = read(valid.replace(c[0], c[1]));
            assertEquals("corrupt jflame profile: " + c[2], e == null ? null : e.getMessage());
        }
    }

    private static int nthDigit(String s, Random r) {
        for (int tries = 0; tries < 1000; tries++) {
            int at = r.nextInt(s.length());
            if (Character.isDigit(s.charAt(at)) && (at == 0 || !Character.isDigit(s.charAt(at - 1)))) {
                return at;
            }
        }
        return 0;
    }

    private static void check(String input) {
        IOException e = read(input);
        if (e == null) {
            return;
        }
        String m = e.getMessage();
        assertFalse(m.contains("\n") || m.contains("\r"), "one line: " + m);
        assertTrue(m.length() <= 320, "short: " + m);
        for (String leak : new String[] {"com.google", "dev.jflame.shaded", "Exception", "java.lang."}) {
            assertFalse(m.contains(leak), "in jflame's words: " + m);
        }
        assertTrue(m.startsWith("not a jflame profile") || m.startsWith("corrupt jflame profile") || m.startsWith("unsupported"), m);
    }

    /** The reader's IOException, or null if the input read; any other throwable fails the test. */
    private static IOException read(String input) {
        try {
            Profile p = new JsonProfileReader().read(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            assertTrue(p.tree().totalSamples() >= 0);
            return null;
        } catch (IOException e) {
            return e;
        } catch (Throwable t) {
            fail("not a one-line IOException: " + t + " for input of " + input.length() + " chars");
            return null;
        }
    }

    @Test
    void twoHundredMutatedTimelinesEachReadOrFailInOneLine() throws IOException {
        String valid = validJson();
        int from = valid.indexOf("\"timeline\"");
        assertTrue(from > 0, "the profile has a timeline");
        Random r = new Random(20261201);
        String[] replacements = {"-1", "1e999", "0.5", "\"x\"", "[]", "{}", "null", "70", "9223372036854775807", "4611686018427387904"};
        for (int i = 0; i < 200; i++) {
            String m;
            int at = from + r.nextInt(valid.length() - from);
            if (i % 2 == 0) {
                char[] c = valid.toCharArray();
                c[at] = (char) (32 + r.nextInt(95));
                m = new String(c);
            } else {
                while (at < valid.length() && !Character.isDigit(valid.charAt(at))) {
                    at++;
                }
                int end = at;
                while (end < valid.length() && Character.isDigit(valid.charAt(end))) {
                    end++;
                }
                m = valid.substring(0, at) + replacements[r.nextInt(replacements.length)] + valid.substring(end);
            }
            check(m);
        }
    }

    @Test
    void theValidProfileReads() throws IOException {
        assertEquals(null, read(validJson()));
    }
}
