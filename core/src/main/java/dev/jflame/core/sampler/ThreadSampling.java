package dev.jflame.core.sampler;

import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.model.SamplerStats;
import dev.jflame.core.options.Options;
import java.lang.management.ThreadInfo;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * The work of one tick: decides for every thread whether its cached stack still stands, captures
 * the others and counts one sample per thread. Runs on the sampler thread under the sampler's lock;
 * {@link #flushPending} runs under the same lock from whichever thread takes a snapshot.
 *
 * <p>A thread still in the same wait (same JVM state and park blocker) reuses the leaf of its cached
 * stack, so an idle thread costs a state read and one increment of a counter in its slot, which
 * reaches the call tree when the wait ends or the profile is read. Because a thread can leave
 * and re-enter a wait between two ticks, a bounded, rotating share of the cached waits is checked
 * each tick against the JVM's wait/block counters. A RUNNABLE thread sitting in a native method with
 * its CPU time standing still (a socket read) reuses its stack too.
 */
final class ThreadSampling {
    /**
     * Cached waits checked per tick for a new wait episode. Each check is a {@code ThreadInfo} built
     * by the JVM (~1.5 µs here); 32 a tick made this a fifth of the sampler's CPU. With 8, each of 200
     * idle threads is checked every 25 ticks, which bounds how long a missed re-entry can stay stale.
     */
    static final int CHECKS_PER_TICK = 8;
    /** CPU a thread may use between two ticks and still count as idle in its native method. */
    static final long QUIET_CPU_NANOS = 50_000;
    /** Ticks after which a quiet native stack is captured afresh anyway, in case it moved. */
    static final int MAX_NATIVE_REUSES = 100;

    private final Profile profile;
    private final SamplerStats stats;
    private final ThreadTable table;
    private final StackRecorder recorder;
    private final StackCapture capture;
    private final boolean cpuTimeSupported;

    // Scratch reused from tick to tick, to keep the tick allocation-light.
    private long[] captureIds = new long[64];
    private ThreadSlot[] captureSlots = new ThreadSlot[64];
    private Thread[] captureThreads = new Thread[64];
    /** The state each queued thread had in this tick's scan. */
    private Thread.State[] captureStates = new Thread.State[64];
    private final CaptureBatch batch = new CaptureBatch();
    private int captureCount;
    private ThreadSlot[] waiting = new ThreadSlot[64];
    private int waitingCount;
    private final long[] checkIds = new long[CHECKS_PER_TICK];
    private int checkCursor;
    private long tick;

    /** Call on the sampler thread: it loads the management classes, which takes a while. */
    ThreadSampling(Options options, Profile profile, SamplerStats stats, Set<Thread> excluded) {
        this.profile = profile;
        this.stats = stats;
        this.table = new ThreadTable(options.threads(), options.jvmThreads(), excluded, profile.frames(), profile.tree());
        this.recorder = new StackRecorder(profile.frames(), profile.tree(), options.depth());
        this.capture = StackCapture.forThisJvm();
        this.cpuTimeSupported = capture.mx.isThreadCpuTimeSupported() && capture.mx.isThreadCpuTimeEnabled();
    }

    /** Adds every thread's pending wait samples to the tree; call before the profile is read. */
    void flushPending() {
        table.flushPending();
    }

    /** Which capture strategy this JVM uses ("batched" or "handshakes"). */
    String captureStrategy() {
        return capture.name();
    }

    /** One tick: every included thread is sampled once. */
    void tick() {
        tick++;
        captureCount = 0;
        waitingCount = 0;
        int n = table.enumerate(capture.mx.getTotalStartedThreadCount(), tick);
        int sampled = 0;
        for (int i = 0; i < n; i++) {
            ThreadSlot s = table.slot(i, tick);
            if (s == null || !s.included) {
                continue;
            }
            Thread t = s.thread;
            Thread.State state = t.getState();
            if (state == Thread.State.NEW || state == Thread.State.TERMINATED) {
                continue;
            }
            sampled++;
            visit(s, t, state);
        }
        stats.maxThreads = Math.max(stats.maxThreads, sampled);
        checkWaits();
        for (int i = 0; i < waitingCount; i++) {
            waiting[i].pendingSamples++;
        }
        stats.stacksReused += waitingCount;
        stats.samples += waitingCount;
        captureAndRecord();
        table.prune(tick);
    }

    /** Counts a reusable sample now, or queues the thread for a capture or a wait check. */
    private void visit(ThreadSlot s, Thread t, Thread.State state) {
        if (state == Thread.State.RUNNABLE) {
            if (s.nativeLeaf >= 0 && stillQuietInNative(s)) {
                profile.tree().add(s.nativeLeaf, SampleState.RUNNABLE, 1);
                stats.stacksReused++;
                stats.samples++;
            } else {
                s.forgetWait(profile.tree());
                addCapture(s, state);
            }
            return;
        }
        s.nativeLeaf = -1;
        if (s.cachedLeaf < 0 || state != s.cachedState || LockSupport.getBlocker(t) != s.cachedBlocker) {
            s.forgetWait(profile.tree());
            addCapture(s, state);
        } else {
            addWaiting(s);
        }
    }

    /**
     * Checks a bounded, rotating share of the cached waits against the JVM's counters; a thread
     * that has waited or blocked again since its stack was cached gets a fresh capture.
     */
    private void checkWaits() {
        int budget = Math.min(CHECKS_PER_TICK, waitingCount);
        if (budget == 0) {
            return;
        }
        int from = checkCursor % waitingCount;
        for (int k = 0; k < budget; k++) {
            checkIds[k] = waiting[(from + k) % waitingCount].id;
        }
        checkCursor = from + budget;
        ThreadInfo[] infos = capture.peek(checkIds, budget);
        stats.waitsChecked += budget;
        for (int k = 0; k < budget; k++) {
            int idx = (from + k) % waitingCount;
            ThreadSlot s = waiting[idx];
            ThreadInfo info = infos[k];
            if (info == null || info.getWaitedCount() != s.cachedWaitedCount
                    || info.getBlockedCount() != s.cachedBlockedCount || info.getThreadState() != s.cachedState) {
                s.forgetWait(profile.tree());
                waiting[idx] = null;
                if (info != null) {
                    addCapture(s, info.getThreadState());
                }
            }
        }
        int w = 0;
        for (int i = 0; i < waitingCount; i++) {
            if (waiting[i] != null) {
                waiting[w++] = waiting[i];
            }
        }
        waitingCount = w;
    }

    private void captureAndRecord() {
        if (captureCount == 0) {
            return;
        }
        capture.capture(captureIds, captureThreads, captureStates, captureCount, recorder.requestDepth(), batch);
        for (int i = 0; i < captureCount; i++) {
            ThreadSlot s = captureSlots[i];
            captureSlots[i] = null;
            captureThreads[i] = null;
            captureStates[i] = null;
            if (!batch.present(i)) {
                continue;
            }
            StackTraceElement[] stack = batch.stacks[i];
            int leaf = recorder.record(s.threadNode, stack, batch.states[i], batch.lockClasses[i]);
            stats.samples++;
            stats.stacksCaptured++;
            if (!batch.stable[i]) {
                continue;
            }
            if (recorder.lastState == SampleState.RUNNABLE) {
                rememberNative(s, stack, leaf);
            } else {
                s.cachedLeaf = leaf;
                s.cachedSampleState = recorder.lastState;
                s.cachedState = batch.states[i];
                s.cachedBlocker = LockSupport.getBlocker(s.thread);
                s.cachedWaitedCount = batch.waitedCounts[i];
                s.cachedBlockedCount = batch.blockedCounts[i];
            }
        }
        batch.reset(0);
    }

    /**
     * A thread that the JVM calls RUNNABLE but that sits in a native method (a socket read, an
     * accept, the reference handler's wait) is idle as far as the CPU goes; its stack is kept, and
     * reused while its CPU time does not move, so idle I/O threads cost no stack captures.
     */
    private void rememberNative(ThreadSlot s, StackTraceElement[] stack, int leaf) {
        long cpu = stack.length > 0 && stack[0].isNativeMethod() ? threadCpuNanos(s.id) : -1;
        if (cpu >= 0) {
            s.nativeLeaf = leaf;
            s.nativeCpuNanos = cpu;
            s.nativeReuses = 0;
        }
    }

    private boolean stillQuietInNative(ThreadSlot s) {
        long cpu = threadCpuNanos(s.id);
        boolean quiet = cpu >= 0 && cpu - s.nativeCpuNanos < QUIET_CPU_NANOS && ++s.nativeReuses < MAX_NATIVE_REUSES;
        s.nativeCpuNanos = cpu;
        if (!quiet) {
            s.nativeLeaf = -1;
        }
        return quiet;
    }

    /** CPU time of the calling (sampler) thread, or -1 where the JVM cannot tell. */
    long ownCpuNanos() {
        return cpuTimeSupported ? capture.mx.getCurrentThreadCpuTime() : -1;
    }

    private long threadCpuNanos(long id) {
        return cpuTimeSupported ? capture.mx.getThreadCpuTime(id) : -1;
    }

    private void addCapture(ThreadSlot s, Thread.State seen) {
        if (captureCount == captureIds.length) {
            captureIds = java.util.Arrays.copyOf(captureIds, captureCount * 2);
            captureSlots = java.util.Arrays.copyOf(captureSlots, captureCount * 2);
            captureThreads = java.util.Arrays.copyOf(captureThreads, captureCount * 2);
            captureStates = java.util.Arrays.copyOf(captureStates, captureCount * 2);
        }
        captureIds[captureCount] = s.id;
        captureThreads[captureCount] = s.thread;
        captureStates[captureCount] = seen;
        captureSlots[captureCount++] = s;
    }

    private void addWaiting(ThreadSlot s) {
        if (waitingCount == waiting.length) {
            waiting = java.util.Arrays.copyOf(waiting, waitingCount * 2);
        }
        waiting[waitingCount++] = s;
    }
}
