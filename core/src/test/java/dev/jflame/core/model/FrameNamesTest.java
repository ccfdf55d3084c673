package dev.jflame.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FrameNamesTest {
    @Test
    void hiddenClassesLoseTheirPerRunSuffixWhoeverWroteIt() {
        // The JVM's Class.getName(), JFR's class name, and JVMTI's class signature (async-profiler).
        for (String cls : new String[] {"a.B$$Lambda$45/0x00007fcea800dd78", "a.B$$Lambda$45+0x00007fcea800dd78", "a.B$$Lambda.0x00007fcea800dd78"}) {
            assertEquals("a.B$$Lambda.run", FrameNames.javaMethod(cls, "run"), cls);
        }
        assertEquals("a.Hidden", FrameNames.stableClassName("a.Hidden.0x0000000800c01000"));
        assertEquals("a.b0x.C", FrameNames.stableClassName("a.b0x.C"));
    }

    @Test
    void threadFrames() {
        assertEquals("[thread main]", FrameNames.thread("main"));
    }
}
