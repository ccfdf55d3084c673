package dev.jflame.core.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.model.FrameNames;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.Timeline;
import dev.jflame.core.options.Options;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the sampler in this JVM against threads in known states, with {@code engine=java}: these tests
 * are about the scan, the waits cache, the capture and the recorder, and last a fraction of a second,
 * in which JFR's recording has barely started (running ticks before it, and on a busy machine some
 * after, would show as not sampled). The JFR engine is checked in whole JVMs ({@code EngineIT} and the
 * other ITs, which run with the default engine).
 */
class SamplerTest {
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean done;
    static volatile long sink;

    static final class Gate {
        synchronized void enter(long millis) {
            spinHere(millis);
        }
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        done = true;
        for (Thread t : threads) {
            LockSupport.unpark(t);
            t.interrupt();
        }
        for (Thread t : threads) {
            t.join(2_000);
        }
    }

    @Test
    void recordsRunningBlockedParkedAndWaitingThreadsAtTheirFrames() throws Exception {
        Gate gate = new Gate();
        startThread("spinner", () -> spinHere(Long.MAX_VALUE));
        for (int i = 0; i < 2; i++) {
            startThread("gate-" + i, () -> {
                while (!done) {
                    gate.enter(3);
                }
            });
        }
        startThread("parker", () -> {
            while (!done) {
                LockSupport.park();
            }
        });
        CountDownLatch never = new CountDownLatch(1);
        startThread("latch", () -> {
            try {
                never.await();
            } catch (InterruptedException ignored) {
                // test over
            }
        });

        Map<String, Long> lines = sample(Options.parse("engine=java,interval=2ms"), 100);

        assertTrue(sum(lines, l -> l.endsWith("SamplerTest.spinHere")) > 20, lines.toString());
        assertTrue(sum(lines, l -> l.endsWith("SamplerTest$Gate.enter;[BLOCKED on dev.jflame.core.sampler.SamplerTest$Gate]")) > 10, lines.toString());
        assertTrue(sum(lines, l -> l.contains("LockSupport.park;jdk.internal.misc.Unsafe.park;[PARKED]")) > 20, lines.toString());
        assertTrue(sum(lines, l -> l.endsWith("[WAITING on java.util.concurrent.CountDownLatch$Sync]")) > 20, lines.toString());
        // The sampler's own thread runs Sampler.run; this test's thread may be caught in Sampler.stop, rightly.
        assertEquals(0, sum(lines, l -> l.contains("dev.jflame.core.sampler.Sampler.run")), "own thread sampled");
    }

    @Test
    void eachWaitNamesItsLockAndWhoHoldsIt() throws Exception {
        Object monitor = new Gate();
        java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        CountDownLatch held = new CountDownLatch(2);
        startThread("holder", () -> {
            synchronized (monitor) {
                held.countDown();
                spinHere(Long.MAX_VALUE);
            }
        });
        startThread("lockholder", () -> {
            lock.lock();
            try {
                held.countDown();
                while (!done) {
                    LockSupport.parkNanos(1_000_000);
                }
            } finally {
                lock.unlock();
            }
        });
        held.await();
        for (int i = 0; i < 3; i++) {
            startThread("blocked-" + i, () -> {
                synchronized (monitor) {
                    sink++;
                }
            });
            startThread("locker-" + i, () -> {
                lock.lock();
                lock.unlock();
            });
        }
        Thread joined = threads.get(0);
        startThread("joiner", () -> {
            try {
                joined.join();
            } catch (InterruptedException ignored) {
                // test over
            }
        });
        CountDownLatch never = new CountDownLatch(1);
        startThread("latch", () -> {
            try {
                never.await();
            } catch (InterruptedException ignored) {
                // test over
            }
        });

        Thread.sleep(50);
        Sampler s = new Sampler(Options.parse("engine=java,interval=2ms"), ProcessInfo.current(), () -> { });
        runFor(s, 100);
        Profile p = s.snapshot();
        Map<String, Long> lines = new CollapsedWriter(true, true).lines(p);
        String monitorName = FrameNames.lock(Gate.class.getName() + "@" + Integer.toHexString(System.identityHashCode(monitor)));
        long blocked = sum(lines, l -> l.startsWith("[thread blocked-") && l.contains("[BLOCKED on "));
        long blockedHeld = sum(lines, l -> l.startsWith("[thread blocked-") && l.endsWith(monitorName + ";[held by holder]"));
        assertTrue(blocked > 100 && blockedHeld == blocked, blockedHeld + " of " + blocked + "\n" + lines);
        long locking = sum(lines, l -> l.startsWith("[thread locker-") && l.contains("[WAITING on java.util.concurrent.locks.ReentrantLock$NonfairSync]"));
        long lockingHeld = sum(lines, l -> l.startsWith("[thread locker-") && l.endsWith("[held by lockholder]"));
        assertTrue(locking > 100 && lockingHeld == locking, lockingHeld + " of " + locking + "\n" + lines);
        assertTrue(sum(lines, l -> l.startsWith("[thread joiner]") && l.endsWith("[held by holder]")) > 50, lines.toString());
        assertTrue(sum(lines, l -> l.startsWith("[thread latch]") && l.endsWith("[no owner]")) > 50, lines.toString());
        assertEquals(sum(new CollapsedWriter(true).lines(p), l -> true), sum(lines, l -> true), "the frames move samples, never add or drop them");
    }

