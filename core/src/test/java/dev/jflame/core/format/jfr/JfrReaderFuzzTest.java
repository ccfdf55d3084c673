package dev.jflame.core.format.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jflame.core.model.Profile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged and hostile JFR files: each either reads or fails with one line in jflame's words — never
 * another exception or error (out of memory included), a stack trace, or a wait without end.
 */
class JfrReaderFuzzTest {
    private static final Pattern AFTER = Pattern.compile("after (\\d+) events");

    @TempDir
    static Path dir;
    static byte[] valid;
    static long validSamples;

    static volatile boolean done;
    static volatile long sink;

    @BeforeAll
    static void recordSomething() throws Exception {
        Path file = dir.resolve("small.jfr");
        try (Recording r = new Recording()) {
            // What a recording says about itself (the JDK's .jfc settings files all enable these).
            for (String about : new String[] {"jdk.ActiveSetting", "jdk.JVMInformation", "jdk.InitialSystemProperty"}) {
                r.enable(about);
            }
            r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            r.enable("jdk.ThreadSleep").withThreshold(Duration.ZERO);
            r.enable("jdk.ThreadPark").withThreshold(Duration.ZERO);
            r.start();
            Thread hot = new Thread(() -> {
                while (!done) {
                    sink++;
                }
            }, "hot");
            hot.setDaemon(true);
            hot.start();
            for (int i = 0; i < 30; i++) {
                Thread.sleep(10);
            }
            done = true;
            hot.join();
            r.stop();
            r.dump(file);
        }
        valid = Files.readAllBytes(file);
        validSamples = read(valid).tree().totalSamples();
        assertTrue(validSamples > 0);
    }

