package dev.jflame.core.format.pprof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Our wire encoder read back by protobuf-java's own parser. */
class ProtoOutputTest {
    private static final long[] VARINTS = {
        0, 1, 127, 128, 300, 16_383, 16_384, Integer.MAX_VALUE, 1L << 32, (1L << 35) - 1, 1L << 56,
        Long.MAX_VALUE, -1, -2, Integer.MIN_VALUE, Long.MIN_VALUE,
    };

    @Test
    void varintFieldsIncludingNegativeAndLargeReadBackAsInt64() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProtoOutput out = new ProtoOutput(bytes);
        for (int i = 0; i < VARINTS.length; i++) {
            out.int64(i + 1, VARINTS[i]);
        }
        out.flush();
        CodedInputStream in = CodedInputStream.newInstance(bytes.toByteArray());
        for (int i = 0; i < VARINTS.length; i++) {
            if (VARINTS[i] == 0) {
                continue; // proto3: a zero field is not written
            }
            int tag = in.readTag();
            assertEquals(i + 1, WireFormat.getTagFieldNumber(tag));
            assertEquals(WireFormat.WIRETYPE_VARINT, WireFormat.getTagWireType(tag));
            assertEquals(VARINTS[i], in.readInt64(), "value " + VARINTS[i]);
        }
        assertTrue(in.isAtEnd());
    }

    @Test
    void varintSizeMatchesProtobuf() {
        for (long v : VARINTS) {
            assertEquals(com.google.protobuf.CodedOutputStream.computeInt64SizeNoTag(v), ProtoOutput.varintSize(v), "size of " + v);
        }
    }

    @Test
    void stringsAreLengthDelimitedUtf8() throws IOException {
        String[] values = {"", "a", "app.Main.run", "é日本😀", "x".repeat(200), "y".repeat(40_000)};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProtoOutput out = new ProtoOutput(bytes);
        for (String s : values) {
            out.string(6, s);
        }
        out.flush();
        CodedInputStream in = CodedInputStream.newInstance(bytes.toByteArray());
        for (String s : values) {
            assertTag(in, 6, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            assertEquals(s, in.readString());
        }
        assertTrue(in.isAtEnd());
    }

    @Test
    void packedVarintsKeepZerosAndNegatives() throws IOException {
        long[] values = {3, 0, -1, 1L << 40, 0, 127, 128};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProtoOutput out = new ProtoOutput(bytes);
        out.packed(2, values, values.length);
        out.packed(3, values, 0);
        out.int64(4, 9);
        out.flush();
        CodedInputStream in = CodedInputStream.newInstance(bytes.toByteArray());
        assertTag(in, 2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        int limit = in.pushLimit(in.readRawVarint32());
        for (long v : values) {
            assertEquals(v, in.readInt64());
        }
        assertTrue(in.isAtEnd());
        in.popLimit(limit);
        // an empty packed field is left out
        assertTag(in, 4, WireFormat.WIRETYPE_VARINT);
        assertEquals(9, in.readInt64());
        assertTrue(in.isAtEnd());
    }

    @Test
    void nestedMessagesGetTheirLengthWhateverItsSize() throws IOException {
        // Bodies of 0, 1-byte and 2- and 3-byte lengths, one inside another, past the flush threshold.
        int[] sizes = {0, 5, 127, 128, 300, 20_000, 70_000};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProtoOutput out = new ProtoOutput(bytes);
        for (int size : sizes) {
            out.begin(2);
            out.int64(1, size);
            out.begin(3);
            if (size > 0) {
                out.string(1, "z".repeat(size));
            }
            out.end();
            out.int64(2, -size - 1);
            out.end();
        }
        out.int64(7, 42);
        out.flush();
        CodedInputStream in = CodedInputStream.newInstance(bytes.toByteArray());
        in.setSizeLimit(Integer.MAX_VALUE);
        for (int size : sizes) {
            assertTag(in, 2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            int outer = in.pushLimit(in.readRawVarint32());
            if (size > 0) {
                assertTag(in, 1, WireFormat.WIRETYPE_VARINT);
                assertEquals(size, in.readInt64());
            }
            assertTag(in, 3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            int inner = in.pushLimit(in.readRawVarint32());
            if (size > 0) {
                assertTag(in, 1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                assertEquals(size, in.readString().length());
            }
            assertTrue(in.isAtEnd());
            in.popLimit(inner);
            assertTag(in, 2, WireFormat.WIRETYPE_VARINT);
            assertEquals(-size - 1, in.readInt64());
            assertTrue(in.isAtEnd());
            in.popLimit(outer);
        }
        assertTag(in, 7, WireFormat.WIRETYPE_VARINT);
        assertEquals(42, in.readInt64());
        assertTrue(in.isAtEnd());
    }

    private static void assertTag(CodedInputStream in, int field, int wireType) throws IOException {
        int tag = in.readTag();
        assertEquals(field, WireFormat.getTagFieldNumber(tag));
        assertEquals(wireType, WireFormat.getTagWireType(tag));
    }

    @Test
    void flushRefusedInsideAMessage() {
        ProtoOutput out = new ProtoOutput(new ByteArrayOutputStream());
        out.begin(1);
        assertThrows(IllegalStateException.class, out::flush);
    }
}