    @Test
    void threadFilterKeepsOnlyMatchingThreads() throws Exception {
        startThread("only-me", () -> spinHere(Long.MAX_VALUE));
        startThread("not-me", () -> spinHere(Long.MAX_VALUE));
        Sampler s = new Sampler(Options.parse("engine=java,interval=2ms,threads=^only-"), ProcessInfo.current(), () -> { });
        runFor(s, 50);
        Map<String, Long> lines = new CollapsedWriter(true).lines(s.snapshot());
        assertTrue(sum(lines, l -> l.startsWith("[thread only-me]")) > 10, lines.toString());
        assertEquals(0, sum(lines, l -> !l.startsWith("[thread only-me]")), lines.toString());
    }

    @Test
    void depthLimitKeepsTopFramesUnderTruncatedRoot() throws Exception {
        startThread("deep", () -> recurse(40));
        Map<String, Long> lines = sample(Options.parse("engine=java,interval=2ms,depth=5,threads=^deep$"), 50);
        assertFalse(lines.isEmpty());
        for (String line : lines.keySet()) {
            assertTrue(line.startsWith("[truncated];"), line);
            assertTrue(line.split(";").length <= 1 + 5 + 1, line);
        }
    }

    @Test
    void idleThreadsReuseCachedStacksAndStatsAreKept() throws Exception {
        startParkedThreads("idle-", 20);
        Sampler s = new Sampler(Options.parse("engine=java,interval=2ms"), ProcessInfo.current(), () -> { });
        runFor(s, 50);
        Profile p = s.snapshot();
        ProcessInfo info = p.processes().get(0);
        assertTrue(info.stats.ticks >= 50, "ticks " + info.stats.ticks);
        assertTrue(info.stats.stacksReused > info.stats.stacksCaptured, "reused " + info.stats.stacksReused + " captured " + info.stats.stacksCaptured);
        assertEquals(info.stats.ticks, info.stats.tickMicros().getTotalCount());
        assertEquals(info.stats.samples, p.tree().totalSamples());
        Map<String, Long> lines = new CollapsedWriter().lines(p);
        assertTrue(sum(lines, l -> l.endsWith("[WAITING on dev.jflame.core.sampler.SamplerTest]")) >= 20 * 20L, lines.toString());
    }

