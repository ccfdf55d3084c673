package dev.jflame.core.format.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.util.Pids;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JFR recording made in this JVM around threads in known states, read back: each state at its
 * frame, and the time-to-samples rule. Assertions are on presence and on the recording's own
 * figures, never on wall-clock minimums: they hold on a busy machine. Damaged recordings are in
 * {@link JfrReaderFuzzTest}.
 */
class JfrProfileReaderTest {
    private static final String TEST = JfrProfileReaderTest.class.getName();
    private static final long INTERVAL = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long WORKLOAD_MILLIS = 2_000;

    @TempDir
    static Path dir;
    static Path recording;
    static Profile profile;
    static Map<String, Long> lines;
    static long workloadNanos;

    static volatile boolean done;
    static volatile long sink;

    /** The monitor two threads fight over. */
    static final class Shared {
        synchronized void hold() {
            spin(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** A park blocker and a wait monitor, each a class of its own so the leaves name them. */
    static final class Gate {
    }

    static final class Signal {
    }

    /** The monitor the holder keeps while the contenders block on it. */
    static final class Guarded {
    }

    static final int CONTENDERS = 3;

    @BeforeAll
    static void recordWorkload() throws Exception {
        recording = dir.resolve("workload.jfr");
        List<Thread> threads = new ArrayList<>();
        Shared shared = new Shared();
        Gate gate = new Gate();
        Signal signal = new Signal();
        Guarded guarded = new Guarded();
        // The contenders take turns, so one at a time blocks on the monitor: JFR names as a contender's owner
        // the thread that held the monitor last before it got in, which behind another contender would be that one.
        Semaphore turn = new Semaphore(1);
        try (Recording r = new Recording(); ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // What a recording says about itself (the JDK's .jfc settings files all enable these).
            for (String about : new String[] {"jdk.ActiveSetting", "jdk.JVMInformation", "jdk.InitialSystemProperty"}) {
                r.enable(about);
            }
            r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            r.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(20));
            for (String wait : new String[] {"jdk.JavaMonitorEnter", "jdk.JavaMonitorWait", "jdk.ThreadPark", "jdk.ThreadSleep"}) {
                r.enable(wait).withThreshold(Duration.ZERO).withStackTrace();
            }
            r.start();
            threads.add(start("hot", JfrProfileReaderTest::hotLoop));
            for (int i = 0; i < 2; i++) {
                threads.add(start("sync-" + i, () -> {
                    while (!done) {
                        shared.hold();
                    }
                }));
            }
            threads.add(start("parker", () -> {
                while (!done) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
            }));
            // Parks far shorter than the interval: each rounds to no sample, their sum to many.
            threads.add(start("short-parker", () -> {
                while (!done) {
                    LockSupport.parkNanos(gate, TimeUnit.MILLISECONDS.toNanos(2));
                }
            }));
            threads.add(start("sleeper", JfrProfileReaderTest::sleepLoop));
            threads.add(start("waiter", () -> waitLoop(signal)));
            threads.add(start("acceptor", () -> acceptLoop(server)));
            threads.add(start("holder", () -> holdLoop(guarded)));
            for (int i = 0; i < CONTENDERS; i++) {
                threads.add(start("contender-" + i, () -> {
                    while (!done) {
                        turn.acquireUninterruptibly();
                        try {
                            synchronized (guarded) {
                                sink++;
                            }
                        } finally {
                            turn.release();
                        }
                    }
                }));
            }
            long t0 = System.nanoTime();
            Thread.sleep(WORKLOAD_MILLIS);
            workloadNanos = System.nanoTime() - t0;
            done = true;
            server.close();
            for (Thread t : threads) {
                t.interrupt();
                t.join(5_000);
            }
            r.stop();
            r.dump(recording);
        }
        profile = new JfrProfileReader().read(recording);
        lines = new CollapsedWriter(true).lines(profile);
    }

    private static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    static void hotLoop() {
        while (!done) {
            sink += hotSpin(2_000_000L);
        }
    }

    /** A long-counted loop: it has a safepoint poll of its own, so JFR places its samples here even without DebugNonSafepoints. */
    static long hotSpin(long n) {
        long x = sink | 1;
        for (long i = 0; i < n; i++) {
            x = x * 6364136223846793005L + i;
        }
        return x;
    }

    static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            sink++;
        }
    }

