package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.model.Profile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent on the Temurin 25 JDK, where stacks are taken by per-thread handshakes instead of one
 * safepoint per tick: the same split and the same states must come out.
 */
class Jdk25IT {
    private String java25;

    @BeforeEach
    void needsJdk25() {
        java25 = Jvm.java25();
        Assumptions.assumeTrue(java25 != null, "no JDK 25 at /usr/lib/jvm/temurin-25-jdk-amd64 (or $JFLAME_JDK25): skipped");
    }

    @ParameterizedTest(name = "engine={0}")
    @ValueSource(strings = {"auto", "jfr", "java"})
    void hotspotsSplitHoldsOnJdk25WhileOtherProcessesKeepBothCoresBusy(String engine) throws Exception {
        Path out = Jvm.workDir("jdk25-hotspots-" + engine).resolve("hot.collapsed");
        HotspotsIT.assertSplit(HotspotsIT.runBesideBurners(java25, engine, out));
    }

    @ParameterizedTest(name = "engine={0}")
    @ValueSource(strings = {"auto", "java"})
    void contentionStatesOnJdk25(String engine) throws Exception {
        Path out = Jvm.workDir("jdk25-contention-" + engine).resolve("contention.json");
        // With auto, the threads start once JFR gives the running stacks.
        Jvm.Result r = Jvm.run(Jvm.command(java25, List.of(Jvm.agent("engine=" + engine + ",file=" + out)), "Contention", "--seconds", "4",
                "--wait-for-jfr", Boolean.toString(!"java".equals(engine))), Map.of(), 180);
        assertEquals(0, r.exit, r.toString());
        Profile p = ChildrenIT.readJson(out);
        ContentionIT.assertStates(p);
        // A thread caught running just before its sleep must not keep that stale stack: after its wait
        // for JFR, main sleeps through the run but for a few samples of starting and joining threads.
        Collapsed c = Collapsed.withThreads(p);
        long main = c.sum(s -> s.startsWith("[thread main];") && !s.contains("JfrRunning.await"));
        long sleeping = c.sum(s -> s.startsWith("[thread main];") && s.contains("Contention.main;java.lang.Thread.sleep") && s.endsWith("[TIMED_WAITING]"));
        assertTrue(sleeping >= 0.8 * main, sleeping + " of main's " + main + " samples after its wait for JFR\n" + c.top(20));
    }

    /**
     * A virtual thread doing CPU work is in the profile (JFR names the virtual thread, not its
     * carrier): by its own stack, with about the share of the same work in a platform thread (each has
     * a core of the two, give or take the machine's load); its carrier's samples meanwhile say only
     * {@code [carrying a virtual thread]}.
     */
    @Test
    void virtualThreadsDoingCpuWorkAreInTheProfile() throws Exception {
        Path out = Jvm.workDir("jdk25-virtual").resolve("virtual.collapsed");
        // The threads start once JFR gives the stacks: before, a virtual thread is its carrier's Continuation.run.
        Jvm.Result r = Jvm.run(Jvm.command(java25, List.of(Jvm.agent("file=" + out)), "VirtualWork", "--seconds", "5", "--wait-for-jfr", "true"),
                Map.of(), 180);
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.stdout.contains("virtual=yes"), r.toString());
        Collapsed c = Collapsed.read(out);
        long virtual = c.sum(s -> s.contains("VirtualWork.inVirtualThread") && !s.endsWith("]"));
        // Its carrier's samples say that it carried one, without the virtual thread's stack a second time.
        long carrying = c.sum(s -> s.equals("[carrying a virtual thread]"));
        assertTrue(carrying >= virtual, carrying + " samples of carriers carrying, " + virtual + " of the virtual thread\n" + c.top(8));
        long platform = c.sum(s -> s.contains("VirtualWork.inPlatformThread") && !s.endsWith("]"));
        double share = (double) virtual / (virtual + platform);
        assertTrue(share >= 0.3 && share <= 0.7, "virtual " + virtual + " and platform " + platform + " running samples\n" + c.top(8));
    }
}
