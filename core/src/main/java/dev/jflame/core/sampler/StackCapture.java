package dev.jflame.core.sampler;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * How stacks are taken from the JVM. Implementations are confined to the sampler thread.
 *
 * <p>Measured with {@code -Xlog:safepoint} and {@code -Xlog:handshake}: on JDK 17 and on JDK 25,
 * {@code ThreadMXBean.getThreadInfo} with a stack depth is a global safepoint ("ThreadDump") whether
 * it covers one thread or many, so all threads of a tick go in one call. From JDK 21,
 * {@code Thread.getStackTrace()} of another thread is a handshake with that thread alone, so there the
 * stacks are taken one thread at a time and the others never stop; states, locks and counters come
 * from {@code getThreadInfo} without a stack, which needs neither (and for a thread that is running
 * before and after its handshake, from {@code Thread.getState()} alone).
 */
abstract class StackCapture {
    /** Created on the sampler thread: the management classes take a while to load. */
    final ThreadMXBean mx = ManagementFactory.getThreadMXBean();

    /**
     * Captures the first {@code n} threads into {@code out}, at most {@code maxDepth} frames where the
     * JVM allows a limit; {@code seen} is each thread's state in this tick's scan, {@code atScan} the JVM's
     * word on it since the scan, or null.
     */
    abstract void capture(long[] ids, Thread[] threads, Thread.State[] seen, ThreadInfo[] atScan, int n, int maxDepth, CaptureBatch out);

    /** States, lock and wait counters without stacks: no safepoint, cheap. */
    ThreadInfo[] peek(long[] ids, int n) {
        return mx.getThreadInfo(Arrays.copyOf(ids, n), 0);
    }

    abstract String name();

    /** Whether a capture pauses every thread of the JVM (a global safepoint) rather than only those captured. */
    abstract boolean stopsTheWorld();

    static StackCapture forThisJvm() {
        return Runtime.version().feature() >= 21 ? new Handshakes() : new Batched();
    }

    /** One {@code getThreadInfo(ids, depth)} call: one safepoint per tick, stacks and states consistent. */
    static final class Batched extends StackCapture {
        @Override
        void capture(long[] ids, Thread[] threads, Thread.State[] seen, ThreadInfo[] atScan, int n, int maxDepth, CaptureBatch out) {
            ThreadInfo[] infos = mx.getThreadInfo(Arrays.copyOf(ids, n), maxDepth);
            out.reset(n);
            for (int i = 0; i < n; i++) {
                out.set(i, infos[i], infos[i] == null ? null : infos[i].getStackTrace(), true);
            }
        }

        @Override
        String name() {
            return "batched";
        }

        @Override
        boolean stopsTheWorld() {
            return true;
        }
    }

    /**
     * One handshake per thread, no global pause. Stack and state are not taken at the same instant,
     * so the state is read before and after the stacks: a thread whose state or wait counters moved
     * in between is sampled (with the later state) but not cached, or a stale stack (a thread caught
     * running just before it went to sleep) would stand for its whole wait.
     *
     * <p>A thread the scan saw running takes a shorter path: its stack, then {@code Thread.getState()},
     * which is free where a {@code ThreadInfo} costs the JVM a snapshot (two of them per running thread
     * were 8 % of the sampler's CPU on JDK 25, profiled with async-profiler on IdleCrowd 200). Its tick
     * is running whatever it does by then (the scan's state is the tick's, see ThreadSampling); the state
     * after says only whether the stack may be kept, and whether the thread is gone.
     */
    static final class Handshakes extends StackCapture {
        @Override
        void capture(long[] ids, Thread[] threads, Thread.State[] seen, ThreadInfo[] atScan, int n, int maxDepth, CaptureBatch out) {
            out.reset(n);
            for (int i = 0; i < n; i++) {
                if (seen[i] == Thread.State.RUNNABLE) {
                    StackTraceElement[] stack = threads[i].getStackTrace();
                    Thread.State now = threads[i].getState();
                    if (now == Thread.State.TERMINATED) {
                        out.set(i, null, null, false);
                    } else {
                        out.setRunnable(i, stack, now == Thread.State.RUNNABLE);
                    }
                    continue;
                }
                // Per thread, so the window in which the thread may move is one handshake long. A thread
                // asked about since the scan is not asked again: its window is longer, so a wait that moved
                // in it is not cached, which is what the reading is for.
                ThreadInfo before = atScan[i] != null ? atScan[i] : mx.getThreadInfo(ids[i], 0);
                StackTraceElement[] stack = threads[i].getStackTrace();
                ThreadInfo after = mx.getThreadInfo(ids[i], 0);
                // An empty stack is a thread with no Java frames yet (or any more): still a sample.
                out.set(i, after, stack, sameEpisode(before, after));
            }
        }

        private static boolean sameEpisode(ThreadInfo a, ThreadInfo b) {
            return a != null && b != null && a.getThreadState() == b.getThreadState()
                    && a.getWaitedCount() == b.getWaitedCount() && a.getBlockedCount() == b.getBlockedCount();
        }

        @Override
        String name() {
            return "handshakes";
        }

        @Override
        boolean stopsTheWorld() {
            return false;
        }
    }
}