    @Test
    void theTimelineHoldsEverySampleOfTheTreeWithinTheProfilesTime() throws Exception {
        startParkedThreads("tl-idle-", 5);
        startThread("tl-busy", () -> spinHere(Long.MAX_VALUE));
        Sampler s = new Sampler(Options.parse("engine=java,interval=2ms"), ProcessInfo.current(), () -> { });
        s.start();
        Thread.sleep(200);
        // A snapshot flushes the waits counted so far; the final profile flushes the rest.
        Profile mid = s.snapshot();
        Thread.sleep(200);
        s.stop();
        for (Profile p : new Profile[] {mid, s.finalProfile()}) {
            Timeline t = p.timeline();
            long[] byNode = new long[p.tree().size()];
            for (int i = 0; i < t.cellCount(); i++) {
                t.forEach(i, (node, state, count) -> byNode[node] += count);
            }
            for (int n = 0; n < p.tree().size(); n++) {
                assertEquals(p.tree().selfTotal(n), byNode[n], "node " + n);
            }
            ProcessInfo info = p.processes().get(0);
            // Every tick is stamped between the sampler's start and its end, one cell either side at most.
            assertTrue(t.firstCell() * t.cellMillis() >= info.startMillis - t.cellMillis(), "first cell before the start");
            assertTrue((t.firstCell() + t.cellCount()) * t.cellMillis() <= info.endMillis + t.cellMillis(), "last cell after the end");
        }
    }

    @Test
    void snapshotsWhileRunningHoldEveryPendingWaitSample() throws Exception {
        startParkedThreads("parked-", 5);
        Sampler s = new Sampler(Options.parse("engine=java,interval=2ms"), ProcessInfo.current(), () -> { });
        s.start();
        try {
            long previous = 0;
            for (int round = 0; round < 3; round++) {
                // At least one tick since the last snapshot, however long a loaded machine takes to give it.
                awaitTicks(s, s.progress().ticks + 1);
                Profile p = s.snapshot();
                ProcessInfo info = p.processes().get(0);
                // Idle threads' samples wait in their slots between ticks; a snapshot must add them all.
                assertEquals(info.stats.samples, p.tree().totalSamples());
                long parked = sum(new CollapsedWriter(true).lines(p), l -> l.startsWith("[thread parked-"));
                assertTrue(parked > previous, "round " + round + ": " + parked + " after " + previous);
                previous = parked;
            }
        } finally {
            s.stop();
        }
    }

    @Test
    void threadIdleInANativeCallIsNotCapturedEveryTick() throws Exception {
        java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        try {
            Thread acceptor = startThread("acceptor", () -> {
                try {
                    server.accept();
                } catch (java.io.IOException closed) {
                    // test over
                }
            });
            awaitIn(acceptor, "accept", true);
            Sampler s = new Sampler(Options.parse("engine=java,interval=2ms,threads=^acceptor$"), ProcessInfo.current(), () -> { });
            runFor(s, 100);
            Profile p = s.snapshot();
            ProcessInfo info = p.processes().get(0);
            Map<String, Long> lines = new CollapsedWriter().lines(p);
            assertTrue(info.stats.samples > 20, lines.toString());
            assertTrue(sum(lines, l -> l.contains("ServerSocket.accept")) == info.stats.samples, lines.toString());
            assertTrue(info.stats.stacksCaptured * 5 < info.stats.samples,
                    "captured " + info.stats.stacksCaptured + " of " + info.stats.samples);
            // Only the first sample, before the thread's CPU clock has been read twice, can be undecided.
            assertTrue(sum(lines, l -> l.endsWith("ServerSocket.accept0;[NATIVE_IDLE]") || l.endsWith("accept;[NATIVE_IDLE]")
                    || l.endsWith("[NATIVE_IDLE]")) >= info.stats.samples - 2, lines.toString());
        } finally {
            server.close();
        }
    }

