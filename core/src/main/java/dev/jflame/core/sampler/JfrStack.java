package dev.jflame.core.sampler;

/**
 * One distinct stack as JFR sampled it, top frame first, made once per distinct stack on JFR's
 * streaming thread ({@link JfrConversion}). Immutable, but for the frames of its virtual-thread form,
 * made once on that thread.
 */
final class JfrStack {
    /** Heap of a stack beside its frames: the object, its array's header, the cache entry that finds it. */
    static final int BYTES_BESIDE_FRAMES = 24 + 16 + 48;
    /** Heap of a virtual thread's sample, which is a stack object of its own ({@link #ofVirtualThread}). */
    static final int BYTES_OF_VIRTUAL_SAMPLE = 32;

    /** Where the Java API's stack of a virtual thread starts, and the frame JFR has just above it ({@link #ofVirtualThread}). */
    private static final String VIRTUAL_THREAD_RUN = "java.lang.VirtualThread.run";
    private static final String RUN_WITH = "java.lang.Thread.runWith";

    final JfrMethod[] frames;
    /** Whether JFR, or the depth limit, cut frames off its root end. */
    final boolean truncated;
    /** The group of the virtual thread JFR took it of ({@link dev.jflame.core.model.VirtualGroups}), or null for a platform thread's. */
    final String virtualGroup;
    /** {@link #frames} as a virtual thread's own stack ({@link #ofVirtualThread}); null until first asked. */
    private JfrMethod[] virtualFrames;

    JfrStack(JfrMethod[] frames, boolean truncated) {
        this(frames, truncated, null);
    }

    private JfrStack(JfrMethod[] frames, boolean truncated, String virtualGroup) {
        this.frames = frames;
        this.truncated = truncated;
        this.virtualGroup = virtualGroup;
    }

    /**
     * The same stack, taken of a virtual thread of {@code group}: a sample of its own, not a shared distinct stack.
     * Its frames start where the Java API's stack of a virtual thread starts, at {@code VirtualThread.run}
     * and without {@code Thread.runWith}, as the census's thread dump gives them: JFR also has the
     * continuation's frames below (from {@code Continuation.enterSpecial}), which would put a virtual thread's
     * running and pinned samples under another root than its waits. On JFR's streaming thread only.
     */
    JfrStack ofVirtualThread(String group) {
        if (virtualFrames == null) {
            virtualFrames = fromVirtualThreadRun(frames);
        }
        return new JfrStack(virtualFrames, truncated, group);
    }

    /** {@code frames} (top first) from their last {@code VirtualThread.run} up, without a {@code Thread.runWith} just above it. */
    static JfrMethod[] fromVirtualThreadRun(JfrMethod[] frames) {
        int run = frames.length - 1;
        while (run >= 0 && !VIRTUAL_THREAD_RUN.equals(frames[run].name)) {
            run--;
        }
        if (run < 0) {
            // Cut short at its root end (JFR's or the profile's depth): as it is.
            return frames;
        }
        boolean runWith = run > 0 && RUN_WITH.equals(frames[run - 1].name);
        JfrMethod[] kept = new JfrMethod[runWith ? run : run + 1];
        System.arraycopy(frames, 0, kept, 0, runWith ? run - 1 : run);
        kept[kept.length - 1] = frames[run];
        return kept;
    }

    int depth() {
        return frames.length;
    }

    /** Heap it takes, with references counted at 8 bytes (uncompressed, so never under). */
    long bytes() {
        return BYTES_BESIDE_FRAMES + 8L * frames.length;
    }
}
