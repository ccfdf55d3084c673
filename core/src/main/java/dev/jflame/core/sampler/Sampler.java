package dev.jflame.core.sampler;

import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SamplerStats;
import dev.jflame.core.options.Options;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples every live platform thread's stack and state on its own daemon thread. Thread-safe: start,
 * stop and snapshot may be called from any thread; the profile is touched only under a lock that
 * application threads never take.
 *
 * <p>This class owns the thread, the schedule (the interval, jittered) and the sampler's own
 * statistics; what one tick does is {@link ThreadSampling}'s job.
 */
public final class Sampler {
    private static final int MAX_CONSECUTIVE_ERRORS = 100;

    private final Options options;
    private final Object lock = new Object();
    private final Profile profile = new Profile();
    private final ProcessInfo process;
    private final SamplerStats stats;
    private final Set<Thread> excluded = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private final Runnable onDurationEnd;
    /** Created on the sampler thread, so premain does not wait for the management classes to load. */
    private ThreadSampling work;
    /** Whether the sampler thread is past its prelude (it builds or has built {@link #work}). Under the lock. */
    private boolean building;
    private volatile boolean stopping;
    /** Whether {@link #stop} was called, as opposed to the sampler stopping itself. */
    private volatile boolean stopAsked;

    /**
     * When the sampler keeps jflame's own code out of C2 ({@link DiagnosticCommands#keepOwnCodeOutOfC2}), on
     * every engine: after its first second, so that the code hot enough for C2 by then (the tree's lookups, the
     * scan's inner loop) keeps that compile, while what gets hot slowly is left to C1. Given before the first
     * tick, IdleCrowd 200's ticks took 10 % more CPU (134 against 121 µs); given only where JFR gives the
     * stacks, an attach on the Java engine had C2 spend ~0.3 s on the sampler within 10 s (-XX:+LogCompilation;
     * bench/results.md). A JVM that lives less than a second gives none.
     */
    private static final long C1_ONLY_AFTER_NANOS = 1_000_000_000L;
    /** Whether this sampler has given that directive. Sampler thread only. */
    private boolean ownCodeLeftToC1;

    private int consecutiveErrors;
    /** The periods cut so far, in push mode beside a file; else null. */
    private Profile history;
    /** When the period {@link #cutPeriod} hands out next began. */
    private long periodStartMillis;

    /**
     * @param onDurationEnd run on the sampler thread when {@code duration=} ends (not on {@link #stop()})
     */
    public Sampler(Options options, ProcessInfo identity, Runnable onDurationEnd) {
        this.options = options;
        this.onDurationEnd = onDurationEnd;
        // A copy as a whole: field by field, the arguments were once left behind (every process read "").
        process = identity.copy();
        process.stats = new SamplerStats();
        stats = process.stats;
        process.intervalNanos = options.intervalNanos();
        profile.processes().add(process);
        this.thread = new Thread(new Runnable() {
            // An inner class, not a lambda: a JVM that has not used lambdas yet would pay their
            // bootstrap in premain.
            @Override
            public void run() {
                try {
                    Sampler.this.run();
                } catch (OutOfMemoryError oom) {
                    // Outside a tick (the schedule's statistics, the end of sampling): nothing of the
                    // sampler's may reach the application's uncaught-exception handler or print a trace.
                    stopping = true;
                    System.err.println("jflame: out of memory in the sampler; sampling stopped, the profile so far will be written");
                }
            }
        }, "jflame-sampler");
        thread.setDaemon(true);
        excluded.add(thread);
    }

    /** A copy of the sampled process's identity (pid, main class, JDK). */
    public ProcessInfo identity() {
        synchronized (lock) {
            return process.copy();
        }
    }

    public void start() {
        start(null);
    }

    /**
     * @param opener opens the JDK's internal packages jflame uses to jflame (the agent's, with its
     *     {@code Instrumentation}), run by the jflame thread that first needs one ({@link JdkInternals}); null
     *     where there is nothing to open with
     */
    public void start(Runnable opener) {
        JdkInternals.openWith(opener);
        process.startMillis = System.currentTimeMillis();
        synchronized (lock) {
            periodStartMillis = process.startMillis;
        }
        thread.start();
    }

    /** Keeps a thread of jflame's own out of the profile. */
    public void exclude(Thread t) {
        excluded.add(t);
    }

    /** Stops sampling and waits briefly for the last tick to finish. Idempotent. */
    public void stop() {
        stopAsked = true;
        stopping = true;
        LockSupport.unpark(thread);
        boolean prelude;
        synchronized (lock) {
            // Set under the lock by a sampler past its prelude; one still in it will see stopping there, and return.
            prelude = !building;
        }
        if (!prelude && Thread.currentThread() != thread) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ThreadSampling w;
        synchronized (lock) {
            w = work;
        }
        if (w != null) {
            // JFR hands its stacks over a second late: wait for the last ones outside the lock (the
            // status and dump commands keep answering), then settle every running tick.
            w.awaitLastStacks();
            synchronized (lock) {
                w.finishRunning();
            }
        }
    }