    @Test
    void notJfrAtAll() {
        assertEquals("not a JFR recording: the file is empty", failure(new byte[0]));
        Random r = new Random(11);
        for (int n : new int[] {1, 3, 4, 67, 68, 500, 100_000}) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            b[0] = 'x';
            assertTrue(failure(b).startsWith("not a JFR recording: it does not start with"), failure(b));
        }
        assertTrue(failure("{\"format\":\"jflame-profile\"}".getBytes()).startsWith("not a JFR recording"));
    }

    /** A file cut anywhere after its magic bytes is cut short, said with how many events were whole. */
    @Test
    void aRecordingCutAnywhereIsCutShort() {
        int[] cuts = {4, 20, 67, 68, 69, 100, valid.length / 10, valid.length / 2, valid.length * 9 / 10, valid.length - 1};
        long previous = 0;
        for (int cut : cuts) {
            String m = failure(Arrays.copyOf(valid, cut));
            assertTrue(m.startsWith("JFR recording is cut short after "), cut + " bytes: " + m);
            long events = events(m);
            assertTrue(events >= previous, "events whole before the cut grow with the cut: " + m);
            previous = events;
        }
        assertTrue(previous > 0, "the events before the cut are counted");
    }

    @Test
    void aSecondRecordingCutInHalfAfterAWholeOneIsCutShortToo() {
        byte[] b = Arrays.copyOf(valid, valid.length + valid.length / 2);
        System.arraycopy(valid, 0, b, valid.length, valid.length / 2);
        String m = failure(b);
        assertTrue(m.startsWith("JFR recording is cut short after ") && m.contains("chunk 2 holds"), m);
        long whole = events(failure(Arrays.copyOf(valid, valid.length - 1)));
        assertTrue(events(m) > whole, "counts the first chunk's events and the second's before the cut: " + m);
    }

    @Test
    void headersThatLie() {
        assertTrue(failure(header(8, Long.MAX_VALUE)).startsWith("JFR recording is cut short"), failure(header(8, Long.MAX_VALUE)));
        assertTrue(failure(header(8, 10)).startsWith("JFR recording is corrupt after 0 events: chunk 1 says it holds 10 bytes"));
        assertTrue(failure(header(16, valid.length + 5L)).contains("points outside itself"));
        assertTrue(failure(header(24, 3)).contains("points outside itself"));
        assertTrue(failure(header(24, 100)).startsWith("JFR recording is corrupt"), failure(header(24, 100)));
        assertTrue(failure(header(56, 0)).contains("ticks per second"));
        byte[] v3 = valid.clone();
        v3[5] = 3;
        assertTrue(failure(v3).startsWith("unsupported JFR recording: format version 3."), failure(v3));
        for (int state : new int[] {1, 255}) {
            byte[] writing = valid.clone();
            writing[64] = (byte) state;
            // The JDK's parser would wait for the writer to finish it, in a file forever.
            assertTrue(failure(writing).startsWith("JFR recording is unfinished: chunk 1 was still being written"), failure(writing));
        }
    }

    @Test
    void eventSizesThatLie() {
        int first = JfrChunks.HEADER_SIZE;
        byte[] negative = valid.clone();
        // A nine-byte varint with the top bit set: a negative size, which would send the JDK's parser back.
        for (int i = 0; i < 8; i++) {
            negative[first + i] = (byte) 0xFF;
        }
        negative[first + 8] = (byte) 0xFF;
        assertTrue(failure(negative).contains("says it is -"), failure(negative));
        byte[] huge = valid.clone();
        huge[first] = (byte) 0xFF;
        huge[first + 1] = (byte) 0xFF;
        huge[first + 2] = (byte) 0x7F;
        assertTrue(failure(huge).contains("bytes long"), failure(huge));
    }

    /**
     * Random damage: cut, bytes changed, runs of 0xFF (huge sizes and counts), single bits flipped. The
     * JDK's parser checks a size against the data left before it allocates for it; a size it trusted
     * would show here as "ran out of memory", which no damage may provoke.
     */
    @Test
    void twoHundredDamagedRecordingsEachReadOrFailInOneLine() {
        Random r = new Random(20261201);
        int read = 0;
        for (int i = 0; i < 200; i++) {
            byte[] m = valid.clone();
            switch (i % 4) {
                case 0:
                    m = Arrays.copyOf(valid, r.nextInt(valid.length));
                    break;
                case 1:
                    for (int k = 0; k < 1 + r.nextInt(4); k++) {
                        m[r.nextInt(m.length)] = (byte) r.nextInt(256);
                    }
                    break;
                case 2: {
                    int at = JfrChunks.HEADER_SIZE + r.nextInt(m.length - JfrChunks.HEADER_SIZE - 8);
                    Arrays.fill(m, at, at + 5, (byte) 0xFF);
                    break;
                }
                default: {
                    int at = JfrChunks.HEADER_SIZE + r.nextInt(m.length - JfrChunks.HEADER_SIZE);
                    m[at] ^= (byte) (1 << r.nextInt(8));
                }
            }
            String failure = outcome(m);
            if (failure == null) {
                read++;
            } else {
                assertFalse(failure.contains("ran out of memory"), "damage " + i + " made the reader allocate for a size it trusted: " + failure);
            }
        }
        assertTrue(read < 200, "damage is noticed");
    }

    private static byte[] header(int offset, long value) {
        byte[] b = valid.clone();
        ByteBuffer.wrap(b).putLong(offset, value);
        return b;
    }

    private static long events(String message) {
        Matcher m = AFTER.matcher(message);
        assertTrue(m.find(), message);
        return Long.parseLong(m.group(1));
    }

    private static String failure(byte[] bytes) {
        String m = outcome(bytes);
        assertTrue(m != null, "read without complaint");
        return m;
    }

    /** The reader's one-line message, or null if the bytes read; anything else fails the test. */
    private static String outcome(byte[] bytes) {
        try {
            Profile p = read(bytes);
            assertTrue(p.tree().totalSamples() >= 0);
            return null;
        } catch (IOException e) {
            String m = e.getMessage();
            assertFalse(m.contains("\n") || m.contains("\r"), "one line: " + m);
            assertTrue(m.length() <= 320, "short: " + m);
            for (String leak : new String[] {"Exception", "jdk.jfr.internal", "dev.jflame", "\tat "}) {
                assertFalse(m.contains(leak), "in jflame's words: " + m);
            }
            assertTrue(m.startsWith("not a JFR recording") || m.startsWith("JFR recording is") || m.startsWith("unsupported JFR recording"), m);
            return m;
        }
    }

    private static Profile read(byte[] bytes) throws IOException {
        Path f = dir.resolve("input.jfr");
        Files.write(f, bytes);
        try {
            // A bound against a wait without end, not a measure of speed: a read takes milliseconds.
            return Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> new JfrProfileReader().read(f));
        } catch (Throwable t) {
            if (t instanceof IOException) {
                throw (IOException) t;
            }
            if (t instanceof org.opentest4j.AssertionFailedError) {
                throw (org.opentest4j.AssertionFailedError) t;
            }
            fail("not a one-line IOException: " + t);
            return null;
        }
    }

    @Test
    void theValidRecordingReads() throws IOException {
        assertTrue(read(valid).processes().get(0).intervalNanos == TimeUnit.MILLISECONDS.toNanos(10));
    }
}
