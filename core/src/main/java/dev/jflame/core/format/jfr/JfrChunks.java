package dev.jflame.core.format.jfr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The framing of a JFR file, checked before the JDK's parser ({@code RecordingFile}) is given it:
 * chunk headers, event sizes, the metadata event and the chain of constant pools. Not thread-safe;
 * one instance per file, made by {@link #check}.
 *
 * <p>Why: the JDK's parser trusts that framing. On a chunk whose header says it is still being written
 * it waits for the writer (forever, in a file); an event of negative size sends it back to an earlier
 * position and a constant-pool chain that loops never ends; a chunk longer than the file fails only
 * at the end, with a message in the JDK's words. This walk reads each event's size and type (a few
 * bytes each) and nothing else, in one pass, and says in one line what is wrong and after how many
 * events. What it lets through still goes to the JDK's parser, whose own checks bound what an
 * event's content can make it allocate; {@link JfrProfileReader} turns anything it throws into a line.
 *
 * <p>The layout (JDK 11 and later, async-profiler): chunks one after another, each a 68-byte header
 * (magic {@code FLR\0}, version, chunk size, constant-pool and metadata offsets, start and duration
 * in epoch nanoseconds, ticks per second, file state) followed by events, each starting with its
 * size and type id as LEB128 varints; type 0 is the metadata event, type 1 a constant-pool checkpoint.
 */
final class JfrChunks {
    static final int HEADER_SIZE = 68;
    private static final int METADATA = 0;
    private static final int CHECKPOINT = 1;

    /** Chunks in the file. */
    int chunks;
    /** Events other than metadata and checkpoints, over all chunks. */
    long events;
    /** Earliest chunk start and latest chunk end, epoch nanoseconds (0 if the headers do not say). */
    long startNanos = Long.MAX_VALUE;
    long endNanos;

    private final Window in;
    private final long size;
    /** Offsets of the checkpoint events of the chunk being walked, ascending. */
    private long[] checkpoints = new long[16];
    private int checkpointCount;

    private JfrChunks(Window in, long size) {
        this.in = in;
        this.size = size;
    }

    /** Checks the file's framing; an {@link IOException} with one line says what is wrong. */
    static JfrChunks check(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            JfrChunks c = new JfrChunks(new Window(ch, size), size);
            try {
                c.walk();
            } catch (OutOfBounds e) {
                throw c.corrupt(e.getMessage());
            }
            if (c.startNanos == Long.MAX_VALUE) {
                c.startNanos = 0;
            }
            return c;
        }
    }

    private void walk() throws IOException {
        if (size == 0) {
            throw new IOException("not a JFR recording: the file is empty");
        }
        if (!hasMagic(0)) {
            throw new IOException("not a JFR recording: it does not start with JFR's magic bytes FLR\\0");
        }
        long at = 0;
        while (at < size) {
            chunks++;
            if (size - at < HEADER_SIZE) {
                throw cutShort("chunk " + chunks + " ends inside its header");
            }
            if (!hasMagic(at)) {
                throw corrupt("the bytes after chunk " + (chunks - 1) + " are not a JFR chunk");
            }
            at = chunk(at);
        }
    }

    /** Checks the chunk at {@code start} and returns where the next one starts. */
    private long chunk(long start) throws IOException {
        int major = in.rawShort(start + 4);
        int minor = in.rawShort(start + 6);
        if (major != 1 && major != 2) {
            throw new IOException("unsupported JFR recording: format version " + major + "." + minor + " (JDK 11 and later write 2.x)");
        }
        long chunkSize = in.rawLong(start + 8);
        long cpOffset = in.rawLong(start + 16);
        long metaOffset = in.rawLong(start + 24);
        long startNanos = in.rawLong(start + 32);
        long durationNanos = in.rawLong(start + 40);
        long ticksPerSecond = in.rawLong(start + 56);
        int fileState = in.byteAt(start + 64);
        if (fileState != 0) {
            throw new IOException("JFR recording is unfinished: chunk " + chunks + " was still being written"
                    + " (take the file once its recording has stopped, or dump it with jcmd JFR.dump)");
        }
        if (chunkSize < HEADER_SIZE) {
            throw corrupt("chunk " + chunks + " says it holds " + chunkSize + " bytes");
        }
        if (chunkSize > size - start) {
            // Count the events that are there, for the message.
            walkEvents(start, start + HEADER_SIZE, size, true);
            throw cutShort("chunk " + chunks + " holds " + chunkSize + " bytes and the file ends after " + (size - start) + " of them");
        }
        if (ticksPerSecond <= 0) {
            throw corrupt("chunk " + chunks + " says its clock has " + ticksPerSecond + " ticks per second");
        }
        if (cpOffset < HEADER_SIZE || cpOffset >= chunkSize || metaOffset < HEADER_SIZE || metaOffset >= chunkSize) {
            throw corrupt("chunk " + chunks + " points outside itself for its constant pools or metadata");
        }
        long end = start + chunkSize;
        checkpointCount = 0;
        walkEvents(start, start + HEADER_SIZE, end, false);
        if (!isMetadataAt(start + metaOffset)) {
            throw corrupt("chunk " + chunks + " has no metadata event where its header says");
        }
        checkConstantPoolChain(start + cpOffset);
        if (startNanos > 0) {
            this.startNanos = Math.min(this.startNanos, startNanos);
            if (durationNanos > 0) {
                this.endNanos = Math.max(this.endNanos, startNanos + durationNanos);
            }
        }
        return end;
    }

    /**
     * Walks the events from {@code at} to {@code end}, counting them and noting checkpoints; in a chunk
     * cut short ({@code cut}) it stops quietly where the file does.
     */
    private void walkEvents(long chunkStart, long at, long end, boolean cut) throws IOException {
        while (at < end) {
            long eventSize;
            long type;
            int sizeLength;
            try {
                eventSize = in.varLong(at, end);
                sizeLength = in.lastLength;
                type = eventSize > sizeLength ? in.varLong(at + sizeLength, end) : -1;
            } catch (OutOfBounds e) {
                if (cut) {
                    return;
                }
                throw e;
            }
            if (eventSize <= sizeLength || eventSize > end - at) {
                if (cut) {
                    return;
                }
                throw corrupt("an event at byte " + (at - chunkStart) + " of chunk " + chunks + " says it is " + eventSize + " bytes long");
            }
            if (type == CHECKPOINT) {
                if (checkpointCount == checkpoints.length) {
                    checkpoints = Arrays.copyOf(checkpoints, checkpointCount * 2);
                }
                checkpoints[checkpointCount++] = at;
            } else if (type != METADATA) {
                events++;
            }
            at += eventSize;
        }
    }

    private boolean isMetadataAt(long at) throws IOException {
        in.varLong(at, size);
        return in.varLong(at + in.lastLength, size) == METADATA;
    }

    /**
     * Follows the checkpoints from the one the header names back by their deltas, as the JDK's parser
     * does: each must be a checkpoint of this chunk and none visited twice.
     */
    private void checkConstantPoolChain(long first) throws IOException {
        long at = first;
        for (int steps = 0; steps <= checkpointCount; steps++) {
            if (Arrays.binarySearch(checkpoints, 0, checkpointCount, at) < 0) {
                throw corrupt("chunk " + chunks + " has a constant pool where there is none");
            }
            long p = at;
            for (int field = 0; field < 4; field++) {
                // Size, type, start time, duration; then the delta to the previous checkpoint.
                in.varLong(p, size);
                p += in.lastLength;
            }
            long delta = in.varLong(p, size);
            if (delta == 0) {
                return;
            }
            at += delta;
        }
        throw corrupt("chunk " + chunks + "'s constant pools point at each other in a loop");
    }

    private boolean hasMagic(long at) throws IOException {
        return size - at >= 4 && in.byteAt(at) == 'F' && in.byteAt(at + 1) == 'L' && in.byteAt(at + 2) == 'R' && in.byteAt(at + 3) == 0;
    }

    private IOException cutShort(String detail) {
        return new IOException("JFR recording is cut short after " + events + " events: " + detail);
    }

    private IOException corrupt(String detail) {
        return new IOException("JFR recording is corrupt after " + events + " events: " + detail);
    }

    /** A read outside the file or its chunk; {@link #check} words it. */
    private static final class OutOfBounds extends IOException {
        private static final long serialVersionUID = 1L;

        OutOfBounds(String detail) {
            super(detail);
        }
    }

    /** A window of the file, refilled where a read falls outside it. */
    private static final class Window {
        private static final int SIZE = 1 << 16;
        private final FileChannel ch;
        private final long fileSize;
        private final ByteBuffer buf = ByteBuffer.allocate(SIZE);
        private long base = -1;
        private int length;
        /** Bytes the last {@link #varLong} read. */
        int lastLength;

        Window(FileChannel ch, long fileSize) {
            this.ch = ch;
            this.fileSize = fileSize;
        }

        int byteAt(long at) throws IOException {
            if (at < base || at >= base + length) {
                fill(at);
            }
            return buf.get((int) (at - base)) & 0xFF;
        }

        int rawShort(long at) throws IOException {
            return (byteAt(at) << 8) | byteAt(at + 1);
        }

        long rawLong(long at) throws IOException {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | byteAt(at + i);
            }
            return v;
        }

        /** A LEB128 varint as the JDK's parser reads it (up to 9 bytes, the ninth all 8 bits), not reading at or past {@code limit}. */
        long varLong(long at, long limit) throws IOException {
            long v = 0;
            for (int i = 0; i < 9; i++) {
                if (at + i >= limit) {
                    throw new OutOfBounds("a number runs past the end of chunk data at byte " + at);
                }
                int b = byteAt(at + i);
                if (i == 8) {
                    v |= (long) b << 56;
                    lastLength = 9;
                    return v;
                }
                v |= (long) (b & 0x7F) << (7 * i);
                if (b < 0x80) {
                    lastLength = i + 1;
                    return v;
                }
            }
            throw new AssertionError();
        }

        private void fill(long at) throws IOException {
            if (at < 0 || at >= fileSize) {
                throw new OutOfBounds("it refers to byte " + at + " of a " + fileSize + "-byte file");
            }
            buf.clear();
            base = at;
            long p = at;
            while (buf.hasRemaining() && p < fileSize) {
                int n = ch.read(buf, p);
                if (n < 0) {
                    break;
                }
                p += n;
            }
            length = buf.position();
        }
    }
}
