package dev.jflame.core.format.json;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;

/**
 * Decodes the sampler's HdrHistograms from a profile without trusting them. HdrHistogram sizes a
 * histogram from its header (highest trackable value, significant digits) before it reads any count,
 * so a crafted 16 KB header could ask for gigabytes — inside the application, when a root merges
 * its children's spool. The header is read first, from a bounded inflate, and must describe a
 * histogram of the size jflame writes. Stateless.
 */
final class Histograms {
    /** jflame's histograms track up to a minute in microseconds with 2 digits; this leaves room and stays small. */
    private static final long MAX_HIGHEST = 1L << 40;
    private static final int MAX_DIGITS = 3;
    /** More than any histogram within those bounds encodes to. */
    private static final int MAX_INFLATED = 1 << 20;
    /** The uncompressed header: cookie, length, offset, digits (ints), lowest, highest (longs). */
    private static final int HEADER = 4 * 4 + 2 * 8;
    /**
     * HdrHistogram's V2 cookies (the word size sits in bits 4-7): jflame writes only V2. Older
     * encodings lay their header out differently, so they are refused rather than half-checked.
     */
    private static final int V2_COMPRESSED = 0x1c849304;
    private static final int V2_ENCODING = 0x1c849303;

    private Histograms() {
    }

    static Histogram decode(byte[] compressed, String name) throws IOException {
        // Compressed form: cookie (int), length of the deflated payload (int), the payload.
        if (compressed.length < 8) {
            throw bad(name, "too short");
        }
        ByteBuffer in = ByteBuffer.wrap(compressed);
        if ((in.getInt() & ~0xf0) != V2_COMPRESSED) {
            throw bad(name, "it is not an HdrHistogram V2 compressed encoding");
        }
        int length = in.getInt();
        if (length < 0 || length > compressed.length - 8) {
            throw bad(name, "its length field is wrong");
        }
        byte[] header = new byte[HEADER];
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed, 8, length);
            int got = inflater.inflate(header);
            if (got < HEADER) {
                throw bad(name, "its header is cut short");
            }
            // Bounded: the counts that follow may not inflate to more than MAX_INFLATED.
            byte[] rest = new byte[8192];
            long total = got;
            while (!inflater.finished() && !inflater.needsInput()) {
                total += inflater.inflate(rest);
                if (total > MAX_INFLATED) {
                    throw bad(name, "it inflates to more than " + MAX_INFLATED + " bytes");
                }
            }
        } catch (DataFormatException e) {
            throw bad(name, "it is not deflate data");
        } finally {
            inflater.end();
        }
        ByteBuffer h = ByteBuffer.wrap(header);
        if ((h.getInt() & ~0xf0) != V2_ENCODING) {
            throw bad(name, "it is not an HdrHistogram V2 encoding");
        }
        h.getInt();
        h.getInt();
        int digits = h.getInt();
        long lowest = h.getLong();
        long highest = h.getLong();
        if (digits < 0 || digits > MAX_DIGITS || lowest < 1 || highest < 2 * lowest || highest > MAX_HIGHEST) {
            throw bad(name, "its range (" + lowest + ".." + highest + ", " + digits + " digits) is not one jflame writes");
        }
        try {
            // Packed: room by the values held, not by the range (a profile may hold tens of thousands).
            return PackedHistogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(compressed), 0);
        } catch (DataFormatException | RuntimeException e) {
            throw bad(name, "HdrHistogram cannot decode it");
        }
    }

    private static IOException bad(String name, String why) {
        return new IOException(StrictJson.CORRUPT + "histogram " + name + " is unreadable: " + why);
    }
}
