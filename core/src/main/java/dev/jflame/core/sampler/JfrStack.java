package dev.jflame.core.sampler;

import dev.jflame.core.model.FrameKind;

/**
 * One distinct stack as JFR sampled it, top frame first, made once per distinct stack on JFR's
 * streaming thread ({@link JfrStacks}) with frames named as {@link dev.jflame.core.jfr.JfrFrames}
 * names them. Its frame ids in the profile's frame table are filled in by the sampler thread the
 * first time the stack is recorded, so a stack seen again costs no lookups. Plain data; the ids are
 * touched only under the sampler's lock.
 */
final class JfrStack {
    final String[] names;
    final FrameKind[] kinds;
    /** Whether JFR, or the depth limit, cut frames off its root end. */
    final boolean truncated;
    /** Frame ids, or null until first recorded; an id of -1 is a frame the memory budget kept out. */
    int[] frameIds;

    JfrStack(String[] names, FrameKind[] kinds, boolean truncated) {
        this.names = names;
        this.kinds = kinds;
        this.truncated = truncated;
    }

    int depth() {
        return names.length;
    }
}
