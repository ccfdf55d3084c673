package dev.jflame.core.sampler;

/**
 * One distinct stack as JFR sampled it, top frame first, made once per distinct stack on JFR's
 * streaming thread ({@link JfrConversion}). Immutable.
 */
final class JfrStack {
    /** Heap of a stack beside its frames: the object, its array's header, the cache entry that finds it. */
    static final int BYTES_BESIDE_FRAMES = 24 + 16 + 48;

    final JfrMethod[] frames;
    /** Whether JFR, or the depth limit, cut frames off its root end. */
    final boolean truncated;

    JfrStack(JfrMethod[] frames, boolean truncated) {
        this.frames = frames;
        this.truncated = truncated;
    }

    int depth() {
        return frames.length;
    }

    /** Heap it takes, with references counted at 8 bytes (uncompressed, so never under). */
    long bytes() {
        return BYTES_BESIDE_FRAMES + 8L * frames.length;
    }
}
