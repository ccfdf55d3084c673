package dev.jflame.core.format.pprof;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A protocol-buffers wire-format encoder, not thread-safe (one writer, one message at a time), with
 * just what jflame's protobuf formats need: varints, fixed64, strings and bytes, packed varints and nested
 * messages, for pprof here and OTLP's profiles in the agent's push mode.
 *
 * <p>Written here rather than taken from a protobuf runtime so that core (which loads into profiled
 * JVMs) brings no such dependency. The top-level message is streamed to the output as it is written;
 * only an open nested message is held in memory, because its length comes before it on the wire.
 * A nested message reserves {@link #RESERVED} bytes for its length and closes the gap when it ends,
 * so its bytes are written once and moved once, with no second buffer.
 */
public final class ProtoOutput {
    public static final int VARINT = 0;
    public static final int FIXED64 = 1;
    public static final int LENGTH_DELIMITED = 2;
    /** Enough for any length an int can hold: 7 bits a byte. */
    private static final int RESERVED = 5;
    /** Bytes gathered before they are handed on, when no nested message is open. */
    private static final int FLUSH_AT = 16 * 1024;

    private final OutputStream out;
    private byte[] buf = new byte[FLUSH_AT + 1024];
    private int pos;
    /** Where each open nested message's reserved length starts, innermost last. */
    private int[] open = new int[4];
    private int depth;

    public ProtoOutput(OutputStream out) {
        this.out = out;
    }

    /** A varint field, left out when zero (proto3's default, which readers assume for an absent field). */
    public void int64(int field, long value) throws IOException {
        if (value != 0) {
            tag(field, VARINT);
            varint(value);
            afterField();
        }
    }

    /** A string field, always written: in a repeated field (a string table) an empty entry still counts. */
    public void string(int field, String value) throws IOException {
        bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A bytes field, always written, like {@link #string}. */
    public void bytes(int field, byte[] b) throws IOException {
        tag(field, LENGTH_DELIMITED);
        varint(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        afterField();
    }

    /** The first {@code n} of {@code values} as one packed repeated varint field; nothing when n is 0. */
    public void packed(int field, long[] values, int n) throws IOException {
        if (n == 0) {
            return;
        }
        int size = 0;
        for (int i = 0; i < n; i++) {
            size += varintSize(values[i]);
        }
        tag(field, LENGTH_DELIMITED);
        varint(size);
        for (int i = 0; i < n; i++) {
            varint(values[i]);
        }
        afterField();
    }

    /** Opens a nested message in {@code field}; the fields written until {@link #end()} are its body. */
    public void begin(int field) {
        tag(field, LENGTH_DELIMITED);
        ensure(RESERVED);
        if (depth == open.length) {
            open = Arrays.copyOf(open, depth * 2);
        }
        open[depth++] = pos;
        pos += RESERVED;
    }

    /** Closes the innermost nested message: writes its length and moves its body up against it. */
    public void end() throws IOException {
        int at = open[--depth];
        int body = at + RESERVED;
        int length = pos - body;
        pos = at;
        varint(length);
        System.arraycopy(buf, body, buf, pos, length);
        pos += length;
        afterField();
    }

    /** Hands everything written on to the stream; only between top-level fields. */
    public void flush() throws IOException {
        if (depth != 0) {
            throw new IllegalStateException("a nested message is still open");
        }
        out.write(buf, 0, pos);
        pos = 0;
    }

    /** A fixed64 field (8 bytes, little-endian), left out when zero like {@link #int64}. */
    public void fixed64(int field, long value) throws IOException {
        if (value != 0) {
            tag(field, FIXED64);
            fixed64Element(value);
        }
    }

    /**
     * One element of a packed fixed64 field whose tag and byte length were written ({@link #tag},
     * {@link #varint}): elements are written one by one, so a long field need not be held in an array.
     */
    public void fixed64Element(long value) throws IOException {
        ensure(Long.BYTES);
        for (int i = 0; i < Long.BYTES; i++) {
            buf[pos++] = (byte) (value >>> (8 * i));
        }
        afterField();
    }

    /** Bytes that are already encoded fields (a message encoded apart, whose length had to be known first). */
    public void raw(byte[] encoded) throws IOException {
        ensure(encoded.length);
        System.arraycopy(encoded, 0, buf, pos, encoded.length);
        pos += encoded.length;
        afterField();
    }

    /** A field's key: its number and wire type (a length-delimited field's length follows, as a {@link #varint}). */
    public void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    /** A base-128 varint; negative values take ten bytes, as int64 does on the wire. */
    public void varint(long value) {
        ensure(10);
        long v = value;
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    /** Bytes {@link #varint} takes for {@code value}: what a message's length is summed from before it is written. */
    public static int varintSize(long value) {
        // One byte per started group of 7 significant bits; zero still takes one byte.
        int bits = 64 - Long.numberOfLeadingZeros(value);
        return Math.max(1, (bits + 6) / 7);
    }

    private void afterField() throws IOException {
        if (depth == 0 && pos >= FLUSH_AT) {
            flush();
        }
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(pos + more, buf.length * 2));
        }
    }
}
