package dev.jflame.core.format.collapsed;

import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.FrameNames;
import dev.jflame.core.model.SampleState;

/**
 * What a frame of folded stacks is, told by its shape alone (the text carries no kinds): state leaves,
 * threads, markers, Java methods (async-profiler's names made jflame's), native symbols. Stateless.
 */
final class FoldedFrames {
    private FoldedFrames() {
    }

    /** The state a leaf such as {@code [BLOCKED on java.lang.Object]} stands for, or null. */
    static SampleState stateOf(String frame) {
        for (SampleState s : SampleState.values()) {
            String bare = s.leafFrame(null);
            if (bare == null) {
                continue;
            }
            if (frame.equals(bare)) {
                return s;
            }
            String prefix = bare.substring(0, bare.length() - 1) + " on ";
            if (frame.startsWith(prefix) && frame.endsWith("]") && frame.length() > prefix.length() + 1) {
                return s;
            }
        }
        return null;
    }

    /**
     * The kind of a frame that is neither a process root nor a state leaf; {@code name[0]} is replaced by
     * the name jflame uses (dotted class names, async-profiler's suffix dropped).
     */
    static FrameKind kindOf(String[] name, boolean top) {
        String f = name[0];
        if (f.startsWith("[") && f.endsWith("]")) {
            if (f.equals(FrameNames.AGENT)) {
                return FrameKind.AGENT;
            }
            if (top && f.startsWith(FrameNames.THREAD_PREFIX)) {
                return FrameKind.THREAD;
            }
            int tid = f.lastIndexOf("tid=");
            if (top && tid >= 1 && (tid == 1 || f.charAt(tid - 1) == ' ')) {
                // async-profiler's [name tid=N], or [tid=N] for a thread without a name: jflame's thread frame,
                // so threads line up with jflame's and JFR's in a diff.
                name[0] = FrameNames.thread(tid == 1 ? f.substring(1, f.length() - 1) : f.substring(1, tid - 1));
                return FrameKind.THREAD;
            }
            return FrameKind.TRUNCATED;
        }
        int mark = f.lastIndexOf("_[");
        if (mark > 0 && f.endsWith("]") && f.length() - mark <= 5) {
            if (f.charAt(mark + 2) == 'k') {
                // A kernel frame keeps its _[k], as a JFR file of async-profiler's names it (JfrFrames):
                // the same frame reads the same through either door, and the kind cannot say "kernel".
                return FrameKind.NATIVE;
            }
            f = f.substring(0, mark);
            name[0] = f;
        }
        if (!isJavaMethod(f)) {
            return FrameKind.NATIVE;
        }
        int dot = f.lastIndexOf('.');
        // Dotted class names, and a hidden class's per-run address dropped, as jflame names frames.
        String cls = FrameNames.stableClassName(f.substring(0, dot).replace('/', '.'));
        name[0] = cls + f.substring(dot);
        return FrameKind.ofJavaFrame(cls, false);
    }

    /**
     * {@code a.b.C.m} or {@code a/b/C.m}: identifier characters, a class and a method whose name starts
     * like a Java identifier (or {@code <init>}) — not a C symbol's {@code .constprop.0} or {@code .isra.0}.
     */
    private static boolean isJavaMethod(String f) {
        int dot = f.lastIndexOf('.');
        if (dot <= 0 || dot == f.length() - 1 || f.startsWith("/") || f.contains("::")) {
            return false;
        }
        char first = f.charAt(dot + 1);
        if (!Character.isJavaIdentifierStart(first) && first != '<') {
            return false;
        }
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (!(Character.isJavaIdentifierPart(c) || c == '.' || c == '/' || c == '<' || c == '>')) {
                return false;
            }
        }
        return true;
    }
}