    public boolean isRunning() {
        return thread.isAlive() && !stopping;
    }

    /** A consistent copy of everything sampled so far, with the end time set to now. */
    public Profile snapshot() {
        Profile copy;
        synchronized (lock) {
            refreshProcess(false);
            copy = profile.copy();
            if (work != null) {
                work.settleCarriesInto(copy);
            }
            if (history != null) {
                // The periods already cut, then the one going on.
                Profile all = history.copy();
                all.graft(copy, CallTree.ROOT);
                all.processes().set(0, copy.processes().get(0));
                copy = all;
            }
        }
        // Counted on the copy, after the lock: a walk of the whole tree that ticks need not wait for.
        copy.processes().get(0).stats.agentSamples = copy.samplesUnder(FrameKind.AGENT);
        return copy;
    }

    /**
     * The samples of the period since the previous call (or the start), as a profile of their own, and a
     * fresh start for the next: push mode's delta. Waits still pending go with this period; ticks still
     * owed a stack (by JFR, or by the next allowed capture) land in the next one when they get it, never in
     * both. The tree keeps its nodes, so the sampler's cached stacks stay valid and cost no capture; its
     * size stays bounded by {@code memory} as always. Without a {@link #keepHistory history}, a tree past half
     * of that budget is replaced at the cut by a fresh one, which the next period starts on
     * ({@link ThreadSampling#startFreshTreeIfDue}).
     */
    public Profile cutPeriod() {
        return cut(false);
    }

    /** The last period, after {@link #stop}: with every sample still pending or carried, for good. */
    public Profile cutLastPeriod() {
        return cut(true);
    }

    private Profile cut(boolean last) {
        Profile period;
        synchronized (lock) {
            refreshProcess(last);
            period = profile.copy();
            profile.clearSamples();
            if (!last && history == null && work != null) {
                // Push alone: the tree starts afresh once it has grown, so it does not grow for the JVM's
                // whole life. Not with a history: it is bounded only because this tree is (it takes the same
                // nodes), and a fresh tree would let ever-new threads and stacks grow it without end.
                work.startFreshTreeIfDue(period);
            }
            ProcessInfo p = period.processes().get(0);
            p.startMillis = periodStartMillis;
            periodStartMillis = p.endMillis;
            if (history != null) {
                history.graft(period, CallTree.ROOT);
                ProcessInfo whole = p.copy();
                whole.startMillis = process.startMillis;
                history.processes().set(0, whole);
            }
        }
        return period;
    }

    /**
     * Keeps every period cut in a profile of the whole run (bounded like the sampler's own tree: the same
     * nodes, and a timeline within the same budget), which {@link #snapshot} and {@link #finalProfile}
     * then give: push mode beside a file. Call before {@link #start}.
     */
    public void keepHistory() {
        history = new Profile();
        history.processes().add(process.copy());
        history.timeline().setMaxEntries(profile.timeline().maxEntries());
    }

    /**
     * The profile for the final write, after {@link #stop}: the sampler's own, not a copy, once its
     * thread has ended (the write streams it, so the tree is never in memory twice); a copy if the
     * thread is somehow still running.
     */
    public Profile finalProfile() {
        if (thread.isAlive()) {
            return snapshot();
        }
        if (history != null) {
            // Push mode beside a file: what the last push did not cut yet joins the periods.
            cut(true);
            history.processes().get(0).stats.agentSamples = history.samplesUnder(FrameKind.AGENT);
            return history;
        }
        synchronized (lock) {
            refreshProcess(true);
        }
        process.stats.agentSamples = profile.samplesUnder(FrameKind.AGENT);
        return profile;
    }

    /**
     * Brings the process's end time, pending wait samples and engine up to date; {@code last} also
     * settles the ticks still carried to a capture (else a snapshot settles them in its copy). Under the lock.
     */
    private void refreshProcess(boolean last) {
        process.endMillis = System.currentTimeMillis();
        if (work != null) {
            if (last) {
                work.inventory(true);
                work.flushPending();
            } else {
                work.flushWaits();
            }
            String engine = work.engine();
            if (!engine.equals(process.engine)) {
                process.engine = engine;
                process.inlinedExact = !Options.Engine.JAVA.value().equals(engine) && VmFlags.debugNonSafepoints();
            }
        }
    }

    /** Samples so far, for progress displays. */
    public long samples() {
        synchronized (lock) {
            return stats.samples;
        }
    }

    /**
     * The figures of a status display, read in place: a copy of the statistics is three histograms of
     * 20 KB, and the status is refreshed every second in an application whose heap may be nearly full.
     */
    public Progress progress() {
        synchronized (lock) {
            return new Progress(stats.samples, stats.ticks, stats.tickMicrosAt(50), stats.tickMicrosAt(99), stats.tickMicrosAt(100),
                    stats.activeNanos);
        }
    }

