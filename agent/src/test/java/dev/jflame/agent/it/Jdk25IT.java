package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        Path out = Jvm.workDir("jdk25-contention-" + engine).resolve("contention.collapsed");
        Jvm.Result r = Jvm.run(Jvm.command(java25, List.of(Jvm.agent("engine=" + engine + ",file=" + out)), "Contention", "--seconds", "4"),
                Map.of(), 120);
        assertEquals(0, r.exit, r.toString());
        Collapsed c = Collapsed.read(out);
        ContentionIT.assertStates(c);
        assertTrue(c.sum(s -> s.contains("Contention.main;java.lang.Thread.sleep") && s.endsWith("[TIMED_WAITING]")) > 200,
                "a thread caught running just before its sleep must not keep that stale stack\n" + c.top(20));
    }

    /**
     * A virtual thread doing CPU work is in the profile (JFR names the virtual thread, not its
     * carrier): under {@code [virtual threads]} below its carrier, with about the share of the same
     * work in a platform thread (each has a core of the two, give or take the machine's load).
     */
    @Test
    void virtualThreadsDoingCpuWorkAreInTheProfile() throws Exception {
        Path out = Jvm.workDir("jdk25-virtual").resolve("virtual.collapsed");
        Jvm.Result r = Jvm.run(Jvm.command(java25, List.of(Jvm.agent("file=" + out)), "VirtualWork", "--seconds", "5"), Map.of(), 120);
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.stdout.contains("virtual=yes"), r.toString());
        Collapsed c = Collapsed.read(out);
        long virtual = c.sum(s -> s.contains("[virtual threads];") && s.contains("VirtualWork.inVirtualThread") && !s.endsWith("]"));
        long platform = c.sum(s -> s.contains("VirtualWork.inPlatformThread") && !s.endsWith("]"));
        double share = (double) virtual / (virtual + platform);
        assertTrue(share >= 0.3 && share <= 0.7, "virtual " + virtual + " and platform " + platform + " running samples\n" + c.top(8));
    }
}
