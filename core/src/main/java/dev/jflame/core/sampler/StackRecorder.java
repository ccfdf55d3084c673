package dev.jflame.core.sampler;

import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.FrameTable;
import dev.jflame.core.model.SampleState;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a captured stack into a path in the call tree and classifies the thread's state.
 * Confined to the sampler thread (called under the profile lock).
 */
final class StackRecorder {
    static final String TRUNCATED = "[truncated]";

    private final FrameTable frames;
    private final CallTree tree;
    private final int depth;
    /** Stack elements seen before, so a known frame costs one hash lookup and no string building. */
    private final Map<StackTraceElement, Integer> elementFrames = new HashMap<>();
    private final int truncatedFrame;

    /** Set by {@link #record}: the state the sample was counted in. */
    SampleState lastState;

    StackRecorder(FrameTable frames, CallTree tree, int depth) {
        this.frames = frames;
        this.tree = tree;
        this.depth = depth;
        this.truncatedFrame = frames.intern(TRUNCATED, FrameKind.TRUNCATED);
    }

    /** Depth to request from the JVM: one more than kept, to tell whether the stack was cut. */
    int requestDepth() {
        return depth + 1;
    }

    /**
     * Adds one sample of {@code stack} (top frame first) under {@code threadNode} and returns its leaf node.
     * The leaf is a state frame for threads that were not running.
     */
    int record(int threadNode, StackTraceElement[] stack, Thread.State jvmState, String lockClass) {
        int n = stack.length;
        int node = threadNode;
        if (n > depth) {
            node = tree.child(node, truncatedFrame);
            n = depth;
        }
        for (int i = n - 1; i >= 0; i--) {
            node = tree.child(node, frameOf(stack[i]));
        }
        SampleState state = classify(jvmState, lockClass, stack);
        if (state != SampleState.RUNNABLE) {
            node = tree.child(node, frames.intern(stateFrame(state, lockClass), FrameKind.STATE));
        }
        tree.add(node, state, 1);
        lastState = state;
        return node;
    }

    static SampleState classify(Thread.State jvmState, String lockClass, StackTraceElement[] stack) {
        switch (jvmState) {
            case BLOCKED:
                return SampleState.BLOCKED;
            case WAITING:
            case TIMED_WAITING:
                // A park with a blocker reads like jstack ("WAITING on ...ConditionObject"); only a
                // blocker-less park, which would otherwise say nothing, gets its own state.
                if (lockClass == null && stack.length > 0 && isPark(stack[0])) {
                    return SampleState.PARKED;
                }
                return jvmState == Thread.State.WAITING ? SampleState.WAITING : SampleState.TIMED_WAITING;
            default:
                return SampleState.RUNNABLE;
        }
    }

    static String stateFrame(SampleState state, String lockClass) {
        if (lockClass == null || state == SampleState.PARKED) {
            return "[" + state.name() + "]";
        }
        return "[" + state.name() + " on " + lockClass + "]";
    }

    private static boolean isPark(StackTraceElement top) {
        return "park".equals(top.getMethodName())
                && ("jdk.internal.misc.Unsafe".equals(top.getClassName()) || "sun.misc.Unsafe".equals(top.getClassName()));
    }

    /**
     * Drops the per-run parts of hidden-class names ({@code Foo$$Lambda$45/0x0000...} becomes
     * {@code Foo$$Lambda}) so the same code gives the same frame in every run and every process.
     */
    static String stableClassName(String cls) {
        int slash = cls.indexOf("/0x");
        if (slash < 0) {
            return cls;
        }
        String base = cls.substring(0, slash);
        int lambda = base.indexOf("$$Lambda");
        return lambda >= 0 ? base.substring(0, lambda + "$$Lambda".length()) : base;
    }

    private int frameOf(StackTraceElement e) {
        Integer id = elementFrames.get(e);
        if (id == null) {
            String cls = stableClassName(e.getClassName());
            id = frames.intern(cls + "." + e.getMethodName(), FrameKind.ofJavaFrame(cls, e.isNativeMethod()));
            elementFrames.put(e, id);
        }
        return id;
    }
}