    static void sleepLoop() {
        try {
            while (!done) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            // Done.
        }
    }

    static void waitLoop(Signal signal) {
        try {
            while (!done) {
                synchronized (signal) {
                    signal.wait(20);
                }
            }
        } catch (InterruptedException e) {
            // Done.
        }
    }

    /** Holds the monitor nearly all the time, sleeping in it, so whoever blocks on it waits for this thread. */
    static void holdLoop(Guarded guarded) {
        try {
            while (!done) {
                synchronized (guarded) {
                    Thread.sleep(20);
                }
            }
        } catch (InterruptedException e) {
            // Done.
        }
    }

    static void acceptLoop(ServerSocket server) {
        while (!done) {
            try (Socket s = server.accept()) {
                s.getInputStream();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static long sum(Predicate<String> stack) {
        long n = 0;
        for (Map.Entry<String, Long> e : lines.entrySet()) {
            if (stack.test(e.getKey())) {
                n += e.getValue();
            }
        }
        return n;
    }

    private static String top(Predicate<String> stack) {
        return topOf(lines, stack);
    }

    private static Predicate<String> thread(String name) {
        return s -> s.startsWith("[thread " + name + "];");
    }

    @Test
    void blockedSamplesEndAtTheSynchronizedMethodNamingTheMonitorClass() {
        String leaf = "[BLOCKED on " + TEST + "$Shared]";
        long atHold = sum(s -> s.endsWith(TEST + "$Shared.hold;" + leaf));
        assertTrue(atHold > 0, top(s -> s.contains("sync-")));
        assertEquals(0, sum(s -> s.endsWith(leaf) && !s.endsWith("$Shared.hold;" + leaf)), top(s -> s.endsWith(leaf)));
        assertTrue(sum(thread("sync-0").or(thread("sync-1")).and(s -> s.contains("$Shared.hold") && !s.endsWith("]"))) > 0,
                "the holder runs in hold\n" + top(s -> s.contains("sync-")));
    }

    /**
     * A monitor enter's samples end, under the leaf, in the monitor (its class and the address the recording
     * gives) and the thread that held it: the holder, for contenders that block one at a time. Folded output
     * leaves those frames out unless asked.
     */
    @Test
    void blockedSamplesNameTheMonitorAndTheThreadThatHeldIt() throws IOException {
        Map<String, Long> withTargets = new CollapsedWriter(true, true).lines(profile);
        String leaf = "[BLOCKED on " + TEST + "$Guarded]";
        Predicate<String> contender = s -> s.startsWith("[thread contender-");
        long blocked = 0;
        long heldByHolder = 0;
        Set<String> locks = new TreeSet<>();
        for (Map.Entry<String, Long> e : withTargets.entrySet()) {
            String s = e.getKey();
            if (!contender.test(s) || !s.contains(";" + leaf)) {
                continue;
            }
            blocked += e.getValue();
            String under = s.substring(s.indexOf(";" + leaf) + leaf.length() + 1);
            String lock = under.startsWith(";[lock ") ? under.substring(1, under.indexOf(']') + 1) : "(none)";
            locks.add(lock);
            if (under.equals(";" + lock + ";[held by holder]")) {
                heldByHolder += e.getValue();
            }
        }
        String top = topOf(withTargets, contender);
        assertTrue(blocked > 0, top);
        assertTrue(heldByHolder >= 0.9 * blocked, heldByHolder + " of " + blocked + " blocked samples name the holder\n" + top);
        Set<String> recorded = new TreeSet<>();
        for (RecordedEvent e : guardedEnters()) {
            recorded.add("[lock " + TEST + "$Guarded@" + Long.toHexString(e.getLong("address")) + "]");
        }
        assertTrue(recorded.containsAll(locks), locks + " against the recording's " + recorded);
        assertEquals(0, sum(s -> s.contains("[lock ") || s.contains("[held by ")), "folded output leaves them out by default");
    }

    /**
     * Each owner's samples are its waits' time in the recording (summed per stack, in intervals, rounded),
     * whichever thread JFR names: the owner comes from the event, not from the scheduling.
     */
    @Test
    void eachOwnersSamplesAreTheRecordingsWaitsForIt() throws IOException {
        Map<String, Long> nanosByStackAndOwner = new HashMap<>();
        for (RecordedEvent e : guardedEnters()) {
            RecordedThread owner = e.getThread("previousOwner");
            StringBuilder key = new StringBuilder(e.getThread().getJavaName()).append(';');
            for (RecordedFrame f : e.getStackTrace().getFrames()) {
                key.append(f.getMethod().getType().getName()).append('.').append(f.getMethod().getName()).append(';');
            }
            key.append(Long.toHexString(e.getLong("address"))).append(';').append(owner == null ? "(none)" : owner.getJavaName());
            nanosByStackAndOwner.merge(key.toString(), e.getDuration().toNanos(), Long::sum);
        }
        Map<String, Long> expected = new TreeMap<>();
        nanosByStackAndOwner.forEach((key, nanos) -> expected.merge(key.substring(key.lastIndexOf(';') + 1), Math.round((double) nanos / INTERVAL), Long::sum));
        Map<String, Long> read = new TreeMap<>();
        for (Map.Entry<String, Long> e : new CollapsedWriter(true, true).lines(profile).entrySet()) {
            String s = e.getKey();
            if (s.startsWith("[thread contender-") && s.contains("[BLOCKED on " + TEST + "$Guarded];[lock ")) {
                String last = s.substring(s.lastIndexOf(';') + 1);
                read.merge(last.startsWith("[held by ") ? last.substring("[held by ".length(), last.length() - 1) : "(none)", e.getValue(), Long::sum);
            }
        }
        expected.values().removeIf(n -> n == 0);
        assertEquals(expected, read);
    }

    /** The recording's waits of the contenders to enter the guarded monitor. */
    private static List<RecordedEvent> guardedEnters() throws IOException {
        List<RecordedEvent> enters = new ArrayList<>();
        try (RecordingFile rf = new RecordingFile(recording)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                if (e.getEventType().getName().equals("jdk.JavaMonitorEnter") && String.valueOf(e.getThread().getJavaName()).startsWith("contender-")
                        && e.getClass("monitorClass") != null && (TEST + "$Guarded").equals(e.getClass("monitorClass").getName())) {
                    enters.add(e);
                }
            }
        }
        return enters;
    }

    private static String topOf(Map<String, Long> lines, Predicate<String> stack) {
        StringBuilder b = new StringBuilder();
        lines.entrySet().stream().filter(e -> stack.test(e.getKey())).sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(e -> b.append(e.getValue()).append("  ").append(e.getKey()).append('\n'));
        return b.toString();
    }

    @Test
    void theHotMethodHasTheHotThreadsRunningSamples() {
        long running = sum(thread("hot").and(s -> !s.endsWith("]")));
        long inHot = sum(thread("hot").and(s -> s.contains(TEST + ".hotSpin") && !s.endsWith("]")));
        assertTrue(running > 0 && inHot >= 0.8 * running, inHot + " of " + running + "\n" + top(thread("hot")));
    }

    @Test
    void eachWaitHasItsStateAtItsFrame() {
        assertTrue(sum(thread("sleeper").and(s -> s.contains(TEST + ".sleepLoop") && s.endsWith("[TIMED_WAITING]"))) > 0, top(thread("sleeper")));
        assertTrue(sum(thread("parker").and(s -> s.contains("java.util.concurrent.locks.LockSupport.parkNanos;jdk.internal.misc.Unsafe.park;[PARKED]"))) > 0,
                top(thread("parker")));
        assertTrue(sum(thread("short-parker").and(s -> s.endsWith("Unsafe.park;[TIMED_WAITING on " + TEST + "$Gate]"))) > 0, top(thread("short-parker")));
        assertTrue(sum(thread("waiter").and(s -> s.contains(TEST + ".waitLoop;java.lang.Object.wait")
                && s.endsWith("[TIMED_WAITING on " + TEST + "$Signal]"))) > 0, top(thread("waiter")));
        // Nothing of those threads counts as running but the moments between their waits.
        long sleeper = sum(thread("sleeper"));
        assertTrue(sum(thread("sleeper").and(s -> !s.endsWith("]"))) <= 0.05 * sleeper, top(thread("sleeper")));
    }

    @Test
    void aThreadInABlockingNativeCallIsIdleInNativeNotRunning() {
        long acceptor = sum(thread("acceptor"));
        assertTrue(acceptor > 0, "JFR's native sampler took the acceptor\n" + top(s -> s.contains("[NATIVE_IDLE]")));
        // All of it but, perhaps, a running sample before the thread first got to accept.
        assertTrue(sum(thread("acceptor").and(s -> s.endsWith("[NATIVE_IDLE]"))) >= acceptor - 2, top(thread("acceptor")));
        int accept = profile.frames().find("sun.nio.ch.Net.accept");
        if (accept < 0) {
            accept = profile.frames().find("java.net.PlainSocketImpl.socketAccept");
        }
        assertTrue(accept >= 0 && profile.frames().kind(accept) == FrameKind.NATIVE, "the native frame is kept, as native");
    }

    /**
     * The sleeper sleeps the whole time: its samples are its sleeps' time in intervals, so no more than
     * the recording's span holds and no fewer than most of the time the workload ran.
     */
    @Test
    void waitSamplesAreTheWaitsTimeInIntervals() {
        long sleeper = sum(thread("sleeper").and(s -> s.endsWith("[TIMED_WAITING]")));
        ProcessInfo p = profile.processes().get(0);
        long spanSamples = TimeUnit.MILLISECONDS.toNanos(p.endMillis - p.startMillis) / INTERVAL;
        assertTrue(sleeper <= spanSamples + 1, sleeper + " samples in a " + spanSamples + "-interval recording");
        assertTrue(sleeper >= 0.5 * workloadNanos / INTERVAL, sleeper + " samples for " + workloadNanos / 1e6 + " ms of sleeping");
    }

    /**
     * A park that began before the recording's first chunk (as when a continuous recording's old chunks
     * were dropped before a dump) counts only from where the file starts: the profile never holds more
     * time for a thread than the file spans. The park starts, then a second recording (a new chunk)
     * starts, and that recording alone is read.
     */
    @Test
    void aWaitThatBeganBeforeTheFileCountsOnlyFromItsStart() throws Exception {
        Path late = dir.resolve("late.jfr");
        try (Recording outer = new Recording()) {
            outer.enable("jdk.ThreadPark").withThreshold(java.time.Duration.ZERO).withStackTrace();
            outer.start();
            // Parked until released once the second recording runs, not for a fixed time that a loaded
            // machine could spend before that recording started.
            java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
            Gate gate = new Gate();
            Thread parker = start("long-parker", () -> {
                while (!released.get()) {
                    java.util.concurrent.locks.LockSupport.parkNanos(gate, 60_000_000_000L);
                }
            });
            while (java.util.concurrent.locks.LockSupport.getBlocker(parker) != gate) {
                Thread.sleep(5);
            }
            // Long enough before the file that counting the park from its start would overrun the file's span.
            Thread.sleep(700);
            try (Recording inner = new Recording()) {
                inner.enable("jdk.ThreadPark").withThreshold(java.time.Duration.ZERO).withStackTrace();
                inner.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(10));
                inner.start();
                Thread.sleep(300);
                released.set(true);
                java.util.concurrent.locks.LockSupport.unpark(parker);
                parker.join();
                Thread.sleep(100);
                inner.stop();
                inner.dump(late);
            }
        }
        Profile p = new JfrProfileReader().read(late);
        ProcessInfo info = p.processes().get(0);
        long spanNanos = TimeUnit.MILLISECONDS.toNanos(info.endMillis - info.startMillis);
        long parked = new CollapsedWriter(true).lines(p).entrySet().stream()
                .filter(e -> e.getKey().startsWith("[thread long-parker]") && e.getKey().endsWith("$Gate]"))
                .mapToLong(Map.Entry::getValue).sum();
        assertTrue(parked > 0, "the park is in the file");
        assertTrue(parked * info.intervalNanos <= spanNanos + info.intervalNanos,
                parked + " samples of " + info.intervalNanos / 1e6 + " ms in a recording of " + spanNanos / 1e6 + " ms");
    }

    /**
     * Parks of 2 ms are each a fifth of an interval: counted one by one they would round to nothing.
     * The reader sums a stack's time first, so the short parker's samples are the sum of its parks'
     * durations (read here from the recording itself) in intervals, rounded.
     */
    @Test
    void eventsShorterThanTheIntervalCountByTheirSum() throws IOException {
        Map<String, Long> nanosByTopFrames = new HashMap<>();
        long longest = 0;
        try (RecordingFile rf = new RecordingFile(recording)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                if (e.getEventType().getName().equals("jdk.ThreadPark") && "short-parker".equals(e.getThread().getJavaName())) {
                    StringBuilder key = new StringBuilder();
                    for (RecordedFrame f : e.getStackTrace().getFrames()) {
                        key.append(f.getMethod().getType().getName()).append('.').append(f.getMethod().getName()).append(';');
                    }
                    nanosByTopFrames.merge(key.toString(), e.getDuration().toNanos(), Long::sum);
                    longest = Math.max(longest, e.getDuration().toNanos());
                }
            }
        }
        long expected = 0;
        for (long nanos : nanosByTopFrames.values()) {
            expected += Math.round((double) nanos / INTERVAL);
        }
        long read = sum(thread("short-parker").and(s -> s.endsWith("[TIMED_WAITING on " + TEST + "$Gate]")));
        assertTrue(expected > 10, expected + " samples expected");
        assertEquals(expected, read, "the longest park took " + longest / 1e6 + " ms\n" + top(thread("short-parker")));
    }

