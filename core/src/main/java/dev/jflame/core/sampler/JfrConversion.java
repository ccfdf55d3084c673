package dev.jflame.core.sampler;

import dev.jflame.core.jfr.JfrFrames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;

/**
 * JFR's stacks turned into {@link JfrStack}s, remembered within a byte bound. Confined to JFR's streaming
 * thread.
 *
 * <p>JFR resolves a stack trace once per recording chunk and hands the same {@link RecordedStackTrace}
 * to every event with that stack, so a stack seen again costs an identity lookup. The keys are held
 * weakly: JFR's parser drops a chunk's objects once it has moved two chunks on, and a cache that held
 * them would keep every chunk's stacks alive (that was 600-900 MB for a program of ever-new deep stacks).
 * Methods are shared between stacks ({@link JfrMethod}), found by JFR's object while its chunk lasts and
 * by name after, so a frame costs one reference and a method's name is made once.
 *
 * <p>What it keeps is counted in bytes ({@link #bytes}); the owner clears it when its share of the memory
 * budget is spent. Entries whose chunk was dropped leave the maps without leaving the count, so the count
 * is an upper bound.
 */
final class JfrConversion {
    /** Heap of a method beside its name's characters: the object, its name string, two map entries. */
    private static final int BYTES_PER_METHOD = 32 + 40 + 48 + 48;

    private final int maxDepth;
    private final Map<RecordedStackTrace, JfrStack> stacks = new WeakHashMap<>();
    private final Map<RecordedMethod, JfrMethod> methods = new WeakHashMap<>();
    private final Map<String, JfrMethod> methodsByName = new HashMap<>();
    private long bytes;
    /** Bytes the latest {@link #stack} call added (0 when the stack was known). */
    long lastAdded;

    JfrConversion(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    /** The stack of {@code trace}, made now if not seen before. */
    JfrStack stack(RecordedStackTrace trace) {
        JfrStack stack = stacks.get(trace);
        if (stack != null) {
            lastAdded = 0;
            return stack;
        }
        long before = bytes;
        List<RecordedFrame> frames = trace.getFrames();
        int n = Math.min(frames.size(), maxDepth);
        JfrMethod[] methodsOfStack = new JfrMethod[n];
        for (int i = 0; i < n; i++) {
            methodsOfStack[i] = method(frames.get(i).getMethod());
        }
        stack = new JfrStack(methodsOfStack, trace.isTruncated() || frames.size() > maxDepth);
        stacks.put(trace, stack);
        bytes += stack.bytes();
        lastAdded = bytes - before;
        return stack;
    }

    private JfrMethod method(RecordedMethod m) {
        JfrMethod known = methods.get(m);
        if (known != null) {
            return known;
        }
        String name = JfrFrames.name(m);
        JfrMethod byName = methodsByName.get(name);
        if (byName == null) {
            byName = new JfrMethod(name, JfrFrames.kind(m));
            methodsByName.put(name, byName);
            bytes += BYTES_PER_METHOD + 2L * name.length();
        }
        methods.put(m, byName);
        return byName;
    }

    /** Bytes kept, an upper bound. */
    long bytes() {
        return bytes;
    }

    /** Forgets everything; stacks handed out stay valid. */
    void clear() {
        stacks.clear();
        methods.clear();
        methodsByName.clear();
        bytes = 0;
    }
}