    /** How this JVM's stacks are taken: "batched" or "handshakes", after "jfr+" when JFR gives the running ones. */
    public String captureStrategy() {
        synchronized (lock) {
            return work == null ? "starting" : work.captureStrategy();
        }
    }

    private void run() {
        ThreadSampling w;
        try {
            // The management classes load here, outside the lock and before anything is sampled: a JVM that
            // ends meanwhile (a short child) need not wait for them (its exit waited ~38 ms, hello world, JDK 17).
            StackCapture capture = StackCapture.forThisJvm();
            synchronized (lock) {
                if (stopping) {
                    // Stopped in the prelude: stop() did not wait, and there is nothing to finish.
                    return;
                }
                building = true;
                w = new ThreadSampling(options, profile, stats, excluded, capture);
                work = w;
                if (stopping) {
                    // Stopped while this was being built (a loaded machine: stop() may have given up
                    // waiting): no tick was taken, and JFR, perhaps waiting out its delay, must never start.
                    w.finishRunning();
                    return;
                }
            }
        } catch (Throwable t) {
            System.err.println("jflame: sampler could not start, profiling disabled: " + t);
            stopping = true;
            return;
        }
        long began = System.nanoTime();
        long next = began + jittered(options.intervalNanos());
        // This loop runs once and never returns until the end, so the JVM interprets it (a compile of a running
        // loop needs ~60 000 turns: 10 minutes at 100 Hz); its turn's work is in methods of their own, which compile.
        while (!stopping) {
            sleepUntil(next);
            if (stopping) {
                break;
            }
            next = timedTick(w, next, began);
            if (stopping && !stopAsked) {
                // Stopped by itself (out of memory, failing ticks): JFR must not go on feeding a
                // sampler that no longer reads it.
                synchronized (lock) {
                    w.finishRunning();
                }
                return;
            }
            if (!ownCodeLeftToC1 && System.nanoTime() - began >= C1_ONLY_AFTER_NANOS) {
                ownCodeLeftToC1 = true;
                leaveOwnCodeToC1();
            }
            if (options.durationNanos() > 0 && System.nanoTime() - began >= options.durationNanos()) {
                stopping = true;
                onDurationEnd.run();
                return;
            }
        }
    }

    /** Parks until {@code next} ({@link System#nanoTime()}), or until stopped. */
    private void sleepUntil(long next) {
        long now;
        // nanoTime values are compared by their difference, which stays right if they wrap.
        while ((now = System.nanoTime()) - next < 0 && !stopping) {
            LockSupport.parkNanos(next - now);
        }
    }

    /** One tick under the lock, timed into the statistics; returns when the next is due. */
    private long timedTick(ThreadSampling w, long due, long began) {
        long start = System.nanoTime();
        long cpuStart = w.ownCpuNanos();
        synchronized (lock) {
            safeTick(w);
            long end = System.nanoTime();
            long cpu = cpuStart < 0 ? -1 : w.ownCpuNanos() - cpuStart;
            stats.recordTick(end - start, Math.max(0, start - due), cpu);
            stats.activeNanos = end - began;
            // Fixed rate: the next tick is due an interval after this one was due, not after it
            // started, so a late wake-up (a loaded machine) is made up by a shorter wait instead of
            // stretching every period. A tick already overdue when this one ends runs at once, and
            // the schedule restarts from there: no debt beyond one tick is paid back in a burst.
            long next = due + jittered(options.intervalNanos());
            return next - end < 0 ? end : next;
        }
    }

    /**
     * Gives the directive on a short thread of its own, for every engine (JFR's handlers run by then where JFR
     * starts at once): where the agent could not open the JDK's commands, the MBean server's creation takes
     * ~0.1-0.15 s, ticks this thread would have missed.
     */
    private void leaveOwnCodeToC1() {
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    DiagnosticCommands.keepOwnCodeOutOfC2();
                } finally {
                    excluded.remove(Thread.currentThread());
                }
            }
        }, "jflame-directive");
        t.setDaemon(true);
        excluded.add(t);
        try {
            t.start();
        } catch (OutOfMemoryError | RuntimeException noThread) {
            // At the JVM's thread limit: C2 compiles jflame's code as it would any other, and the
            // sampler goes on rather than ending inside its loop.
            excluded.remove(t);
        }
    }

    private static long jittered(long interval) {
        return (long) (interval * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
    }

    private void safeTick(ThreadSampling w) {
        try {
            w.tick();
            consecutiveErrors = 0;
        } catch (OutOfMemoryError oom) {
            // The heap is the application's: stop adding to it at once. The tree is whole (it
            // allocates before it swaps), so what was sampled is still written.
            stats.errors++;
            System.err.println("jflame: out of memory while sampling; sampling stopped, the profile so far will be written");
            stopping = true;
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

}
