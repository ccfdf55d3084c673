package dev.jflame.core.sampler;

/**
 * One distinct stack as JFR sampled it, top frame first, made once per distinct stack on JFR's
 * streaming thread ({@link JfrStacks}). Its frame ids in the profile's frame table are filled in by
 * the sampler thread the first time the stack is recorded, so a stack seen again costs no lookups.
 * Plain data; the ids are touched only under the sampler's lock.
 */
final class JfrStack {
    final String[] classes;
    final String[] methods;
    final boolean[] natives;
    /** Whether JFR, or the depth limit, cut frames off its root end. */
    final boolean truncated;
    /** Frame ids, or null until first recorded; an id of -1 is a frame the memory budget kept out. */
    int[] frameIds;

    JfrStack(String[] classes, String[] methods, boolean[] natives, boolean truncated) {
        this.classes = classes;
        this.methods = methods;
        this.natives = natives;
        this.truncated = truncated;
    }

    int depth() {
        return classes.length;
    }
}
