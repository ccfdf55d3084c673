package dev.jflame.core.sampler;

/**
 * One distinct stack as JFR sampled it, top frame first, made once per distinct stack on JFR's
 * streaming thread ({@link JfrConversion}). Immutable.
 */
final class JfrStack {
    /** Heap of a stack beside its frames: the object, its array's header, the cache entry that finds it. */
    static final int BYTES_BESIDE_FRAMES = 24 + 16 + 48;
    /** Heap of a virtual thread's sample, which is a stack object of its own ({@link #ofVirtualThread}). */
    static final int BYTES_OF_VIRTUAL_SAMPLE = 32;

    final JfrMethod[] frames;
    /** Whether JFR, or the depth limit, cut frames off its root end. */
    final boolean truncated;
    /** The group of the virtual thread JFR took it of ({@link VirtualGroups}), or null for a platform thread's. */
    final String virtualGroup;

    JfrStack(JfrMethod[] frames, boolean truncated) {
        this(frames, truncated, null);
    }

    private JfrStack(JfrMethod[] frames, boolean truncated, String virtualGroup) {
        this.frames = frames;
        this.truncated = truncated;
        this.virtualGroup = virtualGroup;
    }

    /** The same frames, taken of a virtual thread of {@code group}: a sample of its own, not a shared distinct stack. */
    JfrStack ofVirtualThread(String group) {
        return new JfrStack(frames, truncated, group);
    }

    int depth() {
        return frames.length;
    }

    /** Heap it takes, with references counted at 8 bytes (uncompressed, so never under). */
    long bytes() {
        return BYTES_BESIDE_FRAMES + 8L * frames.length;
    }
}