    /**
     * Push mode's periods: each holds the samples of its own ticks, every tick of every thread exactly
     * once across them, and the sampler's cached waits go on across the cut (no new capture for them).
     */
    @Test
    void periodsHoldTheirOwnTicksOnceEach() throws Exception {
        Thread spinner = startThread("p-spin", () -> spinHere(Long.MAX_VALUE));
        Thread sleeper = startThread("p-sleep", () -> {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // end of test
            }
        });
        Thread parker = startThread("p-park", () -> {
            while (!done) {
                LockSupport.park(this);
            }
        });
        awaitIn(spinner, "spinHere", false);
        awaitIn(sleeper, "sleep", true);
        awaitIn(parker, "park", true);
        Sampler s = new Sampler(Options.parse("engine=java,interval=2ms,threads=^p-"), ProcessInfo.current(), () -> { });
        s.start();
        Profile first;
        Profile second;
        Profile last;
        try {
            awaitTicks(s, 40);
            first = s.cutPeriod();
            long capturedAtCut = first.processes().get(0).stats.stacksCaptured;
            awaitTicks(s, first.processes().get(0).stats.ticks + 40);
            second = s.cutPeriod();
            // The sleeper and the parker were captured before the cut and reused after it.
            assertTrue(second.processes().get(0).stats.stacksCaptured - capturedAtCut <= second.processes().get(0).stats.ticks
                    - first.processes().get(0).stats.ticks + 2, "only the spinner is captured after the cut");
        } finally {
            s.stop();
        }
        last = s.cutPeriod();
        long t1 = first.processes().get(0).stats.ticks;
        long t2 = second.processes().get(0).stats.ticks;
        long t3 = last.processes().get(0).stats.ticks;
        assertEquals(3 * t1, first.tree().totalSamples(), new CollapsedWriter(true).lines(first).toString());
        assertEquals(3 * (t2 - t1), second.tree().totalSamples(), new CollapsedWriter(true).lines(second).toString());
        assertEquals(3 * (t3 - t2), last.tree().totalSamples());
        assertEquals(first.processes().get(0).endMillis, second.processes().get(0).startMillis, "periods follow each other");
        Map<String, Long> lines = new CollapsedWriter(true).lines(second);
        assertEquals(t2 - t1, sum(lines, l -> l.startsWith("[thread p-sleep]") && l.contains("Thread.sleep")), lines.toString());
        assertEquals(t2 - t1, sum(lines, l -> l.startsWith("[thread p-park]") && l.endsWith("[PARKED on dev.jflame.core.sampler.SamplerTest]")
                || l.startsWith("[thread p-park]") && l.contains("park")), lines.toString());
        assertEquals(second.tree().totalSamples(), second.timeline().isEmpty() ? -1 : timelineTotal(second), "the timeline holds the period's samples only");
    }

    private static long timelineTotal(Profile p) {
        long[] total = new long[1];
        for (int i = 0; i < p.timeline().cellCount(); i++) {
            p.timeline().forEach(i, (node, state, count) -> total[0] += count);
        }
        return total[0];
    }

    @Test
    void jvmServiceThreadsAreLeftOutByWhatTheyAreNotByGroup() throws Exception {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        // A framework's own group outside "main" (as JDK 25's common pool and threads started from
        // virtual threads have): application work all the same.
        Thread framework = new Thread(new ThreadGroup(root, "framework-made"), () -> spinHere(Long.MAX_VALUE), "fw-worker");
        framework.setDaemon(true);
        threads.add(framework);
        framework.start();
        Thread app = startThread("app", () -> spinHere(Long.MAX_VALUE));
        // An application thread that happens to carry a service thread's name.
        Thread finalizer = startThread("Finalizer", () -> spinHere(Long.MAX_VALUE));
        for (Thread t : new Thread[] {framework, app, finalizer}) {
            awaitIn(t, "spinHere", false);
        }

        Map<String, Long> plain = sampleWithThreads(Options.parse("engine=java,interval=2ms"));
        assertTrue(sum(plain, l -> l.startsWith("[thread app]")) > 10, plain.toString());
        assertTrue(sum(plain, l -> l.startsWith("[thread fw-worker]")) > 10, plain.toString());
        assertTrue(sum(plain, l -> l.startsWith("[thread Finalizer]") && l.contains("spinHere")) > 10, plain.toString());
        assertEquals(0, sum(plain, l -> l.startsWith("[thread Reference Handler]") || l.startsWith("[thread Signal Dispatcher]")
                || l.startsWith("[thread Common-Cleaner]") || l.startsWith("[thread Finalizer]") && !l.contains("spinHere")),
                plain.toString());

        Map<String, Long> all = sampleWithThreads(Options.parse("engine=java,interval=2ms,jvmthreads=true"));
        assertTrue(sum(all, l -> l.startsWith("[thread Reference Handler]")) > 10, all.toString());
    }

    private static Map<String, Long> sampleWithThreads(Options options) throws InterruptedException {
        Sampler s = new Sampler(options, ProcessInfo.current(), () -> { });
        runFor(s, 50);
        return new CollapsedWriter(true).lines(s.snapshot());
    }

    @Test
    void durationEndsSamplingAndCallsBack() throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        Sampler s = new Sampler(Options.parse("engine=java,interval=2ms,duration=0.2s"), ProcessInfo.current(), ended::countDown);
        s.start();
        assertTrue(ended.await(60, java.util.concurrent.TimeUnit.SECONDS));
        assertFalse(s.isRunning());
    }

    @Test
    void hiddenClassNamesAreStable() {
        assertEquals("a.B$$Lambda", dev.jflame.core.model.FrameNames.stableClassName("a.B$$Lambda$45/0x00007fcea800dd78"));
        assertEquals("a.B$$Lambda", dev.jflame.core.model.FrameNames.stableClassName("a.B$$Lambda/0x00007fcea800dd78"));
        assertEquals("a.Hidden", dev.jflame.core.model.FrameNames.stableClassName("a.Hidden/0x0000000800c01000"));
        assertEquals("a.B", dev.jflame.core.model.FrameNames.stableClassName("a.B"));
    }

    private Map<String, Long> sample(Options options, long ticks) throws InterruptedException {
        Thread.sleep(50);
        Sampler s = new Sampler(options, ProcessInfo.current(), () -> { });
        runFor(s, ticks);
        return new CollapsedWriter().lines(s.snapshot());
    }

    /**
     * Starts {@code s}, lets it tick {@code ticks} times and stops it: the tests count samples in the
     * sampler's own ticks, not in wall time, of which a loaded machine gives the sampler a third.
     */
    static void runFor(Sampler s, long ticks) throws InterruptedException {
        s.start();
        try {
            awaitTicks(s, ticks);
        } finally {
            s.stop();
        }
    }

    /** Waits until {@code s} has ticked {@code ticks} times; a minute without is a hang. */
    static void awaitTicks(Sampler s, long ticks) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (s.progress().ticks < ticks) {
            assertTrue(System.nanoTime() - deadline < 0, "the sampler did not reach " + ticks + " ticks in a minute: " + s.progress().ticks);
            Thread.sleep(5);
        }
    }

    /**
     * Waits until {@code t} is under a method named {@code method} (and, if {@code inNative}, in a native
     * method there); a minute without is a hang. A thread just started has no frames yet for a moment.
     */
    static void awaitIn(Thread t, String method, boolean inNative) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            StackTraceElement[] stack = t.getStackTrace();
            if (stack.length > 0 && (!inNative || stack[0].isNativeMethod())) {
                for (StackTraceElement f : stack) {
                    if (f.getMethodName().equals(method)) {
                        return;
                    }
                }
            }
            assertTrue(System.nanoTime() - deadline < 0, t.getName() + " never reached " + method);
            Thread.sleep(5);
        }
    }

    /** Starts {@code n} threads named {@code prefix + i} that park, with this test as their blocker, until done. */
    private void startParkedThreads(String prefix, int n) {
        for (int i = 0; i < n; i++) {
            startThread(prefix + i, () -> {
                while (!done) {
                    LockSupport.park(this);
                }
            });
        }
    }

    private Thread startThread(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
        return t;
    }

    static void spinHere(long millis) {
        long end = millis == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + millis * 1_000_000L;
        long x = 1;
        while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
            x = x * 31 + 7;
        }
        sink = x;
    }

    private int recurse(int n) {
        if (n == 0) {
            spinHere(Long.MAX_VALUE);
            return 0;
        }
        return recurse(n - 1) + 1;
    }

    private static long sum(Map<String, Long> lines, java.util.function.Predicate<String> p) {
        long total = 0;
        for (Map.Entry<String, Long> e : lines.entrySet()) {
            if (p.test(e.getKey())) {
                total += e.getValue();
            }
        }
        return total;
    }
}