    @Test
    void theProcessIsThisJvmSampledAtTheRecordingsPeriod() {
        assertEquals(1, profile.processes().size());
        ProcessInfo p = profile.processes().get(0);
        assertEquals(Pids.self(), p.pid);
        assertEquals(INTERVAL, p.intervalNanos, "the execution sampler's period in the recording");
        assertEquals(ProcessInfo.ENGINE_JFR_RECORDING, p.engine);
        assertEquals(System.getProperty("java.version"), p.jdk);
        assertTrue(p.vm.startsWith(System.getProperty("java.vm.name")), p.vm);
        assertTrue(p.startMillis > 0 && p.endMillis - p.startMillis >= TimeUnit.NANOSECONDS.toMillis(workloadNanos) / 2,
                p.startMillis + " to " + p.endMillis);
        assertEquals(profile.tree().totalSamples(), p.stats.samples);
        assertTrue(p.stats.asyncEvents > 0);
    }

    @Test
    void withoutAPeriodSettingTheIntervalIsJfrsDefault() throws Exception {
        Path file = dir.resolve("slow.jfr");
        try (Recording r = new Recording()) {
            r.enable("jdk.ThreadSleep").withThreshold(Duration.ZERO);
            r.start();
            Thread.sleep(50);
            r.stop();
            r.dump(file);
        }
        ProcessInfo p = new JfrProfileReader().read(file).processes().get(0);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(20), p.intervalNanos);
    }

    @Test
    void twoRecordingsOneAfterTheOtherReadAsOne() throws IOException {
        Path twice = dir.resolve("twice.jfr");
        byte[] once = Files.readAllBytes(recording);
        byte[] both = new byte[once.length * 2];
        System.arraycopy(once, 0, both, 0, once.length);
        System.arraycopy(once, 0, both, once.length, once.length);
        Files.write(twice, both);
        Profile p = new JfrProfileReader().read(twice);
        // Each stack's time doubles; its rounding may differ by a sample.
        long expected = 2 * profile.tree().totalSamples();
        assertTrue(Math.abs(p.tree().totalSamples() - expected) <= lines.size(), p.tree().totalSamples() + " against " + expected);
    }

    @Test
    void aCallTreeBeyondTheReadersBoundIsRefusedInOneLine() {
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> new JfrProfileReader(50).read(recording));
        assertTrue(e.getMessage().startsWith("JFR recording is too large to read in this heap: its call tree passes 50 nodes"), e.getMessage());
    }
}
