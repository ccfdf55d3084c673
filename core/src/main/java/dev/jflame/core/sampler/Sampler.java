package dev.jflame.core.sampler;

import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.model.SamplerStats;
import dev.jflame.core.options.Options;
import java.lang.management.ThreadInfo;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples every live platform thread's stack and state on its own daemon thread. Thread-safe: start,
 * stop and snapshot may be called from any thread; the profile is touched only under a lock that
 * application threads never take.
 *
 * <p>Each tick reads every thread's state (cheap, no safepoint) and captures stacks only for threads
 * that are running or whose wait may have changed. A thread still in the same wait reuses the leaf of
 * its cached stack, so idle threads cost a state read and one counter increment. "Same wait" means
 * the same JVM state and park blocker; because a thread can leave and re-enter a wait between two
 * ticks, a bounded number of cached waits per tick is also checked against the JVM's wait/block
 * counters, round-robin.
 */
public final class Sampler {
    /** Cached waits checked per tick for a new wait episode; bounds the cost of large idle pools. */
    static final int CHECKS_PER_TICK = 32;
    /** CPU a thread may use between two ticks and still count as idle in its native method. */
    static final long QUIET_CPU_NANOS = 50_000;
    /** Ticks after which a quiet native stack is captured afresh anyway, in case it moved. */
    static final int MAX_NATIVE_REUSES = 100;
    private static final int MAX_CONSECUTIVE_ERRORS = 100;

    private final Options options;
    private final Object lock = new Object();
    private final Profile profile = new Profile();
    private final ProcessInfo process = new ProcessInfo();
    private final SamplerStats stats = process.stats;
    private final Set<Thread> excluded = ConcurrentHashMap.newKeySet();
    /** Set on the sampler thread, so premain does not wait for the management classes to load. */
    private StackCapture capture;
    private boolean cpuTimeSupported;
    private final ThreadTable table;
    private final StackRecorder recorder;
    private final Thread thread;
    private final Runnable onDurationEnd;
    private volatile boolean stopping;

    // Per-tick scratch, reused to keep the tick allocation-light. Sampler thread only.
    private long[] captureIds = new long[64];
    private ThreadSlot[] captureSlots = new ThreadSlot[64];
    private Thread[] captureThreads = new Thread[64];
    private final CaptureBatch batch = new CaptureBatch();
    private int captureCount;
    private ThreadSlot[] waiting = new ThreadSlot[64];
    private int waitingCount;
    private long[] checkIds = new long[CHECKS_PER_TICK];
    private int checkCursor;
    private long tick;
    private int consecutiveErrors;

    /**
     * @param onDurationEnd run on the sampler thread when {@code duration=} ends (not on {@link #stop()})
     */
    public Sampler(Options options, ProcessInfo identity, Runnable onDurationEnd) {
        this.options = options;
        this.onDurationEnd = onDurationEnd;
        process.pid = identity.pid;
        process.mainClass = identity.mainClass;
        process.jdk = identity.jdk;
        process.vm = identity.vm;
        process.host = identity.host;
        process.parentPid = identity.parentPid;
        process.intervalNanos = options.intervalNanos();
        profile.processes().add(process);
        this.table = new ThreadTable(options.threads(), options.jvmThreads(), excluded, profile.frames(), profile.tree());
        this.recorder = new StackRecorder(profile.frames(), profile.tree(), options.depth());
        this.thread = new Thread(new Runnable() {
            // An inner class, not a lambda: a JVM that has not used lambdas yet would pay their
            // bootstrap in premain.
            @Override
            public void run() {
                Sampler.this.run();
            }
        }, "jflame-sampler");
        thread.setDaemon(true);
        excluded.add(thread);
    }

    public void start() {
        process.startMillis = System.currentTimeMillis();
        thread.start();
    }

    /** Keeps a thread of jflame's own out of the profile. */
    public void exclude(Thread t) {
        excluded.add(t);
    }

