package dev.jflame.core.sampler;

import dev.jflame.core.model.FrameKind;

/**
 * One method as jflame names it, made once on JFR's streaming thread ({@link JfrConversion}) and shared by
 * every stack it is in, so a deep stack costs a reference per frame rather than a name. Its frame id in the
 * profile is filled in by the sampler thread the first time a stack with it is recorded, under the
 * sampler's lock; the name and kind never change.
 */
final class JfrMethod {
    final String name;
    final FrameKind kind;
    /** The profile's frame id, or -1 until recorded (or while the memory budget keeps new names out). */
    int frameId = -1;
    /** The recorder's epoch {@link #frameId} was looked up in: a fresh tree in push mode makes it stale. */
    int frameEpoch;

    JfrMethod(String name, FrameKind kind) {
        this.name = name;
        this.kind = kind;
    }
}
