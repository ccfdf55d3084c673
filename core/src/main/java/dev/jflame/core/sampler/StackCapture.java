package dev.jflame.core.sampler;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * How stacks are taken from the JVM. Implementations are confined to the sampler thread.
 *
 * <p>On JDK 17 a stack capture needs a global safepoint whose cost hardly depends on how many
 * threads it covers, so all threads of a tick go in one batch. From JDK 21 a single-thread capture
 * is a handshake with just that thread, so capturing threads one by one never stops the others.
 */
abstract class StackCapture {
    /** Created on the sampler thread: the management classes take a while to load. */
    final ThreadMXBean mx = ManagementFactory.getThreadMXBean();

    /** Captures the first {@code n} ids with at most {@code maxDepth} frames; null entries for dead threads. */
    abstract ThreadInfo[] capture(long[] ids, int n, int maxDepth);

    /** States, lock and wait counters without stacks: no safepoint, cheap. */
    ThreadInfo[] peek(long[] ids, int n) {
        return mx.getThreadInfo(java.util.Arrays.copyOf(ids, n), 0);
    }

    abstract String name();

    static StackCapture forThisJvm() {
        return Runtime.version().feature() >= 21 ? new PerThread() : new Batched();
    }

    /** One {@code getThreadInfo(ids, depth)} call: one safepoint per tick. */
    static final class Batched extends StackCapture {
        @Override
        ThreadInfo[] capture(long[] ids, int n, int maxDepth) {
            return mx.getThreadInfo(java.util.Arrays.copyOf(ids, n), maxDepth);
        }

        @Override
        String name() {
            return "batched";
        }
    }

    /** One handshake per thread; no global pause. */
    static final class PerThread extends StackCapture {
        @Override
        ThreadInfo[] capture(long[] ids, int n, int maxDepth) {
            ThreadInfo[] out = new ThreadInfo[n];
            for (int i = 0; i < n; i++) {
                out[i] = mx.getThreadInfo(ids[i], maxDepth);
            }
            return out;
        }

        @Override
        String name() {
            return "per-thread";
        }
    }
}
