package dev.jflame.core.sampler;

import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.model.SamplerStats;
import dev.jflame.core.model.ThreadStates;
import dev.jflame.core.model.Timeline;
import dev.jflame.core.model.WaitFrames;
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
 * its CPU time standing still (a socket read) is idle in native, and reuses its stack too.
 *
 * <p>How a captured thread's state is decided, on both capture paths (one batched
 * {@code getThreadInfo} on JDK 11-20, handshakes on 21+): the state the scan read
 * ({@code Thread.getState()}) is the tick's. The capture comes a moment later with the stack, and the
 * JVM state, lock and counters of that moment (the batch's {@code ThreadInfo}; on 21+
 * {@code Thread.getState()} right after the handshake of a thread the scan saw running,
 * {@code ThreadInfo} read around it for any other). Where the thread has moved in between, the scan's
 * state stands ({@link CaptureBatch#toScanState}): a thread seen running counts running; a thread seen
 * waiting counts in that wait, with the captured stack where it still ends in that wait, else with a
 * stack {@link EndedWaits} finds. Only the scan's waits are read again, so taking the later reading
 * would count waits that end in that moment as running and never the reverse: short monitor waits
 * (Log4j's appender, BLOCKED 68 % of the time) read 48-54 %. The waits on a lock the JVM names are
 * asked about once more just after the scan ({@link #peekAfterScan}), for the lock of one that ends
 * before its capture. Then two corrections that the stack and the CPU clock make. A thread whose top
 * frame is the native {@code Object.wait} and that the JVM calls RUNNABLE is between its wake-up (a notify, a timeout) and
 * getting its monitor back: HotSpot reports it RUNNABLE, with no lock, until it blocks on the monitor
 * or gets it, and no Java code runs at that frame — so it is BLOCKED on the monitor it waited on
 * (its class as last seen in that wait; none if the wait was never captured). A RUNNABLE thread in a native method is idle in native when its
 * CPU time grew by less than {@link #QUIET_SHARE_DIVISOR 1/20} of the wall time since the previous
 * tick — in one of the known blocking I/O calls ({@link WaitFrames}), or for two intervals in a row in
 * any other native method: a CPU-bound native call that waits for a core uses no CPU either, and one
 * quiet interval is common for it when threads outnumber cores, two in a row much rarer.
 *
 * <p>Running threads' stacks come from JFR where it runs ({@link RunningTicks}). The captures left
 * (new waits, quiet native threads, running threads before JFR samples) stop the world on JDK 11-20,
 * and are then allowed at most once per {@link BetweenCaptures#MIN_GAP_MILLIS}; {@link BetweenCaptures}
 * says what a thread gets in the ticks between.
 */
final class ThreadSampling {
    /**
     * Cached waits checked per tick for a new wait episode. Each check is a {@code ThreadInfo} built
     * by the JVM (~1.5 µs here); 32 a tick made this a fifth of the sampler's CPU. With 8, each of 200
     * idle threads is checked every 25 ticks, which bounds how long a missed re-entry can stay stale.
     */
    static final int CHECKS_PER_TICK = 8;
    /**
     * A thread in a native method is idle when the CPU it used since the previous tick is under
     * 1/20 (5 %) of the wall time between the ticks. Measured here ({@code bench/NativeCpu.java}, 400
     * intervals of 10 ms): threads in {@code accept}, in a socket read and in {@code select} with
     * nothing to do used 0 µs in every interval; one in a {@code Deflater} loop used 86-117 % of the
     * interval alone, and beside three CPU hogs on the two cores p1 32 %, p50 50 % — and a minimum of
     * 0 to 21 %: a thread that waits for a core uses no CPU, hence the two-interval rule for native
     * methods not known to block. A read that burns CPU (data streaming in) stays running.
     */
    static final int QUIET_SHARE_DIVISOR = 20;
    /** Ticks after which a quiet native stack is captured afresh anyway, in case it moved. */
    static final int MAX_NATIVE_REUSES = 100;
    /**
     * Waits at least this long come with JFR's record of them where captures stop the world (JDK 11-20):
     * the stacks of waits that begin and end between two allowed captures ({@link WaitStacks}). A thread
     * that sleeps 1 ms at a time in ever-changing places is the case it must cover; waits shorter than it
     * are seen by few ticks.
     */
    static final long WAIT_THRESHOLD_NANOS = 1_000_000;
    /** Ticks after which the wall clock the JVM's answers are timed by is read again (it runs on {@link System#nanoTime()} between). */
    private static final int WALL_CLOCK_TICKS = 1024;

    private final Profile profile;
    private final Counts counts;
    private final SamplerStats stats;
    private final ThreadTable table;
    private final StackRecorder recorder;
    private final StackCapture capture;
    private final boolean cpuTimeSupported;
    /** Running threads' stacks from JFR, or null with {@code engine=java} (each is captured here then). */
    private RunningTicks running;
    private String engine = Options.Engine.JAVA.value();
    /** The safepoint budget, and the ticks between the captures it allows. */
    private final BetweenCaptures between;
    /** Who holds what the waiting threads wait for. */
    private final LockOwners owners;
    /** What idle threads wait on in other processes, and this JVM's own pipes and connections; null where /proc cannot say. */
    private final PeerWaits peers;
    /** The ticks of waits that ended between the scan and their capture. */
    private final EndedWaits ended;
    /** The census of waiting virtual threads, or null (JDK 24 or older, vcensus=off). */
    private final CensusRecorder census;
    /** Scratch: whom one captured sample waits for. */
    private final WaitTargets oneTarget = new WaitTargets();
    /** Stacks from JFR's wait events for waits between captures, or null where captures do not stop the world or JFR does not run. */
    private WaitStacks waitStacks;
    /** Wall time in microseconds at {@link #wallNanoBase}: JFR's wait events are matched to the scan's answers in it. */
    private long wallBaseMicros;
    private long wallNanoBase;
    /** Whether the Java engine keeps to the safepoint budget ({@link Options#captureBudget}). */
    private final boolean captureBudget;
    /** Whether this tick may capture stacks (always, unless the safepoint budget applies and is spent). */
    private boolean mayCapture;

    // Scratch reused from tick to tick, to keep the tick allocation-light.
    private long[] captureIds = new long[64];
    private ThreadSlot[] captureSlots = new ThreadSlot[64];
    private Thread[] captureThreads = new Thread[64];
    /** The state each queued thread had in this tick's scan: the state its sample counts in. */
    private Thread.State[] captureStates = new Thread.State[64];
    /** The JVM's word on each queued thread just after the scan (its lock, for a wait), or null. */
    private ThreadInfo[] captureInfos = new ThreadInfo[64];
    /** Wall time, microseconds, just after the scan read each queued waiting thread's state (where JFR's waits are matched to it). */
    private long[] captureMicros = new long[64];
    /** Queued waits on a lock the JVM names (a monitor, a park blocker), asked about just after the scan: ids and places in the queue. */
    private long[] peekIds = new long[16];
    private int[] peekAt = new int[16];
    private int peekCount;
    /** Wall time, microseconds, around that question (where JFR's waits are matched to what it said). */
    private long peekFromMicros;
    private long peekToMicros;
    private final CaptureBatch batch = new CaptureBatch();
    private int captureCount;
    private ThreadSlot[] waiting = new ThreadSlot[64];
    private int waitingCount;
    private final long[] checkIds = new long[CHECKS_PER_TICK];
    private int checkCursor;
    private long tick;
    /** Start of this tick ({@link System#nanoTime()}). */
    private long tickNanos;
    /** Start of this tick in wall time, which JFR's batches are stamped in. */
    private long tickMillis;

    /** Call on the sampler thread, with the capture of this JVM ({@link StackCapture#forThisJvm}, which loads the management classes). */
    ThreadSampling(Options options, Profile profile, SamplerStats stats, Set<Thread> excluded, StackCapture capture) {
        this.profile = profile;
        this.counts = new Counts(profile.tree(), profile.timeline());
        this.stats = stats;
        this.captureBudget = options.captureBudget();
        MemoryShares memory = new MemoryShares(options.memoryBudgetBytes(Runtime.getRuntime().maxMemory()),
                VirtualCensus.wouldRun(options.vcensusNanos()));
        profile.timeline().setMaxEntries(Timeline.entriesWithin(memory.timelineBytes));
        this.recorder = new StackRecorder(profile.frames(), counts, options.depth(), memory.treeBytes);
        this.between = new BetweenCaptures(recorder, counts, stats);
        this.table = new ThreadTable(options.threads(), options.jvmThreads(), excluded, recorder, counts, between);
        this.capture = capture;
        this.owners = new LockOwners(capture, table, stats);
        this.ended = new EndedWaits(recorder, between, owners, stats);
        this.peers = PeerWaits.forThisJvm(capture.mx);
        this.cpuTimeSupported = capture.mx.isThreadCpuTimeSupported() && capture.mx.isThreadCpuTimeEnabled();
        readWallClock();
        this.running = startEngine(options, excluded, memory.jfrBytes);
        if (running == null && captureBudget) {
            between.carryAcrossWaits();
        }
        this.census = CensusRecorder.start(options.vcensusNanos(), options.depth(), memory.censusBytes, recorder, stats,
                profile.processes().get(0).virtualThreads, excluded);
    }

    private void readWallClock() {
        java.time.Instant now = java.time.Instant.now();
        wallNanoBase = System.nanoTime();
        wallBaseMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private long wallMicros() {
        return wallBaseMicros + (System.nanoTime() - wallNanoBase) / 1_000;
    }

    /** JFR's sampler for running stacks unless {@code engine=java}; where it cannot start, one line says why. */
    private RunningTicks startEngine(Options options, Set<Thread> excluded, long maxBytes) {
        if (options.engine() == Options.Engine.JAVA) {
            return null;
        }
        String asked = "jflame: engine=" + options.engine().value();
        java.util.function.Consumer<String> onFailure = new java.util.function.Consumer<String>() {
            @Override
            public void accept(String why) {
                System.err.println(asked + " is using java: " + why + "; running stacks are taken at safepoint polls");
            }
        };
        // auto takes the CPU-time sampler where there is one: it samples every thread on a CPU (the
        // execution sampler at most 5 per period) and cost less on IdleCrowd 200, JDK 25 (0.975
        // against 0.964, bench/results.md).
        String noCpuTime = AsyncStackSource.cpuTimeSamplerMissing();
        boolean cpuTime = noCpuTime == null && (options.engine() == Options.Engine.JFRCPU || options.engine() == Options.Engine.AUTO);
        if (options.engine() == Options.Engine.JFRCPU && noCpuTime != null) {
            System.err.println(asked + " is using jfr: " + noCpuTime + "; JFR's execution sampler takes at most 5 running threads per period");
        }
        // Where a capture stops the world, waits between captures take their stacks from JFR's wait events.
        boolean waits = capture.stopsTheWorld();
        // The waits kept for the ticks that owe them take half of JFR's share of the budget.
        long waitBytes = waits ? maxBytes / 2 : 0;
        StackSourceSettings settings = new StackSourceSettings(options.intervalNanos(), options.depth(), cpuTime, options.jfrDelayNanos(),
                maxBytes - waitBytes, waits ? WAIT_THRESHOLD_NANOS : 0);
        try {
            AsyncStackSource source = AsyncStackSource.startJfr(settings, excluded, onFailure);
            if (waits) {
                waitStacks = new WaitStacks(recorder, stats, waitBytes);
                between.useWaitStacks(waitStacks);
                ended.useWaitStacks(waitStacks);
            }
            return new RunningTicks(source, recorder, stats, options.intervalNanos(), waitStacks);
        } catch (IllegalStateException e) {
            onFailure.accept(e.getMessage());
            return null;
        }
    }

    /** Where running stacks come from: "jfr" or "jfrcpu" once JFR's stacks have arrived (also after it stopped), else "java". */
    String engine() {
        // Once live, always: JFR's own shutdown hook closes the stream of a JVM that exits, and its stacks were had.
        if (running != null && running.wentLive()) {
            engine = running.engine();
        }
        return engine;
    }

    /**
     * The end of sampling, part one, without the sampler's lock: waits (bounded) for JFR's stacks of
     * the last second. Then {@link #finishRunning} under the lock.
     */
    void awaitLastStacks() {
        RunningTicks r = running;
        if (r != null) {
            r.awaitLastStacks();
        }
    }

    /** The end of sampling, part two: every owed running tick gets its stack, and JFR stops. Once. */
    void finishRunning() {
        if (census != null) {
            census.stop();
        }
        if (running != null) {
            // Read before the source closes: a JVM whose JFR went live since the last refresh says so.
            engine();
            running.finish();
            running = null;
        }
        if (peers != null) {
            peers.close();
        }
    }

    /**
     * Lists this JVM's pipes and connections in the profile, for a merge to match other processes' waits
     * against: at most twice a second, or now ({@code force}: the final profile, while they are still open).
     */
    void inventory(boolean force) {
        if (peers != null) {
            peers.inventory(profile.processes().get(0).endpoints, dev.jflame.core.model.ProcessInfo.MAX_ENDPOINTS, System.nanoTime(), force);
        }
    }

    /** Adds every thread's pending and carried samples to the tree, for good; call before the final profile is read. */
    void flushPending() {
        table.flushPending();
        if (census != null) {
            census.flush(tick, System.currentTimeMillis());
        }
    }

    /**
     * Before a snapshot's copy: pending wait samples to the tree, and the census held for the next one its ticks so
     * far; carried ticks stay carried ({@link #settleCarriesInto}).
     */
    void flushWaits() {
        table.flushWaits();
        if (census != null) {
            census.settle(tick, System.currentTimeMillis());
        }
    }

    /** After a snapshot's copy: the ticks still carried to a capture, into the copy only. */
    void settleCarriesInto(dev.jflame.core.model.Profile copy) {
        table.settleCarriesInto(copy);
        if (waitStacks != null) {
            waitStacks.settleInto(copy);
        }
    }

    /**
     * Push mode keeping nothing of the run, at a period's cut: once the tree and its names have passed half
     * the memory budget ({@link StackRecorder#freshTreeDue}), the next period starts on an empty tree and
     * frame table, so that threads and stacks new to a JVM that runs for days keep their names rather than
     * fall under the budget's shared frames. {@code before} is the period just cut, a copy of the tree with
     * its node numbering whose samples are all out of the live one; everything that holds node ids finds
     * its nodes again in the fresh tree by their frames' names ({@link Renumbering}), and frame ids are
     * looked up again as they are next used. Nothing held is counted, so no sample moves between periods.
     */
    void startFreshTreeIfDue(Profile before) {
        if (!recorder.freshTreeDue() || before.tree().size() != profile.tree().size()) {
            return;
        }
        Renumbering r = new Renumbering(before, recorder);
        recorder.startAfresh();
        table.renumber(r);
        if (running != null) {
            running.renumber(r);
        }
        if (waitStacks != null) {
            waitStacks.renumber(r);
        }
        stats.freshTrees++;
    }

    /**
     * How stacks are taken: the Java capture's strategy ("batched" or "handshakes"), after "jfr+"
     * when JFR gives the running stacks and the capture is left for waits.
     */
    String captureStrategy() {
        String e = engine();
        return (Options.Engine.JAVA.value().equals(e) ? "" : e + "+") + capture.name();
    }

    /** One tick: every included thread is sampled once. */
    void tick() {
        tick++;
        if (tick % WALL_CLOCK_TICKS == 0) {
            readWallClock();
        }
        tickNanos = System.nanoTime();
        tickMillis = System.currentTimeMillis();
        captureCount = 0;
        peekCount = 0;
        waitingCount = 0;
        mayCapture = !budgeted() || between.mayCapture(tickNanos);
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
        peekAfterScan();
        inventory(false);
        checkWaits();
        owners.refresh(waiting, waitingCount);
        for (int i = 0; i < waitingCount; i++) {
            ThreadSlot w = waiting[i];
            w.addPending(w.cachedTarget(recorder), w.cachedSampleState, tickMillis, counts);
            if (w.cpuTick == tick - 1) {
                // Still waiting, so its CPU time has not moved since the last reading: that reading
                // stands for this tick, and this was one more quiet interval.
                w.cpuTick = tick;
                w.cpuAtNanos = tickNanos;
                w.quietIntervals++;
            }
        }
        stats.stacksReused += waitingCount;
        stats.samples += waitingCount;
        captureAndRecord();
        if (running != null) {
            running.settleArrived(tickMillis);
        }
        if (census != null) {
            census.tick(tick);
        }
        table.prune(tick);
    }

    /** Counts a reusable sample now, or queues the thread for a capture or a wait check. */
    private void visit(ThreadSlot s, Thread t, Thread.State state) {
        if (state == Thread.State.RUNNABLE) {
            boolean idleNow = s.idleLeaf >= 0 && stillIdleInNative(s);
            if (idleNow && s.peerOwed) {
                // Its far end could not be looked up at the capture; a lookup that finds it in no system
                // call ends the idle stretch.
                lookPeerAgain(s);
                idleNow = s.idleLeaf >= 0;
            }
            if (idleNow) {
                s.addPending(s.idleLeaf, SampleState.NATIVE_IDLE, tickMillis, counts);
                stats.stacksReused++;
                stats.samples++;
            } else {
                // Idle in native until now (its reuses ran out, or it used CPU again).
                boolean wasIdle = s.idleLeaf >= 0;
                s.idleLeaf = -1;
                s.reusedLeaf = -1;
                s.forgetWait(counts);
                boolean live = running != null && running.isLive();
                int quiet = live ? quietIntervals(s) : 0;
                if (live && quiet == 1 && (s.runningCarry == 0 || s.carryQuiet)) {
                    // Quiet for one interval: waiting for a core (a loaded machine), or blocked in a system
                    // call since just before this tick (a short socket read). The next tick tells: running
                    // again, this tick is a running one (handToRunning); quiet still, it goes with the
                    // capture that tells idle in native. Owed to JFR now, the CPU-time sampler, which has
                    // stacks of CPU only, dealt every tick of a 20 ms read to the code that ran before it.
                    between.carryRunning(s, tickMillis, true);
                } else if (live && (quiet < 2 || (!mayCapture && !wasIdle))) {
                    // Using CPU, or not idle long enough to be worth a capture; or quiet (perhaps
                    // waiting for a core) with no capture allowed in this tick: JFR has its stack.
                    if (!between.handToRunning(s, running) && (s.runningCarry > 0 || s.deferredSamples > 0)) {
                        // Ticks from before JFR sampled, or a wait that ended uncaptured: no stack will come for them.
                        between.flush(s);
                    }
                    running.add(s, tickMillis);
                } else if (mayCapture) {
                    // Quiet for two intervals (a blocking native call, most likely), or JFR not
                    // sampling (yet): captured here, like a wait that begins.
                    addCapture(s, state, null);
                } else {
                    // No capture allowed in this tick, and JFR not sampling yet or the thread idle
                    // in native just before: the ticks wait for the next capture. The CPU clock is
                    // read every tick, so that capture can tell idle in native.
                    quietIntervals(s);
                    between.carryRunning(s, tickMillis, false);
                }
            }
            return;
        }
        s.idleLeaf = -1;
        if (s.runningCarry > 0 && running != null) {
            // Quiet for one interval, then in a wait: it waited for a core, ran and went into the wait
            // between two ticks (a loaded machine). That tick was a running one.
            between.handToRunning(s, running);
        }
        boolean sameWait = s.cachedLeaf >= 0 && state == s.cachedState && LockSupport.getBlocker(t) == s.cachedBlocker;
        if (!sameWait) {
            s.reusedLeaf = -1;
        }
        if (!sameWait || (s.reusedLeaf >= 0 && mayCapture)) {
            // A new wait; or a wait given a recent stack rather than captured, checked now.
            s.forgetWait(counts);
            addCapture(s, state, null);
            if (state == Thread.State.BLOCKED || LockSupport.getBlocker(t) != null) {
                // Its lock, in case the wait ends before its capture (EndedWaits).
                addPeek(s.id);
            }
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
                // The scan saw the cached wait's state: this tick's sample is in it, whatever the thread does now.
                Thread.State scanned = s.cachedState;
                s.forgetWait(counts);
                s.reusedLeaf = -1;
                waiting[idx] = null;
                if (info != null) {
                    addCapture(s, scanned, info);
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

    /**
     * Whether the safepoint budget applies: a capture here would stop the world (JDK 11-20), and JFR gives
     * the running stacks (or is starting to), or the Java engine stands in for it where an attach found
     * JFR never started ({@code capturebudget}). With {@code engine=java} asked for, every tick captures.
     */
    private boolean budgeted() {
        return capture.stopsTheWorld() && (running != null ? running.mayOwe() : captureBudget);
    }

    private void captureAndRecord() {
        if (captureCount == 0) {
            return;
        }
        if (!mayCapture) {
            withoutCapture();
            return;
        }
        capture.capture(captureIds, captureThreads, captureStates, captureInfos, captureCount, recorder.requestDepth(), batch);
        if (capture.stopsTheWorld()) {
            stats.safepoints++;
            between.captured(tickNanos);
        }
        for (int i = 0; i < captureCount; i++) {
            ThreadSlot s = captureSlots[i];
            if (batch.present(i)) {
                record(s, i);
            }
            captureSlots[i] = null;
            captureThreads[i] = null;
            captureStates[i] = null;
            captureInfos[i] = null;
        }
        batch.reset(0);
    }

    /**
     * The threads queued for a capture in a tick the budget allows none: the JVM's word on each, without a
     * stack; those asked about just after the scan are not asked again.
     */
    private void withoutCapture() {
        // peekIds is free again: it holds the threads to ask now.
        int m = 0;
        for (int i = 0; i < captureCount; i++) {
            if (captureInfos[i] == null) {
                if (m == peekIds.length) {
                    peekIds = java.util.Arrays.copyOf(peekIds, m * 2);
                }
                peekIds[m++] = captureIds[i];
            }
        }
        long fromMicros = wallMicros();
        ThreadInfo[] infos = m == 0 ? null : capture.peek(peekIds, m);
        long toMicros = wallMicros();
        int k = 0;
        for (int i = 0; i < captureCount; i++) {
            ThreadSlot s = captureSlots[i];
            Thread.State seen = captureStates[i];
            ThreadInfo atScan = captureInfos[i];
            captureSlots[i] = null;
            captureThreads[i] = null;
            captureStates[i] = null;
            captureInfos[i] = null;
            ThreadInfo info = atScan != null ? atScan : infos[k++];
            if (info == null) {
                continue;
            }
            // Only waits are queued in a tick that may not capture.
            if (info.getThreadState() == seen) {
                boolean early = atScan != null;
                between.waitWithoutCapture(s, info, owners.holder(s.thread, info), tickMillis, early ? peekFromMicros : fromMicros,
                        early ? peekToMicros : toMicros);
            } else {
                // The wait the scan saw ended between the scan and now.
                ended.count(s, seen, atScan, null, tickMillis, captureMicros[i]);
            }
        }
    }

    /** Decides the state of captured thread {@code i} (see the class comment), counts it and caches what can be reused. */
    private void record(ThreadSlot s, int i) {
        if (!batch.toScanState(i, captureStates[i], captureInfos[i], s.waitLockClass)) {
            ended.count(s, captureStates[i], captureInfos[i], batch.stacks[i], tickMillis, captureMicros[i]);
            return;
        }
        StackTraceElement[] stack = batch.stacks[i];
        Thread.State jvmState = batch.states[i];
        String lockClass = batch.lockClasses[i];
        StackTraceElement top = stack.length > 0 ? stack[0] : null;
        boolean inWait = top != null && WaitFrames.isObjectWait(top);
        boolean stable = batch.stable[i];
        if (ThreadStates.isRetakingMonitor(jvmState, top)) {
            // Counted on the monitor, but never cached as a wait: it spins, blocks or gets it.
            jvmState = Thread.State.BLOCKED;
            lockClass = s.waitLockClass;
            stable = false;
        }
        // The monitor a later re-take will be on: known only from a wait this thread was seen in.
        s.waitLockClass = inWait ? (lockClass != null ? lockClass : s.waitLockClass) : null;
        SampleState state = ThreadStates.of(jvmState, lockClass, top);
        boolean idle = false;
        if (state.isRunning()) {
            // Only a native top frame can be idle. The clock is not read for threads running Java code:
            // reading IdleCrowd's two busy threads every tick took the tick's CPU p50 from 81 to 97 µs
            // (5 alternating runs each, JDK 17), and the CPU a thread spends in Java before it enters a
            // native call would count against that call's first interval anyway.
            int toIdle = ThreadStates.quietIntervalsToIdle(top);
            if (toIdle > 0) {
                idle = quietIntervals(s) >= toIdle;
            }
            if (idle) {
                state = SampleState.NATIVE_IDLE;
            }
        } else {
            quietIntervals(s);
        }
        if (state == SampleState.RUNNABLE && top != null && !top.isNativeMethod() && running != null && running.isLive()
                && (s.runningCarry == 0 || between.handToRunning(s, running)) && s.deferredSamples == 0) {
            // Captured because it was quiet, yet in Java code: a thread waiting for a core (a loaded
            // machine) uses no CPU either. JFR samples it where it runs; this capture stopped at a
            // safepoint poll, which credits inlined code to its caller.
            running.add(s, tickMillis);
            return;
        }
        // A pinned carrier waits, the JVM says, on its own virtual thread's object, held by that virtual thread
        // (which the scan does not know): no lock another thread holds. Where it pinned is in the virtual
        // thread's own samples (PinnedTicks).
        String lockName = state == SampleState.PINNED ? null : batch.lockNames[i];
        String holder = owners.holder(s.thread, jvmState, lockName, batch.holders[i]);
        s.outOfCall = false;
        String endpoint = idle && peers != null ? peers.endpointOf(s, tick, tickNanos) : null;
        s.peerOwed = endpoint == PeerWaits.LATER;
        if (s.peerOwed) {
            endpoint = null;
        }
        if (s.outOfCall) {
            // Quiet by its CPU clock, yet in no system call: a native call that computes and waits for a
            // core (a loaded machine), or one just woken. Running, as the kernel sees it.
            idle = false;
            state = SampleState.RUNNABLE;
        }
        WaitTargets targets = endpoint != null ? oneTarget.onlyPeer(endpoint) : oneTarget.only(lockName, holder, 1);
        int leaf = recorder.record(s.threadNode, stack, state, lockClass, targets, tickMillis);
        // An idle thread's samples, these and the ones it carried, go under the far end it waits on.
        int at = endpoint != null ? recorder.peerNode(leaf, endpoint) : leaf;
        stats.samples++;
        stats.stacksCaptured++;
        if (recorder.lastCut) {
            stats.budgetCuts++;
        }
        between.afterCapture(s, at, state, jvmState, lockName, batch.waitedCounts[i], batch.blockedCounts[i],
                stable && !state.isRunning() && !idle, budgeted(), tickMillis);
        if (!stable || state.isRunning()) {
            return;
        }
        if (idle) {
            s.idleLeaf = at;
            s.nativeReuses = 0;
        } else {
            s.cacheWait(leaf, state, jvmState, batch.waitedCounts[i], batch.blockedCounts[i], lockName, holder);
        }
    }

    /** A thread idle in native whose far end could not be looked up when it was captured: looked up now, if this tick can. */
    private void lookPeerAgain(ThreadSlot s) {
        s.outOfCall = false;
        String endpoint = peers.endpointOf(s, tick, tickNanos);
        s.peerOwed = endpoint == PeerWaits.LATER;
        if (s.outOfCall) {
            s.idleLeaf = -1;
        } else if (!s.peerOwed && endpoint != null) {
            s.idleLeaf = recorder.peerNode(s.idleLeaf, endpoint);
        }
    }

    /**
     * Whether a thread the JVM calls RUNNABLE in a native method (a socket read, an accept, an
     * {@code epoll_wait}) is still idle there: its CPU time stood still since the previous tick. Its
     * idle stack is then reused, so idle I/O threads cost no stack captures; after
     * {@link #MAX_NATIVE_REUSES} ticks it is captured afresh, in case it moved.
     */
    private boolean stillIdleInNative(ThreadSlot s) {
        return ++s.nativeReuses < MAX_NATIVE_REUSES && quietIntervals(s) >= 1;
    }

    /**
     * Reads the thread's CPU clock into its slot and returns how many intervals in a row, ending
     * now, it used under 1/{@link #QUIET_SHARE_DIVISOR} of the wall time: 0 when it used more, or
     * when there is no reading from the previous tick to compare with.
     */
    private int quietIntervals(ThreadSlot s) {
        if (s.cpuTick == tick) {
            // Read already in this tick (the scan asks before a capture, the capture again).
            return s.quietIntervals;
        }
        long cpu = threadCpuNanos(s.id);
        if (cpu < 0) {
            return 0;
        }
        long now = System.nanoTime();
        boolean quiet = s.cpuTick == tick - 1 && (cpu - s.cpuNanos) * QUIET_SHARE_DIVISOR < now - s.cpuAtNanos;
        s.quietIntervals = quiet ? s.quietIntervals + 1 : 0;
        s.cpuNanos = cpu;
        s.cpuAtNanos = now;
        s.cpuTick = tick;
        return s.quietIntervals;
    }

    /** CPU time of the calling (sampler) thread, or -1 where the JVM cannot tell. */
    long ownCpuNanos() {
        return cpuTimeSupported ? capture.mx.getCurrentThreadCpuTime() : -1;
    }

    private long threadCpuNanos(long id) {
        return cpuTimeSupported ? capture.mx.getThreadCpuTime(id) : -1;
    }

    /** Queues {@code s} for a capture; {@code seen} is its state in the scan, {@code atScan} the JVM's word on it since, or null. */
    private void addCapture(ThreadSlot s, Thread.State seen, ThreadInfo atScan) {
        if (captureCount == captureIds.length) {
            captureIds = java.util.Arrays.copyOf(captureIds, captureCount * 2);
            captureSlots = java.util.Arrays.copyOf(captureSlots, captureCount * 2);
            captureThreads = java.util.Arrays.copyOf(captureThreads, captureCount * 2);
            captureStates = java.util.Arrays.copyOf(captureStates, captureCount * 2);
            captureInfos = java.util.Arrays.copyOf(captureInfos, captureCount * 2);
            captureMicros = java.util.Arrays.copyOf(captureMicros, captureCount * 2);
        }
        captureIds[captureCount] = s.id;
        captureThreads[captureCount] = s.thread;
        captureStates[captureCount] = seen;
        captureInfos[captureCount] = atScan;
        // Read only where JFR's waits are kept (JDK 11-20) to give a wait that ends before its capture a stack.
        captureMicros[captureCount] = waitStacks != null && seen != Thread.State.RUNNABLE ? wallMicros() : 0;
        captureSlots[captureCount++] = s;
    }

    /** Asks, after the scan, about the thread just queued: its lock, should its wait end before its capture. */
    private void addPeek(long id) {
        if (peekCount == peekIds.length) {
            peekIds = java.util.Arrays.copyOf(peekIds, peekCount * 2);
            peekAt = java.util.Arrays.copyOf(peekAt, peekCount * 2);
        }
        peekIds[peekCount] = id;
        peekAt[peekCount++] = captureCount - 1;
    }

    /**
     * The JVM's word, without stacks (no safepoint, one call), on the new waits on a named lock the scan
     * queued: a moment after the scan rather than at the capture, so that a wait which ends before its
     * capture still has its lock and holder.
     */
    private void peekAfterScan() {
        if (peekCount == 0) {
            return;
        }
        peekFromMicros = waitStacks != null ? wallMicros() : 0;
        ThreadInfo[] infos = capture.peek(peekIds, peekCount);
        peekToMicros = waitStacks != null ? wallMicros() : 0;
        for (int k = 0; k < peekCount; k++) {
            captureInfos[peekAt[k]] = infos[k];
        }
    }

    private void addWaiting(ThreadSlot s) {
        if (waitingCount == waiting.length) {
            waiting = java.util.Arrays.copyOf(waiting, waitingCount * 2);
        }
        waiting[waitingCount++] = s;
    }
}
