package dev.jflame.agent.output;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jflame.core.format.ProfileWriter;
import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.format.json.JsonProfileWriter;
import dev.jflame.core.merge.ProfileMerger;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.testing.TestProfiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged input of every format jflame reads, through the one entry the commands use
 * ({@link Codecs#read}): each file either reads or fails with one short line in jflame's words —
 * never another exception, a stack trace's class names or several lines.
 */
class InputFuzzTest {
    private static final int MUTANTS_PER_FORMAT = 300;

    @TempDir
    Path dir;

    /** A valid file of each readable format, made from the same profile. */
    private static Map<String, byte[]> validInputs() throws IOException {
        Profile a = TestProfiles.withProcess(4242, "app.Main");
        TestProfiles.add(a, "[thread main];app.Main.main;app.Work.hot", SampleState.RUNNABLE, 70);
        TestProfiles.add(a, "[thread main];app.Main.main;app.Work.cold", SampleState.RUNNABLE, 30);
        TestProfiles.add(a, "[thread w];java.lang.Thread.run;app.Lock.take;[BLOCKED on java.lang.Object]", SampleState.BLOCKED, 12);
        Profile b = TestProfiles.withProcess(4343, "app.Worker");
        TestProfiles.add(b, "[thread w];app.Worker.run;java.lang.Thread.sleep;[TIMED_WAITING]", SampleState.TIMED_WAITING, 9);
        Profile merged = new ProfileMerger().merge(List.of(a, b));
        Map<String, byte[]> inputs = new LinkedHashMap<>();
        inputs.put("json", bytes(new JsonProfileWriter(), merged));
        inputs.put("collapsed", bytes(new CollapsedWriter(), merged));
        return inputs;
    }

    @Test
    void hundredsOfDamagedFilesOfEveryFormatEachReadOrFailInOneLine() throws IOException {
        Random r = new Random(20261201);
        for (Map.Entry<String, byte[]> e : validInputs().entrySet()) {
            byte[] valid = e.getValue();
            check(e.getKey() + " valid", valid, true);
            for (int i = 0; i < MUTANTS_PER_FORMAT; i++) {
                check(e.getKey() + " mutant " + i, mutate(valid, i, r), false);
            }
        }
    }

    private static byte[] mutate(byte[] valid, int i, Random r) {
        byte[] m = valid.clone();
        switch (i % 6) {
            case 0: // cut short
                return Arrays.copyOf(valid, r.nextInt(valid.length));
            case 1: // a few bytes changed
                for (int k = 1 + r.nextInt(4); k > 0; k--) {
                    m[r.nextInt(m.length)] = (byte) r.nextInt(256);
                }
                return m;
            case 2: { // a digit made huge or negative
                int at = r.nextInt(m.length);
                while (at < m.length && (m[at] < '0' || m[at] > '9')) {
                    at++;
                }
                String s = new String(valid, 0, Math.min(at, valid.length), java.nio.charset.StandardCharsets.ISO_8859_1)
                        + (r.nextBoolean() ? "99999999999999999999" : "-7")
                        + new String(valid, Math.min(at, valid.length), valid.length - Math.min(at, valid.length), java.nio.charset.StandardCharsets.ISO_8859_1);
                return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            case 3: { // a piece cut out of the middle
                int from = r.nextInt(m.length);
                int to = Math.min(m.length, from + 1 + r.nextInt(64));
                byte[] out = new byte[m.length - (to - from)];
                System.arraycopy(m, 0, out, 0, from);
                System.arraycopy(m, to, out, from, m.length - to);
                return out;
            }
            case 4: { // a piece repeated
                int from = r.nextInt(m.length);
                int len = Math.min(m.length - from, 1 + r.nextInt(64));
                byte[] out = Arrays.copyOf(m, m.length + len);
                System.arraycopy(m, from, out, from + len, m.length - from);
                return out;
            }
            default: { // the right first bytes, then noise
                byte[] out = Arrays.copyOf(valid, 8 + r.nextInt(400));
                for (int k = 8; k < out.length; k++) {
                    out[k] = (byte) r.nextInt(256);
                }
                return out;
            }
        }
    }

    private void check(String what, byte[] content, boolean mustRead) throws IOException {
        Path f = Files.write(dir.resolve("input"), content);
        try {
            Profile p = Codecs.read(f);
            assertTrue(p.tree().totalSamples() >= 0, what);
        } catch (IOException e) {
            if (mustRead) {
                fail(what + " did not read: " + e.getMessage());
            }
            String m = e.getMessage();
            assertTrue(m != null && !m.isEmpty(), what + ": no message");
            assertFalse(m.contains("\n") || m.contains("\r"), what + ": one line: " + m);
            assertTrue(m.length() <= 320, what + ": short: " + m);
            // Not "java.lang." or "app.": a message may quote the input, whose frames are class names.
            for (String leak : new String[] {"Exception", "Error:", "com.google", "dev.jflame", "jdk.jfr.", "\tat "}) {
                assertFalse(m.contains(leak), what + ": in jflame's words: " + m);
            }
        } catch (Throwable t) {
            fail(what + ": not a one-line IOException: " + t);
        }
    }

    private static byte[] bytes(ProfileWriter w, Profile p) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.write(p, out);
        return out.toByteArray();
    }
}