    /** Stops sampling and waits briefly for the last tick to finish. Idempotent. */
    public void stop() {
        stopping = true;
        LockSupport.unpark(thread);
        if (Thread.currentThread() != thread) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isRunning() {
        return thread.isAlive() && !stopping;
    }

    /** A consistent copy of everything sampled so far, with the end time set to now. */
    public Profile snapshot() {
        synchronized (lock) {
            process.endMillis = System.currentTimeMillis();
            return profile.copy();
        }
    }

    /** Samples so far, for progress displays. */
    public long samples() {
        synchronized (lock) {
            return stats.samples;
        }
    }

    /** A copy of the sampler's own statistics so far (tick cost, samples), for status displays. */
    public SamplerStats stats() {
        synchronized (lock) {
            return stats.copy();
        }
    }

    /** Which capture strategy this JVM uses ("batched" or "per-thread"). */
    public String captureStrategy() {
        synchronized (lock) {
            return capture == null ? "starting" : capture.name();
        }
    }

    private void run() {
        synchronized (lock) {
            capture = StackCapture.forThisJvm();
            cpuTimeSupported = capture.mx.isThreadCpuTimeSupported() && capture.mx.isThreadCpuTimeEnabled();
        }
        long interval = options.intervalNanos();
        long began = System.nanoTime();
        long next = began + jittered(interval);
        while (!stopping) {
            long now;
            while ((now = System.nanoTime()) < next && !stopping) {
                LockSupport.parkNanos(next - now);
            }
            if (stopping) {
                break;
            }
            long start = System.nanoTime();
            long cpuStart = ownCpuNanos();
            synchronized (lock) {
                safeTick();
                long end = System.nanoTime();
                long cpu = cpuStart < 0 ? -1 : ownCpuNanos() - cpuStart;
                stats.recordTick(end - start, Math.max(0, start - next), cpu);
                next = Math.max(start + jittered(interval), end);
            }
            if (options.durationNanos() > 0 && System.nanoTime() - began >= options.durationNanos()) {
                stopping = true;
                onDurationEnd.run();
                return;
            }
        }
    }

    private static long jittered(long interval) {
        return (long) (interval * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
    }

    private void safeTick() {
        try {
            tick();
            consecutiveErrors = 0;
        } catch (Throwable t) {
            stats.errors++;
            if (stats.errors == 1) {
                System.err.println("jflame: sampler error, this tick is skipped: " + t);
            }
            if (++consecutiveErrors >= MAX_CONSECUTIVE_ERRORS) {
                System.err.println("jflame: sampler stopped after " + consecutiveErrors + " failed ticks in a row: " + t);
                stopping = true;
            }
        }
    }

    private void tick() {
        tick++;
        captureCount = 0;
        waitingCount = 0;
        int n = table.enumerate();
        int sampled = 0;
        for (int i = 0; i < n; i++) {
            Thread t = table.thread(i);
            ThreadSlot s = table.slot(t, tick);
            if (s == null || !s.included) {
                continue;
            }
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
            ThreadSlot s = waiting[i];
            profile.tree().add(s.cachedLeaf, s.cachedSampleState, 1);
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
                s.forgetWait();
                addCapture(s);
            }
            return;
        }
        s.nativeLeaf = -1;
        if (s.cachedLeaf < 0 || state != s.cachedState || LockSupport.getBlocker(t) != s.cachedBlocker) {
            s.forgetWait();
            addCapture(s);
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
                s.forgetWait();
                waiting[idx] = null;
                if (info != null) {
                    addCapture(s);
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
        capture.capture(captureIds, captureThreads, captureCount, recorder.requestDepth(), batch);
        for (int i = 0; i < captureCount; i++) {
            ThreadSlot s = captureSlots[i];
            captureSlots[i] = null;
            captureThreads[i] = null;
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

    private long ownCpuNanos() {
        return cpuTimeSupported ? capture.mx.getCurrentThreadCpuTime() : -1;
    }

    private long threadCpuNanos(long id) {
        return cpuTimeSupported ? capture.mx.getThreadCpuTime(id) : -1;
    }

    private void addCapture(ThreadSlot s) {
        if (captureCount == captureIds.length) {
            captureIds = java.util.Arrays.copyOf(captureIds, captureCount * 2);
            captureSlots = java.util.Arrays.copyOf(captureSlots, captureCount * 2);
            captureThreads = java.util.Arrays.copyOf(captureThreads, captureCount * 2);
        }
        captureIds[captureCount] = s.id;
        captureThreads[captureCount] = s.thread;
        captureSlots[captureCount++] = s;
    }

    private void addWaiting(ThreadSlot s) {
        if (waitingCount == waiting.length) {
            waiting = java.util.Arrays.copyOf(waiting, waitingCount * 2);
        }
        waiting[waitingCount++] = s;
    }
}
