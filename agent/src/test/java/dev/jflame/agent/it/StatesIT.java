package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each sample's state is what the thread was doing, on JDK 17 (one batched capture per tick) and on
 * JDK 25 (handshakes): waits are never drawn as running, idle native calls are idle, and application
 * work on any kind of thread is sampled.
 */
class StatesIT {
    private static final String WAIT_FRAME = "java.lang.Object.wait";

    /** The JDK running the tests, and the Temurin 25 JDK where this machine has it. */
    static List<String> jdks() {
        List<String> javas = new ArrayList<>(List.of(Jvm.java()));
        if (Jvm.java25() != null) {
            javas.add(Jvm.java25());
        }
        return javas;
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void handOffWaitersAreNeverRunningInsideObjectWait(String java) throws Exception {
        Collapsed c = profile(java, "handoff", "HandOff", "--seconds", "5", "--threads", "8");
        long all = c.total();
        // A running sample at Object.wait ends in its frame (wait, or wait0 on JDK 21+) with no state leaf.
        long runningInWait = c.sum(s -> s.endsWith(WAIT_FRAME) || s.endsWith(WAIT_FRAME + "0"));
        assertTrue(runningInWait <= 0.05 * all, runningInWait + " of " + all + " samples running in Object.wait\n" + c.top(12));
        // The re-taking of the monitor is there, as BLOCKED on the token's class, and so is the work.
        // Its share depends on the profiler: with JFR's stacks (JDK 17, 5 s) re-takes were 2.1-2.3 %
        // of the samples with a stack and the work 22 %; engine=java's safepoint per tick slows the
        // hand-off itself, to 19 % re-takes and 9 % work.
        assertAtLeast(c, 0.01, s -> s.contains("awaitTurn;" + WAIT_FRAME) && s.endsWith("[BLOCKED on dev.jflame.testapps.HandOff$Token]"));
        assertAtLeast(c, 0.02, s -> s.contains("dev.jflame.testapps.HandOff.burn") && !s.endsWith("]"));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void idleSocketsAreIdleInNativeWhileBusyNativeCallsRun(String java) throws Exception {
        // Four compressing threads on this machine's two cores: each often waits for a core, and
        // waiting for a core uses no CPU either; that must not read as idle.
        Collapsed c = profile(java, "native-io", "NativeIo", "--seconds", "5", "--deflaters", "4");
        assertShare(c, "NativeIo.acceptForever", s -> s.endsWith("[NATIVE_IDLE]"), 0.90);
        assertShare(c, "NativeIo.readForever", s -> s.endsWith("[NATIVE_IDLE]"), 0.90);
        assertShare(c, "NativeIo.selectForever", s -> s.endsWith("[NATIVE_IDLE]"), 0.90);
        assertShare(c, "NativeIo.deflateForever", s -> !s.endsWith("]"), 0.90);
        assertTrue(c.sum(s -> s.contains("Deflater.deflateBytes") && !s.endsWith("]")) > 0, c.top(10));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void workInTheCommonPoolAndInThreadsStartedFromVirtualThreadsIsSampledLikeMain(String java) throws Exception {
        Path out = Jvm.workDir("async-work").resolve("async.collapsed");
        Jvm.Result r = Jvm.run(Jvm.command(java, List.of(Jvm.agent("file=" + out)), "AsyncWork", "--seconds", "5"), Map.of(), 120);
        assertEquals(0, r.exit, r.toString());
        Collapsed c = Collapsed.read(out);
        List<String> methods = new ArrayList<>(List.of("AsyncWork.onMain", "AsyncWork.inCommonPool"));
        if (r.stdout.contains("virtual=yes")) {
            methods.add("AsyncWork.inPoolFromVirtualThread");
        }
        long[] counts = new long[methods.size()];
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            String m = methods.get(i);
            counts[i] = c.sum(s -> s.contains(m) && !s.endsWith("]"));
            sum += counts[i];
        }
        for (int i = 0; i < counts.length; i++) {
            double share = (double) counts[i] / sum;
            assertTrue(Math.abs(share - 1.0 / counts.length) <= 0.05,
                    methods.get(i) + " has " + counts[i] + " of " + sum + " running samples\n" + c.top(12));
        }
    }

    private static Collapsed profile(String java, String dir, String main, String... args) throws Exception {
        Path out = Jvm.workDir(dir).resolve(dir + ".collapsed");
        Jvm.Result r = Jvm.run(Jvm.command(java, List.of(Jvm.agent("file=" + out)), main, args), Map.of(), 120);
        assertEquals(0, r.exit, r.toString());
        return Collapsed.read(out);
    }

    /** Of the samples under {@code method}, at least {@code min} satisfy {@code what}. */
    private static void assertShare(Collapsed c, String method, Predicate<String> what, double min) {
        long all = c.sum(s -> s.contains(method));
        long hit = c.sum(s -> s.contains(method) && what.test(s));
        assertTrue(all > 0 && hit >= min * all, method + ": " + hit + " of " + all + "\n" + c.top(12));
    }

    /** At least {@code share} of the samples that have a stack (not those between safepoint-budget captures). */
    private static void assertAtLeast(Collapsed c, double share, Predicate<String> what) {
        long hit = c.sum(what);
        long withStack = c.total() - c.sum(s -> s.startsWith("[stack not taken"));
        assertTrue(hit >= share * withStack, hit + " of " + withStack + "\n" + c.top(12));
    }
}
